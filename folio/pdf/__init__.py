"""The PDF stage: print HTML -> laid-out pages -> PDF bytes; the only package that imports WeasyPrint.

Takes the publication, its print HTML, a function that renders the print HTML of any part of
it and a `PrintJob` (stylesheet, first folio, identifier, fetcher); gives a `LaidOutEdition`:
the `LaidOutPage` of every page (the page map's input), WeasyPrint's warnings and a `write()`
that makes the PDF bytes, the same whichever route was taken.

  patches/   every correction of WeasyPrint 70, put in place by `patches.apply()` when the
             stage starts (never at import)
  render.py  one layout, its log captured; the PDF bytes with page labels
  boxes.py   what the laid-out boxes say: pages, anchors, first lines, notes cut at the foot
  fetcher.py what WeasyPrint may fetch: the project's own files only
  split.py   the parallel route: two parts laid out in two processes
  join.py    the parts' PDFs joined into one
"""

from __future__ import annotations

from collections.abc import Callable

from folio.model import Publication
from folio.pdf import patches, split
from folio.pdf.boxes import LaidOutPage
from folio.pdf.fetcher import ProjectFetcher, ResourceRefused
from folio.pdf.render import LaidOutEdition, PrintJob, Rendered, render_document, write_pdf

__all__ = [
    "LaidOutEdition",
    "LaidOutPage",
    "PrintJob",
    "ProjectFetcher",
    "Rendered",
    "ResourceRefused",
    "lay_out_print_edition",
    "patch_weasyprint",
    "render_document",
    "write_pdf",
]


def patch_weasyprint(say: Callable[[str], None]) -> None:
    """WeasyPrint as the stage needs it: every patch that applies in place, a line for each left out."""
    for line in patches.apply():
        say(line)


def lay_out_print_edition(
    publication: Publication,
    *,
    html: str,
    html_of: Callable[[Publication], str],
    job: PrintJob,
    say: Callable[[str], None],
    workers: int | None = None,
) -> LaidOutEdition:
    """The print edition laid out (in two processes where that gives the same PDF), not yet written."""
    patch_weasyprint(say)
    return split.lay_out_edition(publication, html=html, html_of=html_of, job=job, say=say, workers=workers)
