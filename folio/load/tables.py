"""GFM pipe tables -> `Table`s: their cells, the alignment of each column, and Pandoc's caption,
a paragraph `Table: ...` (or `: ...`) right before or after the table, which may end with the
table's id, `{#tbl-returns}`.

Takes the markdown-it tokens of one table (and the file's lines, to count a row's cells: a cell
past the header's count is dropped by markdown-it without a word); gives the table with its
cells as paragraphs. `bind_captions` then joins each table with its caption among the blocks of
one container and gives every table its id.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from typing import cast

from markdown_it.rules_block.table import enclosingPipesRe, escapedSplit
from markdown_it.token import Token

from folio.errors import SourceLocation
from folio.load.diagnostics import Diagnostics
from folio.load.ids import Ids
from folio.model import Alignment, Block, Inline, NoteRef, Paragraph, Table, Text

CAPTION_PREFIX = re.compile(r"^(?:[Tt]able)?:\s+")  # Pandoc: "Table: ...", "table: ..." or ": ..."
CAPTION_ID = re.compile(r"\s*\{#([A-Za-z][\w.:-]*)\}\s*$")
ALIGNMENTS: dict[str, Alignment] = {
    "text-align:left": "left",
    "text-align:center": "center",
    "text-align:right": "right",
}

CellReader = Callable[[Token, str | None], tuple[Inline, ...]]  # a cell's inline token -> inlines


def read_table(
    tokens: list[Token],
    start: int,
    *,
    read_cell: CellReader,
    lines: list[str],
    location: Callable[[int | None], SourceLocation],
    problems: Diagnostics,
) -> tuple[Table, int]:
    """The table whose `table_open` is tokens[start], and the index after its `table_close`.
    Its id and its cells' ids are given by `bind_captions`, once its caption is known."""
    header: list[Paragraph] = []
    rows: list[tuple[Paragraph, ...]] = []
    alignments: list[Alignment] = []
    row: list[Paragraph] = []
    i = start + 1
    while tokens[i].type != "table_close":
        token = tokens[i]
        if token.type == "tr_open":
            row = []
            check_row_width(token, lines, len(alignments) or None, location, problems)
        elif token.type == "th_open":
            alignments.append(ALIGNMENTS.get(str(token.attrs.get("style", "")), ""))
            header.append(header_cell(tokens[i + 1], len(header) + 1, read_cell, location, problems))
            i += 2
        elif token.type == "td_open":
            inline = tokens[i + 1]
            row.append(
                Paragraph(read_cell(inline, None), "", location(inline.map[0] if inline.map else None))
            )
            i += 2
        elif token.type == "tr_close" and row:
            rows.append(tuple(row))
        i += 1
    check_glued_caption(rows, problems)
    lines_of = tokens[start].map
    opening = location(lines_of[0] if lines_of else None)
    return Table(tuple(header), tuple(rows), tuple(alignments), None, "", opening), i + 1


def header_cell(
    inline: Token,
    column: int,
    read_cell: CellReader,
    location: Callable[[int | None], SourceLocation],
    problems: Diagnostics,
) -> Paragraph:
    where = location(inline.map[0] if inline.map else None)
    cell = Paragraph(
        read_cell(inline, "a header cell (it repeats on every page the table runs on)"), "", where
    )
    if not cell.inlines:
        problems.error(f"column {column} of the table has no header", where)
    return cell


def check_glued_caption(rows: list[tuple[Paragraph, ...]], problems: Diagnostics) -> None:
    """`Table: ...` right below the last row, without a blank line: GFM makes it one more row."""
    if rows and is_caption(rows[-1][0]) and not any(cell.inlines for cell in rows[-1][1:]):
        message = (
            "this caption is read as the table's last row: leave a blank line between the table "
            "and its caption"
        )
        problems.error(message, rows[-1][0].source)


