"""The PDF facts as folio read them with pypdf before pikepdf: the oracle the new reading must
equal, field by field (`tests/verify/test_pdf_facts.py`). Kept in the tests only: folio itself
no longer reads a PDF with pypdf.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pypdf
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

from folio.verify.anchors import CALL_DEST
from folio.verify.pdf_drawings import read_drawings
from folio.verify.pdf_facts import PdfFacts
from folio.verify.pdf_groups import text_groups
from folio.verify.pdf_layout import Destinations, LinkAnnot, Places, link_texts, read_layouts
from folio.verify.pdf_structure import read_figures, read_tables
from folio.verify.pdf_tags import read_tag_facts
from folio.verify.pdf_text import read_page_texts


def pypdf_facts(path: Path, *, shown: str | None = None) -> PdfFacts:
    reader = pypdf.PdfReader(path)
    root = reader.root_object
    page_index = {page.indirect_reference.idnum: i for i, page in enumerate(reader.pages)}  # type: ignore[union-attr]
    destinations, anchors = read_destinations(reader, page_index)
    links = tuple(link_annots(reader))
    texts = tuple(read_page_texts(path))
    calls = {name: anchor for name, anchor in anchors.items() if CALL_DEST.match(name)}
    groups = tuple(page_groups(reader))
    layouts = tuple(read_layouts(texts, links, destinations, calls, groups))
    body = tuple(layout.body for layout in layouts)
    figures = tuple(read_figures(anchors, body))
    info = reader.metadata
    return PdfFacts(
        path=shown or str(path),
        labels=tuple(reader.page_labels) if "/PageLabels" in root else None,
        folios=tuple(layout.folio for layout in layouts),
        destinations=destinations,
        links=links,
        link_texts=link_texts(texts, links),
        boxes=tuple((t.left, t.bottom, t.left + t.width, t.bottom + t.height) for t in texts),
        footer_tops=tuple(layout.footer_top for layout in layouts),
        body=body,
        notes={number: area for layout in layouts for number, area in layout.notes.items()},
        calls=calls,
        title=str(info.title) if info is not None and info.title else None,
        language=str(root["/Lang"]) if "/Lang" in root else None,
        fonts=tuple(used_fonts(reader)),
        outline=tuple(bookmarks(list(reader.outline), page_index)),
        tables=tuple(read_tables(anchors, body)),
        figures=figures,
        drawings=read_drawings(path, (figure.page for figure in figures)),
        tags=read_tag_facts(path, marks=tuple(text.marks for text in texts)),
    )


def read_destinations(reader: pypdf.PdfReader, page_index: dict[int, int]) -> tuple[Destinations, Places]:
    """Each named destination's page and top; and its page, left and top."""
    destinations: Destinations = {}
    anchors: Places = {}
    for name, dest in reader.named_destinations.items():
        page = page_index.get(getattr(dest.page, "idnum", -1), -1)
        destinations[str(name)] = (page, float(dest.top or 0))
        anchors[str(name)] = (page, float(dest.left or 0), float(dest.top or 0))
    return destinations, anchors


def link_annots(reader: pypdf.PdfReader) -> Iterator[LinkAnnot]:
    for index, page in enumerate(reader.pages):
        for ref in page.get("/Annots") or ():
            annot = ref.get_object()
            if annot.get("/Subtype") != "/Link":
                continue
            x1, y1, x2, y2 = (float(v) for v in annot["/Rect"])
            rect = (min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2))
            dest = annot.get("/Dest")
            action = annot.get("/A")
            if isinstance(action, DictionaryObject) and "/D" in action and dest is None:
                dest = action["/D"]  # a GoTo action naming its destination
            is_uri = isinstance(action, DictionaryObject) and action.get("/S") == "/URI"
            uri = str(action.get("/URI") or "") or None if isinstance(action, DictionaryObject) else None
            name = (
                str(dest).removeprefix("/")
                if dest is not None and not isinstance(dest, ArrayObject)
                else None
            )
            yield LinkAnnot(index, rect, name, uri, is_uri)


def used_fonts(reader: pypdf.PdfReader) -> Iterator[tuple[str, bool]]:
    seen: set[int] = set()
    for page in reader.pages:
        resources = page.get("/Resources")
        fonts = resources.get_object().get("/Font") if resources is not None else None
        for ref in (fonts.get_object() if fonts is not None else {}).values():
            key = ref.idnum if isinstance(ref, IndirectObject) else id(ref)
            if key in seen:
                continue
            seen.add(key)
            font = ref.get_object()
            yield str(font.get("/BaseFont", "?")).lstrip("/"), font_embedded(font)


def font_embedded(font: DictionaryObject) -> bool:
    if font.get("/Subtype") == "/Type3":
        return True  # drawn by its own glyph procedures
    if font.get("/Subtype") == "/Type0":
        font = font["/DescendantFonts"][0].get_object()  # type: ignore[index]
    descriptor = font.get("/FontDescriptor")
    if descriptor is None:
        return False
    descriptor = descriptor.get_object()
    return any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))


def bookmarks(items: list[object], pages: dict[int, int]) -> Iterator[tuple[str, int | None]]:
    for item in items:
        if isinstance(item, list):
            yield from bookmarks(item, pages)
        elif isinstance(item, pypdf.generic.Destination):
            page = getattr(item.page, "idnum", None)
            yield str(item.title), pages.get(page) if page is not None else None


def page_groups(reader: pypdf.PdfReader) -> Iterator[tuple[int, ...]]:
    for page in reader.pages:
        contents = page.get_contents()
        yield text_groups(contents.get_data() if contents is not None else b"")
