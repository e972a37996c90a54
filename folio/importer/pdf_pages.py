"""A PDF's pages -> the text the text import reads, with what the page layout tells for sure.

`import_pdf` reads every character with its place and size (pypdfium2), and from that:
- lines: characters on one baseline, left to right, a space where a gap is;
- calls: small digits raised above a line of larger text, written as "[505]" glued where they
  stand, a shape the text import takes for a call and nothing else;
- running headers, footers and folios: lines that repeat at the same place on other pages (the
  digits masked, so "41" and "42" are one folio); removed, and listed as repairs by page;
- paragraphs: a wider gap between lines, or a change of type size, ends one; the notes (smaller
  type below the body, each starting with its number) come after the body of their page;
- tables (`folio.importer.pdf_tables`): each cell a paragraph, and where each line of the text
  stands in its table (table, row, column), for the text import to make the table of them.
Pages whose page labels are roman (i, ii, iii) before the first arabic one are the front matter
(title page, legal notice, contents, as folio's own PDF has them): left out of the text and
listed as a repair, since folio makes its own front from publication.yaml.
Then `folio.importer.import_text` recognises headings, calls and notes in that text, as for text
copied out of a PDF, and every finding says the page it is on.
"""

from __future__ import annotations

import ctypes
import itertools
import re
import statistics
from collections import Counter
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from folio.importer import ImportResult, import_text
from folio.importer.clean import Finding, clean_lines
from folio.importer.pdf_layout import (
    Glyph,
    Gutter,
    PageLine,
    find_gutter,
    order_cells,
    reading_order,
    split_rows,
)
from folio.importer.pdf_tables import Piece, Tables, table_pieces
from folio.importer.records import CellPlace, ConversionError

LARGER = 1.15  # type this much larger than the body's is a heading
SMALL = 0.9  # type this much smaller than the body's is a call or a note (Typst's notes: 0.85)
RAISED = 0.2  # a call's baseline is this much of the body's size above the line's
SPACE = 0.15  # a gap this much of the type size is a space between words
PARAGRAPH = 1.35  # a gap between baselines this much over the usual one ends a paragraph
COLUMN = 2.0  # a gap this much of the type size parts two texts on one baseline
PLACE = 3.0  # points: furniture repeats at the same height, give or take
APART = 1.5  # furniture stands farther than this much of its type size from the text
DIGITS = re.compile(r"\d+")
ROMAN = re.compile(r"^[ivxlcdm]+$", re.IGNORECASE)
# What PDFium reports for a hyphen at a line's end, added by hyphenation or not: a hyphen.
HYPHENS = {"\ufffe": "-", "\u00ad": "-", "\x02": "-"}


def import_pdf(path: Path) -> ImportResult:
    try:
        document = pdfium.PdfDocument(path)
    except pdfium.PdfiumError as error:
        raise ConversionError(f"not a PDF pypdfium2 can read ({error})") from error
    labels = [document.get_page_label(index) for index in range(len(document))]
    front = front_pages(labels)
    pages = [page_lines(page_glyphs(document[index]), index + 1) for index in range(front, len(document))]
    furniture = furniture_lines([line for page in pages for line in page])
    raw, pages_of, cells = page_text(pages, furniture)
    numbers = range(front + 1, len(document) + 1)
    found = clean_lines(furniture_pages(furniture, numbers)).furniture
    result = import_text(raw, furniture=found, tables=cells)
    removed = removed_furniture(furniture)
    return replace(
        result,
        repairs=(*front_left_out(labels[:front]), *removed, *on_pages(result.repairs, pages_of)),
        doubts=on_pages(result.doubts, pages_of),
        differences=on_pages(result.differences, pages_of),
    )


def front_pages(labels: list[str]) -> int:
    """How many pages the front matter has: those labelled in roman numerals before the first
    page labelled otherwise (a PDF all in roman numerals, or without labels, has none)."""
    front = len(list(itertools.takewhile(ROMAN.match, labels)))
    return front if front < len(labels) else 0


