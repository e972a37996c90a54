"""The parallel route's join: the parts' PDFs -> one PDF, as the single layout would write it.

Takes each part's PDF bytes, pages and bookmarks (`LaidOutPart`) and the `PrintJob`; gives the
`LaidOutEdition` of all the parts, whose `write()` gives the joined PDF bytes. The first part's
PDF is the base, so its catalog stays as one render writes it (language, page mode, viewer
preferences, mark information, XMP metadata, output intents, document information); the
other parts' pages are appended with their links, and their named destinations sorted again
into one name tree; the structure tree of a tagged PDF is joined (`folio.pdf.join_structure`);
the outline is rebuilt with WeasyPrint's own algorithm over all the parts' bookmarks, the page
labels run from the job's first page. pikepdf (qpdf) copies the objects: a page and everything
that refers to it (a destination, a structure element) are copied once, in C++.
"""

from __future__ import annotations

import functools
import io
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

import pikepdf
from weasyprint.anchors import make_page_bookmark_tree
from weasyprint.matrix import Matrix

from folio.errors import Diagnostic
from folio.pdf.boxes import LaidOutPage
from folio.pdf.join_structure import append_structure
from folio.pdf.render import LaidOutEdition, PrintJob

PT_PER_PX = 0.75  # WeasyPrint writes CSS pixels as PDF points at zoom 1


@dataclass(frozen=True, slots=True)
class LaidOutPart:
    pdf: bytes
    pages: tuple[LaidOutPage, ...]
    warnings: tuple[Diagnostic, ...]
    bookmarks: tuple[tuple[float, tuple[Any, ...]], ...]  # per page: height (px), bookmarks


def joined_edition(parts: list[LaidOutPart], job: PrintJob) -> LaidOutEdition:
    """The parts' pages and warnings as one edition; `write()` joins their PDFs."""
    pages = tuple(page for part in parts for page in part.pages)
    warnings = tuple(dict.fromkeys(w for part in parts for w in part.warnings))
    return LaidOutEdition(pages, warnings, functools.partial(join_parts, parts, job))


def join_parts(parts: list[LaidOutPart], job: PrintJob) -> bytes:
    """One PDF of the parts' PDFs, as the single route would write it."""
    joined = pikepdf.open(io.BytesIO(parts[0].pdf))
    names = destinations(joined)
    for part in parts[1:]:
        other = pikepdf.open(io.BytesIO(part.pdf))
        first_page = len(joined.pages)
        # The pages first, so that what refers to a page (a destination, a structure element)
        # finds its copy; every named destination is copied below, not only those links lead
        # to, and the outline is made again.
        joined.add_pages_from(other, outlines="ignore")
        names += destinations(other, into=joined)
        append_structure(joined, other, first_page=first_page)
    set_destinations(joined, names)
    set_outline(joined, [page for part in parts for page in part.bookmarks])
    joined.Root.PageLabels = pikepdf.Dictionary(
        Nums=pikepdf.Array([0, pikepdf.Dictionary(S=pikepdf.Name.D, St=job.first_page)])
    )
    output = io.BytesIO()
    # The first /ID string stays the first part's (the publication's identifier, as WeasyPrint
    # writes it); the second is a hash of the content, so that the same parts give the same bytes.
    joined.save(output, deterministic_id=True)
    return output.getvalue()


def destinations(pdf: pikepdf.Pdf, *, into: pikepdf.Pdf | None = None) -> list[tuple[str, Any]]:
    """The named destinations of `pdf` (WeasyPrint writes one flat, sorted array), copied `into`."""
    names = pdf.Root.get("/Names")
    dests = names.get("/Dests") if names is not None else None
    array = dests.get("/Names") if dests is not None else None
    if array is None:
        return []
    if into is not None:
        array = into.copy_foreign(pdf.make_indirect(array))
    return [(str(array[i]), array[i + 1]) for i in range(0, len(array), 2)]


def set_destinations(pdf: pikepdf.Pdf, names: list[tuple[str, Any]]) -> None:
    """A name tree must be sorted for viewers to find names; the parts' come in runs."""
    if not names:
        return
    array = pikepdf.Array()
    for name, destination in sorted(names, key=lambda pair: pair[0]):
        array.extend([pikepdf.String(name), destination])
    if "/Names" not in pdf.Root:
        pdf.Root.Names = pikepdf.Dictionary()
    pdf.Root.Names.Dests = pikepdf.Dictionary(Names=array)


def set_outline(pdf: pikepdf.Pdf, pages: list[tuple[float, tuple[Any, ...]]]) -> None:
    """The bookmarks of all pages as one tree, made by WeasyPrint's own algorithm."""
    root: list[Any] = []
    skipped: list[int] = []
    last_by_depth: list[list[Any]] = [root]
    previous = 0
    for number, (height, bookmarks) in enumerate(pages):
        matrix = Matrix(a=PT_PER_PX, d=-PT_PER_PX, f=height * PT_PER_PX)
        page = SimpleNamespace(bookmarks=list(bookmarks))
        previous = make_page_bookmark_tree(page, skipped, last_by_depth, previous, number, matrix)
    with pdf.open_outline() as outline:
        outline.root.clear()
        outline.root.extend(outline_items(root))


def outline_items(items: list[Any]) -> list[pikepdf.OutlineItem]:
    made = []
    for label, (page, x, y), children, state in items:
        item = pikepdf.OutlineItem(label, page, "XYZ", left=x, top=y, zoom=0)
        item.is_closed = state == "closed"
        item.children.extend(outline_items(children))
        made.append(item)
    return made
