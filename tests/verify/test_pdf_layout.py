"""A page's runs -> body, notes and running texts: words linked to a note are body text, only a
number on such a link is a call; every line of a margin box is running text, told by its group."""

from __future__ import annotations

from folio.verify.pdf_layout import LinkAnnot, read_layout
from folio.verify.pdf_text import PageText, TextRun


def test_words_linked_to_a_note_stay_in_the_body_its_call_does_not() -> None:
    runs = (
        TextRun(68, 700, 11, 35, "Back to "),
        TextRun(103, 700, 11, 34, "its note"),
        TextRun(137, 704, 7, 4, "1"),
        TextRun(68, 55, 11, 5, "7"),
    )
    links = [
        LinkAnnot(0, (103, 698, 137, 712), "fn-1", None),
        LinkAnnot(0, (137, 702, 141, 712), "fn-1", None),
    ]
    layout = read_layout(0, PageText(595, 842, runs), links, [], [])
    assert [run.text for run in layout.body] == ["Back to ", "its note"]
    assert layout.folio == "7"


def test_every_line_of_a_margin_box_is_running_text_by_its_group() -> None:
    runs = (
        TextRun(68, 700, 11, 200, "Body text"),
        TextRun(68, 90, 8.5, 8, "1"),
        TextRun(88, 90, 8.5, 100, "A note."),
        TextRun(68, 56, 8, 300, "A footer that wraps onto"),
        TextRun(68, 46, 8, 100, "a second line"),
        TextRun(528, 55, 9, 4, "7"),
    )
    back = LinkAnnot(0, (68, 88, 76, 99), "fnref-1", None)
    layout = read_layout(0, PageText(595, 842, runs), [back], [(100.0, 1)], [], groups=(1, 2, 2, 4, 4, 5))
    assert [run.text for run in layout.body] == ["Body text"]
    assert layout.notes[1].text == "A note."
    assert (layout.folio, layout.footer_top) == ("7", 64)
    drawn_in_order = read_layout(0, PageText(595, 842, runs), [back], [(100.0, 1)], [])
    assert drawn_in_order.notes[1].text == "A note.a second line"  # a PDF without the groups
