"""The table checks on the example's build (examples/tables-figures): each passes on it and fails
on its own damage: a dropped row, a cell's text lost, a header row not repeated, a caption that
differs, header cells without their scope; and a note called from a cell and printed on another
page than the cell's (the note checks catch it)."""

from __future__ import annotations

import re
from pathlib import Path

import pypdf
import pytest

from folio.load import load_publication
from folio.verify.expectation import Expectation, expect_from_content
from folio.verify.pdf_facts import read_pdf_facts
from tests.conftest import TABLES_EXAMPLE, Built
from tests.verify.damage import (
    blank_text,
    damaged_epub,
    damaged_pdf,
    dests,
    found,
    replace_once,
    text_operations,
    verify,
)

DOCUMENT = "EPUB/s-russia-in-tables.xhtml"
TABLE_CHECKS = ("pdf-epub-tables", "table-headers", "epub-tables", "pdf-epub-captions")


@pytest.fixture(scope="module")
def example() -> Expectation:
    return expect_from_content(load_publication(TABLES_EXAMPLE).publication)


def problems_of(
    report_found: list[tuple[str, str | None, int | None]], checks: tuple[str, ...]
) -> list[tuple[str, str | None, int | None]]:
    return [item for item in report_found if item[0] in checks]


def test_the_example_passes_every_check(built_tables_example: Built, example: Expectation) -> None:
    report = verify(example, pdf=built_tables_example.result.pdf, epub=built_tables_example.result.epub)
    assert report.problems == ()
    results = {r.check: r for r in report.results}
    assert all(results[name].status == "passed" for name in TABLE_CHECKS)
    assert dict(results["pdf-epub-tables"].figures) == {"tables": 2, "rows": 27}


def test_the_pdf_reads_every_cell_and_the_repeated_header(built_tables_example: Built) -> None:
    facts = read_pdf_facts(built_tables_example.result.pdf)
    reports = next(t for t in facts.tables if t.id == "tbl-reports")
    assert reports.header == ("When, as the text dates it", "What the sources report", "Places named")
    assert reports.rows[2] == (
        "Following the fall of Assad\u2019s government",  # hyphenated at "As-", whole again
        "Moscow engaged in actions that were described as \u2018largely reactive\u2019.",
        "Moscow",
    )
    assert len(reports.rows) == 20
    assert [r.cells for r in reports.repeated] == [reports.header]
    assert reports.caption == "Table 1: What the sources report on Russia in Syria, as section 3.2 words it"


def page_labelled(built: Built, label: str) -> int:
    """The index of the page labelled `label` (the body's pages follow the front's)."""
    return read_pdf_facts(built.result.pdf).labels.index(label)  # type: ignore[union-attr]


def row_operation(built: Built, tmp_path: Path, page: int, starts: str) -> int:
    reader = pypdf.PdfReader(built.result.pdf)
    writer = pypdf.PdfWriter(clone_from=reader)
    return next(index for index, text in text_operations(writer, page) if text.startswith(starts))


def test_a_cell_whose_text_is_not_printed(
    built_tables_example: Built, tmp_path: Path, example: Expectation
) -> None:
    page = page_labelled(built_tables_example, "1")
    index = row_operation(built_tables_example, tmp_path, page, "Qamishli")
    path = damaged_pdf(built_tables_example, tmp_path, lambda w: blank_text(w, page, index))
    report = verify(example, pdf=path, epub=built_tables_example.result.epub)
    assert [(p.message, p.page) for p in report.problems if p.check == "pdf-epub-tables"] == [
        ("table tbl-reports: row 9, column 3 reads '', not 'Qamishli'", "1")
    ]


def test_a_row_dropped_from_the_epub(
    built_tables_example: Built, tmp_path: Path, example: Expectation
) -> None:
    def drop_row(text: str) -> str:
        rows = re.findall(r"<tr><td id=\"tbl-places-r3c1\".*?</tr>", text, flags=re.DOTALL)
        assert len(rows) == 1
        return text.replace(rows[0], "")

    path = damaged_epub(built_tables_example, tmp_path, {DOCUMENT: drop_row})
    with_content = verify(example, pdf=built_tables_example.result.pdf, epub=path)
    assert [p.message for p in with_content.problems] == [
        f"{DOCUMENT}: table tbl-places has 6 rows, not 7",
        f"{DOCUMENT}: table tbl-places: row 3, column 1 reads 'northern Syria', not 'Qamishli'",
    ]
    on_their_own = verify(None, pdf=built_tables_example.result.pdf, epub=path)
    assert [p.message for p in on_their_own.problems if p.check == "pdf-epub-tables"] == [
        "table tbl-places has 7 rows, not 6",
        "table tbl-places: row 3, column 1 reads 'Qamishli', not 'northern Syria'",
    ]


def test_a_header_row_not_repeated(built_tables_example: Built, tmp_path: Path, example: Expectation) -> None:
    page = page_labelled(built_tables_example, "2")
    index = row_operation(built_tables_example, tmp_path, page, "When, as the text dates it")
    path = damaged_pdf(built_tables_example, tmp_path, lambda w: blank_text(w, page, index))
    report = verify(example, pdf=path, epub=built_tables_example.result.epub)
    assert problems_of(found(report), TABLE_CHECKS) == [("table-headers", "2", None)]
    assert report.problems[0].message.startswith(
        "table tbl-reports continues on this page without its header row (above its first row: ['', "
    )


def test_a_caption_that_differs(built_tables_example: Built, tmp_path: Path, example: Expectation) -> None:
    edit = replace_once("the places the rows of Table 1 name", "the places the rows of Table 3 name")
    path = damaged_epub(
        built_tables_example, tmp_path, {DOCUMENT: lambda t: edit(t.replace("The places", "the places", 1))}
    )
    report = verify(example, pdf=built_tables_example.result.pdf, epub=path)
    assert [p.message for p in report.problems if p.check == "pdf-epub-captions"] == [
        "tbl-places's caption is 'Table 2: the places the rows of Table 3 name, and how many rows name "
        "each', not 'Table 2: The places the rows of Table 1 name, and how many rows name each'"
    ]


def test_header_cells_without_their_scope(built_tables_example: Built, tmp_path: Path) -> None:
    path = damaged_epub(
        built_tables_example, tmp_path, {DOCUMENT: lambda t: t.replace(' scope="col"', "", 2)}
    )
    report = verify(None, epub=path)
    assert [p.message for p in report.problems if p.check == "epub-tables"] == [
        f'{DOCUMENT}: table tbl-reports: 2 header cell(s) without scope="col"'
    ]


def test_a_note_called_from_a_cell_is_on_the_cell_s_page(
    built_tables_example: Built, tmp_path: Path, example: Expectation
) -> None:
    """Note 513 is called from a cell of page 1; its call's destination moved to page 2 puts the
    call and its note on different pages: the note checks see table cells as any text."""

    def move_call(writer: pypdf.PdfWriter) -> None:
        names = dests(writer)
        index = [str(n) for n in names[0::2]].index("fnref-513")
        destination = names[2 * index + 1].get_object()
        destination[0] = writer.pages[page_labelled(built_tables_example, "2")].indirect_reference

    report = verify(example, pdf=damaged_pdf(built_tables_example, tmp_path, move_call))
    assert ("note-placement", "2", 513) in found(report)
