"""The contents check: each entry prints its heading's page and links there; the content's
headings, each once, in order. Each damage of the sample's contents page trips it. The same of
the lists of tables and figures (examples/tables-figures asks for both), in the PDF and in the
EPUB's navigation (`lot`, `loi`)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

import pypdf
import pytest

from folio.load import load_publication
from folio.model import CONTENTS
from folio.verify.contents import check_listed, contents_entries, contents_pages, listings
from folio.verify.epub_facts import read_epub_facts
from folio.verify.expectation import Expectation, expect_from_content
from folio.verify.pdf_facts import read_pdf_facts
from tests.conftest import TABLES_EXAMPLE, Built
from tests.verify.damage import (
    NAV,
    damaged_epub,
    damaged_pdf,
    found,
    link_annots,
    move_destination,
    page_of,
    rename_destination,
    replace_once,
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
    problems = list(check_listed(facts, CONTENTS, ("bibliography", "h-3-2-russia"), entries))
    assert [p.message for p in problems] == ["the contents lists its headings out of their order in the book"]


# --- The lists of tables and figures (issue #15) ---------------------------------------------
TABLES = [
    (
        "tbl-reports-caption",
        "Table 1: What the sources report on Russia in Syria, as section 3.2 words it",
        "1",
    ),
    ("tbl-places-caption", "Table 2: The places the rows of Table 1 name, and how many rows name each", "2"),
]
FIGURES = [
    (
        "fig-timeline",
        "Figure 1: The reports of Table 1 that the text dates, December 2024 \u2013 January 2025",
        "3",
    )
]


@pytest.fixture(scope="module")
def example() -> Expectation:
    return expect_from_content(load_publication(TABLES_EXAMPLE).publication)


def test_the_lists_print_each_caption_with_its_folio_after_the_contents(
    built_tables_example: Built, example: Expectation
) -> None:
    facts = read_pdf_facts(built_tables_example.result.pdf)
    found = listings(facts, example)
    assert list(found) == ["contents", "list-of-tables", "list-of-figures"]
    assert [facts.label(page) for page in contents_pages(facts, example)] == ["iii"]  # one page for all
    assert [(e.target, e.title, e.printed) for e in found["list-of-tables"]] == TABLES
    assert [(e.target, e.title, e.printed) for e in found["list-of-figures"]] == FIGURES
    for entry in [*found["list-of-tables"], *found["list-of-figures"]]:  # the folio of its page
        assert facts.folios[facts.destinations[entry.target][0]] == entry.printed


def test_two_list_entries_print_each_other_s_page(
    built_tables_example: Built, tmp_path: Path, example: Expectation
) -> None:
    def swap(writer: pypdf.PdfWriter) -> None:
        page = page_of(writer, "iii")
        numbers = [index for index, text in text_operations(writer, page) if text.strip() in ("2", "3")]
        swap_texts(writer, page, *numbers)

    report = verify(example, pdf=damaged_pdf(built_tables_example, tmp_path, swap))
    assert [(p.check, p.page, p.message) for p in report.problems] == [
        (
            "contents",
            "iii",
            f"list of tables entry '{TABLES[1][1]}' prints page 3, but its table is on page 2",
        ),
        (
            "contents",
            "iii",
            f"list of figures entry '{FIGURES[0][1]}' prints page 2, but its figure is on page 3",
        ),
    ]


def test_a_list_entry_that_links_to_another_table(
    built_tables_example: Built, tmp_path: Path, example: Expectation
) -> None:
    def retarget_entry(writer: pypdf.PdfWriter) -> None:
        for annot in link_annots(writer, "iii"):
            if str(annot.get("/Dest")) == "fig-timeline":
                annot[pypdf.generic.NameObject("/Dest")] = pypdf.generic.TextStringObject(
                    "tbl-places-caption"
                )

    report = verify(example, pdf=damaged_pdf(built_tables_example, tmp_path, retarget_entry))
    assert [p.message for p in report.problems if p.check == "contents"] == [
        f"list of figures entry '{FIGURES[0][1]}' prints page 3, but its figure is on page 2",
        "the list of figures does not list the figure 'fig-timeline'",
        f"list of figures entry '{FIGURES[0][1]}' leads to 'tbl-places-caption', which it should not list",
    ]


def test_a_list_entry_that_reads_another_caption(
    built_tables_example: Built, tmp_path: Path, example: Expectation
) -> None:
    def swap(writer: pypdf.PdfWriter) -> None:
        page = page_of(writer, "iii")
        captions = [
            i for i, text in text_operations(writer, page) if text.startswith((" What", " The places"))
        ]
        swap_texts(writer, page, *captions)

    report = verify(example, pdf=damaged_pdf(built_tables_example, tmp_path, swap))
    assert [p.message for p in report.problems if p.check == "contents"] == [
        f"list of tables entry 'Table 1: {TABLES[1][1][9:]}' should read '{TABLES[0][1]}'",
        f"list of tables entry 'Table 2: {TABLES[0][1][9:]}' should read '{TABLES[1][1]}'",
    ]


def test_a_list_asked_for_and_not_printed(
    built_tables_example: Built, tmp_path: Path, example: Expectation
) -> None:
    path = damaged_pdf(
        built_tables_example, tmp_path, lambda w: rename_destination(w, "list-of-figures", None)
    )
    report = verify(example, pdf=path)
    assert [p.message for p in report.problems if p.check == "contents"] == [
        f"list of tables entry '{FIGURES[0][1]}' leads to 'fig-timeline', which it should not list",
        "the PDF has no list of figures (no destination 'list-of-figures'), which the content asks for",
    ]


def test_a_list_printed_that_the_content_does_not_ask_for(built_tables_example: Built) -> None:
    publication = load_publication(TABLES_EXAMPLE).publication
    expected = expect_from_content(dataclasses.replace(publication, lists=("tables",)))
    report = verify(expected, pdf=built_tables_example.result.pdf, epub=built_tables_example.result.epub)
    assert [(p.check, p.page, p.message) for p in report.problems] == [
        ("contents", "iii", "the PDF prints a list of figures, which the content does not have"),
        ("epub-lists", None, "the navigation has a nav of epub:type 'loi', which the content does not have"),
    ]


def test_the_epub_s_navigation_lists_the_same_entries(built_tables_example: Built) -> None:
    epub = read_epub_facts(built_tables_example.result.epub)
    document = "EPUB/s-russia-in-tables.xhtml"
    assert epub.lists == {
        "lot": tuple((text, f"{document}#{target}") for target, text, _ in TABLES),
        "loi": tuple((text, f"{document}#{target}") for target, text, _ in FIGURES),
    }
    report = verify(None, pdf=built_tables_example.result.pdf, epub=built_tables_example.result.epub)
    assert [p.message for p in report.problems] == []  # without the content: as the PDF lists them


@pytest.mark.parametrize(
    ("edit", "messages"),
    [
        (
            replace_once("#tbl-places-caption", "#tbl-places"),
            [
                "the navigation's list of tables leads to ['tbl-reports-caption', 'tbl-places'], not to "
                "['tbl-reports-caption', 'tbl-places-caption']"
            ],
        ),
        (
            replace_once("#fig-timeline", "#fig-lost"),
            [
                f"the navigation's loi entry '{FIGURES[0][1]}' leads to "
                "EPUB/s-russia-in-tables.xhtml#fig-lost, not in the EPUB",
                "the navigation's list of figures leads to ['fig-lost'], not to ['fig-timeline']",
            ],
        ),
        (
            replace_once('epub:type="lot"', 'epub:type="lov"'),
            ["the navigation has no list of tables (a nav of epub:type 'lot')"],
        ),
        (
            replace_once(">Table 2: The places", ">Table 3: The places"),
            [
                f"the navigation's list of tables entry 'Table 3: {TABLES[1][1][9:]}' should read "
                f"'{TABLES[1][1]}'"
            ],
        ),
    ],
)
def test_a_damaged_list_in_the_epub(
    built_tables_example: Built,
    tmp_path: Path,
    example: Expectation,
    edit: Callable[[str], str],
    messages: list[str],
) -> None:
    epub = damaged_epub(built_tables_example, tmp_path, {NAV: edit})
    report = verify(example, epub=epub)
    assert [p.message for p in report.problems if p.check == "epub-lists"] == messages
