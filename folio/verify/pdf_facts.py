"""A PDF file -> `PdfFacts`: everything the PDF checks look at, read once.

pikepdf (qpdf) opens the file once and reads the page labels (`pdf_labels`), the named
destinations and the outline (`pdf_names`), the link annotations, metadata, fonts, the content
streams' drawing groups (`pdf_groups`) and the tags (`pdf_tags`); `folio.verify.pdf_text`
(PDFium) what is printed where, which `pdf_layout` sorts into each page's folio, footer, body
and notes. A file qpdf cannot read is a `ValueError` that says so.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pikepdf

from folio.forked import Forked
from folio.verify.anchors import CALL_DEST
from folio.verify.expectation import Expectation
from folio.verify.page_memo import PageMemo, read_remembered_pages
from folio.verify.pdf_drawings import Drawing, read_drawings
from folio.verify.pdf_groups import page_groups
from folio.verify.pdf_labels import page_labels
from folio.verify.pdf_layout import Destinations, LinkAnnot, NoteArea, Places, link_texts, read_layouts
from folio.verify.pdf_names import Target, named_destinations, outline_items
from folio.verify.pdf_structure import PdfFigure, PdfTable, read_figures, read_tables
from folio.verify.pdf_tags import TagFacts, Walked, tag_facts, walk_file
from folio.verify.pdf_text import TextRun, read_page_texts
from folio.verify.pdf_values import object_number, text_of

MAX_DEPTH = 200  # deeper than any page tree: a loop in the /Parent links, not depth
WALK_TIMEOUT = 120  # seconds for the copy's walk (1 s at 3,000 notes): then walked here


@dataclass(frozen=True, slots=True)
class PdfFacts:
    path: str
    labels: tuple[str, ...] | None  # from /PageLabels; None when the PDF has none
    folios: tuple[str | None, ...]  # printed in each page's footer band
    destinations: Destinations = field(default_factory=dict)
    links: tuple[LinkAnnot, ...] = ()
    link_texts: tuple[str, ...] = ()  # the text drawn on each link, in the order of `links`
    boxes: tuple[tuple[float, float, float, float], ...] = ()  # each trimmed page: left, bottom, right, top
    footer_tops: tuple[float | None, ...] = ()  # top of each page's footer line
    body: tuple[tuple[TextRun, ...], ...] = ()  # each page's body text, note calls left out
    notes: dict[int, NoteArea] = field(default_factory=dict)
    calls: Places = field(default_factory=dict)  # fnref-* -> page, x, y
    title: str | None = None
    language: str | None = None
    fonts: tuple[tuple[str, bool], ...] = ()  # every font used: name, embedded
    outline: tuple[tuple[str, int | None], ...] = ()  # bookmark title, page index (None: broken)
    tables: tuple[PdfTable, ...] = ()  # as printed, cell by cell
    figures: tuple[PdfFigure, ...] = ()
    drawings: dict[int, tuple[Drawing, ...]] = field(default_factory=dict)  # of the pages with a figure
    tags: TagFacts | None = None  # the structure tree and marked content (pikepdf)

    def label(self, page: int) -> str:
        if self.labels is not None and 0 <= page < len(self.labels):
            return self.labels[page]
        return str(page + 1)


def read_pdf_facts(
    path: Path, *, shown: str | None = None, memo: PageMemo | None = None, walk_apart: bool = False
) -> PdfFacts:
    """`memo`: the pages PDFium read in an earlier build, found by their bytes (`page_memo`);
    `walk_apart`: the structure tree walked by a forked copy of this process, on another core,
    while this one reads the rest (a build's: the copy's fork costs more than a small file's
    walk; here, when the copy gives nothing, whatever the reason)."""
    walking = Forked(functools.partial(walk_file, path)) if walk_apart else None
    try:
        return facts_of(path, shown=shown, memo=memo, walking=walking)
    finally:
        if walking is not None:
            walking.abandon()  # when the facts could not be read: the copy goes too


def facts_of(
    path: Path, *, shown: str | None, memo: PageMemo | None, walking: Forked[Walked] | None
) -> PdfFacts:
    texts = tuple(read_page_texts(path)) if memo is None else ()
    with opened(path) as pdf:
        if memo is None:
            groups = tuple(page_groups(pdf))
        else:
            readings = read_remembered_pages(path, memo, pdf=pdf)
            texts, groups = tuple(r.text for r in readings), tuple(r.groups for r in readings)
        pages = {int(page.obj.objgen[0]): index for index, page in enumerate(pdf.pages)}
        first_page = next(iter(pages), None)
        named = named_destinations(pdf, first_page)
        destinations, anchors = read_destinations(named, pages)
        links = tuple(link_annots(pdf))
        calls = {name: anchor for name, anchor in anchors.items() if CALL_DEST.match(name)}
        layouts = tuple(read_layouts(texts, links, destinations, calls, groups))
        body = tuple(layout.body for layout in layouts)
        figures = tuple(read_figures(anchors, body))
        outline = tuple(
            (title, pages.get(page) if page is not None else None)
            for title, page in outline_items(pdf, named, first_page)
        )
        return PdfFacts(
            path=shown or str(path),
            labels=page_labels(pdf, len(pdf.pages)),
            folios=tuple(layout.folio for layout in layouts),
            destinations=destinations,
            links=links,
            link_texts=link_texts(texts, links),
            boxes=tuple((t.left, t.bottom, t.left + t.width, t.bottom + t.height) for t in texts),
            footer_tops=tuple(layout.footer_top for layout in layouts),
            body=body,
            notes={number: area for layout in layouts for number, area in layout.notes.items()},
            calls=calls,
            title=document_title(pdf),
            language=text_of(pdf.Root.Lang) if "/Lang" in pdf.Root else None,
            fonts=tuple(used_fonts(pdf)),
            outline=outline,
            tables=tuple(read_tables(anchors, body)),
            figures=figures,
            drawings=read_drawings(path, (figure.page for figure in figures)),
            tags=tag_facts(pdf, tuple(text.marks for text in texts), walked=walked(walking)),
        )


def walked(walking: Forked[Walked] | None) -> Walked | None:
    """The copy's walk; None (walked here) when there is no copy or it gave none in time."""
    return walking.forked_result(timeout=WALK_TIMEOUT) if walking is not None else None


