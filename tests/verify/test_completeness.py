"""Completeness: a note's line or a body line no longer printed is named."""

from __future__ import annotations

from pathlib import Path

import pypdf

from folio.pipeline import build
from folio.verify.expectation import Expectation
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
