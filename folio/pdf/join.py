"""The parallel route's join: the parts' PDFs -> one PDF, as the single layout would write it.

Takes each part's PDF bytes (a PDF for each edition of the job, as its worker wrote them), pages
and bookmarks (`LaidOutPart`) and the `PrintJob`; gives the `LaidOutEdition` of all the parts,
whose `write(edition)` gives the joined PDF of that edition's parts, the front (when laid out:
`folio.pdf.front`) written as that edition and put first. The first PDF is the base, so its catalog
stays as one render writes it (language, page mode, viewer preferences, mark information, XMP
metadata, output intents, document information); the other parts' pages are appended with
their links (to a destination in any part), and their named destinations sorted again into one
name tree; the structure tree of a tagged PDF is joined (`folio.pdf.join_structure`); printed
on both sides, a blank page goes where the single layout leaves one before a chapter; the
outline is rebuilt with WeasyPrint's own algorithm over all the parts' bookmarks; the page
labels are i, ii, ... for the front and run from the job's first page for the rest. pikepdf
(qpdf) copies the objects: a page and everything that refers to it (a destination, a structure
element) are copied once, in C++; the fonts every part embeds are embedded once
(`folio.pdf.join_fonts`) and the objects written in object streams, as one render writes them.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Mapping
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

import pikepdf
from weasyprint.anchors import make_page_bookmark_tree
from weasyprint.matrix import Matrix

from folio.errors import Diagnostic
from folio.pdf.boxes import LaidOutPage
from folio.pdf.editions import ACCESSIBLE
from folio.pdf.join_fonts import share_fonts
from folio.pdf.join_structure import append_structure, finish_structure, sorted_names, start_structure
from folio.pdf.render import Front, LaidOutEdition, PrintJob, write_pdf

PT_PER_PX = 0.75  # WeasyPrint writes CSS pixels as PDF points at zoom 1


@dataclass(frozen=True, slots=True)
class LaidOutPart:
    pdfs: Mapping[str, bytes]  # edition -> the part's PDF written as that edition
    pages: tuple[LaidOutPage, ...]
    warnings: tuple[Diagnostic, ...]
    bookmarks: tuple[tuple[float, tuple[Any, ...]], ...]  # per page: height (px), bookmarks
    read: tuple[tuple[str, str], ...] = ()  # the files its layout read, with their SHA-256


BOXES = ("/MediaBox", "/CropBox", "/BleedBox", "/TrimBox", "/ArtBox")


def add_blank_page(joined: pikepdf.Pdf, *, like: pikepdf.Page) -> None:
    """A blank page of the boxes of `like` (the next part's first page), as the single layout
    leaves it: WeasyPrint gives every page its TrimBox and BleedBox too."""
    box = like.mediabox
    joined.add_blank_page(page_size=(float(box[2]) - float(box[0]), float(box[3]) - float(box[1])))
    blank = joined.pages[-1].obj
    for name in BOXES:
        if name in like.obj:
            blank[name] = pikepdf.Array(list(like.obj[name]))


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
    return LaidOutEdition(tuple(pages), warnings, functools.partial(join_with_front, parts, job), joined=True)


def join_with_front(parts: list[LaidOutPart], job: PrintJob, front: Front | None, edition: str) -> bytes:
    """The joined PDF of `edition`, the front (when laid out) written here and put first."""
    if front is None:
        return join_parts(parts, job, edition=edition)
    if edition not in front.pdfs:  # kept: the part store stores the front's PDFs (front.py)
        front.pdfs[edition] = write_pdf(
            front.document.copy(list(front.pages)),
            first_page=1,
            identifier=job.identifier,
            front_pages=len(front.laid_out),
            elsewhere=job.link_targets,
            edition=edition,
        )
    bookmarks = front.bookmarks
    if bookmarks is None:
        bookmarks = tuple((page.height, tuple(page.bookmarks)) for page in front.pages)
    front_part = LaidOutPart({edition: front.pdfs[edition]}, front.laid_out, (), bookmarks)
    return join_parts([front_part, *parts], job, front_pages=len(front.laid_out), edition=edition)


def join_parts(
    parts: list[LaidOutPart], job: PrintJob, *, front_pages: int = 0, edition: str = ACCESSIBLE
) -> bytes:
    """One PDF of the parts' PDFs of `edition`, as the single route would write it: the first
    `front_pages` pages (the first part's) labelled i, ii, ..., the rest from the job's first
    page, with a blank page before a part that opens a chapter on what would be a left-hand
    page. The first part's catalog is the joined PDF's: its XMP and, for the archival edition,
    its output intent (each part draws in its own copy of the same sRGB profile)."""
    joined = pikepdf.open(io.BytesIO(parts[0].pdfs[edition]))
    names = destinations(joined)
    copied = PagesCopied(set(map(first, names)), plain=flat_destinations(joined) is not None)
    bookmarks = list(parts[0].bookmarks)
    structure = start_structure(joined)
    for part in parts[1:]:
        other = pikepdf.open(io.BytesIO(part.pdfs[edition]))
        body_pages = len(joined.pages) - front_pages
        if body_pages > 0 and blank_before(body_pages, duplex=job.duplex):
            add_blank_page(joined, like=other.pages[0])
            bookmarks.append((bookmarks[-1][0], ()))
        first_page = len(joined.pages)
        # The pages first, so that what refers to a page (a destination, a structure element)
        # finds its copy; every named destination is copied below, not only those links lead
        # to, and the outline is made again.
        copy_pages(joined, other, copied)
        names += destinations(other, into=joined)
        append_structure(joined, other, first_page=first_page, so_far=structure)
        bookmarks += part.bookmarks
    finish_structure(joined, structure)
    set_destinations(joined, names)
    set_outline(joined, bookmarks)
    joined.Root.PageLabels = page_labels(front_pages, len(joined.pages), first_page=job.first_page)
    share_fonts(joined)
    output = io.BytesIO()
    # The first /ID string stays the first part's (the publication's identifier, as WeasyPrint
    # writes it); the second is a hash of the content, so that the same parts give the same bytes.
    # Object streams, as WeasyPrint writes them (PDF 1.5 and later): the parts' dictionaries
    # (structure elements, links) written out one by one would double the file.
    streams = (
        pikepdf.ObjectStreamMode.generate
        if joined.pdf_version >= "1.5"
        else pikepdf.ObjectStreamMode.preserve
    )
    joined.save(output, deterministic_id=True, object_stream_mode=streams)
    return output.getvalue()


@dataclass(slots=True)
class PagesCopied:
    """The names of the destinations of the parts copied so far, and whether every part so far
    was copied page by page (`copy_pages`)."""

    names: set[str]
    plain: bool


def copy_pages(joined: pikepdf.Pdf, other: pikepdf.Pdf, copied: PagesCopied) -> None:
    """`other`'s pages appended to `joined`'s, as `Pdf.add_pages_from` appends them (which then
    carries the named destinations the pages' links lead to into `joined`'s name tree, renaming
    any that `joined` has already: 40 % of the join, in Python, for a name tree that
    `set_destinations` makes again). Page by page, when that carrying would leave nothing in the
    written file: no form, no layers, no legacy `/Dests`, every name tree flat (WeasyPrint
    writes one array) and no name of `other` already taken; else, and from then on,
    `add_pages_from` (without the outline, which `set_outline` makes)."""
    mine = flat_destinations(other)
    if copied.plain and mine is not None and copies_plainly(joined, other, mine, copied.names):
        for page in other.pages:
            joined.pages.append(page)
    else:
        copied.plain = False
        joined.add_pages_from(other, outlines="ignore")
    copied.names.update(mine or ())


def copies_plainly(joined: pikepdf.Pdf, other: pikepdf.Pdf, names: list[str], taken: set[str]) -> bool:
    """Whether `add_pages_from` would add to `joined` only what the join makes again: the
    destinations it carries into a name tree that `set_destinations` replaces (`joined` has a
    `/Names`, or `other` no destination), none renamed (no name of `other` is taken)."""
    carried_apart = any(key in other.Root for key in ("/AcroForm", "/OCProperties", "/Dests"))
    return not carried_apart and ("/Names" in joined.Root or not names) and taken.isdisjoint(names)


def flat_destinations(pdf: pikepdf.Pdf) -> list[str] | None:
    """The names of `pdf`'s named destinations, when its name tree is one flat array (or it
    has none); None for a tree of kids."""
    names = pdf.Root.get("/Names")
    dests = names.get("/Dests") if names is not None else None
    if dests is None:
        return []
    if "/Kids" in dests:
        return None
    array = dests.get("/Names", ())
    return [str(array[i]) for i in range(0, len(array), 2)]


def first(pair: tuple[str, Any]) -> str:
    return pair[0]


def page_labels(front_pages: int, pages: int, *, first_page: int) -> pikepdf.Dictionary:
    """i, ii, ... for the front's pages, then decimal from `first_page`."""
    nums: list[Any] = []
    if front_pages:
        nums += [0, pikepdf.Dictionary(S=pikepdf.Name.r, St=1)]
    if pages > front_pages:
        nums += [front_pages, pikepdf.Dictionary(S=pikepdf.Name.D, St=first_page)]
    return pikepdf.Dictionary(Nums=pikepdf.Array(nums))


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
    array = sorted_names(names)
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
