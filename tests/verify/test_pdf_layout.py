"""A page's runs -> body, notes and footer: words linked to a note are body text, only a number
on such a link is a call."""

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
