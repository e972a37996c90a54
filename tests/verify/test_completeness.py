"""Completeness: a note's line or a body line no longer printed is named."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pypdf

from folio.pipeline import build
from folio.verify.completeness import check_completeness
from folio.verify.expectation import Expectation
from folio.verify.pdf_facts import PdfFacts
from folio.verify.pdf_text import TextRun
from tests.conftest import Built, write_content
from tests.verify.damage import (
    blank_text,
    damaged_pdf,
    found,
    note_text_operation,
    page_of,
    verify,
)


def test_part_of_a_note_s_text_deleted(built: Built, tmp_path: Path, expected: Expectation) -> None:
    def cut(writer: pypdf.PdfWriter) -> None:
        line = note_text_operation(
            writer, page_of(writer, "41"), "‘long-term and strategic ties’ with post-Assad Syr"
        )
        blank_text(writer, page_of(writer, "41"), line)

    report = verify(expected, pdf=damaged_pdf(built, tmp_path, cut))
    assert found(report) == [("completeness", "41", 514)]
    assert report.problems[0].message.startswith("note 514 is incomplete: '‘long-term and strategic ties’")


def test_a_body_line_deleted(built: Built, tmp_path: Path, expected: Expectation) -> None:
    def cut(writer: pypdf.PdfWriter) -> None:
        page = page_of(writer, "42")
        blank_text(writer, page, note_text_operation(writer, page, "have begun to transport"))

    report = verify(expected, pdf=damaged_pdf(built, tmp_path, cut))
    assert found(report) == [("completeness", "42", None)]
    assert (
        report.problems[0].message
        == "paragraph 'However, around mid-December 2024, there were media reports …' is not printed whole"
    )


def test_a_heading_that_says_the_title_is_body_text_not_the_running_header(tmp_path: Path) -> None:
    """It tripped 'paragraph … is not printed whole' when running texts were left out by their words."""
    content = tmp_path / "content"
    content.mkdir()
    write_content(content, "# T\n\nA cover page whose heading is the title.\n\n## A\n\nText.\n")
    result = build(content, tmp_path / "dist", say=lambda _: None)
    assert result.ok, [str(p) for p in result.problems]


def test_a_body_word_at_the_foot_that_is_part_of_a_chapter_title_is_body_text() -> None:
    """A 1,000-note build tripped 'not printed whole': PDFium drew "Daraa" at the page's foot
    as a run of its own, a word of the running header's chapter "38. Daraa – …", and the body's
    size read 10.9995 pt against a common size rounded to 11.0, so it passed for a header run."""
    size = 10.99951171875
    body = (
        TextRun(68, 120, size, 300, "Checkpoints were reported in the east and the Ministry withdrew from"),
        TextRun(68, 60, size, 30, "Daraa"),  # the last line, in the bottom tenth of the page
        TextRun(100, 60, size, 200, " as of early 2025."),
        TextRun(68, 790, 8.5, 100, "38. Daraa – Checkpoints"),  # the header: left out
    )
    facts = PdfFacts("x.pdf", ("1",), ("1",), boxes=((0, 0, 595, 842),), body=(body,))
    expected = Expectation(
        first_page=1,
        first_note=1,
        note_texts={},
        paragraphs=(
            "Checkpoints were reported in the east and the Ministry withdrew from Daraa as of early 2025.",
        ),
        running=("T", "38. Daraa – Checkpoints"),
    )
    assert list(check_completeness(facts, expected)) == []
    lost = dataclasses.replace(expected, paragraphs=("38. Daraa – Checkpoints Daraa",))
    assert [p.message for p in check_completeness(facts, lost)] == [
        "paragraph '38. Daraa – Checkpoints Daraa …' is not printed whole"  # the header is no body text
    ]
