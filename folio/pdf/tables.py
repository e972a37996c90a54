"""The laid-out print edition + the publication's tables -> the tables it cannot print right, as
input errors at the table's (or the row's) line.

A table wider than the text block runs off the page: WeasyPrint widens it to its columns'
longest words and logs nothing. A row taller than a page is split across pages, and WeasyPrint
then leaves the header row out above its continuation: a page of cells without their column
names. Both are refused, with what to change.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from folio.errors import Diagnostic
from folio.model import Table, plain_text
from folio.pdf.boxes import LaidOutPage, WideTable, wide_tables


def table_errors(
    document: Any, pages: tuple[LaidOutPage, ...], tables: Mapping[str, Table], *, label: Callable[[int], str]
) -> list[Diagnostic]:
    errors = [wide_table_error(wide, tables) for wide in wide_tables(document, label)]
    return errors + split_row_errors(pages, tables)


def table_name(table: Table | None, table_id: str) -> str:
    """ "Table 2 ('Returns by year')", "the table" (uncaptioned) or, unknown, "table tbl-x"."""
    if table is None:
        return f"table {table_id}"
    caption = f" ('{plain_text(table.caption.inlines)[:60]}')" if table.caption else ""
    return f"{table.label or 'the table'}{caption}"


def wide_table_error(wide: WideTable, tables: Mapping[str, Table]) -> Diagnostic:
    """`content/x.md:12: Table 2 ('Returns by year') is 23 mm wider than the text block ...`."""
    table = tables.get(wide.table_id)
    return Diagnostic(
        f"{table_name(table, wide.table_id)} is {wide.overflow / 96 * 25.4:.0f} mm wider than the text "
        f"block on page {wide.page}: a column's longest word or number does not fit; shorten it, "
        "or split the table into fewer columns",
        table.source if table is not None else None,
    )


def split_row_errors(pages: tuple[LaidOutPage, ...], tables: Mapping[str, Table]) -> list[Diagnostic]:
    """A row whose cells have boxes on two pages: it is taller than what is left of a page."""
    rows = {
        cell.id: (table, index)
        for table in tables.values()
        for index, row in enumerate(table.rows, 1)
        for cell in row
    }
    first_page: dict[tuple[str, int], str] = {}  # (table id, row) -> the page it starts on
    errors: list[Diagnostic] = []
    for page in pages:
        for anchor in page.anchors:
            if anchor not in rows:
                continue
            table, index = rows[anchor]
            started = first_page.setdefault((table.id, index), page.label)
            if started not in (page.label, ""):
                message = (
                    f"row {index} of {table_name(table, table.id)} is taller than a page: it would be "
                    f"split from page {started} onto page {page.label}, whose part of it would print "
                    "without the header row; shorten its cells or split it into several rows"
                )
                errors.append(Diagnostic(message, table.rows[index - 1][0].source))
                first_page[(table.id, index)] = ""  # said once
    return errors
