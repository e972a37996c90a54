"""A PDF page's rows of glyphs -> the same rows, a table's cut into its cells.

Used by `folio.importer.pdf_pages`. A table is a band of rows (at least two) with wide gaps
inside them that line up: strips, across the whole band, that no glyph covers. Justified text
has wide spaces too (over an em, in a narrow column), but never at the same place line after
line. The strips are the table's column separators; the rows just below that cross none of them
(a cell's second line) belong to the band. Each cell is the glyphs of one column between two
rows of the table: a cell's lines are as close as the text's lines, a new row of the table is
farther (its cells' padding); in a table without padding, a new row is where the first column
has a line. Each piece of a cell knows its table, row and column: `folio.importer.cells` makes
the table of them.
"""

from __future__ import annotations

import itertools
import statistics
from collections import Counter
from dataclasses import dataclass, field

from folio.importer.pdf_layout import Glyph

WIDE = 0.8  # a gap this much of the type size inside a row may part two cells
SEPARATOR = 0.5  # a column separator is at least this much of the type size wide (the insets)
NEAR = 2.5  # a table's rows are at most this much of the type size apart
CELL_LINE = 1.1  # a cell's lines are at most this much farther apart than the text's lines


@dataclass(slots=True)
class Piece:
    """A row of glyphs, or the part of it in one cell of a table (numbered from 1 on the page)."""

    glyphs: list[Glyph]
    table: int = 0
    cell: int = 0
    column: int = 0
    row: int = 0  # the table's row, from 0


@dataclass(slots=True)
class Tables:
    count: int = 0  # tables found so far on the page
    cells: int = 0  # cells numbered so far on the page
    pieces: list[Piece] = field(default_factory=list)


def table_pieces(rows: list[list[Glyph]], found: Tables) -> None:
    """The rows (top to bottom) as pieces in `found`, a table's rows cut into its cells."""
    k = 0
    while k < len(rows):
        band = table_band(rows, k)
        if band is None:
            found.pieces.append(Piece(rows[k]))
            k += 1
            continue
        end, separators = band
        found.count += 1
        for row, column, lines in table_cells(rows[k:end], separators, line_step(rows, rows[k])):
            found.cells += 1
            found.pieces.extend(Piece(line, found.count, found.cells, column, row) for line in lines)
        k = end


def wide_gap(row: list[Glyph]) -> bool:
    ordered = sorted(row, key=lambda g: g.x)
    return any(b.x - a.right >= WIDE * b.size for a, b in itertools.pairwise(ordered))


def near(upper: list[Glyph], lower: list[Glyph]) -> bool:
    return 0 < upper[0].y - lower[0].y <= NEAR * statistics.median(g.size for g in upper)


def table_band(rows: list[list[Glyph]], start: int) -> tuple[int, list[tuple[float, float]]] | None:
    """Where the table that starts at `rows[start]` ends, and its column separators; None when
    no table starts there."""
    end = start + 1
    while (
        end < len(rows) and wide_gap(rows[end - 1]) and wide_gap(rows[end]) and near(rows[end - 1], rows[end])
    ):
        end += 1
    if end - start < 2:
        return None
    separators = column_gaps(rows[start:end])
    if not separators or not all(parted(row, separators) for row in rows[start:end]):
        return None
    low, high = min(g.x for g in rows[start]), max(g.right for r in rows[start:end] for g in r)
    while end < len(rows) and near(rows[end - 1], rows[end]) and not crosses(rows[end], separators):
        if min(g.x for g in rows[end]) < low - 1 or max(g.right for g in rows[end]) > high + 1:
            break
        end += 1
    return end, separators


def parted(row: list[Glyph], separators: list[tuple[float, float]]) -> bool:
    """Whether the row has a wide gap at each separator it has text on both sides of: a line of
    text whose wide space happens to lie over a table's column gap has a mere space at the next."""
    ordered = sorted(row, key=lambda g: g.x)
    for a, b in separators:
        left = [g for g in ordered if g.right <= b]
        right = [g for g in ordered if g.x >= a]
        if left and right and right[0].x - left[-1].right < WIDE * right[0].size:
            return False
    return True


def column_gaps(rows: list[list[Glyph]]) -> list[tuple[float, float]]:
    """The strips at least SEPARATOR across, inside the band, that no glyph of it covers."""
    glyphs = [g for row in rows for g in row]
    low, high = min(g.x for g in glyphs), max(g.right for g in glyphs)
    size = statistics.median(g.size for g in glyphs)
    covered = [False] * (round(high - low) + 1)
    for g in glyphs:
        for b in range(round(g.x - low), round(g.right - low) + 1):
            covered[min(b, len(covered) - 1)] = True
    gaps: list[tuple[float, float]] = []
    start: int | None = None
    for b, taken in enumerate(covered):
        if not taken and start is None:
            start = b
        elif taken and start is not None:
            if b - start >= SEPARATOR * size:
                gaps.append((low + start, low + b))
            start = None
    return gaps


def crosses(row: list[Glyph], separators: list[tuple[float, float]]) -> bool:
    return any(a < (g.x + g.right) / 2 < b for g in row for a, b in separators)


def line_step(rows: list[list[Glyph]], like: list[Glyph]) -> float:
    """How far apart the page's lines of the type size of `like` usually are."""
    size = statistics.median(g.size for g in like)

    def sized(row: list[Glyph]) -> bool:
        return abs(statistics.median(g.size for g in row) - size) < 0.2

    gaps = Counter(
        round(a[0].y - b[0].y, 1)
        for a, b in itertools.pairwise(rows)
        if a[0].y > b[0].y and sized(a) and sized(b)
    )
    return gaps.most_common(1)[0][0] if gaps else size * 1.2


def table_cells(
    rows: list[list[Glyph]], separators: list[tuple[float, float]], step: float
) -> list[tuple[int, int, list[list[Glyph]]]]:
    """The band's cells, row by row and left to right: each its row, its column and its lines. A row
    of the table starts farther below the one before than the text's lines are apart (a cell's
    padding); where they are no farther, wherever the first column has a line."""
    lines: dict[tuple[int, int], list[list[Glyph]]] = {}  # (table row, column) -> lines
    table_row, previous = -1, None
    padded = any(a[0].y - b[0].y > step * CELL_LINE for a, b in itertools.pairwise(rows))
    for row in rows:
        parts = cut(row, separators)
        if previous is None or (previous - row[0].y > step * CELL_LINE if padded else bool(parts[0])):
            table_row += 1
        previous = row[0].y
        for column, part in enumerate(parts):
            if part:
                lines.setdefault((table_row, column), []).append(part)
    return [(row, column, cell) for (row, column), cell in sorted(lines.items())]


def cut(row: list[Glyph], separators: list[tuple[float, float]]) -> list[list[Glyph]]:
    parts: list[list[Glyph]] = [[] for _ in range(len(separators) + 1)]
    for glyph in row:
        middle = (glyph.x + glyph.right) / 2
        parts[sum(middle >= b for _, b in separators)].append(glyph)
    return parts
