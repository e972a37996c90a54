"""The EPUB's checks, each failing on its own damage."""

from __future__ import annotations

import re
from pathlib import Path

from folio.verify.expectation import Expectation
from tests.conftest import Built
from tests.verify.damage import (
    NAV,
    SECTION,
    damaged_epub,
    found,
    remove_aside,
    replace_once,
    verify,
)


def test_a_removed_footnote_target(built: Built, tmp_path: Path, expected: Expectation) -> None:
    report = verify(expected, epub=damaged_epub(built, tmp_path, {SECTION: remove_aside(510)}))
    # The bibliography's "cited in notes ..., 510" leads to the removed aside too.
    assert [p.check for p in report.problems] == ["epub-footnotes", "epub-bibliography"]
    assert (report.problems[0].note, report.problems[0].message) == (
        510,
        "EPUB/s-3-2-russia.xhtml: noteref 510 leads to 'EPUB/s-3-2-russia.xhtml#fn-510', which is no aside",
    )


def test_a_footnote_that_does_not_link_back(built: Built, tmp_path: Path, expected: Expectation) -> None:
    edit = replace_once('class="backlink" href="#fnref-512"', 'class="backlink" href="#fnref-513"')
    report = verify(expected, epub=damaged_epub(built, tmp_path, {SECTION: edit}))
    assert found(report) == [("epub-footnotes", None, 512)]


def test_a_renumbered_noteref(built: Built, tmp_path: Path, expected: Expectation) -> None:
    edit = replace_once('id="fnref-510">510</a>', 'id="fnref-510">600</a>')
    report = verify(expected, epub=damaged_epub(built, tmp_path, {SECTION: edit}))
    assert found(report) == [("epub-numbering", None, 510)]
    assert "noteref 'fnref-510' prints 600" in report.problems[0].message


def test_a_remote_image(built: Built, tmp_path: Path, expected: Expectation) -> None:
    edit = replace_once("</section>", '<p><img src="https://example.org/map.png" alt="map"/></p></section>')
    report = verify(expected, epub=damaged_epub(built, tmp_path, {SECTION: edit}))
    assert [(p.check, p.message) for p in report.problems] == [
        (
            "epub-remote",
            "EPUB/s-3-2-russia.xhtml: remote resource https://example.org/map.png"
            " (a reader offline would not see it)",
        )
    ]


def test_a_page_list_entry_to_nowhere(built: Built, tmp_path: Path, expected: Expectation) -> None:
    edit = replace_once("#page-42", "#page-99")
    report = verify(expected, epub=damaged_epub(built, tmp_path, {NAV: edit}))
    assert found(report) == [("epub-page-list", "42", None)]


def test_mimetype_not_first(built: Built, tmp_path: Path, expected: Expectation) -> None:
    report = verify(expected, epub=damaged_epub(built, tmp_path, {}, order=False))
    assert [p.check for p in report.problems] == ["epub-mimetype"]


def test_missing_metadata(built: Built, tmp_path: Path, expected: Expectation) -> None:
    edit = lambda text: re.sub(r"<dc:publisher>[^<]*</dc:publisher>", "", text)  # noqa: E731
    report = verify(expected, epub=damaged_epub(built, tmp_path, {"EPUB/content.opf": edit}))
    assert [(p.check, p.message) for p in report.problems] == [
        ("epub-metadata", "the package has no dc:publisher")
    ]
