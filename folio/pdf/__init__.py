"""The PDF stage: print HTML -> laid-out pages -> PDF bytes; the only package that imports WeasyPrint.

Takes the publication, a function that renders the print HTML of it or of any part of it
and a `PrintJob` (stylesheet, first folio, identifier, fetcher); gives a `LaidOutEdition`:
the `LaidOutPage` of every page (the page map's input), WeasyPrint's warnings and a `write()`
that makes the PDF bytes, the same whichever route was taken.

  patches/   every correction of WeasyPrint 70, put in place by `patches.apply()` when the
             stage starts (never at import)
  render.py  one layout, its log captured; the PDF bytes (tagged, PDF/UA-1) with page labels
  editions.py  what each edition is (accessible, print-shop, archival): WeasyPrint's variant
             and what folio adds to it (the archival edition's XMP; the print-shop edition's
             FOGRA39 intent, from profiles/, and its colours in sRGB)
  boxes.py   what the laid-out boxes say: pages, anchors, first lines, notes cut at the foot
  fetcher.py what WeasyPrint may fetch: the project's own files only
  split.py   the parallel route: whether and where to split, or why not
  workers.py the parts laid out in a process each, folios shifted
  join.py    the parts' PDFs joined into one (pikepdf), join_structure.py their structure trees
  front.py   the front (title page, legal notice, front matter, contents) laid out apart, once
             the body's pages are known, and put before them
  reuse.py   the incremental route: the body cut at every page-starting section, only the
             parts that changed laid out (schedule.py), the others taken from the output
             folder's part store (part_store.py)
"""

from __future__ import annotations

from collections.abc import Callable

from folio.model import Publication
from folio.pdf import patches, reuse, split
from folio.pdf import workers as part_workers
from folio.pdf.boxes import LaidOutPage
from folio.pdf.editions import PRINT_SHOP_STYLESHEET
from folio.pdf.fetcher import ProjectFetcher, ResourceRefused
from folio.pdf.front import add_front
from folio.pdf.join import joined_edition
from folio.pdf.part_store import PartStore
from folio.pdf.render import (
    Front,
    LaidOutEdition,
    PrintJob,
    Rendered,
    lay_out_in_one_process,
    render_document,
    write_pdf,
)

__all__ = [
    "PRINT_SHOP_STYLESHEET",
    "Front",
    "LaidOutEdition",
    "LaidOutPage",
    "PartStore",
    "PrintJob",
    "ProjectFetcher",
    "Rendered",
    "ResourceRefused",
    "add_front",
    "lay_out_print_edition",
    "patch_weasyprint",
    "render_document",
    "write_pdf",
]

IN_ONE_PROCESS = "laying out in one process"


def patch_weasyprint(say: Callable[[str], None]) -> None:
    """WeasyPrint as the stage needs it: every patch that applies in place, a line for each left out."""
    for line in patches.apply():
        say(line)


def lay_out_print_edition(
    publication: Publication,
    *,
    html_of: Callable[[Publication], str],
    job: PrintJob,
    say: Callable[[str], None],
    workers: int | None = None,
    store: PartStore | None = None,
) -> LaidOutEdition:
    """The print edition's body and annexes laid out, in several processes where that gives the
    same PDF, not yet written; with a `store`, in parts, each taken from it when unchanged.

    For a book the parallel route is meant for, every time it is laid out in one process
    instead one line through `say` says what was not done and why. The whole body's print HTML
    (`html_of(publication.body)`) is rendered only where a route needs it: the incremental
    route renders each part's alone.
    """
    patch_weasyprint(say)
    publication = publication.body  # the front is laid out apart: `add_front`
    if len(publication.notes) < split.MIN_NOTES:
        return lay_out_in_one_process(html_of(publication), job)  # a small book: no parts for it
    if store is not None:
        return lay_out_incrementally(
            publication, html_of=html_of, job=job, say=say, store=store, workers=workers
        )
    html = html_of(publication)
    parts = split.parallel_parts(publication, html=html, html_of=html_of, job=job, workers=workers)
    if isinstance(parts, split.OneProcess):
        say(f"parallel layout not taken: {parts.why}: {IN_ONE_PROCESS}")
        return lay_out_in_one_process(html, job)
    try:
        laid_out = part_workers.lay_out_parts([html_of(part) for part in parts], job)
    except part_workers.PartFailed as failure:
        say(f"parallel layout: {failure}: {IN_ONE_PROCESS}")
        return lay_out_in_one_process(html, job)  # its result, or its error, is the exact one
    return joined_edition(laid_out, job)


def lay_out_incrementally(
    publication: Publication,
    *,
    html_of: Callable[[Publication], str],
    job: PrintJob,
    say: Callable[[str], None],
    store: PartStore,
    workers: int | None = None,
) -> LaidOutEdition:
    """The incremental route (`folio.pdf.reuse`), or one process, with a line saying why."""
    try:
        edition = reuse.lay_out_reusing_parts(
            publication, html_of=html_of, job=job, store=store, say=say, workers=workers
        )
    except part_workers.PartFailed as failure:
        say(f"layout in parts: {failure}: {IN_ONE_PROCESS}")
        return lay_out_in_one_process(html_of(publication), job)
    if isinstance(edition, split.OneProcess):
        say(f"layout in parts not taken: {edition.why}: {IN_ONE_PROCESS}")
        return lay_out_in_one_process(html_of(publication), job)
    return edition
