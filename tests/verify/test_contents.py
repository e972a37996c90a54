"""The contents check: each entry prints its heading's page and links there; the content's
headings, each once, in order. Each damage of the sample's contents page trips it."""

from __future__ import annotations

from pathlib import Path

import pypdf

from folio.verify.contents import check_listed, contents_entries, contents_pages
from folio.verify.expectation import Expectation
from folio.verify.pdf_facts import read_pdf_facts
from tests.conftest import Built
from tests.verify.damage import (
    damaged_pdf,
    found,
    link_annots,
    move_destination,
    page_of,
    rename_destination,
    swap_texts,
    text_operations,
    verify,
)


def test_the_sample_s_contents_lists_its_headings_with_their_folios(
    built: Built, expected: Expectation
) -> None:
    facts = read_pdf_facts(built.result.pdf)
    pages = contents_pages(facts, expected)
    assert [facts.label(page) for page in pages] == ["iii"]
    entries = [(e.target, e.title, e.printed) for e in contents_entries(facts, pages)]
    assert entries == [("h-3-2-russia", "3.2. Russia", "41"), ("bibliography", "Annex 1: Bibliography", "43")]


def test_two_page_numbers_swapped(built: Built, tmp_path: Path, expected: Expectation) -> None:
    def swap(writer: pypdf.PdfWriter) -> None:
        page = page_of(writer, "iii")
        numbers = [index for index, text in text_operations(writer, page) if text.strip() in ("41", "43")]
        swap_texts(writer, page, *numbers)

    report = verify(expected, pdf=damaged_pdf(built, tmp_path, swap))
    assert found(report) == [("contents", "iii", None), ("contents", "iii", None)]
    assert [p.message for p in report.problems] == [
        "contents entry '3.2. Russia' prints page 43, but its heading is on page 41",
        "contents entry 'Annex 1: Bibliography' prints page 41, but its heading is on page 43",
    ]


def test_a_heading_moved_to_another_page(built: Built, tmp_path: Path, expected: Expectation) -> None:
    path = damaged_pdf(built, tmp_path, lambda w: move_destination(w, "h-3-2-russia", page_of(w, "42")))
    report = verify(expected, pdf=path)
    assert ("contents", "iii", None) in found(report)
    assert "contents entry '3.2. Russia' prints page 41, but its heading is on page 42" in [
        p.message for p in report.problems
    ]


def test_an_entry_that_links_to_another_heading(built: Built, tmp_path: Path, expected: Expectation) -> None:
    def retarget_entry(writer: pypdf.PdfWriter) -> None:
        for annot in link_annots(writer, "iii"):
            if str(annot.get("/Dest")) == "h-3-2-russia":
                annot[pypdf.generic.NameObject("/Dest")] = pypdf.generic.TextStringObject("bibliography")

    report = verify(expected, pdf=damaged_pdf(built, tmp_path, retarget_entry))
    assert [p.message for p in report.problems] == [
        "contents entry '3.2. Russia' prints page 41, but its heading is on page 43",
        "the contents does not list the heading 'h-3-2-russia'",
        "contents entry 'Annex 1: Bibliography' lists 'bibliography' a second time",
    ]


def test_no_contents(built: Built, tmp_path: Path, expected: Expectation) -> None:
    path = damaged_pdf(built, tmp_path, lambda w: rename_destination(w, "contents", None))
    report = verify(expected, pdf=path)
    assert [(p.check, p.message) for p in report.problems if p.check == "contents"] == [
        ("contents", "the PDF has no contents (no destination 'contents')")
    ]


def test_headings_listed_out_of_order(built: Built) -> None:
    facts = read_pdf_facts(built.result.pdf)
    entries = list(contents_entries(facts, range(2, 3)))
    problems = list(check_listed(facts, ("bibliography", "h-3-2-russia"), entries))
    assert [p.message for p in problems] == ["the contents lists its headings out of their order in the book"]
