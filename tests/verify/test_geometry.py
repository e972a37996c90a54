"""Geometry: a note line moved past the page foot, a note reaching up into the body."""

from __future__ import annotations

from pathlib import Path

import pypdf
from pypdf.generic import FloatObject

from folio.pipeline import build
from folio.verify.expectation import Expectation
from tests.conftest import Built, write_content
from tests.verify.damage import (
    damaged_pdf,
    dests,
    found,
    lower_text,
    note_text_operation,
    page_of,
    shift_text,
    verify,
)


def test_a_note_line_moved_past_the_foot_of_the_page(
    built: Built, tmp_path: Path, expected: Expectation
) -> None:
    def lower(writer: pypdf.PdfWriter) -> None:
        page = page_of(writer, "41")
        line = note_text_operation(writer, page, "AP, Russian government")
        lower_text(writer, page, line, 20)

    report = verify(expected, pdf=damaged_pdf(built, tmp_path, lower))
    assert found(report) == [("geometry", "41", 521)]
    assert report.problems[0].message.startswith(
        "note 521 runs past the foot of the page ('AP, Russian government"
    )


def test_a_note_reaching_up_into_the_body(built: Built, tmp_path: Path, expected: Expectation) -> None:
    def raise_note(writer: pypdf.PdfWriter) -> None:
        names = dests(writer)
        index = [str(n) for n in names[0::2]].index("fn-505")
        names[2 * index + 1][3] = FloatObject(600)

    report = verify(expected, pdf=damaged_pdf(built, tmp_path, raise_note))
    assert found(report) == [("geometry", "41", 505)]
    assert report.problems[0].message == "note 505 reaches up into the body text"


def test_a_body_line_moved_past_the_right_edge(built: Built, tmp_path: Path, expected: Expectation) -> None:
    def push(writer: pypdf.PdfWriter) -> None:
        page = page_of(writer, "42")
        shift_text(writer, page, note_text_operation(writer, page, "have begun to transport"), 700)

    report = verify(expected, pdf=damaged_pdf(built, tmp_path, push))
    assert ("body-geometry", "42", None) in found(report)
    body = next(p for p in report.problems if p.check == "body-geometry")
    assert body.message.startswith("text runs past the edge of the page ('have begun to transport")


def test_an_unbreakable_word_that_runs_off_the_page_fails_the_build(tmp_path: Path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    write_content(content, f"## A\n\nText before {'x' * 3000} after.\n")
    result = build(content, tmp_path / "dist", say=lambda _: None)
    assert [(p.check, p.page) for p in result.problems] == [("body-geometry", "1")]
