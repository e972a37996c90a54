"""A correction to WeasyPrint 70's footnote layout: a note never leaves its call's page.

When a line does not fit at the foot of a page and widows/orphans forbid breaking before it,
WeasyPrint 70 (Kozea/WeasyPrint PR #2437) moves notes already placed on the page to the next
page to make room for the line, then places the line without laying out the notes that line
calls. Measured on a generated 1,000-note report: 27 notes printed a page after their call and
one note lost outright, with no warning. A report must never do either.

`install()` recompiles WeasyPrint's `_linebox_layout` with that one decision turned off, so the
line breaks to the next page (with widows and orphans kept where the paragraph allows), and
every placed note stays where it is. It refuses, loudly, to patch a WeasyPrint whose source is
not the one it was written against; `FOLIO_PLAIN_WEASYPRINT=1` leaves the library as it is
(for benchmarks and for showing the bug).
"""

from __future__ import annotations

import inspect
import os

import weasyprint
from weasyprint.layout import block

PATCHED_VERSION = "70.0"
DRIFTING_DECISION = "report = not context.in_column and can_break_now and not could_break_before"
KEPT_DECISION = "report = False  # folio.keep_notes: never move placed notes for a later line"
ORIGINAL = block._linebox_layout


def patched_source() -> str:
    """`_linebox_layout`'s source with the decision replaced; fails if the source moved on."""
    source = inspect.getsource(ORIGINAL)
    if source.count(DRIFTING_DECISION) != 1:
        raise RuntimeError(
            "folio.keep_notes: WeasyPrint's _linebox_layout no longer holds the decision it "
            "corrects; check the footnote layout of this WeasyPrint version and update the patch"
        )
    return source.replace(DRIFTING_DECISION, KEPT_DECISION)


def install() -> bool:
    """Put the corrected `_linebox_layout` in place; True when it is (now) in place."""
    if os.environ.get("FOLIO_PLAIN_WEASYPRINT") == "1":
        return False
    if weasyprint.__version__ != PATCHED_VERSION:
        raise RuntimeError(f"folio.keep_notes was written for WeasyPrint {PATCHED_VERSION}")
    if getattr(block._linebox_layout, "folio_keeps_notes", False):
        return True
    # Compiled with the module's own globals, file name and line numbers (the blank lines put
    # the function where it stands in block.py), so tracebacks still point at the right lines.
    # Only block.py calls _linebox_layout, through this module global.
    namespace = vars(block)
    padding = "\n" * (ORIGINAL.__code__.co_firstlineno - 1)
    exec(compile(padding + patched_source(), block.__file__, "exec"), namespace)
    namespace["_linebox_layout"].folio_keeps_notes = True
    return True
