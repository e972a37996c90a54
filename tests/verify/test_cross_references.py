"""Cross-references: in the PDF a link that is dropped, one that leads to another heading, a
heading's destination moved off the heading; in the EPUB a link to another document, one to
another id, one that is no longer a link. The worked example (examples/report) is damaged."""

from __future__ import annotations

from pathlib import Path

import pypdf
import pytest

from folio.load import load_publication
from folio.verify.expectation import Expectation, expect_from_content
from tests.conftest import EXAMPLE, Built
from tests.verify.damage import (
    damaged_epub,
    damaged_pdf,
    move_destination,
    remove_links,
    replace_once,
    retarget,
    verify,
)

WITHDRAWAL = "EPUB/s-4-withdrawal.xhtml"


@pytest.fixture(scope="module")
def expected() -> Expectation:
    return expect_from_content(load_publication(EXAMPLE).publication)


def problems(report_check: str, pdf: Path | None, epub: Path | None, expected: Expectation) -> list[str]:
    report = verify(expected, pdf=pdf, epub=epub)
    return [p.message for p in report.problems if p.check == report_check]


def test_the_example_s_cross_references_all_reach_their_headings(
    built_example: Built, expected: Expectation
) -> None:
    report = verify(expected, pdf=built_example.result.pdf, epub=built_example.result.epub)
    results = {r.check: r for r in report.results}
    assert (results["cross-references"].status, results["epub-cross-references"].status) == (
        "passed",
        "passed",
    )
    assert dict(results["cross-references"].figures) == {"cross-references": 34}


def test_a_dropped_cross_reference_link(built_example: Built, tmp_path: Path, expected: Expectation) -> None:
    pdf = damaged_pdf(built_example, tmp_path, lambda writer: remove_links(writer, "format"))
    report = verify(expected, pdf=pdf)
    assert [(p.check, p.page, p.message) for p in report.problems if p.check == "cross-references"] == [
        ("cross-references", "1", "the cross-reference 'section 1.1.2' to '#format' is not a link to it")
    ]


def test_a_cross_reference_that_leads_to_another_heading(
    built_example: Built, tmp_path: Path, expected: Expectation
) -> None:
    pdf = damaged_pdf(
        built_example, tmp_path, lambda writer: retarget(writer, "format", "methodology", on="1")
    )
    assert problems("cross-references", pdf, None, expected) == [
        # the front matter leads to '#methodology' first: its finding comes first, in page order
        "a link to '#methodology' prints 'section 1.1.2.', which no cross-reference to it does",
        "the cross-reference 'section 1.1.2' to '#format' is not a link to it",
    ]


@pytest.mark.parametrize(("page", "up"), [(None, 120.0), (0, 0.0)])
def test_a_heading_s_destination_away_from_the_heading(
    built_example: Built, tmp_path: Path, expected: Expectation, page: int | None, up: float
) -> None:
    def move(writer: pypdf.PdfWriter) -> None:
        move_destination(writer, "hmeimim", page=page, up=up)

    report = verify(expected, pdf=damaged_pdf(built_example, tmp_path, move))
    wanted = "the destination '#hmeimim' is not where the heading '3.1.1. Hmeimim Airport' is printed"
    assert [(p.check, p.message) for p in report.problems if p.check == "cross-references"] == [
        ("cross-references", wanted)
    ]


def test_an_epub_cross_reference_to_another_document(
    built_example: Built, tmp_path: Path, expected: Expectation
) -> None:
    edit = replace_once('href="s-3-military-presence.xhtml#hmeimim"', 'href="s-4-withdrawal.xhtml#hmeimim"')
    epub = damaged_epub(built_example, tmp_path, {WITHDRAWAL: edit})
    assert problems("epub-cross-references", None, epub, expected) == [
        "EPUB/s-4-withdrawal.xhtml: the link '3.1.1. Hmeimim Airport' leads to "
        "'EPUB/s-4-withdrawal.xhtml#hmeimim', which is not the heading '3.1.1. Hmeimim Airport'"
    ]


def test_an_epub_cross_reference_to_another_id_or_no_longer_a_link(
    built_example: Built, tmp_path: Path, expected: Expectation
) -> None:
    retargeted = replace_once('xhtml#tartous"', 'xhtml#p-3-military-presence-5"')
    unlinked = replace_once('<a class="xref" href="s-3-military-presence.xhtml#hmeimim">', "<a>")
    for edit, text, target in (
        (retargeted, "3.1.2. Tartous Port", "tartous"),
        (unlinked, "3.1.1. Hmeimim Airport", "hmeimim"),
    ):
        epub = damaged_epub(built_example, tmp_path, {WITHDRAWAL: edit})
        assert problems("epub-cross-references", None, epub, expected) == [
            f"the cross-reference '{text}' in 'p-4-withdrawal-5' to '#{target}' is not a link to it"
        ]
