"""The two editions against each other: notes, sections, print pages."""

from __future__ import annotations

import re
from pathlib import Path

from folio.verify.expectation import Expectation
from tests.conftest import Built
from tests.verify.damage import (
    NAV,
    NCX,
    SECTION,
    damaged_epub,
    drop_element,
    found,
    replace_once,
    verify,
)


def test_a_note_whose_text_differs_between_editions(
    built: Built, tmp_path: Path, expected: Expectation
) -> None:
    edit = replace_once(
        "Russia removes military equipment from Syria", "Russia keeps military equipment in Syria"
    )
    report = verify(expected, pdf=built.result.pdf, epub=damaged_epub(built, tmp_path, {SECTION: edit}))
    assert found(report) == [("pdf-epub-notes", "41", 517)]
    assert report.problems[0].message.startswith("note 517 differs: 'keeps military equipment")


def test_sections_that_differ_between_editions(built: Built, tmp_path: Path, expected: Expectation) -> None:
    edit = replace_once(">3.2. Russia</a>", ">3.3. Russia</a>")
    report = verify(expected, pdf=built.result.pdf, epub=damaged_epub(built, tmp_path, {NAV: edit}))
    assert [p.check for p in report.problems] == ["pdf-epub-sections"]


def test_a_print_page_missing_from_the_page_list(built: Built, tmp_path: Path, expected: Expectation) -> None:
    edit = lambda text: re.sub(r'<li><a href="[^"]*#page-42">42</a></li>', "", text)  # noqa: E731
    # from the NCX's pageList too: both lists lack the page, and agree
    edits = {NAV: edit, NCX: drop_element("pageTarget", 'id="ncx-page-42"')}
    report = verify(expected, pdf=built.result.pdf, epub=damaged_epub(built, tmp_path, edits))
    assert found(report) == [("pdf-epub-pages", "42", None)]
