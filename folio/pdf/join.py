"""The parallel route's join: the parts' PDFs -> one PDF, as the single layout would write it.

Takes each part's PDF bytes, pages and bookmarks (`LaidOutPart`) and the `PrintJob`; gives the
`LaidOutEdition` of all the parts, whose `write()` gives the joined PDF bytes, the front (when
laid out: `folio.pdf.front`) written and put first: each part's pages, links (to a destination
in any part) and named destinations kept (the destinations sorted again into one name tree),
printed on both sides a blank page where the single layout leaves one before a chapter, the
outline rebuilt with WeasyPrint's own algorithm over all parts' bookmarks, page labels i, ii,
... for the front and from the job's first page for the rest, and the first part's metadata,
language and page mode, as one render sets them.
"""

from __future__ import annotations

import functools
import io
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

import pypdf
from pypdf.constants import PageLabelStyle
from pypdf.generic import ArrayObject, DictionaryObject, Fit, NameObject, TextStringObject
from weasyprint.anchors import make_page_bookmark_tree
from weasyprint.matrix import Matrix

from folio.errors import Diagnostic
from folio.pdf.boxes import LaidOutPage
from folio.pdf.render import Front, LaidOutEdition, PrintJob, write_pdf

PT_PER_PX = 0.75  # WeasyPrint writes CSS pixels as PDF points at zoom 1


@dataclass(frozen=True, slots=True)
class LaidOutPart:
    pdf: bytes
    pages: tuple[LaidOutPage, ...]
    warnings: tuple[Diagnostic, ...]
    bookmarks: tuple[tuple[float, tuple[Any, ...]], ...]  # per page: height (px), bookmarks


def blank_before(pages_before: int, *, duplex: bool) -> bool:
    """Whether a part that opens a chapter needs a blank page before it: printed on both sides,
    a chapter opens a right-hand page, and after an odd number of pages the next is a left one
    (the single layout leaves it blank too)."""
    return duplex and pages_before % 2 == 1


def joined_edition(parts: list[LaidOutPart], job: PrintJob) -> LaidOutEdition:
    """The parts' pages and warnings as one edition; `write()` joins their PDFs."""
    pages: list[LaidOutPage] = []
    for part in parts:
        if pages and blank_before(len(pages), duplex=job.duplex):
            pages.append(LaidOutPage(str(job.first_page + len(pages)), (), None, ""))
        pages += part.pages
    warnings = tuple(dict.fromkeys(w for part in parts for w in part.warnings))
    return LaidOutEdition(tuple(pages), warnings, functools.partial(join_with_front, parts, job))


def join_with_front(parts: list[LaidOutPart], job: PrintJob, front: Front | None) -> bytes:
    """The joined PDF, the front (when laid out) written here and put first."""
    if front is None:
        return join_parts(parts, job)
    document = front.document.copy(list(front.pages))
    pdf = write_pdf(
        document,
        first_page=1,
        identifier=job.identifier,
        front_pages=len(front.pages),
        elsewhere=job.link_targets,
    )
    bookmarks = tuple((page.height, tuple(page.bookmarks)) for page in front.pages)
    return join_parts(
        [LaidOutPart(pdf, front.laid_out, (), bookmarks), *parts], job, front_pages=len(front.pages)
    )


def join_parts(parts: list[LaidOutPart], job: PrintJob, *, front_pages: int = 0) -> bytes:
    """One PDF of the parts' PDFs, as the single route would write it: the first `front_pages`
    pages (the first part's) labelled i, ii, ..., the rest from the job's first page, with a blank
    page before a part that opens a chapter on what would be a left-hand page."""
    writer = pypdf.PdfWriter()
    first = pypdf.PdfReader(io.BytesIO(parts[0].pdf))
    bookmarks: list[tuple[float, tuple[Any, ...]]] = []
    for part in parts:
        reader = pypdf.PdfReader(io.BytesIO(part.pdf))
        body_pages = len(writer.pages) - front_pages
        if body_pages > 0 and blank_before(body_pages, duplex=job.duplex):
            box = reader.pages[0].mediabox
            writer.add_blank_page(width=box.width, height=box.height)
            bookmarks.append((bookmarks[-1][0], ()))
        append_with_links(writer, reader)
        bookmarks += part.bookmarks
    add_outline(writer, bookmarks)
    sort_destinations(writer)
    if front_pages:
        writer.set_page_label(0, front_pages - 1, style=PageLabelStyle.LOWERCASE_ROMAN, start=1)
    if len(writer.pages) > front_pages:
        writer.set_page_label(
            front_pages, len(writer.pages) - 1, style=PageLabelStyle.DECIMAL, start=job.first_page
        )
    if first.metadata is not None:
        writer.add_metadata(dict(first.metadata))
    for key in ("/Lang", "/PageMode"):
        if key in first.root_object:
            writer.root_object[NameObject(key)] = first.root_object[key]
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def append_with_links(writer: pypdf.PdfWriter, reader: pypdf.PdfReader) -> None:
    """The reader's pages and named destinations appended, and every link of theirs: pypdf drops
    a link to a name it has not met yet (one in a later part), so the links are copied here."""
    start = len(writer.pages)
    writer.append(reader, import_outline=False, excluded_fields=("/Annots", "/B"))
    for index, page in enumerate(reader.pages):
        annots = [ref.get_object() for ref in page.get("/Annots") or ()]
        if annots:
            target = writer.pages[start + index]
            target[NameObject("/Annots")] = ArrayObject(a.clone(writer).indirect_reference for a in annots)


def add_outline(writer: pypdf.PdfWriter, pages: list[tuple[float, tuple[Any, ...]]]) -> None:
    """The bookmarks of all pages as one tree, made by WeasyPrint's own algorithm."""
    root: list[Any] = []
    skipped: list[int] = []
    last_by_depth: list[list[Any]] = [root]
    previous = 0
    for number, (height, bookmarks) in enumerate(pages):
        matrix = Matrix(a=PT_PER_PX, d=-PT_PER_PX, f=height * PT_PER_PX)
        page = SimpleNamespace(bookmarks=list(bookmarks))
        previous = make_page_bookmark_tree(page, skipped, last_by_depth, previous, number, matrix)
    add_items(writer, root, parent=None)


def add_items(writer: pypdf.PdfWriter, items: list[Any], parent: Any) -> None:
    for label, (page, x, y), children, state in items:
        item = writer.add_outline_item(
            title=label, page_number=page, parent=parent, fit=Fit.xyz(x, y, 0), is_open=state != "closed"
        )
        add_items(writer, children, parent=item)


def sort_destinations(writer: pypdf.PdfWriter) -> None:
    """A name tree must be sorted for viewers to find names; appended parts leave it in two runs."""
    names = writer.root_object.get("/Names")
    names = names.get_object() if names is not None else None
    dests = names.get("/Dests") if isinstance(names, DictionaryObject) else None
    dests = dests.get_object() if dests is not None else None
    if not isinstance(dests, DictionaryObject):
        return
    array = dests.get("/Names")
    if not isinstance(array, ArrayObject):
        return
    pairs = sorted(zip(array[::2], array[1::2], strict=True), key=lambda pair: str(pair[0]))
    array.clear()
    for name, destination in pairs:
        array.extend([TextStringObject(str(name)), destination])