def front_left_out(labels: list[str]) -> list[Finding]:
    if not labels:
        return []
    return [
        Finding(
            None,
            f"left out the front matter, pages {labels[0]}–{labels[-1]} (1–{len(labels)}): folio makes "
            "the title page, legal notice and contents from publication.yaml",
        )
    ]


def page_glyphs(page: pdfium.PdfPage) -> list[Glyph]:
    """Every visible character of the page with its baseline, size and extent."""
    text = page.get_textpage()
    x, y = ctypes.c_double(), ctypes.c_double()
    glyphs: list[Glyph] = []
    spaced = False
    for index in range(text.count_chars()):
        character = chr(pdfium_c.FPDFText_GetUnicode(text.raw, index))
        character = HYPHENS.get(character, character)
        if character.isspace() or not character.isprintable():
            # A space the PDF has, not the line break PDFium makes up where the baseline moves.
            spaced = spaced or (character == " " and not pdfium_c.FPDFText_IsGenerated(text.raw, index))
            continue
        pdfium_c.FPDFText_GetCharOrigin(text.raw, index, x, y)
        left, bottom, _, _ = text.get_charbox(index)
        right = text.get_charbox(index, loose=True)[2]  # its advance: an overhanging f is no gap
        size = pdfium_c.FPDFText_GetFontSize(text.raw, index)
        glyphs.append(Glyph(character, size, min(x.value, left), right, y.value, bottom, spaced, len(glyphs)))
        spaced = False
    return glyphs


def page_lines(glyphs: list[Glyph], page: int) -> list[PageLine]:
    """The page's lines in reading order, each raised small digit joined to its line as "[n]",
    a table's lines by cell."""
    rows: list[list[Glyph]] = []
    for glyph in sorted(glyphs, key=lambda g: (-g.y, g.x)):
        if rows and abs(rows[-1][0].y - glyph.y) <= glyph.size * 0.1:
            rows[-1].append(glyph)
        else:
            rows.append([glyph])
    gutter = find_gutter(rows)
    rows = split_rows(rows, gutter)
    calls = [row for row in rows if raised_into(row, rows) is not None]
    pieces = [
        Piece(segment, piece.table, piece.cell, piece.column, piece.row)
        for piece in cut_tables([row for row in rows if row not in calls], gutter)
        for segment in (segments(piece.glyphs) if not piece.table else [piece.glyphs])
    ]
    targets = [piece.glyphs for piece in pieces]
    merged: dict[int, list[tuple[Glyph, bool]]] = {id(t): [(g, False) for g in t] for t in targets}
    for row in calls:
        target = raised_into(row, targets)
        assert target is not None  # it was raised into a row, now one of these pieces
        merged[id(target)].extend((g, True) for g in row)
    lines = [
        replace(
            line_of(merged[id(p.glyphs)], page, p.glyphs),
            table=p.table,
            cell=p.cell,
            row=p.row,
            column=p.column,
        )
        for p in pieces
    ]
    return order_cells(reading_order(lines, gutter))


def cut_tables(rows: list[list[Glyph]], gutter: Gutter | None) -> list[Piece]:
    """The rows, each table's cut into its cells; on a page of columns, each column's tables."""
    found = Tables()
    if gutter is None:
        table_pieces(rows, found)
        return found.pieces
    middle = (gutter[0] + gutter[1]) / 2
    sides = (
        [row for row in rows if max(g.right for g in row) <= middle],
        [row for row in rows if min(g.x for g in row) >= middle],
        [row for row in rows if min(g.x for g in row) < middle < max(g.right for g in row)],
    )
    for side in sides:
        table_pieces(side, found)
    return found.pieces


def segments(row: list[Glyph]) -> list[list[Glyph]]:
    """A row split where a gap is wider than words ever are: a header's title and its folio."""
    ordered = sorted(row, key=lambda g: g.x)
    parts = [[ordered[0]]]
    for glyph in ordered[1:]:
        if glyph.x - parts[-1][-1].right > COLUMN * glyph.size:
            parts.append([])
        parts[-1].append(glyph)
    return parts


