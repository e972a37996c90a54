"""A correction to WeasyPrint 70's line breaking: a text that fits but for its trailing space
is not broken after its first word.

Takes WeasyPrint's `weasyprint.text.line_break` module; `install()` gives it (and the modules
that imported it by name: `layout.inline`, `layout.preferred`) a recompiled `split_first_line`,
`remove()` the original back (applied through `folio.pdf.patches.apply()`).

Pango lays a text out on one line when only its trailing space passes the line's end (a space
at a line's end takes no room). WeasyPrint 70 measures that line with the space, finds it too
wide, and, taking it for one word too long for the line, keeps only the text's first word on
the line: a text before an inline box ("... (cited in note " before the link "506") that
reaches the end of the line by less than a space prints its first word alone, and the rest of
the line below it ("Shahbazov," then the whole entry). The recompiled function takes such a
text as fitting, trailing space aside, as Pango does; the line then breaks before the inline
box that follows, where it should. `misfit()` says when the source no longer holds the test
it corrects.
"""

from __future__ import annotations

from typing import Any

from weasyprint.layout import inline, preferred
from weasyprint.text import line_break

from folio.pdf.patches.recompile import occurrences, recompiled

FIT_TEST = "    if resume_index is None and first_line_width <= max_width:"
CORRECTED_TEST = (
    "    if resume_index is None and (first_line_width <= max_width or "
    "folio_fits_but_trailing_space(text, style, context, max_width, justification_spacing, space_collapse)):"
)
ORIGINAL = line_break.split_first_line
IMPORTERS = (line_break, inline, preferred)  # each holds `split_first_line` as a global


def fits_but_trailing_space(  # noqa: PLR0917 (called as split_first_line has its values)
    text: str, style: Any, context: Any, max_width: float, spacing: float, space_collapse: bool
) -> bool:
    """Whether `text`, laid out on one line, fits in `max_width` once its trailing spaces,
    which collapse at a line's end, are left out."""
    stripped = text.rstrip(" ")
    if not space_collapse or stripped == text or not stripped:
        return False
    layout = line_break.create_layout(stripped, style, context, None, spacing)
    first_line, _ = layout.get_first_line()
    width, _ = line_break.line_size(first_line, style)
    return bool(width <= max_width)


def misfit() -> str | None:
    if occurrences(ORIGINAL, FIT_TEST) != 1:
        return "WeasyPrint's split_first_line no longer holds the test it corrects"
    return None


def installed() -> bool:
    return getattr(line_break.split_first_line, "folio_trailing_space", False) is True


def install() -> None:
    """Put the corrected `split_first_line` in place (once), in every module that calls it."""
    if installed():
        return
    line_break.folio_fits_but_trailing_space = fits_but_trailing_space
    corrected = recompiled(ORIGINAL, FIT_TEST, CORRECTED_TEST)
    corrected.folio_trailing_space = True  # type: ignore[attr-defined]
    for module in IMPORTERS:
        module.split_first_line = corrected


def remove() -> None:
    for module in IMPORTERS:
        module.split_first_line = ORIGINAL
