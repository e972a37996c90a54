"""Every correction folio makes to WeasyPrint 70, put in place by one explicit `apply()`.

Takes nothing but the environment (the installed WeasyPrint, FOLIO_PLAIN_WEASYPRINT); gives
WeasyPrint patched where each patch applies, and one line for each patch left out, saying why.

The patches are written against WeasyPrint's source, so they share one version policy: each
is applied only to the pinned WeasyPrint `PINNED`, and only when that source still holds what
it corrects. On any other version, or with FOLIO_PLAIN_WEASYPRINT=1 (the library as it is, for
benchmarks and for showing the bugs; a comma-separated list of patch names leaves out only
those, to measure or compare one), a patch is left out (removed if an earlier `apply()` had
put it in place) and its line says so; the build goes on, and the verifier still checks every
note's page. Nothing is patched when this package is imported: the PDF stage calls `apply()`
when it starts, and calling it again changes nothing.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass

import weasyprint

from folio.pdf.patches import (
    cycles,
    deflate_pages,
    footnote_area,
    footnote_index,
    keep_notes,
    one_pass_write,
    pseudo_styles,
    style_keys,
    tagging,
    trailing_space,
)

PINNED = "70.0"
PLAIN = "FOLIO_PLAIN_WEASYPRINT"


@dataclass(frozen=True, slots=True)
class Patch:
    name: str
    without: str  # what a build without it risks, for the line that says it was left out
    misfit: Callable[[], str | None]  # why this WeasyPrint's source does not hold what it corrects
    install: Callable[[], None]  # idempotent
    remove: Callable[[], None]  # idempotent
    installed: Callable[[], bool]


PATCHES = (
    Patch(
        "cycles",
        "a finished layout stays in memory until Python's cycle collector runs, seldom in a build",
        cycles.misfit,
        cycles.install,
        cycles.remove,
        cycles.installed,
    ),
    Patch(
        "deflate_pages",
        "every page's drawing operations wait, undeflated, until the whole PDF is written (about "
        "20 MiB at 3,000 notes)",
        deflate_pages.misfit,
        deflate_pages.install,
        deflate_pages.remove,
        deflate_pages.installed,
    ),
    Patch(
        "footnote_area",
        "layout time grows with the square of the notes on a page",
        footnote_area.misfit,
        footnote_area.install,
        footnote_area.remove,
        footnote_area.installed,
    ),
    Patch(
        "footnote_index",
        "layout time grows faster than the text",
        footnote_index.misfit,
        footnote_index.install,
        footnote_index.remove,
        footnote_index.installed,
    ),
    Patch(
        "keep_notes",
        "a note may print a page after its call, or not at all",
        keep_notes.misfit,
        keep_notes.install,
        keep_notes.remove,
        keep_notes.installed,
    ),
    Patch(
        "one_pass_write",
        "pydyf writes every object of the PDF twice and holds them all joined at once",
        one_pass_write.misfit,
        one_pass_write.install,
        one_pass_write.remove,
        one_pass_write.installed,
    ),
    Patch(
        "pseudo_styles",
        "every element's six pseudo-elements get a computed style, drawn or not (about 100 MiB at "
        "3,000 notes)",
        pseudo_styles.misfit,
        pseudo_styles.install,
        pseudo_styles.remove,
        pseudo_styles.installed,
    ),
    Patch(
        "style_keys",
        "each computed style keeps its own copies of about a dozen property names (about 26 MiB at "
        "3,000 notes)",
        style_keys.misfit,
        style_keys.install,
        style_keys.remove,
        style_keys.installed,
    ),
    Patch(
        "tagging",
        "the tagged PDF's notes are no Note elements, its links say their targets, its running "
        "texts are untagged",
        tagging.misfit,
        tagging.install,
        tagging.remove,
        tagging.installed,
    ),
    Patch(
        "trailing_space",
        "a line that ends just before an inline box by less than a space may keep only its first word",
        trailing_space.misfit,
        trailing_space.install,
        trailing_space.remove,
        trailing_space.installed,
    ),
)


def apply() -> tuple[str, ...]:
    """Put in place every patch that applies, take out any that does not; the lines to print."""
    lines = []
    for patch in PATCHES:
        reason = why_left_out(patch)
        if reason is None:
            patch.install()
        else:
            patch.remove()
            lines.append(f"WeasyPrint patch {patch.name} not applied: {reason} ({patch.without})")
    return tuple(lines)


def why_left_out(patch: Patch) -> str | None:
    plain = os.environ.get(PLAIN, "")
    if plain == "1":
        return f"{PLAIN}=1 asks for WeasyPrint as it is"
    if patch.name in plain.split(","):
        return f"{PLAIN}={plain} asks for WeasyPrint without it"
    if weasyprint.__version__ != PINNED:
        return f"it was written for WeasyPrint {PINNED}, this is {weasyprint.__version__}"
    return patch.misfit()
