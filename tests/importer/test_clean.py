"""Cleaning extracted lines: furniture out, repeated citations kept; words mended only on evidence."""

from __future__ import annotations

from collections import Counter

import pytest

from folio.importer.clean import Line, clean_lines, repair_text, vocabulary


def test_running_headers_set_apart_go_but_repeated_note_lines_stay() -> None:
    raw = (
        "Syria – Country Focus\n\nText one.\n\n7\n\nSyria – Country Focus\n\nText two.\n\n"
        "3\n\nEnab Baladi, A title, 7 January 2025, url\n\n4\n\nEnab Baladi, A title, 7 January 2025, url\n\n"
        "AP, Moscow\nSyria\n\nAP, Moscow\nSyria\n"
    )
    cleaned = clean_lines(raw)
    kept = [line.text for line in cleaned.lines if line.text]
    assert kept == [
        "Text one.",
        "Text two.",
        "3",
        "Enab Baladi, A title, 7 January 2025, url",
        "4",
        "Enab Baladi, A title, 7 January 2025, url",
        "AP, Moscow",
        "Syria",
        "AP, Moscow",
        "Syria",
    ]
    assert (cleaned.furniture.header, cleaned.furniture.first_page) == ("Syria – Country Focus", 7)
    assert cleaned.lines[2:4] == (Line(4, "", 0), Line(6, "", 1))  # the page turns at the folio


def test_markup_and_control_characters_are_removed_and_reported() -> None:
    cleaned = clean_lines("Air\x00port<u>516</u>\u00ad and <sup>3</sup>\n")
    assert cleaned.lines[0].text == "Airport516 and 3"
    assert [str(f) for f in cleaned.repairs] == ["line 1: removed markup debris (<u>, </u>, ...) on lines 1"]


@pytest.mark.parametrize(
    ("text", "elsewhere", "mended"),
    [
        ("the non- existent lines", "", "the non-existent lines"),
        ("the govern- ment said", "", "the government said"),
        ("the pro- Russian side", "", "the pro-Russian side"),
        ("pre- and post-war", "", "pre- and post-war"),
        ("a cease- fire", "ceasefire", "a ceasefire"),
        ("a cease- fire", "cease-fire", "a cease-fire"),
        ("from H meimim to", "Hmeimim", "from Hmeimim to"),
        ("a part of it", "apart", "a part of it"),
        ("the Al Sharaa family", "Al Sharaa", "the Al Sharaa family"),
    ],
)
def test_broken_words_are_mended_only_on_evidence(text: str, elsewhere: str, mended: str) -> None:
    words: Counter[str] = vocabulary([text, elsewhere])
    repaired, findings = repair_text(text, words, line=3)
    assert repaired == mended
    assert len(findings) == (repaired != text)
    assert all(f.line == 3 for f in findings)
