"""Geometry: a note line moved past the page foot, a note reaching up into the body."""

from __future__ import annotations

from pathlib import Path

import pypdf
from pypdf.generic import FloatObject

from folio.verify.expectation import Expectation
from tests.conftest import Built
from tests.verify.damage import (
    damaged_pdf,
    dests,
    found,
    lower_text,
    note_text_operation,
    verify,
)


def test_a_note_line_moved_past_the_foot_of_the_page(
    built: Built, tmp_path: Path, expected: Expectation
) -> None:
    def lower(writer: pypdf.PdfWriter) -> None:
        line = note_text_operation(writer, 0, "AP, Russian government")
        lower_text(writer, 0, line, 20)

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
