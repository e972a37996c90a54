"""The EPUB's navigation: the contents tree, the lists of tables and figures, and the NCX (navMap
and pageList) for EPUB 2 reading systems, written by ebooklib's writer with our corrections."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from ebooklib import epub
from lxml import etree

from folio.lists import front_lists
from folio.model import (
    Publication,
    Section,
    contents_entries,
    plain_text,
)

NCX_NS = "http://www.daisy.org/z3986/2005/ncx/"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@dataclass(frozen=True, slots=True)
class TocEntry:
    title: str
    href: str
    children: tuple[TocEntry, ...] = ()


def section_file(section: Section) -> str:
    """A section's document in the package: "s-3-2-russia.xhtml"."""
    return f"{section.id}.xhtml"


def toc_entries(publication: Publication) -> tuple[TocEntry, ...]:
    """Every heading the contents lists (the print edition's contents, at every level), nested by
    level, as the PDF's bookmarks list them. A section's opening heading links to its document's
    start (where the page marker of a page opening there is)."""
    flat = [
        (
            entry.level,
            TocEntry(
                plain_text(entry.inlines),
                section_file(entry.section) + ("" if entry.opens else f"#{entry.id}"),
            ),
        )
        for entry in contents_entries(publication)
    ]
    return nest(flat)


@dataclass(frozen=True, slots=True)
class NavList:
    """A list of tables or figures, as a nav of EPUB 3's type `lot` or `loi`."""

    part: str  # the print edition's id of the list: "list-of-tables"
    type: str  # "lot", "loi": its epub:type, and its id in the navigation document
    title: str
    entries: tuple[TocEntry, ...]


def list_navs(publication: Publication) -> tuple[NavList, ...]:
    """The lists the print edition prints after the contents, each entry a link to its table's
    caption or its figure, in the document of its section."""
    return tuple(
        NavList(
            listed.id,
            listed.nav_type,
            listed.title,
            tuple(TocEntry(e.text, f"{section_file(e.section)}#{e.target}") for e in listed.entries),
        )
        for listed in front_lists(publication)
    )


def nest(flat: list[tuple[int, TocEntry]]) -> tuple[TocEntry, ...]:
    """(level, entry) in reading order -> entries, each deeper one under the one before it."""
    entries = []
    start = 0
    while start < len(flat):
        level, entry = flat[start]
        end = start + 1
        while end < len(flat) and flat[end][0] > level:
            end += 1
        entries.append(dataclasses.replace(entry, children=nest(flat[start + 1 : end])))
        start = end
    return tuple(entries)


class PackageWriter(epub.EpubWriter):  # type: ignore[misc]
    """ebooklib's writer, with the `xml:lang` on <package> that it leaves out, and our own NCX
    navMap (ebooklib nests with colliding ids and a depth of 0) and pageList, for reading systems
    that only read EPUB 2's NCX."""

    def __init__(
        self,
        name: object,
        book: object,
        options: dict[str, object],
        *,
        language: str,
        toc: tuple[TocEntry, ...],
        pages: list[TocEntry],
    ) -> None:
        super().__init__(name, book, options)
        self.language = language
        self.toc = toc
        self.pages = pages

    def _write_opf_file(self, root: etree._Element) -> None:
        root.set(XML_LANG, self.language)
        super()._write_opf_file(root)

    def _get_ncx(self) -> bytes:
        root = etree.fromstring(super()._get_ncx(), etree.XMLParser(remove_blank_text=True))
        replace_ncx_nav_map(root, self.toc)
        if self.pages:
            add_ncx_page_list(root, self.pages)
        return bytes(etree.tostring(root, pretty_print=True, encoding="utf-8", xml_declaration=True))


def replace_ncx_nav_map(ncx: etree._Element, toc: tuple[TocEntry, ...]) -> None:
    ns = f"{{{NCX_NS}}}"
    old = ncx.find(f"{ns}navMap")
    assert old is not None
    nav_map = etree.Element(f"{ns}navMap")
    old.getparent().replace(old, nav_map)
    count = 0

    def add(parent: etree._Element, entries: tuple[TocEntry, ...], depth: int) -> int:
        nonlocal count
        deepest = depth if entries else depth - 1
        for entry in entries:
            count += 1
            point = etree.SubElement(parent, f"{ns}navPoint", {"id": f"toc-{count}"})
            etree.SubElement(etree.SubElement(point, f"{ns}navLabel"), f"{ns}text").text = entry.title
            etree.SubElement(point, f"{ns}content", {"src": entry.href})
            deepest = max(deepest, add(point, entry.children, depth + 1))
        return deepest

    depth = ncx.find(f"{ns}head/{ns}meta[@name='dtb:depth']")
    assert depth is not None
    depth.set("content", str(add(nav_map, toc, 1)))


def add_ncx_page_list(ncx: etree._Element, pages: list[TocEntry]) -> None:
    ns = f"{{{NCX_NS}}}"
    numbers = [int(p.title) for p in pages if p.title.isdigit()]
    for name, value in (("dtb:totalPageCount", len(pages)), ("dtb:maxPageNumber", max(numbers, default=0))):
        meta = ncx.find(f"{ns}head/{ns}meta[@name='{name}']")
        assert meta is not None  # ebooklib writes both, as 0
        meta.set("content", str(value))
    page_list = etree.SubElement(ncx, f"{ns}pageList")
    label = etree.SubElement(etree.SubElement(page_list, f"{ns}navLabel"), f"{ns}text")
    label.text = "Print page numbers"
    for page in pages:
        attributes = {"id": f"ncx-{page.href.partition('#')[2]}", "type": "normal"}
        if page.title.isdigit():
            attributes["value"] = page.title  # NCX wants a number here; other labels go without
        target = etree.SubElement(page_list, f"{ns}pageTarget", attributes)
        etree.SubElement(etree.SubElement(target, f"{ns}navLabel"), f"{ns}text").text = page.title
        etree.SubElement(target, f"{ns}content", {"src": page.href})
