"""The front of the print edition (title page, legal notice, front matter, contents), laid out
apart from the body and put before it.

Takes the laid-out body (`LaidOutEdition`, from either route), the front's print HTML, made once
the body's pages are known (so the contents prints each body heading's folio as text), and the
`PrintJob`; gives the edition with the front's pages first, labelled i, ii, ... The front is a
few pages: laying it out costs a fraction of a second, where a contents made with
`target-counter` in the body's own layout would cost a second layout of the whole book (and
keep it in one process). Printed on both sides, the front ends on a left-hand page, so that the
body opens on a right-hand one: the front's HTML ends with a page that is kept blank when the
front's own pages are odd in number, and left out otherwise.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable

from folio.pdf import render
from folio.pdf.boxes import LaidOutPage
from folio.pdf.render import Front, LaidOutEdition, PrintJob


def anchor_folios(pages: Iterable[LaidOutPage]) -> dict[str, str]:
    """The printed folio of the page each id first appears on."""
    found: dict[str, str] = {}
    for page in pages:
        for anchor in page.anchors:
            found.setdefault(anchor, page.label)
    return found


def add_front(
    edition: LaidOutEdition, front_html: Callable[[dict[str, str]], str], job: PrintJob
) -> LaidOutEdition:
    """`edition` with the front before its pages, laid out from the HTML that `front_html` makes
    of the body's folios (each id of the body -> the folio of the page it first appears on)."""
    rendered = render.lay_out(front_html(anchor_folios(edition.pages)), job, front=True)
    pages = tuple(rendered.document.pages)
    kept = len(pages) - 1 if job.duplex and (len(pages) - 1) % 2 == 0 else len(pages)
    front = Front(rendered.document, pages[:kept], rendered.pages[:kept])
    warnings = tuple(dict.fromkeys(rendered.warnings + edition.warnings))
    return dataclasses.replace(edition, pages=front.laid_out + edition.pages, warnings=warnings, front=front)
