"""An imported content folder against its corpus document's oracle (`bench.corpus`): precision
and recall of notes, calls, paragraphs and tables, and what the import lacks."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from bench.corpus import Oracle, context, normal
from folio.model import (
    Heading,
    NoteRef,
    Paragraph,
    Publication,
    note_text,
    plain_text,
    tables_of,
    text_blocks,
)


@dataclass(frozen=True, slots=True)
class Score:
    found: int
    expected: int
    right: int

    @property
    def precision(self) -> float:
        return self.right / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.right / self.expected if self.expected else 1.0


@dataclass(frozen=True, slots=True)
class Scores:
    notes: Score
    calls: Score
    paragraphs: Score
    tables: Score
    missing: dict[str, list[Any]] = field(default_factory=dict)  # what the import lacks


def imported(publication: Publication) -> Oracle:
    """An imported publication's body (its title page aside) in the oracle's terms."""
    publication = publication.body
    notes = {note.number: normal(note_text(note)) for note in publication.notes}
    calls: Counter[tuple[int, tuple[str, ...]]] = Counter()
    paragraphs: Counter[str] = Counter()
    for section in publication.sections:
        for block in text_blocks(section.blocks):
            assert isinstance(block, Paragraph | Heading)
            shown = ""
            for inline in block.inlines:
                if isinstance(inline, NoteRef):
                    calls[(inline.number, context(shown))] += 1
                else:
                    shown += plain_text((inline,))
            paragraphs[normal(shown)] += 1
    rows = ((t.header, *t.rows) for t in tables_of(publication))
    tables = Counter(tuple(tuple(normal(plain_text(c.inlines)) for c in r) for r in table) for table in rows)
    return Oracle(notes, calls, paragraphs, tables)


def score(found: Oracle, expected: Oracle) -> Scores:
    notes = set(found.notes.items()), set(expected.notes.items())
    return Scores(
        Score(len(notes[0]), len(notes[1]), len(notes[0] & notes[1])),
        counted(found.calls, expected.calls),
        counted(found.paragraphs, expected.paragraphs),
        counted(found.tables, expected.tables),
        {
            "notes": sorted(notes[1] - notes[0]),
            "calls": sorted((expected.calls - found.calls).elements()),
            "paragraphs": sorted((expected.paragraphs - found.paragraphs).elements()),
            "tables": sorted((expected.tables - found.tables).elements()),
        },
    )


def counted(found: Counter[Any], expected: Counter[Any]) -> Score:
    return Score(found.total(), expected.total(), (found & expected).total())
