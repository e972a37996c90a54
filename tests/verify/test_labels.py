"""Page labels and folios: each check fails on its own damage, naming the page."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pypdf
from pypdf.generic import ArrayObject, NameObject, NumberObject

from folio.model import LEGAL_NOTICE, TITLE_PAGE
from folio.verify.expectation import Expectation, Part
from folio.verify.labels import check_folios, check_page_labels
from folio.verify.pdf_facts import PdfFacts
from folio.verify.pdf_text import TextRun
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


def test_the_front_labelled_arabic(built: Built, tmp_path: Path, expected: Expectation) -> None:
    def arabic(writer: pypdf.PdfWriter) -> None:
        body = writer.root_object["/PageLabels"]["/Nums"][3]  # type: ignore[index]
        writer.root_object["/PageLabels"][NameObject("/Nums")] = ArrayObject([NumberObject(0), body])  # type: ignore[index]

    report = verify(expected, pdf=damaged_pdf(built, tmp_path, arabic))
    assert [p.message for p in report.problems if p.check == "page-labels"] == [
        "page label 41 should be i",
        "page label 42 should be ii",
        "page label 43 should be iii",
        "page label 44 should be 41",
        "page label 45 should be 42",
        "page label 46 should be 43",
    ]


BOOK = Expectation(
    first_page=1,
    first_note=1,
    parts=(
        Part("s-title", "front", TITLE_PAGE),
        Part("s-legal", "front", LEGAL_NOTICE),
        Part("s-one", "body"),
    ),
)
# Title page, legal notice, contents, a page left blank (both sides), then the body from 1.
DESTINATIONS = {"s-title": (0, 800.0), "s-legal": (1, 800.0), "contents": (2, 800.0), "s-one": (4, 800.0)}
TEXT = (TextRun(70, 700, 11, 100, "Some text"),)


def facts(folios: tuple[str | None, ...], blank: tuple[int, ...] = ()) -> PdfFacts:
    labels = ("i", "ii", "iii", "iv", *(str(n) for n in range(1, len(folios) - 3)))
    body = tuple(() if index in blank else TEXT for index in range(len(folios)))
    return PdfFacts("x.pdf", labels, folios, DESTINATIONS, body=body)


def test_the_title_page_and_legal_notice_print_no_folio() -> None:
    good = facts((None, None, "iii", "iv", "1", "2"))
    assert list(check_folios(good, BOOK)) == []
    bad = facts(("i", None, "iii", "iv", "1", "2"))
    assert [str(p) for p in check_folios(bad, BOOK)] == [
        "x.pdf: page i: folio i printed on a page that prints none"
    ]


def test_a_blank_page_is_a_left_hand_one_printed_on_both_sides() -> None:
    duplex = dataclasses.replace(BOOK, duplex=True)
    blank_left = facts((None, None, "iii", None, "1", None, "3"), blank=(3, 5))
    assert list(check_folios(blank_left, duplex)) == []
    assert [str(p) for p in check_folios(blank_left, BOOK)] == [
        "x.pdf: page iv: no folio printed in the footer (should be iv)",
        "x.pdf: page 2: no folio printed in the footer (should be 2)",
    ]
    blank_right = facts((None, None, "iii", "iv", None, "2"), blank=(4,))
    assert [str(p) for p in check_folios(blank_right, duplex)] == [
        "x.pdf: page 1: no folio printed in the footer (should be 1)"
    ]