def raised_into(row: list[Glyph], rows: list[list[Glyph]]) -> list[Glyph] | None:
    """The line of larger type that a row of small digits is raised above, if any: of several
    (two columns' lines on one baseline), the nearest."""
    if not all(g.text.isdigit() for g in row):
        return None
    size = max(g.size for g in row)
    found: list[tuple[float, int]] = []
    for k, other in enumerate(rows):
        body = statistics.median(g.size for g in other)
        if other is row or size >= body * SMALL:
            continue
        lift = row[0].y - other[0].y
        if 0 < lift <= body * 0.6 and lift >= body * RAISED * 0.5 and overlaps(row, other):
            left, right = min(g.x for g in other), max(g.right for g in other)
            found.append((max(left - row[0].x, row[0].x - right, 0.0), k))
    return rows[min(found)[1]] if found else None


def overlaps(row: list[Glyph], other: list[Glyph]) -> bool:
    """Whether raised digits stand over a line, after its end, or just before its start (a
    note's label, set apart from its first word by at most an em and a half: a hanging indent)."""
    before = max(g.right for g in row) - min(g.x for g in row) + 1.5 * other[0].size
    return min(g.x for g in other) - before <= row[0].x <= max(g.right for g in other) + 20


def line_of(glyphs: list[tuple[Glyph, bool]], page: int, row: list[Glyph]) -> PageLine:
    """The glyphs of a line as text: spaces at gaps, each run of raised digits as "[n]" (a call
    follows the word it marks), but a run that opens the line as "n " (a note's label)."""
    ordered = [(g, raised or g.superior) for g, raised in sorted(glyphs, key=lambda item: item[0].x)]
    label = next((k for k, (_, raised) in enumerate(ordered) if not raised), len(ordered))
    text = [g.text for g, _ in ordered[:label]] + ([" "] if 0 < label < len(ordered) else [])
    previous: Glyph | None = None
    in_call = False
    for glyph, raised in ordered[label:]:
        gap = previous is not None and (
            glyph.x - previous.right > SPACE * glyph.size
            or (glyph.spaced and previous.order == glyph.order - 1)  # a justified line's squeezed space
        )
        if in_call and (not raised or gap):
            text.append("]")
            in_call = False
        if gap and not raised:
            text.append(" ")
        if raised and not in_call:
            text.append("[")
            in_call = True
        text.append(glyph.text)
        previous = glyph
    if in_call:
        text.append("]")
    size = statistics.median(g.size for g in row)
    return PageLine("".join(text), size, min(g.x for g in row), row[0].y, page, max(g.right for g in row))


def furniture_lines(lines: list[PageLine]) -> set[PageLine]:
    """Lines that repeat, digits masked, at the same height on another page, at the top or the
    foot of their page, set apart from its text: a note's last line "2025, url" may well come
    back at the same height on another page, above the folio, and is text."""
    places: dict[tuple[str, int], set[int]] = {}
    for line in lines:
        places.setdefault(place(line), set()).add(line.page)
    repeated = {line for line in lines if len(places[place(line)]) >= 2}
    found: set[PageLine] = set()
    for _, page in itertools.groupby(sorted(lines, key=by_place), key=lambda line: line.page):
        ordered = list(page)
        found |= edge_lines(ordered, repeated) | edge_lines(ordered[::-1], repeated)
    return found


def place(line: PageLine) -> tuple[str, int]:
    return DIGITS.sub("#", line.text), round(line.y / PLACE)


def edge_lines(ordered: list[PageLine], repeated: set[PageLine]) -> set[PageLine]:
    """The repeated lines at the page's edge `ordered` starts from, but those as close to the
    text as its own lines are to each other."""
    edge = list(itertools.takewhile(lambda line: line in repeated, ordered))
    if len(edge) == len(ordered):
        return set(edge)
    text = ordered[len(edge)]
    while edge and abs(edge[-1].y - text.y) <= APART * edge[-1].size:
        text = edge.pop()
    return set(edge)


def by_place(line: PageLine) -> tuple[int, float, float]:
    """Page, top to bottom, left to right: a running header's two halves in one order each run."""
    return line.page, -line.y, line.x


