"""folio.pdf.patches.pseudo_styles: a pseudo-element's style is made when a box asks for it, and
a pseudo-element's anchor is written as plain WeasyPrint writes it (the whole PDF:
test_memory_savings)."""

from __future__ import annotations

from typing import Any

import weasyprint

from folio.pdf.patches import pseudo_styles

# Three paragraphs, a list of two items, one footnote, a pseudo-element with an anchor that gets
# a box and one that never does (a paragraph has no marker).
PAGE = """<style>
  .fn { float: footnote; }
  h2::before { content: "§ "; anchor: "here"; }
  .marked::marker { anchor: "unboxed"; }
</style>
<p>One.</p><p>Two<span class=fn>the note</span>.</p><p class=marked>Three.</p>
<ol><li>first</li><li>second</li></ol>
<h2 id=heading>A heading</h2>"""


def pseudo_styles_held(html: str, made: list[Any]) -> set[tuple[str, str]]:
    """(element tag, pseudo-element) of every pseudo-element style the layout of `html` holds."""
    weasyprint.HTML(string=html).render()
    (style_for,) = made
    made.clear()
    return {
        (element.tag, pseudo)
        for element, pseudo in style_for.get_computed_styles()
        if pseudo is not None and hasattr(element, "tag")  # page styles are keyed by a page type
    }


def test_the_patch_is_in_place() -> None:
    assert pseudo_styles.installed() is True
    assert pseudo_styles.misfit() is None


def test_only_the_pseudo_elements_the_boxes_ask_for_get_a_style(styles_made: list[Any]) -> None:
    held = pseudo_styles_held(PAGE, styles_made)
    # a before rule only where a stylesheet has one; no note-call; a paragraph's marker only where
    # it sets an anchor, which is made before the layout as plain WeasyPrint makes it
    asked = {("span", "footnote-call"), ("span", "footnote-marker"), ("li", "marker"), ("h2", "before")}
    assert held == asked | {("p", "marker")}


def test_plain_weasyprint_makes_six_pseudo_element_styles_for_every_element(styles_made: list[Any]) -> None:
    """The memory the patch saves is real in the pinned WeasyPrint (else the patch is dead code)."""
    pseudo_styles.remove()
    held = pseudo_styles_held(PAGE, styles_made)
    ua_pseudo = {"marker", "footnote-call", "footnote-marker", "note-call", "note-marker", "note-callback"}
    assert {("p", pseudo) for pseudo in ua_pseudo} <= held  # a paragraph has no marker, no note
    assert {("html", pseudo) for pseudo in ua_pseudo} <= held


def test_a_pseudo_element_s_anchor_is_written_as_plain_weasyprint_writes_it() -> None:
    pdf = weasyprint.HTML(string=PAGE).write_pdf(uncompressed_pdf=True)
    pseudo_styles.remove()
    assert pdf == weasyprint.HTML(string=PAGE).write_pdf(uncompressed_pdf=True)
    assert b"(here)" in pdf  # the pseudo-element's anchor is a destination
