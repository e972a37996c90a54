"""PDF facts + EPUB facts (+ the content's tables) -> where a table is not what it should be: a
row or a cell the two editions do not both show, in order; a page a table continues on without
its header row at the top; an EPUB table without its header cells' scope.

What a table should hold comes from the content when it is known, else from the EPUB: so a
table the content has and neither edition prints is named too.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from folio.errors import Problem
from folio.verify.epub_facts import EpubFacts
from folio.verify.expectation import Expectation, ExpectedTable, normalise
from folio.verify.pdf_facts import PdfFacts
from folio.verify.pdf_structure import PdfTable
from folio.verify.registry import Family

CHECKS = Family()


def table_figures(pdf: PdfFacts) -> dict[str, int]:
    return {"tables": len(pdf.tables), "rows": sum(len(t.rows) for t in pdf.tables)}


def epub_table_figures(epub: EpubFacts) -> dict[str, int]:
    return {"tables": len(epub.tables), "rows": sum(len(t.rows) for t in epub.tables)}


def wanted_tables(epub: EpubFacts, content: Expectation | None) -> tuple[ExpectedTable, ...]:
    """The tables the editions must show: the content's, else the EPUB's."""
    if content is not None and content.tables is not None:
        return content.tables
    return tuple(ExpectedTable(t.id, t.caption, t.header, t.rows) for t in epub.tables)


def differences(
    name: str, wanted: ExpectedTable, header: Sequence[str], rows: Sequence[Sequence[str]]
) -> Iterator[str]:
    """How a table as shown (`header`, `rows`) differs from `wanted`: each row that is missing or
    extra, each cell whose text is not the same (letters and digits compared)."""
    if [normalise(c) for c in header] != [normalise(c) for c in wanted.header]:
        yield f"table {name}: its header row reads {list(header)}, not {list(wanted.header)}"
    if len(rows) != len(wanted.rows):
        yield f"table {name} has {len(rows)} rows, not {len(wanted.rows)}"
    for index, (row, expected) in enumerate(zip(rows, wanted.rows, strict=False), start=1):
        if len(row) != len(expected):
            yield f"table {name}: row {index} has {len(row)} cells, not {len(expected)}"
            continue
        for column, (cell, text) in enumerate(zip(row, expected, strict=True), start=1):
            if normalise(cell) != normalise(text):
                yield f"table {name}: row {index}, column {column} reads '{cell[:60]}', not '{text[:60]}'"
                return  # one cell is enough to say the rows after it are not checked


@CHECKS.check("pdf-epub-tables", needs=("pdf", "epub"), figures=table_figures)
def check_same_tables(pdf: PdfFacts, epub: EpubFacts, content: Expectation | None) -> Iterator[Problem]:
    """Every table in both editions, with the same header row and the same rows, cell by cell."""
    printed = {table.id: table for table in pdf.tables}
    shown = {table.id: table for table in epub.tables}
    wanted = wanted_tables(epub, content)
    for table in wanted:
        yield from compared_edition(pdf, printed, table)
        in_epub = shown.get(table.id)
        if in_epub is None:
            yield Problem(epub.path, f"table {table.id} is not in the EPUB", "pdf-epub-tables")
        elif content is not None and content.tables is not None:
            for message in differences(table.id, table, in_epub.header, in_epub.rows):
                yield Problem(epub.path, f"{in_epub.document}: {message}", "pdf-epub-tables")
    known = {table.id for table in wanted}
    for extra in pdf.tables:
        if extra.id not in known:
            message = f"table {extra.id} is in the PDF, not in the {'content' if content else 'EPUB'}"
            yield Problem(pdf.path, message, "pdf-epub-tables", page=pdf.label(extra.page))


def compared_edition(pdf: PdfFacts, printed: dict[str, PdfTable], table: ExpectedTable) -> Iterator[Problem]:
    """How the PDF prints `table`: not at all, or with rows and cells that differ."""
    found = printed.get(table.id)
    if found is None:
        yield Problem(pdf.path, f"table {table.id} is not in the PDF", "pdf-epub-tables")
        return
    for message in differences(table.id, table, found.header, found.rows):
        yield Problem(pdf.path, message, "pdf-epub-tables", page=pdf.label(found.page))


@CHECKS.check("table-headers", needs=("pdf",), figures=table_figures)
def check_repeated_headers(pdf: PdfFacts) -> Iterator[Problem]:
    """Each page a table continues on prints the table's header row above its first row there."""
    for table in pdf.tables:
        wanted = [normalise(cell) for cell in table.header]
        for repeat in table.repeated:
            if [normalise(cell) for cell in repeat.cells] != wanted:
                message = (
                    f"table {table.id} continues on this page without its header row "
                    f"(above its first row: {list(repeat.cells)})"
                )
                yield Problem(pdf.path, message, "table-headers", page=pdf.label(repeat.page))


@CHECKS.check("epub-tables", needs=("epub",), figures=epub_table_figures)
def check_epub_tables(epub: EpubFacts) -> Iterator[Problem]:
    """Each EPUB table has a header row of named columns (`<th scope="col">`) and an id."""
    for table in epub.tables:
        where = f"{table.document}: table {table.id or '(no id)'}"
        if not table.header or not all(cell.strip() for cell in table.header):
            yield Problem(
                epub.path, f"{where} has no header row, or a column without a header", "epub-tables"
            )
        if table.unscoped:
            message = f'{where}: {table.unscoped} header cell(s) without scope="col"'
            yield Problem(epub.path, message, "epub-tables")
        if not table.id:
            yield Problem(epub.path, f"{where} has no id: a cross-reference cannot reach it", "epub-tables")
