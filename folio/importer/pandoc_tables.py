"""Pandoc's `Table` node -> a GFM pipe table with Pandoc's caption before it, or why it cannot be.

Used by `folio.importer.pandoc_ast`. `table_grid` lays the table's rows (Pandoc's TableHead, the
bodies with their subheading rows, the TableFoot) out as a grid as wide as its columns, a merged
cell in its first row and column and the places it covers empty; each column's alignment is its
ColSpec's, else the one its cells share, else what Word's own XML says (Pandoc's DOCX reader
passes no alignment on). `why_no_table` says what no GFM table can hold faithfully (a cell
holding a table, a quote or code; a column without a header; a header that calls a note with no
caption to carry the call): such a table stays paragraphs. `table_markdown` gives the rest as
Markdown, and a doubt for each thing GFM holds only in its nearest form: no header row marked
(the first row heads the table), header rows after the first and subheading or foot rows (body
rows), merged cells, a cell of several paragraphs or a list (one line), a header's note call
(moved to the caption's end).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from folio.importer.emit import wrap
from folio.importer.gfm import CAPTION, pipe_table

Node = dict[str, Any]
Inlines = Callable[[list[Node]], str]  # the renderer's inlines -> Markdown (numbering notes)
ALIGNMENTS = {"AlignLeft": "left", "AlignRight": "right", "AlignCenter": "center", "AlignDefault": ""}
TEXT = ("Para", "Plain")
CALL = re.compile(r"(?<!\\)\[\^\d+\]")
SHOWN = 4  # places named in a doubt


@dataclass(frozen=True, slots=True)
class Slot:
    blocks: list[Node] | None  # None: covered by a merged cell
    rows: int = 1
    columns: int = 1
    alignment: str = ""


@dataclass(frozen=True, slots=True)
class Grid:
    caption: list[Node]  # Pandoc's caption: blocks
    rows: list[list[Slot]]  # in reading order, each as wide as the table
    kinds: list[str]  # of each row: "head", "subhead", "body" or "foot"
    alignments: tuple[str, ...]


def table_grid(table: Node, word_alignments: tuple[str, ...] = ()) -> Grid:
    """The table's rows as a grid; `word_alignments`: each column's, as Word's XML says."""
    _, caption, specs, head, bodies, foot = table["c"]
    rows: list[tuple[str, list[Any]]] = [("head", row[1]) for row in head[1]]
    for body in bodies:
        rows.extend(("subhead", row[1]) for row in body[2])
        rows.extend(("body", row[1]) for row in body[3])
    rows.extend(("foot", row[1]) for row in foot[1])
    grid = laid_out([cells for _, cells in rows], len(specs))
    alignments = tuple(
        column_alignment(grid, c, ALIGNMENTS.get(spec[0]["t"], ""), word_alignments)
        for c, spec in enumerate(specs)
    )
    return Grid(caption[1], grid, [kind for kind, _ in rows], alignments)


def laid_out(rows: list[list[Any]], width: int) -> list[list[Slot]]:
    """Each cell at the first place its row leaves free; the places its spans cover, None."""
    covered: set[tuple[int, int]] = set()
    lines: list[dict[int, Slot]] = []
    for r, cells in enumerate(rows):
        line: dict[int, Slot] = {}
        c = 0
        for _, align, spans_rows, spans_columns, blocks in cells:
            while (r, c) in covered:
                c += 1
            slot = Slot(blocks, max(spans_rows, 1), max(spans_columns, 1), ALIGNMENTS.get(align["t"], ""))
            line[c] = slot
            covered |= {(r + i, c + j) for i in range(slot.rows) for j in range(slot.columns)} - {(r, c)}
            c += slot.columns
        lines.append(line)
    width = max(
        [width, *(c + 1 for line in lines for c in line), *(c + 1 for r, c in covered if r < len(rows))]
    )
    return [
        [line.get(c) or Slot(None if (r, c) in covered else []) for c in range(width)]
        for r, line in enumerate(lines)
    ]


def column_alignment(grid: list[list[Slot]], column: int, spec: str, word: tuple[str, ...]) -> str:
    if spec:
        return spec
    own = {row[column].alignment for row in grid[1:] if row[column].blocks and row[column].columns == 1}
    if len(own) == 1 and "" not in own:
        return own.pop()
    return word[column] if column < len(word) else ""


def why_no_table(grid: Grid) -> str:
    """What in the table no GFM table holds faithfully, or ""."""
    if not grid.rows:
        return "it has no rows"
    other = next((b["t"] for b in grid.caption if b["t"] not in TEXT), None)
    if other:
        return f"its caption holds a {other}, which a caption paragraph cannot"
    for r, row in enumerate(grid.rows, 1):
        for c, slot in enumerate(row, 1):
            other = next((b["t"] for b in slot.blocks or [] if not cell_block(b)), None)
            if other:
                return f"row {r}, column {c} holds a {other}, which a cell of a GFM table cannot"
    empty = next((c for c, slot in enumerate(grid.rows[0], 1) if not has_words(slot.blocks or [])), None)
    if empty is not None:
        return f"column {empty} has no header (a GFM table needs one for each column)"
    if not grid.caption and any(has_note(slot.blocks or []) for slot in grid.rows[0]):
        return "its header row calls a note, which a header cell may not, and it has no caption to call it"
    return ""


def cell_block(block: Node) -> bool:
    """A paragraph, or a list of paragraphs: what one line of a cell can hold in its nearest form."""
    if block["t"] in (*TEXT, "Null"):
        return True
    if block["t"] in ("BulletList", "OrderedList"):
        items = block["c"] if block["t"] == "BulletList" else block["c"][1]
        return all(b["t"] in TEXT for item in items for b in item)
    return False


