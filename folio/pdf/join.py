"""The parallel route's join: the parts' PDFs -> one PDF, as the single layout would write it.

Takes each part's PDF bytes, pages and bookmarks (`LaidOutPart`) and the `PrintJob`; gives the
`LaidOutEdition` of all the parts, whose `write()` gives the joined PDF bytes: each part's
pages, links and named destinations kept (the destinations sorted again into one name tree),
the outline rebuilt with WeasyPrint's own algorithm over both parts' bookmarks, page labels
from the job's first page, and the first part's metadata, language and page mode, as one
render sets them. pypdf is used through its public API only.
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
from folio.pdf.render import LaidOutEdition, PrintJob

PT_PER_PX = 0.75  # WeasyPrint writes CSS pixels as PDF points at zoom 1


@dataclass(frozen=True, slots=True)
class LaidOutPart:
    pdf: bytes
    pages: tuple[LaidOutPage, ...]
    warnings: tuple[Diagnostic, ...]
    bookmarks: tuple[tuple[float, tuple[Any, ...]], ...]  # per page: height (px), bookmarks
    read: tuple[tuple[str, str], ...] = ()  # the files its layout read, with their SHA-256


def joined_edition(parts: list[LaidOutPart], job: PrintJob) -> LaidOutEdition:
    """The parts' pages and warnings as one edition; `write()` joins their PDFs."""
    pages = tuple(page for part in parts for page in part.pages)
    warnings = tuple(dict.fromkeys(w for part in parts for w in part.warnings))
    return LaidOutEdition(pages, warnings, functools.partial(join_parts, parts, job))


Appended = tuple[pypdf.PdfWriter, list[pypdf.PdfReader]]  # the parts' pages in a writer, and their readers


def join_parts(parts: list[LaidOutPart], job: PrintJob, *, appended: Appended | None = None) -> bytes:
    """One PDF of the parts' PDFs, as the single route would write it; `appended` holds their
    pages already, appended in order while parts were still being laid out (folio.pdf.joiner)."""
    writer, readers = appended or append_parts(parts)
    first = readers[0]
    copy_annotations(writer, readers)
    add_outline(writer, [page for part in parts for page in part.bookmarks])
    sort_destinations(writer)
    writer.set_page_label(0, len(writer.pages) - 1, style=PageLabelStyle.DECIMAL, start=job.first_page)
    if first.metadata is not None:
        writer.add_metadata(dict(first.metadata))
    for key in ("/Lang", "/PageMode"):
        if key in first.root_object:
            writer.root_object[NameObject(key)] = first.root_object[key]
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def append_parts(parts: list[LaidOutPart]) -> Appended:
    writer = pypdf.PdfWriter()
    return writer, [append_part(writer, part) for part in parts]


def append_part(writer: pypdf.PdfWriter, part: LaidOutPart) -> pypdf.PdfReader:
    """The part's pages after those in `writer`, without their links (see `copy_annotations`)."""
    reader = pypdf.PdfReader(io.BytesIO(part.pdf))
    writer.append(reader, import_outline=False, excluded_fields=("/Annots",))
    return reader


def copy_annotations(writer: pypdf.PdfWriter, readers: list[pypdf.PdfReader]) -> None:
    """Each page's links, in their order, once every part's destinations are in the writer:
    pypdf's append keeps a link to a named destination only when the name is already there,
    so a link to a later part (a cross-reference, a note called from the next chapter) was lost.
    WeasyPrint's links name their destination (or hold an address): no page is referred to."""
    pages = iter(writer.pages)
    for reader in readers:
        for source, page in zip(reader.pages, pages, strict=False):
            annotations = source.get("/Annots")
            if annotations:
                page[NameObject("/Annots")] = ArrayObject(
                    ref.get_object().clone(writer).indirect_reference for ref in annotations.get_object()
                )


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
