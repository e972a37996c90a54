"""Page labels and folios: each check fails on its own damage, naming the page."""

from __future__ import annotations

from pathlib import Path

import pypdf
from pypdf.generic import NameObject, NumberObject

from folio.verify.expectation import Expectation
from folio.verify.labels import check_page_labels
from folio.verify.pdf_facts import PdfFacts
from tests.conftest import Built
from tests.verify.damage import (
    blank_text,
    damaged_pdf,
    found,
    page_of,
    text_operations,
    verify,
)


def test_no_page_labels(built: Built, tmp_path: Path, expected: Expectation) -> None:
    path = damaged_pdf(built, tmp_path, lambda w: w.root_object.pop("/PageLabels"))
    report = verify(expected, pdf=path)
    assert found(report) == [("page-labels", None, None)]
    assert str(report.problems[0]).endswith("the PDF has no page labels (/PageLabels)")


def test_shifted_page_labels(built: Built, tmp_path: Path, expected: Expectation) -> None:
    def shift(writer: pypdf.PdfWriter) -> None:  # the body's labels: the range after the front's
        writer.root_object["/PageLabels"]["/Nums"][3][NameObject("/St")] = NumberObject(42)  # type: ignore[index]

    report = verify(expected, pdf=damaged_pdf(built, tmp_path, shift))
    assert found(report) == [
        ("page-labels", "42", None),
        ("page-labels", "43", None),
        ("page-labels", "44", None),
    ]
    assert [p.message for p in report.problems] == [
        "page label 42 should be 41",
        "page label 43 should be 42",
        "page label 44 should be 43",
    ]


def test_roman_front_matter_then_arabic() -> None:
    expected = Expectation(first_page=1, first_note=1, front_pages=2)
    good = PdfFacts("x.pdf", ("i", "ii", "1", "2"), ("i", "ii", "1", "2"))
    assert list(check_page_labels(good, expected)) == []
    bad = PdfFacts("x.pdf", ("1", "2", "3", "4"), ("1", "2", "3", "4"))
    assert [str(p) for p in check_page_labels(bad, expected)] == [
        "x.pdf: page 1: page label 1 should be i",
        "x.pdf: page 2: page label 2 should be ii",
        "x.pdf: page 3: page label 3 should be 1",
        "x.pdf: page 4: page label 4 should be 2",
    ]


def test_a_blank_folio(built: Built, tmp_path: Path, expected: Expectation) -> None:
    def blank(writer: pypdf.PdfWriter) -> None:
        page = page_of(writer, "42")
        [folio] = [i for i, text in text_operations(writer, page) if text.strip() == "42"][-1:]
        blank_text(writer, page, folio)

    report = verify(expected, pdf=damaged_pdf(built, tmp_path, blank))
    assert found(report) == [("folios", "42", None)]
    assert str(report.problems[0]).endswith("page 42: no folio printed in the footer (should be 42)")