def table_markdown(grid: Grid, inlines: Inlines) -> tuple[list[str], list[str]]:
    """The caption paragraph and the table, and the doubts of what took its nearest form.
    Rendered in reading order (caption, header, rows) so that notes are numbered as called."""
    doubts: list[str] = []
    parts = [text for text, _ in (cell_markdown([block], inlines) for block in grid.caption) if text]
    if len(parts) > 1:
        doubts.append(f"its caption's {len(parts)} paragraphs are one")
    caption = " ".join(parts)
    shapes: dict[str, list[str]] = {}
    rows: list[list[str]] = []
    for r, row in enumerate(grid.rows, 1):
        rows.append([])
        for c, slot in enumerate(row, 1):
            text, shape = cell_markdown(slot.blocks or [], inlines)
            rows[-1].append(text)
            for kind in (shape, "merged" if slot.rows > 1 or slot.columns > 1 else ""):
                if kind:
                    shapes.setdefault(kind, []).append(place(r, c, slot, kind))
    header = [CALL.sub("", cell).strip() for cell in rows[0]]
    moved = [call for cell in rows[0] for call in CALL.findall(cell)]
    if moved:
        caption += "".join(moved)
        doubts.append(
            f"its header's note call(s) {', '.join(moved)} moved to its caption's end "
            "(a header cell may not call a note)"
        )
    doubts.extend(row_doubts(grid.kinds))
    doubts.extend(shape_doubt(kind, places) for kind, places in shapes.items())
    table = pipe_table(header, rows[1:], grid.alignments)
    return ([wrap(caption, first=CAPTION)] if caption else []) + [table], doubts


def cell_markdown(blocks: list[Node], inlines: Inlines) -> tuple[str, str]:
    """A cell's blocks as one line of Markdown, and "paragraphs" or "list" when that joined them."""
    texts: list[str] = []
    shape = ""
    for block in blocks:
        if block["t"] in TEXT:
            texts.extend(t for t in [inlines(block["c"]).strip()] if t)
        elif block["t"] in ("BulletList", "OrderedList"):
            items = block["c"] if block["t"] == "BulletList" else block["c"][1]
            joined = (" ".join(inlines(b["c"]).strip() for b in item) for item in items)
            texts.append("; ".join(t for t in joined if t))
            shape = "list"
    if len(texts) > 1 and not shape:
        shape = "paragraphs"
    return " ".join(texts), shape


def place(row: int, column: int, slot: Slot, kind: str) -> str:
    where = f"row {row}, column {column}"
    if kind != "merged":
        return where
    spans = [f"{n} {what}" for n, what in ((slot.rows, "rows"), (slot.columns, "columns")) if n > 1]
    return f"{where}: {' and '.join(spans)}"


SHAPES = {
    "merged": "merged cells ({}) hold their text in their first row and column, the places they "
    "covered are empty (a GFM table merges no cells)",
    "paragraphs": "cells of several paragraphs ({}) are one line each (a GFM cell holds one line)",
    "list": "cells holding a list ({}) give its items on one line, parted by '; ' "
    "(a GFM cell holds one line)",
}


def shape_doubt(kind: str, places: list[str]) -> str:
    shown = "; ".join(places[:SHOWN]) + ("; …" if len(places) > SHOWN else "")
    return SHAPES[kind].format(shown)


def row_doubts(kinds: list[str]) -> Iterator[str]:
    """What became of the rows GFM has no place for: its one header row is the first row."""
    if kinds[0] != "head":
        yield "its first row is read as its header row (the document marks none)"
    heads = [r for r, kind in enumerate(kinds, 1) if kind == "head"][1:]
    for rows, what in (
        (heads, "header rows after the first"),
        ([r for r, kind in enumerate(kinds, 1) if kind == "subhead"], "subheading rows"),
        ([r for r, kind in enumerate(kinds, 1) if kind == "foot"], "foot rows"),
    ):
        if rows:
            yield f"its {what} ({', '.join(map(str, rows))}) are body rows (a GFM table has one header row)"


def has_words(node: Any) -> bool:
    return any(text.strip() for text in texts(node))


def has_note(node: Any) -> bool:
    if isinstance(node, list):
        return any(has_note(child) for child in node)
    return isinstance(node, dict) and (node.get("t") == "Note" or has_note(node.get("c")))


def texts(node: Any) -> Iterator[str]:
    """The text of any part of the AST, but its notes' (what Word's XML holds in the cells)."""
    if isinstance(node, list):
        for child in node:
            yield from texts(child)
    elif isinstance(node, dict) and node.get("t") != "Note":
        if node.get("t") == "Str":
            yield node["c"]
        elif node.get("t") in ("Space", "SoftBreak", "LineBreak"):
            yield " "
        elif node.get("t") in ("Code", "Math"):
            yield node["c"][1]
        else:
            yield from texts(node.get("c"))


def header_text(grid: Grid) -> str:
    """The first row's words, to name the table in a doubt."""
    cells = ("".join(texts(slot.blocks)) for slot in (grid.rows[0] if grid.rows else []))
    return " ".join(" ".join(cells).split())


def table_signature(table: Node) -> str:
    """The text of the table's cells, no spaces: how Word's XML and Pandoc's AST tell one table."""
    _, _, _, head, bodies, foot = table["c"]
    return "".join("".join(texts([head, bodies, foot])).split())
