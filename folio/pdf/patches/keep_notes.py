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

import inspect

from weasyprint.layout import block

DRIFTING_DECISION = "report = not context.in_column and can_break_now and not could_break_before"
KEPT_DECISION = "report = False  # folio.pdf.patches.keep_notes: never move placed notes for a later line"
ORIGINAL = block._linebox_layout


def misfit() -> str | None:
    if inspect.getsource(ORIGINAL).count(DRIFTING_DECISION) != 1:
        return "WeasyPrint's _linebox_layout no longer holds the decision it corrects"
    return None


def patched_source() -> str:
    """`_linebox_layout`'s source with the decision replaced."""
    return inspect.getsource(ORIGINAL).replace(DRIFTING_DECISION, KEPT_DECISION)


def installed() -> bool:
    return getattr(block._linebox_layout, "folio_keeps_notes", False) is True


def install() -> None:
    """Put the corrected `_linebox_layout` in place (once)."""
    if installed():
        return
    # Compiled with the module's own globals, file name and line numbers (the blank lines put
    # the function where it stands in block.py), so tracebacks still point at the right lines.
    # Only block.py calls _linebox_layout, through this module global.
    namespace = vars(block)
    padding = "\n" * (ORIGINAL.__code__.co_firstlineno - 1)
    exec(compile(padding + patched_source(), block.__file__, "exec"), namespace)
    namespace["_linebox_layout"].folio_keeps_notes = True


def remove() -> None:
    block._linebox_layout = ORIGINAL
