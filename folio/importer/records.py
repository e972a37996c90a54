"""The importer's records: what it recognised in the raw text (its own shapes, not the model's:
the emitter writes them out as content files)."""

from __future__ import annotations

from dataclasses import dataclass, field

from folio.importer.clean import Finding


class ConversionError(Exception):
    """A file the import cannot read (pandoc missing, not a .docx, not a PDF): one line for the
    editor, never a traceback."""


@dataclass(frozen=True, slots=True)
class ImportedParagraph:
    parts: tuple[str | int, ...]  # text, and note calls by number
    line: int


@dataclass(frozen=True, slots=True)
class ImportedHeading:
    level: int
    text: str
    line: int


Cell = tuple[str | int, ...]  # text, and note calls by number, as a paragraph's parts


@dataclass(frozen=True, slots=True)
class ImportedTable:
    """A table the page's layout shows: its first row the header, every row as wide as it."""

    header: tuple[Cell, ...]
    rows: tuple[tuple[Cell, ...], ...]
    line: int  # of its first cell

    def cells(self) -> tuple[Cell, ...]:
        return (*self.header, *(cell for row in self.rows for cell in row))


ImportedBlock = ImportedParagraph | ImportedHeading | ImportedTable


def block_parts(block: ImportedBlock) -> tuple[str | int, ...]:
    """A paragraph's parts, or a table's cells' parts in reading order; a heading has none."""
    if isinstance(block, ImportedParagraph):
        return block.parts
    if isinstance(block, ImportedTable):
        return tuple(part for cell in block.cells() for part in cell)
    return ()


@dataclass(frozen=True, slots=True)
class FoundNote:
    number: int
    text: str
    line: int


@dataclass(frozen=True, slots=True)
class Recognised:
    blocks: tuple[ImportedBlock, ...]
    notes: tuple[FoundNote, ...]
    repairs: tuple[Finding, ...]
    doubts: tuple[Finding, ...]
    restored: tuple[int, ...] = ()  # notes whose lost label was restored from their call
    renumbered: tuple[tuple[int, int], ...] = ()  # (printed, folio's) for each call and label


@dataclass(frozen=True, slots=True)
class Label:
    number: int  # folio's: numbered through, once the chain of labels is chosen
    index: int  # of its line in the cleaned lines
    start: int  # where the label begins in the line
    text_at: int  # where the note's text begins
    strength: int
    printed: int = 0  # as the text prints it, where numbering restarts (0: the same as `number`)

    @property
    def shown(self) -> int:
        return self.printed or self.number


@dataclass(frozen=True, slots=True)
class Call:
    number: int  # folio's, as the label it pairs with
    start: int  # offset in the block's text, with the space before the number
    end: int
    score: int
    line: int
    printed: int = 0  # as the text prints it, where numbering restarts (0: the same as `number`)


@dataclass(frozen=True, slots=True)
class BodyRun:
    """Body lines between blank lines on one page, joined by spaces."""

    text: str
    starts: tuple[tuple[int, int], ...]  # (offset in text, raw line number) of each line
    page: int
    index: int  # of its first line in the cleaned lines
    heading: bool
    calls: tuple[Call, ...] = field(default=())
    cell: bool = False  # a cell of a table the layout shows: never a heading, never joined

    @property
    def line(self) -> int:
        return self.starts[0][1]

    def line_at(self, offset: int) -> int:
        return max((line for start, line in self.starts if start <= offset), default=self.line)

    def without_calls(self) -> str:
        text = self.text
        for call in reversed(self.calls):
            text = text[: call.start] + text[call.end :]
        return text


@dataclass(frozen=True, slots=True)
class NoteText:
    number: int
    pieces: tuple[str, ...]
    line: int
    page: int
    index: int


@dataclass(frozen=True, slots=True)
class CellPlace:
    """Where a line of the text stands in a table a PDF's layout shows."""

    table: int  # the document's table, from 1
    row: int  # from 0, the first row being the one read as the header
    column: int  # from 0
