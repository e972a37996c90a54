"""folio.pdf.patches.style_keys: every property name a style computes is the interned one
(that the PDF is plain WeasyPrint's, byte for byte: test_memory_savings)."""

from __future__ import annotations

import sys
from typing import Any

import pytest
import weasyprint
from weasyprint import css

from folio.pdf.patches import style_keys

# Borders and radii (names WeasyPrint builds as it asks: f"border_{side}_width"), breaks, a table
# (anonymous boxes, so anonymous styles) and a note.
PAGE = """<style>
  .fn { float: footnote; }
  p { border: 1px solid; border-radius: 2px; break-inside: avoid; }
</style>
<p>One<span class=fn>the note</span>.</p><p>Two.</p>
<div style="display: table"><span>a cell of an anonymous row</span></div>"""


def names_not_interned(html: str, made: list[Any]) -> dict[str, set[str]]:
    """By kind of style, the property names some style of the layout of `html` holds as a string
    of its own rather than the interned one."""
    laid_out = weasyprint.HTML(string=html).render()
    (style_for,) = made
    made.clear()
    styles = [*style_for.get_computed_styles().values(), *anonymous_styles(laid_out)]
    found: dict[str, set[str]] = {"ComputedStyle": set(), "AnonymousStyle": set()}
    for style in styles:
        found[type(style).__name__] |= {name for name in style if sys.intern(name) is not name}
    return found


def anonymous_styles(laid_out: Any) -> list[Any]:
    """The anonymous styles of every box laid out (StyleFor does not hold them)."""
    boxes = [page._page_box for page in laid_out.pages]
    styles = []
    while boxes:
        box = boxes.pop()
        if isinstance(box.style, css.AnonymousStyle):
            styles.append(box.style)
        boxes.extend(getattr(box, "children", ()))
    assert styles, "the page has anonymous boxes"
    return styles


def test_the_patch_is_in_place() -> None:
    assert style_keys.installed() is True
    assert style_keys.misfit() is None


def test_every_name_a_style_computes_is_the_interned_one(styles_made: list[Any]) -> None:
    assert names_not_interned(PAGE, styles_made) == {"ComputedStyle": set(), "AnonymousStyle": set()}


def test_plain_weasyprint_keeps_names_of_its_own_in_both_kinds_of_style(styles_made: list[Any]) -> None:
    """The memory the patch saves is real in the pinned WeasyPrint (else the patch is dead code)."""
    style_keys.remove()
    found = names_not_interned(PAGE, styles_made)
    assert {"border_top_width", "border_top_left_radius"} <= found["ComputedStyle"]
    assert "border_top_left_radius" in found["AnonymousStyle"]


@pytest.mark.parametrize(
    ("first", "style"), [("COMPUTED_FIRST", "ComputedStyle"), ("ANONYMOUS_FIRST", "AnonymousStyle")]
)
def test_a_source_without_the_line_is_a_misfit(
    monkeypatch: pytest.MonkeyPatch, first: str, style: str
) -> None:
    monkeypatch.setattr(style_keys, first, "        if key in SOMETHING_ELSE:")
    assert (
        style_keys.misfit()
        == f"WeasyPrint's {style}.__missing__ no longer holds the line it interns the name in"
    )
