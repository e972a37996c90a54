"""The PDF's named destinations + each page's body text -> its tables and figures as printed.

folio gives every table cell an id, and WeasyPrint a named destination at the top left of every
element with one; so a cell's text is the body text drawn inside its box: below its row's top,
above the next row's (or the table's end mark, `{id}-end`), between its column's left edge and
the next column's. A table is a destination `X` with header cells `X-h1`, `X-h2`, ... and rows
`X-r1c1`, ...; a page it continues on prints the header row again above its first row there. A
figure is a destination `X` with an end mark `X-end` and no header cell: its image is drawn
between the two; its caption, `X-caption`, like a table's, is the text from its top down to the
next element below it.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from folio.verify.anchors import CALL_DEST, NOTE_DEST
from folio.verify.pdf_layout import SLACK, Places
from folio.verify.pdf_text import TextRun

HEADER_CELL = re.compile(r"^(.+)-h(\d+)$")
BODY_CELL = re.compile(r"^(.+)-r(\d+)c(\d+)$")
HYPHENATED = "\x02"  # PDFium's reading of a hyphen that ends a line


@dataclass(frozen=True, slots=True)
class RepeatedHeader:
    page: int  # index of a page the table continues on
    cells: tuple[str, ...]  # what is printed above its first row there, column by column


@dataclass(frozen=True, slots=True)
class PdfTable:
    id: str
    page: int  # index of its first page
    caption: str | None  # None: the table has no caption destination
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    repeated: tuple[RepeatedHeader, ...]  # one for each page after the first that has a row


@dataclass(frozen=True, slots=True)
class PdfFigure:
    id: str
    page: int
    end_page: int
    left: float
    top: float  # the image's box: from its top ...
    bottom: float  # ... to its end mark
    caption: str | None
    caption_page: int | None = None  # index of the page its caption begins on


@dataclass(frozen=True, slots=True)
class Region:
    """Body text on one page between two heights (`bottom` < y <= `top`), cut into columns."""

    page: int
    top: float
    bottom: float
    lefts: tuple[float, ...]  # each column's left edge, left to right


def read_tables(places: Places, body: Sequence[Sequence[TextRun]]) -> Iterator[PdfTable]:
    header_cells: dict[str, dict[int, tuple[int, float, float]]] = {}
    body_cells: dict[str, dict[tuple[int, int], tuple[int, float, float]]] = {}
    for name, place in places.items():
        if m := HEADER_CELL.match(name):
            header_cells.setdefault(m.group(1), {})[int(m.group(2))] = place
        elif m := BODY_CELL.match(name):
            body_cells.setdefault(m.group(1), {})[(int(m.group(2)), int(m.group(3)))] = place
    for table_id, header in header_cells.items():
        if f"{table_id}-end" in places:
            yield read_table(table_id, header, body_cells.get(table_id, {}), places, body)


def read_table(
    table_id: str,
    header: dict[int, tuple[int, float, float]],
    cells: dict[tuple[int, int], tuple[int, float, float]],
    places: Places,
    body: Sequence[Sequence[TextRun]],
) -> PdfTable:
    columns = [header[n] for n in sorted(header)]
    lefts = tuple(left for _, left, _ in columns)
    page, _, header_top = columns[0]
    rows = [cells[(r, 1)] for r in sorted({r for r, _ in cells}) if (r, 1) in cells]
    end_page, _, end_top = places[f"{table_id}-end"]
    bottoms = [bottom_of(index, rows, end_page, end_top) for index in range(len(rows))]
    first_row = next(((p, top) for p, _, top in rows if p == page), None)
    header_bottom = first_row[1] if first_row else (end_top if end_page == page else float("-inf"))
    header_texts = cell_texts(Region(page, header_top, header_bottom, lefts), body)
    row_texts = tuple(
        cell_texts(Region(p, top, bottom, lefts), body)
        for (p, _, top), bottom in zip(rows, bottoms, strict=True)
    )
    height = header_top - header_bottom
    repeated = tuple(
        RepeatedHeader(p, cell_texts(Region(p, top + height + SLACK, top, lefts), body))
        for p, top in first_rows_of_later_pages(rows, page)
    )
    caption = caption_text(f"{table_id}-caption", places, body)
    return PdfTable(table_id, page, caption, header_texts, row_texts, repeated)


def bottom_of(index: int, rows: list[tuple[int, float, float]], end_page: int, end_top: float) -> float:
    """Where row `index` ends on its page: the next row's top, the end mark, or the page's foot."""
    page = rows[index][0]
    if index + 1 < len(rows) and rows[index + 1][0] == page:
        return rows[index + 1][2]
    return end_top if end_page == page else float("-inf")


def first_rows_of_later_pages(
    rows: list[tuple[int, float, float]], first: int
) -> Iterator[tuple[int, float]]:
    seen = {first}
    for page, _, top in rows:
        if page not in seen:
            seen.add(page)
            yield page, top


def cell_texts(region: Region, body: Sequence[Sequence[TextRun]]) -> tuple[str, ...]:
    """The text of each column of the region: its runs in drawing order, joined."""
    texts: list[list[TextRun]] = [[] for _ in region.lefts]
    for run in runs_in(region.page, region.top, region.bottom, body):
        column = bisect.bisect_right(region.lefts, run.x + run.width / 2 + SLACK) - 1
        if column >= 0:
            texts[column].append(run)
    return tuple(joined(runs) for runs in texts)


def joined(runs: Sequence[TextRun]) -> str:
    """The runs' text, a space where one line ends and the next begins; a word hyphenated at the
    end of a line (PDFium reads the hyphen as U+0002) whole again."""
    parts: list[str] = []
    for index, run in enumerate(runs):
        new_line = index > 0 and abs(run.y - runs[index - 1].y) > SLACK
        if new_line and parts and parts[-1].endswith(HYPHENATED):
            parts[-1] = parts[-1].removesuffix(HYPHENATED)
        elif new_line:
            parts.append(" ")
        parts.append(run.text)
    return " ".join("".join(parts).replace(HYPHENATED, "-").split())


def runs_in(page: int, top: float, bottom: float, body: Sequence[Sequence[TextRun]]) -> Iterable[TextRun]:
    if not 0 <= page < len(body):
        return ()
    return (run for run in body[page] if bottom < run.y <= top)


def caption_text(name: str, places: Places, body: Sequence[Sequence[TextRun]]) -> str | None:
    """The text from the caption's top down to the next element below it on its page."""
    if name not in places:
        return None
    page, _, top = places[name]
    below = [
        other_top
        for other, (other_page, _, other_top) in places.items()
        if other_page == page
        and other_top < top - SLACK
        and not (CALL_DEST.match(other) or NOTE_DEST.match(other))
    ]
    bottom = max(below, default=float("-inf"))
    return joined(list(runs_in(page, top + SLACK, bottom, body)))


def read_figures(places: Places, body: Sequence[Sequence[TextRun]]) -> Iterator[PdfFigure]:
    for name, (page, left, top) in places.items():
        end = places.get(f"{name}-end")
        if end is None or f"{name}-h1" in places:
            continue  # not a figure: no end mark, or a table
        caption = caption_text(f"{name}-caption", places, body)
        caption_page = places[f"{name}-caption"][0] if f"{name}-caption" in places else None
        yield PdfFigure(name, page, end[0], left, top, end[2], caption, caption_page)
