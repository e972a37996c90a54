"""PDF facts -> where on its page a finding is: the `Mark`s a check gives its `Problem`.

A note is outlined (the box of the strings printed in its area, from its top); a call is
circled (its link's rectangle, else a box at its anchor the size of a call); a line of body text
or a link is outlined where it is drawn. Boxes are in the page's points, origin bottom left.
"""

from __future__ import annotations

from folio.errors import Mark
from folio.verify.pdf_facts import PdfFacts
from folio.verify.pdf_layout import LinkAnnot, NoteArea
from folio.verify.pdf_text import TextRun

CALL_BOX = 6.0  # points: about a call's number, when no link shows where it is drawn


def note_mark(area: NoteArea, label: str = "") -> Mark:
    runs = [run for run in area.runs if run.text.strip()]
    if not runs:
        return Mark(area.page, (0.0, area.top - CALL_BOX, CALL_BOX, area.top), "outline", label)
    left = min(run.x for run in runs)
    right = max(run.right for run in runs)
    bottom = min(run.y - run.size * 0.25 for run in runs)
    top = max(area.top, *(run.y + run.size for run in runs))
    return Mark(area.page, (left, bottom, right, top), "outline", label)


def call_mark(pdf: PdfFacts, name: str, link: LinkAnnot | None = None, label: str = "") -> Mark:
    """The call anchor `name` (fnref-*), circled: its link when known, else its anchor's place."""
    page, x, top = pdf.calls[name]
    if link is not None:
        return Mark(link.page, link.rect, "circle", label)
    return Mark(page, (x, top - CALL_BOX, x + CALL_BOX, top), "circle", label)


def run_mark(page: int, run: TextRun, label: str = "") -> Mark:
    return Mark(page, (run.x, run.y - run.size * 0.25, run.right, run.y + run.size), "outline", label)


def link_mark(link: LinkAnnot, label: str = "") -> Mark:
    return Mark(link.page, link.rect, "outline", label)
