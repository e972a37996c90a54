"""A correction to WeasyPrint 70's footnote layout: a note never leaves its call's page.

Takes WeasyPrint's `weasyprint.layout.block` module; `install()` gives it a recompiled
`_linebox_layout`, `remove()` the original back (applied through `folio.pdf.patches.apply()`).

When a line does not fit at the foot of a page and widows/orphans forbid breaking before it,
WeasyPrint 70 (Kozea/WeasyPrint PR #2437) moves notes already placed on the page to the next
page to make room for the line, then places the line without laying out the notes that line
calls: notes print a page after their call, or are lost outright, with no warning. A report
must never do either.

The recompiled `_linebox_layout` has that one decision turned off, so the line breaks to the
next page (with widows and orphans kept where the paragraph allows), and every placed note
stays where it is. `misfit()` says when the source no longer holds the decision it corrects.
"""

from __future__ import annotations

from weasyprint.layout import block

from folio.pdf.patches.recompile import occurrences, recompiled

DRIFTING_DECISION = "report = not context.in_column and can_break_now and not could_break_before"
KEPT_DECISION = "report = False  # folio.pdf.patches.keep_notes: never move placed notes for a later line"
ORIGINAL = block._linebox_layout


def misfit() -> str | None:
    if occurrences(ORIGINAL, DRIFTING_DECISION) != 1:
        return "WeasyPrint's _linebox_layout no longer holds the decision it corrects"
    return None


def installed() -> bool:
    return getattr(block._linebox_layout, "folio_keeps_notes", False) is True


def install() -> None:
    """Put the corrected `_linebox_layout` in place (once)."""
    if installed():
        return
    # Only block.py calls _linebox_layout, through this module global.
    corrected = recompiled(ORIGINAL, DRIFTING_DECISION, KEPT_DECISION)
    corrected.folio_keeps_notes = True  # type: ignore[attr-defined]
    block._linebox_layout = corrected


def remove() -> None:
    block._linebox_layout = ORIGINAL
