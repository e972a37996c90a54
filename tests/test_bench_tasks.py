"""The bench's build task reads what each step of a build took, and the parts it reused, from
the lines the build said; its layout task moves the notes to the end and counts the lines set."""

from __future__ import annotations

import lxml.html
import pytest
import weasyprint

from bench.tasks import build_facts, notes_at_end, set_lines


def test_each_step_lasts_until_the_next_and_the_layout_line_gives_the_parts() -> None:
    said = [
        (10.0, "1/7 loading content/"),
        (10.5, "3/7 laying out the PDF"),
        (11.0, "layout in 15 parts: 14 reused from dist/.folio-parts, 1 laid out (s-0071)"),
        (14.0, "6/7 verifying"),
    ]
    facts = build_facts(said)
    assert (facts["step_1"], facts["step_3"]) == (0.5, 3.5)
    assert facts["step_6"] > 0  # until the build returned
    assert (facts["parts"], facts["reused"]) == (15, 14)


def test_a_rebuild_that_found_nothing_to_do_has_no_steps() -> None:
    assert build_facts([(1.0, "dist/ is up to date")]) == {}


NOTED = (
    "<!DOCTYPE html><html><body>"
    '<p>First<a class="fn-call" href="#fn-1">1</a><span class="footnote" id="fn-1">One <i>note</i></span>'
    " after the first.</p>"
    '<p>Second<span class="footnote" id="fn-2">Two</span></p>'
    "</body></html>"
)


def test_notes_at_end_moves_each_note_in_order_and_keeps_the_text_after_it() -> None:
    html = notes_at_end(NOTED)
    document = lxml.html.document_fromstring(html)
    first, second = document.xpath("//p")
    assert first.text_content() == "First1 after the first."
    assert second.text_content() == "Second"
    (end,) = document.xpath("//div[@class='bench-endnotes']")
    assert end.getparent() is document.body and end is document.body[-1]
    assert [(note.get("id"), note.text_content(), note.tail) for note in end] == [
        ("fn-1", "One note", None),
        ("fn-2", "Two", None),
    ]


def test_notes_at_end_refuses_a_text_without_notes() -> None:
    with pytest.raises(SystemExit, match="no note"):
        notes_at_end("<html><body><p>No notes.</p></body></html>")


def test_set_lines_counts_the_bodies_and_the_footnote_areas_apart_and_not_the_folios() -> None:
    css = weasyprint.CSS(
        string="@page { size: 120mm 80mm; @bottom-center { content: counter(page) } }"
        " .footnote { float: footnote; } p { margin: 0; } .wide { break-before: page; }"
        " b { display: inline-block; width: 7mm; }"
    )
    html = (  # a note's number in an inline block: part of the note's line, not a line of its own
        "<p>One<span class='footnote'><b>1</b>a note</span></p><p>Two</p>"
        "<p class='wide'>Three<span class='footnote'><b>2</b>another note</span></p>"
    )
    document = weasyprint.HTML(string=html).render(stylesheets=[css])
    assert len(document.pages) == 2
    assert set_lines(document) == {"lines": 3.0, "note_lines": 2.0}
