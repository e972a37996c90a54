"""A table's cells, as Markdown -> a GFM pipe table.

Used by `folio.importer.emit` (tables a PDF's layout shows) and `folio.importer.pandoc_tables`
(Word's tables). Takes the header row, the body rows and each column's alignment, every cell
already inline Markdown (escaped text, `[^n]` calls, links); gives the Markdown folio's loader
reads back as the same cells: each cell on one line, its pipes escaped (`\\|`, inside a link's
address too), every row as wide as the header, the delimiter row saying each alignment.
"""

from __future__ import annotations

from collections.abc import Sequence

ALIGNED = {"": "---", "left": ":--", "center": ":-:", "right": "--:"}
PADDED = 30  # a column is padded to its widest cell up to this many characters, for the editor
CAPTION = "Table: "  # Pandoc's caption prefix, a paragraph before the table: a word the import adds


def pipe_table(header: Sequence[str], rows: Sequence[Sequence[str]], alignments: Sequence[str]) -> str:
    """The table as Markdown lines: the header row, the delimiter row, the body rows (a short
    one filled with empty cells; a longer one is a bug of the caller: GFM would drop its rest)."""
    columns = len(header)
    if any(len(row) > columns for row in rows):
        raise ValueError(f"a row has more cells than the header's {columns}")
    lines = [[cell_text(cell) for cell in header]]
    lines.extend([cell_text(cell) for cell in row] + [""] * (columns - len(row)) for row in rows)
    widths = [max(3, min(PADDED, max(len(line[c]) for line in lines))) for c in range(columns)]
    marks = [ALIGNED[alignments[c] if c < len(alignments) else ""] for c in range(columns)]
    delimiter = [mark[0] + "-" * (width - 2) + mark[-1] for mark, width in zip(marks, widths, strict=True)]
    table = [row_line(lines[0], widths), row_line(delimiter, widths)]
    table.extend(row_line(line, widths) for line in lines[1:])
    return "\n".join(table)


def cell_text(markdown: str) -> str:
    """A cell's Markdown on one line, its pipes escaped: an unescaped one would part the cell."""
    return " ".join(markdown.split()).replace("|", "\\|")


def row_line(cells: Sequence[str], widths: Sequence[int]) -> str:
    return "| " + " | ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True)) + " |"
