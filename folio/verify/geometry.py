"""PDF facts -> text printed outside its place: a note past the page's edges or into its footer,
or reaching up into the body text (WeasyPrint can let a note overflow silently); body text past
the page's edges (an unbreakable word runs off the right edge, cut by the trimmer)."""

from __future__ import annotations

from collections.abc import Iterator

from folio.errors import Problem
from folio.verify.marks import note_mark, run_mark
from folio.verify.notes import note_figures
from folio.verify.pdf_facts import PdfFacts
from folio.verify.pdf_layout import SLACK, NoteArea
from folio.verify.registry import Family

CHECKS = Family()


@CHECKS.check("geometry", needs=("pdf",), figures=note_figures)
def check_geometry(pdf: PdfFacts) -> Iterator[Problem]:
    """Each note inside the page: not past its edges or into the footer, not up into the body."""
    for number, area in sorted(pdf.notes.items()):
        label, marks = pdf.label(area.page), (note_mark(area, label=f"note {number}"),)
        overflow = find_overflow(pdf, area)
        if overflow is not None:
            message = f"note {number} {overflow}"
            yield Problem(pdf.path, message, "geometry", page=label, note=number, marks=marks)
        body_bottom = min((r.y - r.size * 0.25 for r in pdf.body[area.page] if r.text.strip()), default=None)
        if body_bottom is not None and area.top > body_bottom + SLACK:
            message = f"note {number} reaches up into the body text"
            yield Problem(pdf.path, message, "geometry", page=label, note=number, marks=marks)


def find_overflow(pdf: PdfFacts, area: NoteArea) -> str | None:
    """How the note's first string outside the page's edges (its trimmed page's, in a PDF with
    bleed) or below its footer's top lies."""
    left, bottom, right, top = pdf.boxes[area.page]
    floor = pdf.footer_tops[area.page] or bottom
    for run in area.runs:
        if not run.text.strip():
            continue
        if run.x < left - SLACK or run.right > right + SLACK or run.y + run.size > top:
            return f"runs past the edge of the page ('{run.text.strip()[:30]}')"
        if run.y - run.size * 0.25 < floor - SLACK:
            return f"runs past the foot of the page ('{run.text.strip()[:30]}')"
    return None


def body_figures(pdf: PdfFacts) -> dict[str, int]:
    return {"pages": len(pdf.body)}


@CHECKS.check("body-geometry", needs=("pdf",), figures=body_figures)
def check_body_geometry(pdf: PdfFacts) -> Iterator[Problem]:
    """Every line of the body inside the page: one past its edge is cut off in print."""
    for page, runs in enumerate(pdf.body):
        left, _, right, top = pdf.boxes[page]
        for run in runs:
            if run.text.strip() and (run.x < left - SLACK or run.right > right + SLACK or run.y > top):
                message = f"text runs past the edge of the page ('{run.text.strip()[:30]}')"
                marks = (run_mark(page, run),)
                yield Problem(pdf.path, message, "body-geometry", page=pdf.label(page), marks=marks)
                break
