"""The recognised paragraphs that are a PDF table's cells -> tables, or paragraphs and a doubt.

Used by `folio.importer.import_text` when a PDF's layout showed tables
(`folio.importer.pdf_tables`): each line of the text that is part of a cell says where it stands
(table, row, column). The paragraphs of one table become an `ImportedTable` whose first row is
its header (a PDF does not mark a header row: a doubt for each table says so). A table whose
columns are not clear stays one paragraph per cell, row by row, with a doubt that says why: it
has a single row, its first row leaves a column empty (a GFM table needs a header for each),
its first row calls a note (a header cell may not), or its cells were not read one paragraph
each.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from folio.importer.clean import Finding
from folio.importer.records import Cell, CellPlace, ImportedBlock, ImportedParagraph, ImportedTable


def gather_tables(
    blocks: Sequence[ImportedBlock], places: Mapping[int, CellPlace], doubts: list[Finding]
) -> tuple[ImportedBlock, ...]:
    """The blocks, each run of one table's cells made into that table where its columns are
    clear; a doubt for each table, at its first line."""
    gathered: list[ImportedBlock] = []
    k = 0
    while k < len(blocks):
        place = place_of(blocks[k], places)
        if place is None:
            gathered.append(blocks[k])
            k += 1
            continue
        end = k + 1
        while end < len(blocks) and (other := place_of(blocks[end], places)) and other.table == place.table:
            end += 1
        cells = [block for block in blocks[k:end] if isinstance(block, ImportedParagraph)]
        expected = {(p.row, p.column) for p in places.values() if p.table == place.table}
        gathered.extend(table_of(cells, places, expected, doubts))
        k = end
    return tuple(gathered)


def place_of(block: ImportedBlock, places: Mapping[int, CellPlace]) -> CellPlace | None:
    return places.get(block.line) if isinstance(block, ImportedParagraph) else None


def table_of(
    paragraphs: list[ImportedParagraph],
    places: Mapping[int, CellPlace],
    expected: set[tuple[int, int]],
    doubts: list[Finding],
) -> list[ImportedBlock]:
    """The table of these paragraphs, or the paragraphs themselves when its columns are not
    clear; and the doubt that says which."""
    cells: dict[tuple[int, int], Cell] = {}
    for paragraph in paragraphs:
        place = places[paragraph.line]
        before = cells.get((place.row, place.column))
        cells[(place.row, place.column)] = (*before, " ", *paragraph.parts) if before else paragraph.parts
    line = paragraphs[0].line
    reason = unclear(cells, expected)
    if reason:
        count = len(paragraphs)
        message = f"a table of {count} cells became {count} paragraphs, one per cell, row by row: {reason}"
        doubts.append(Finding(line, message))
        return list(paragraphs)
    rows = 1 + max(row for row, _ in cells)
    columns = 1 + max(column for _, column in cells)
    grid = [tuple(cells.get((row, column), ()) for column in range(columns)) for row in range(rows)]
    message = (
        f"a table of {columns} columns and {rows} rows: its first row is read as its header row "
        "(a PDF does not mark one); check it"
    )
    doubts.append(Finding(line, message))
    return [ImportedTable(grid[0], tuple(grid[1:]), line)]


def unclear(cells: dict[tuple[int, int], Cell], expected: set[tuple[int, int]]) -> str:
    """Why these cells make no table folio can hold, or ""."""
    if set(cells) != expected:
        return "the text import did not read its cells one paragraph each"
    rows = {row for row, _ in cells}
    if len(rows) < 2:
        return "it has a single row, so its columns are not clear"
    columns = 1 + max(column for _, column in cells)
    empty = [column + 1 for column in range(columns) if not has_text(cells.get((0, column), ()))]
    if empty:
        return f"its first row, the header, has no text in column {empty[0]}"
    calls = [part for column in range(columns) for part in cells[(0, column)] if isinstance(part, int)]
    if calls:
        return f"its first row, the header, calls note {calls[0]} (a header cell may not call a note)"
    return ""


def has_text(cell: Cell) -> bool:
    return any(isinstance(part, str) and part.strip() for part in cell)
