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


ImportedBlock = ImportedParagraph | ImportedHeading


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
