"""A PDF page's glyphs -> its regions in reading order: columns, and the text across them.

Used by `folio.importer.pdf_pages`. A page set in two (or more) columns has a gutter: a strip,
in the middle of the text, that no line crosses but the few that span the page (a title, a
centred folio). `find_gutter` finds it from where the glyphs are; `split_rows` cuts each row of
glyphs there, so the two columns' lines on one baseline are two lines; `reading_order` reads
each band of columns down the left column, then down the right one, the lines that span the
page in their place. Each column is a `part` of the page: the text import treats it as a page
of text (a paragraph or a note that goes on in the next column is joined as across a page).
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, replace

SUPERIOR = 0.25  # a superior figure's ink starts this much of its size above its baseline
GUTTER = 0.8  # a gutter is at least this much of the type size wide
SPANNING = 0.05  # at most this share of the rows may cross a gutter (titles, folios)
SIDE_ROWS = 3  # a column has at least this many lines


@dataclass(frozen=True, slots=True)
class Glyph:
    text: str
    size: float
    x: float
    right: float
    y: float  # baseline, from the page's bottom
    bottom: float = 0.0  # where its ink starts, from the page's bottom
    spaced: bool = False  # the PDF's text has a space between it and the glyph before it
    order: int = 0  # its place among the page's glyphs in the PDF's text

    @property
    def superior(self) -> bool:
        """A superior figure (OpenType `sups`, as Typst and InDesign set calls): a digit of the
        line's own size and baseline whose ink starts well above that baseline."""
        return self.text.isdigit() and self.bottom - self.y > SUPERIOR * self.size


@dataclass(frozen=True, slots=True)
class PageLine:
    text: str
    size: float
    x: float
    y: float
    page: int  # from 1
    right: float = 0.0
    part: int = 0  # the page's column (or band across them) it is in, in reading order
    table: int = 0  # the page's table it is in (from 1), if any
    cell: int = 0  # and its cell there (numbered on the page from 1, row by row)
    row: int = 0  # the cell's row in its table, from 0
    column: int = 0  # and its column, from 0


Gutter = tuple[float, float]


def find_gutter(rows: list[list[Glyph]]) -> Gutter | None:
    """The strip in the middle of the text that (nearly) no row crosses, with lines on both
    sides of it: the gap between two columns. None on a page of one column."""
    glyphs = [g for row in rows for g in row]
    if len(rows) < 2 * SIDE_ROWS:
        return None
    low, high = min(g.x for g in glyphs), max(g.right for g in glyphs)
    width = round(high - low)
    cover = [0] * (width + 1)
    for row in rows:
        covered = {b for g in row for b in range(round(g.x - low), round(g.right - low) + 1)}
        for b in covered:
            if 0 <= b <= width:
                cover[b] += 1
    allowed = max(1, int(len(rows) * SPANNING))
    size = statistics.median(g.size for g in glyphs)
    best: Gutter | None = None
    start: int | None = None
    for b in range(width // 4, 3 * width // 4 + 2):
        open_here = b <= 3 * width // 4 and cover[b] <= allowed
        if open_here and start is None:
            start = b
        elif not open_here and start is not None:
            if b - start >= GUTTER * size and (best is None or b - start > best[1] - best[0]):
                best = (low + start, low + b)
            start = None
    if best is None or min(side_rows(rows, best)) < SIDE_ROWS:
        return None
    return best


def side_rows(rows: list[list[Glyph]], gutter: Gutter) -> tuple[int, int]:
    """How many rows have text left of the gutter, and how many right of it."""
    left = sum(any(g.right <= gutter[0] + 1 for g in row) for row in rows)
    right = sum(any(g.x >= gutter[1] - 1 for g in row) for row in rows)
    return left, right


def split_rows(rows: list[list[Glyph]], gutter: Gutter | None) -> list[list[Glyph]]:
    """Each row cut at the gutter, unless it crosses it (a line that spans the columns)."""
    if gutter is None:
        return rows
    middle = (gutter[0] + gutter[1]) / 2
    parts: list[list[Glyph]] = []
    for row in rows:
        if any(gutter[0] < (g.x + g.right) / 2 < gutter[1] for g in row):
            parts.append(row)
            continue
        left = [g for g in row if g.right <= middle]
        right = [g for g in row if g.right > middle]
        parts.extend(part for part in (left, right) if part)
    return parts


def reading_order(lines: list[PageLine], gutter: Gutter | None) -> list[PageLine]:
    """The lines in reading order, each with its part: top to bottom on a page of one column;
    else each band of columns left column first, a line across the columns its own part."""
    if gutter is None:
        return lines
    middle = (gutter[0] + gutter[1]) / 2
    ordered: list[PageLine] = []
    band: list[PageLine] = []
    part = 0

    def close_band() -> None:
        nonlocal part
        for side in ([ln for ln in band if ln.x < middle], [ln for ln in band if ln.x >= middle]):
            if side:
                ordered.extend(replace(line, part=part) for line in side)
                part += 1
        band.clear()

    for line in sorted(lines, key=lambda ln: -ln.y):
        if line.x < middle < line.right:
            close_band()
            ordered.append(replace(line, part=part))
            part += 1
        else:
            band.append(line)
    close_band()
    return ordered


def order_cells(lines: list[PageLine]) -> list[PageLine]:
    """The lines with each table's read cell by cell, row by row, in the places its lines had."""
    ordered = list(lines)
    for table in {line.table for line in lines if line.table}:
        places = [k for k, line in enumerate(lines) if line.table == table]
        cells = sorted((lines[k] for k in places), key=lambda line: (line.cell, -line.y))
        for k, line in zip(places, cells, strict=True):
            ordered[k] = line
    return ordered
