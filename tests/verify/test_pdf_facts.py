"""read_pdf_facts on the sample: folios, notes and their pages, fonts, bookmarks."""

from __future__ import annotations

from folio.verify.pdf_facts import read_pdf_facts
from tests.conftest import Built


def test_the_facts_of_the_sample(built: Built) -> None:
    facts = read_pdf_facts(built.result.pdf)
    assert facts.folios == (None, None, "iii", "41", "42", "43")
    assert sorted(facts.notes) == list(range(505, 525))
    assert {n: a.page for n, a in facts.notes.items() if a.page == 4} == {522: 4, 523: 4, 524: 4}
    assert facts.notes[516].printed_number == "516"
    assert facts.notes[524].text.startswith("Meduza, Russia removes military equipment")
    assert facts.fonts and all(embedded for _, embedded in facts.fonts)
    assert facts.outline == (("3.2. Russia", 3), ("Annex 1: Bibliography", 5))
