"""The NCX (EPUB 2's navigation, for reading systems that read nothing else), written by
ebooklib's writer and then made ours: its navMap from the contents entries (ebooklib nests with
colliding ids and a depth of 0), the pageList of the print edition's pages, one navList per
list of tables or figures (ebooklib writes neither), and on every navPoint, pageTarget and
navTarget a `playOrder`: 1, 2, ... in the reading order of what it leads to, the same number for
the same target, as the NCX asks. The same writer puts on <package> the `xml:lang` ebooklib
leaves out.
"""

from __future__ import annotations

from collections.abc import Iterable

from ebooklib import epub
from lxml import etree

from folio.epub.navigation import NavList, TocEntry

NCX_NS = "http://www.daisy.org/z3986/2005/ncx/"
NS = f"{{{NCX_NS}}}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
PAGE_LIST_LABEL = "Print page numbers"  # as the navigation document names its page-list


class PackageWriter(epub.EpubWriter):  # type: ignore[misc]
    """ebooklib's writer, with the `xml:lang` on <package> that it leaves out, and our NCX."""

    def __init__(
        self,
        name: object,
        book: object,
        options: dict[str, object],
        *,
        language: str,
        toc: tuple[TocEntry, ...],
        pages: list[TocEntry],
        lists: tuple[NavList, ...],
    ) -> None:
        super().__init__(name, book, options)
        self.language = language
        self.toc = toc
        self.pages = pages
        self.lists = lists

    def _write_opf_file(self, root: etree._Element) -> None:
        root.set(XML_LANG, self.language)
        super()._write_opf_file(root)

    def _get_ncx(self) -> bytes:
        root = etree.fromstring(super()._get_ncx(), etree.XMLParser(remove_blank_text=True))
        replace_ncx_nav_map(root, self.toc)
        if self.pages:
            add_ncx_page_list(root, self.pages)
        add_ncx_nav_lists(root, self.lists)
        set_play_order(root, reading_order((item.file_name, item.content) for item in self.book.spine))
        return bytes(etree.tostring(root, pretty_print=True, encoding="utf-8", xml_declaration=True))


def add_label(parent: etree._Element, text: str) -> None:
    etree.SubElement(etree.SubElement(parent, f"{NS}navLabel"), f"{NS}text").text = text


def replace_ncx_nav_map(ncx: etree._Element, toc: tuple[TocEntry, ...]) -> None:
    old = ncx.find(f"{NS}navMap")
    assert old is not None
    nav_map = etree.Element(f"{NS}navMap")
    old.getparent().replace(old, nav_map)
    count = 0

    def add(parent: etree._Element, entries: tuple[TocEntry, ...], depth: int) -> int:
        nonlocal count
        deepest = depth if entries else depth - 1
        for entry in entries:
            count += 1
            point = etree.SubElement(parent, f"{NS}navPoint", {"id": f"toc-{count}"})
            add_label(point, entry.title)
            etree.SubElement(point, f"{NS}content", {"src": entry.href})
            deepest = max(deepest, add(point, entry.children, depth + 1))
        return deepest

    depth = ncx.find(f"{NS}head/{NS}meta[@name='dtb:depth']")
    assert depth is not None
    depth.set("content", str(add(nav_map, toc, 1)))


def add_ncx_page_list(ncx: etree._Element, pages: list[TocEntry]) -> None:
    numbers = [int(p.title) for p in pages if p.title.isdigit()]
    for name, value in (("dtb:totalPageCount", len(pages)), ("dtb:maxPageNumber", max(numbers, default=0))):
        meta = ncx.find(f"{NS}head/{NS}meta[@name='{name}']")
        assert meta is not None  # ebooklib writes both, as 0
        meta.set("content", str(value))
    page_list = etree.SubElement(ncx, f"{NS}pageList")
    add_label(page_list, PAGE_LIST_LABEL)
    for page in pages:
        attributes = {"id": f"ncx-{page.href.partition('#')[2]}", "type": "normal"}
        if page.title.isdigit():
            attributes["value"] = page.title  # NCX wants a number here; other labels go without
        target = etree.SubElement(page_list, f"{NS}pageTarget", attributes)
        add_label(target, page.title)
        etree.SubElement(target, f"{NS}content", {"src": page.href})


def add_ncx_nav_lists(ncx: etree._Element, lists: tuple[NavList, ...]) -> None:
    """A navList per list of the navigation document, after the pageList (where the NCX puts
    them), its class the nav's epub:type ("lot", "loi"), its entries the nav's, in order."""
    for listed in lists:
        nav_list = etree.SubElement(ncx, f"{NS}navList", {"id": f"ncx-{listed.type}", "class": listed.type})
        add_label(nav_list, listed.title)
        for index, entry in enumerate(listed.entries, start=1):
            target = etree.SubElement(nav_list, f"{NS}navTarget", {"id": f"ncx-{listed.type}-{index}"})
            add_label(target, entry.title)
            etree.SubElement(target, f"{NS}content", {"src": entry.href})


def reading_order(documents: Iterable[tuple[str, bytes]]) -> dict[str, int]:
    """Each place of the spine's documents, in reading order -> its rank: "doc.xhtml" for a
    document's start, "doc.xhtml#id" for each element with an id."""
    order: dict[str, int] = {}
    for name, content in documents:
        order[name] = len(order)
        for element in etree.fromstring(content).iter():
            identifier = element.get("id") if isinstance(element.tag, str) else None
            if identifier:
                order.setdefault(f"{name}#{identifier}", len(order))
    return order


def set_play_order(ncx: etree._Element, order: dict[str, int]) -> None:
    """Each navPoint, pageTarget and navTarget numbered by where its target is in `order`, from 1
    without a gap; two that lead to the same place get the same number."""
    points = [(point, point.find(f"{NS}content")) for point in ncx.iter(*TARGETS)]
    sources = [content.get("src", "") if content is not None else "" for _, content in points]
    unknown = sorted(set(sources) - set(order))
    if unknown:
        raise ValueError(f"the NCX leads to {', '.join(unknown)}, which no document of the spine holds")
    ranks = {src: rank for rank, src in enumerate(sorted(set(sources), key=order.__getitem__), start=1)}
    for (point, _), src in zip(points, sources, strict=True):
        point.set("playOrder", str(ranks[src]))


TARGETS = (f"{NS}navPoint", f"{NS}pageTarget", f"{NS}navTarget")