@contextmanager
def opened(path: Path) -> Iterator[pikepdf.Pdf]:
    """The PDF, open while the facts are read; qpdf's failure to read it, a `ValueError`."""
    try:
        with pikepdf.open(path) as pdf:
            yield pdf
    except pikepdf.PdfError as error:
        raise ValueError(f"qpdf cannot read it: {error}") from error


def read_destinations(named: dict[str, Target], pages: dict[int, int]) -> tuple[Destinations, Places]:
    """Each named destination's page and top; and its page, left and top (page -1: none)."""
    destinations: Destinations = {}
    anchors: Places = {}
    for name, target in named.items():
        page = pages.get(target.page, -1) if target.page is not None else -1
        destinations[name] = (page, target.top)
        anchors[name] = (page, target.left, target.top)
    return destinations, anchors


def link_annots(pdf: pikepdf.Pdf) -> Iterator[LinkAnnot]:
    for index, page in enumerate(pdf.pages):
        annots = page.obj.get("/Annots")
        for annot in annots if isinstance(annots, pikepdf.Array) else ():
            if not isinstance(annot, pikepdf.Dictionary) or annot.get("/Subtype") != "/Link":
                continue
            x1, y1, x2, y2 = (float(v) for v in annot["/Rect"])
            rect = (min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2))
            dest: Any = annot.get("/Dest")
            action: Any = annot.get("/A")
            is_action = isinstance(action, pikepdf.Dictionary)
            if is_action and "/D" in action and dest is None:
                dest = action.D  # a GoTo action naming its destination
            is_uri = is_action and action.get("/S") == "/URI"
            uri = (text_of(action.URI) if "/URI" in action else "") or None if is_action else None
            named = isinstance(dest, pikepdf.String | pikepdf.Name)
            yield LinkAnnot(index, rect, text_of(dest).removeprefix("/") if named else None, uri, is_uri)


def used_fonts(pdf: pikepdf.Pdf) -> Iterator[tuple[str, bool]]:
    """Every font of the pages' resources (their own, else inherited), once each: page by page,
    a page's by resource name (a dictionary has no order; qpdf gives its keys sorted)."""
    seen: set[object] = set()
    for page in pdf.pages:
        holder, resources = page_resources(page.obj)
        fonts = resources.get("/Font") if isinstance(resources, pikepdf.Dictionary) else None
        if not isinstance(fonts, pikepdf.Dictionary):
            continue
        place = object_number(fonts) or object_number(resources) or object_number(holder)
        for name, font in fonts.items():
            key = object_number(font) or (place, name)  # a direct font: the one of its dictionary
            if key in seen or not isinstance(font, pikepdf.Dictionary):
                continue
            seen.add(key)
            yield text_of(font.get("/BaseFont", pikepdf.Name("/?"))).lstrip("/"), font_embedded(font)


def page_resources(page: Any) -> tuple[Any, Any]:
    """The page's /Resources, or those of the nearest node above it that has them; and that node."""
    node = page
    for _ in range(MAX_DEPTH):
        if not isinstance(node, pikepdf.Dictionary):
            break
        if "/Resources" in node:
            return node, node.Resources
        node = node.get("/Parent")
    return page, None


def font_embedded(font: Any) -> bool:
    if font.get("/Subtype") == "/Type3":
        return True  # drawn by its own glyph procedures
    if font.get("/Subtype") == "/Type0":
        font = font.DescendantFonts[0]
    descriptor = font.get("/FontDescriptor")
    if descriptor is None:
        return False
    return any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))


def document_title(pdf: pikepdf.Pdf) -> str | None:
    """The document information's /Title; a trailer's /Info that is no dictionary, a `ValueError`."""
    info = pdf.trailer.get("/Info")
    if info is None:
        return None
    if not isinstance(info, pikepdf.Dictionary):
        raise ValueError("the trailer's /Info is no document information dictionary")
    title = info.get("/Title")
    return (text_of(title) or None) if title is not None else None


def expect_from_pdf(facts: PdfFacts) -> Expectation:
    """What a PDF from elsewhere must hold: its own first folio and first note as the start."""
    labels = facts.labels or tuple(f or "" for f in facts.folios)
    front = next((i for i, label in enumerate(labels) if not re.fullmatch(r"[ivxlcdm]+", label)), len(labels))
    first = labels[front] if front < len(labels) else ""
    return Expectation(
        first_page=int(first) if first.isdigit() else 1,
        first_note=min(facts.notes, default=1),
        front_pages=front,
        duplex=True,  # it may be: a left-hand page left blank before a chapter is no finding
    )