def check_row_width(
    row: Token,
    lines: list[str],
    columns: int | None,
    location: Callable[[int | None], SourceLocation],
    problems: Diagnostics,
) -> None:
    """A row with more cells than the header: markdown-it drops the rest without a word."""
    if columns is None or not row.map or row.map[0] >= len(lines):
        return
    text = lines[row.map[0]].strip().lstrip("> \t")
    cells = escapedSplit(enclosingPipesRe.sub("", text.strip()))
    if len(cells) > columns:
        message = (
            f"this row has {len(cells)} cells and the table's header {columns}: cells past the "
            f"{columns}{ordinal(columns)} would be dropped; add a column or join the cells"
        )
        problems.error(message, location(row.map[0]))


def ordinal(number: int) -> str:
    if 10 <= number % 100 <= 20:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")


def is_caption(block: Block) -> bool:
    """Pandoc's table caption: a paragraph that starts with `Table:` (or `:`)."""
    if not isinstance(block, Paragraph) or not block.inlines:
        return False
    first = block.inlines[0]
    return isinstance(first, Text) and CAPTION_PREFIX.match(first.text) is not None


def bind_captions(blocks: list[Block], *, ids: Ids, problems: Diagnostics) -> list[Block]:
    """The blocks with each table joined to its caption (the paragraph right before it, else
    right after it) and given its id: the caption's `{#tbl-...}`, else one made up."""
    result: list[Block] = []
    index = 0
    while index < len(blocks):
        block = blocks[index]
        if not isinstance(block, Table):
            result.append(block)
            index += 1
            continue
        caption: Paragraph | None = None
        if result and is_caption(result[-1]):
            caption = cast(Paragraph, result.pop())
        elif index + 1 < len(blocks) and is_caption(blocks[index + 1]):
            caption = cast(Paragraph, blocks[index + 1])
            check_caption_after(caption, problems)
            index += 1
        result.append(identified(block, caption, ids=ids, problems=problems))
        index += 1
    return result


def check_caption_after(caption: Paragraph, problems: Diagnostics) -> None:
    """A caption prints above its table: written below, a note it calls would be numbered after
    the notes of the cells, which print after it."""
    if any(isinstance(item, NoteRef) for item in caption.inlines):
        message = (
            "this caption prints above its table, so it cannot call a note while written below it: "
            "move the caption above the table"
        )
        problems.error(message, caption.source)


def identified(table: Table, caption: Paragraph | None, *, ids: Ids, problems: Diagnostics) -> Table:
    """The table with its caption (prefix and id taken off its text), its id and its cells' ids."""
    table_id = ""
    if caption is not None:
        inlines, wanted = caption_text(caption.inlines)
        if wanted is not None and not wanted.startswith("tbl-"):
            problems.error(
                f"a table's id starts with 'tbl-' (Quarto's rule): write {{#tbl-{wanted}}}", caption.source
            )
        elif wanted is not None:
            ids.take_id(wanted, caption.source)
            table_id = wanted
        caption = dataclasses.replace(caption, inlines=inlines)
    table_id = table_id or ids.numbered_id("tbl")
    ids.take_id(f"{table_id}-end", table.source)
    if caption is not None:
        caption = dataclasses.replace(caption, id=ids.unique_id(f"{table_id}-caption"))
    header = tuple(
        dataclasses.replace(c, id=ids.unique_id(f"{table_id}-h{n}")) for n, c in enumerate(table.header, 1)
    )
    rows = tuple(
        tuple(dataclasses.replace(c, id=ids.unique_id(f"{table_id}-r{r}c{n}")) for n, c in enumerate(row, 1))
        for r, row in enumerate(table.rows, 1)
    )
    return dataclasses.replace(table, header=header, rows=rows, caption=caption, id=table_id)


def caption_text(inlines: tuple[Inline, ...]) -> tuple[tuple[Inline, ...], str | None]:
    """A caption's inlines without Pandoc's `Table:` prefix and its `{#id}`; the id, if any."""
    first = inlines[0]
    assert isinstance(first, Text)
    items = [Text(CAPTION_PREFIX.sub("", first.text, count=1)), *inlines[1:]]
    wanted = None
    last = items[-1]
    if isinstance(last, Text) and (match := CAPTION_ID.search(last.text)):
        wanted = match.group(1)
        items[-1] = Text(last.text[: match.start()])
    return tuple(item for item in items if not (isinstance(item, Text) and not item.text)), wanted
