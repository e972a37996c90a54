"""The document: title, language, bookmarks, embedded fonts."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pypdf
import pytest

from folio.verify.expectation import Expectation
from tests.conftest import Built
from tests.verify.damage import (
    damaged_pdf,
    verify,
)


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda w: w.root_object.pop("/Lang"), "the PDF has no language (/Lang)"),
        (lambda w: w.root_object.pop("/Outlines"), "the PDF has no bookmarks"),
        (lambda w: w.add_metadata({"/Title": ""}), "the PDF has no title"),
    ],
)
def test_document_metadata(
    built: Built,
    tmp_path: Path,
    expected: Expectation,
    damage: Callable[[pypdf.PdfWriter], None],
    message: str,
) -> None:
    report = verify(expected, pdf=damaged_pdf(built, tmp_path, damage))
    assert [(p.check, p.message) for p in report.problems] == [("document", message)]


def test_a_font_not_embedded(built: Built, tmp_path: Path, expected: Expectation) -> None:
    def unembed(writer: pypdf.PdfWriter) -> None:
        font = next(iter(writer.pages[0]["/Resources"]["/Font"].values())).get_object()  # type: ignore[index]
        font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object().pop("/FontFile2")

    report = verify(expected, pdf=damaged_pdf(built, tmp_path, unembed))
    assert [p.check for p in report.problems] == ["document"]
    assert re.fullmatch(r"font [A-Z]{6}\+Carlito(-Bold)? is not embedded", report.problems[0].message)