def page_text(
    pages: list[list[PageLine]], furniture: set[PageLine]
) -> tuple[str, dict[int, int], dict[int, CellPlace]]:
    """The pages as text: paragraphs between blank lines, the notes after the body, a form feed
    between pages and between a page's columns. And the page of each line of that text, and
    where in its table each line of a table's cell stands."""
    out: list[str] = []
    pages_of: dict[int, int] = {}
    cells: dict[int, CellPlace] = {}
    tables: dict[tuple[int, int], int] = {}  # (page, its table) -> the document's table
    for lines in pages:
        number = lines[0].page if lines else 0
        kept = [line for line in lines if line not in furniture]
        body = statistics.mode([round(line.size, 1) for line in kept]) if kept else 0.0
        for _, column in itertools.groupby(kept, key=lambda line: line.part):
            for block, size in blocks(list(column), body):
                # A heading in larger type over two lines is one line of text, as headings are.
                texts = [line.text for line in block]
                for text in [" ".join(texts)] if size > body * LARGER else texts:
                    out.append(text)
                    pages_of[len(out)] = number
                    if block[0].table:
                        table = tables.setdefault((number, block[0].table), len(tables) + 1)
                        cells[len(out)] = CellPlace(table, block[0].row, block[0].column)
                out.append("")
            out.append("\f")  # a column is a page of text: what goes on in the next is joined
    return "\n".join(out), pages_of, cells


def blocks(lines: list[PageLine], body: float) -> Iterable[tuple[list[PageLine], float]]:
    """Runs of lines that make one paragraph, one heading or one note, with their type size."""
    usual = Counter(  # lines on one baseline (a table's cells, a title and its folio) are no step
        round(a.y - b.y, 0)
        for a, b in itertools.pairwise(lines)
        if abs(a.size - body) < 0.2 and a.y - b.y >= 1
    )
    step = usual.most_common(1)[0][0] if usual else body * 1.2
    own = Counter(  # larger type has a wider step of its own: a heading over two lines
        (round(a.size, 1), round(a.y - b.y, 0))
        for a, b in itertools.pairwise(lines)
        if abs(a.size - b.size) < 0.2 and a.y - b.y >= 1
    )
    steps = {size: gap for (size, gap), _ in reversed(own.most_common())}
    block: list[PageLine] = []
    for k, line in enumerate(lines):
        before = lines[k - 1] if k else None
        note_start = line.size < body * SMALL and bool(re.match(r"^\[?\d+\]?\s", line.text))
        new = before is None or (
            abs(before.size - line.size) > 0.2
            or before.y - line.y > max(step, steps.get(round(line.size, 1), 0.0)) * PARAGRAPH
            or note_start
            or (before.table, before.cell) != (line.table, line.cell)  # a table's cell is a paragraph
        )
        if new and block:
            yield block, before.size if before else body
            block = []
        block.append(line)
    if block:
        yield block, lines[-1].size


def furniture_pages(furniture: set[PageLine], numbers: Iterable[int]) -> str:
    """The furniture alone, page by page (those of `numbers`), for the text import to read the
    metadata it offers."""
    pages = [[line.text for line in sorted(furniture, key=by_place) if line.page == n] for n in numbers]
    return "\f".join("\n\n".join(["", *page, ""]) for page in pages)


def removed_furniture(furniture: set[PageLine]) -> list[Finding]:
    kinds: dict[str, list[PageLine]] = {}
    for line in sorted(furniture, key=by_place):
        kinds.setdefault(DIGITS.sub("#", line.text), []).append(line)
    return [
        Finding(
            None, f"removed running header, footer or folio '{lines[0].text}' (pages {pages_shown(lines)})"
        )
        for lines in kinds.values()
    ]


def pages_shown(lines: list[PageLine]) -> str:
    return ", ".join(str(line.page) for line in lines)


def on_pages(findings: Iterable[Finding], pages_of: dict[int, int]) -> tuple[Finding, ...]:
    """Findings at lines of the made-up text, said at their pages of the PDF."""
    return tuple(
        Finding(None, f"page {pages_of.get(f.line, '?')}: {f.message}") if f.line is not None else f
        for f in findings
    )
