"""Cross-references `[text](#id)`: each reaches a heading (or a note) of the book, or is an error
at its line; one written empty (`[](#id)`) gets the heading's own text."""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Iterable

from folio.errors import SourceLocation
from folio.load.diagnostics import Diagnostics
from folio.model import (
    CrossRef,
    Emphasis,
    Heading,
    Inline,
    Link,
    Paragraph,
    Section,
    Strong,
    map_text_blocks,
    text_blocks,
)


def resolve_cross_references(
    sections: tuple[Section, ...], references: Iterable[tuple[str, SourceLocation]], problems: Diagnostics
) -> tuple[Section, ...]:
    headings = {b.id: b for s in sections for b in text_blocks(s.blocks) if isinstance(b, Heading)}
    notes = {note.id for section in sections for note in section.notes}
    for target, location in references:
        if target in headings or target in notes:
            continue
        close = difflib.get_close_matches(target, list(headings), n=1)
        hint = f"; did you mean '#{close[0]}'?" if close else ""
        problems.error(f"cross-reference to '#{target}': no heading has this id{hint}", location)

    def fill(block: Paragraph | Heading) -> Paragraph | Heading:
        return dataclasses.replace(block, inlines=filled(block.inlines, headings))

    return tuple(
        dataclasses.replace(section, blocks=tuple(map_text_blocks(b, fill) for b in section.blocks))
        for section in sections
    )


def filled(inlines: tuple[Inline, ...], headings: dict[str, Heading]) -> tuple[Inline, ...]:
    """The inlines with each empty cross-reference given its heading's text."""
    return tuple(filled_one(item, headings) for item in inlines)


def filled_one(item: Inline, headings: dict[str, Heading]) -> Inline:
    if isinstance(item, CrossRef) and not item.children and item.target in headings:
        return CrossRef(item.target, headings[item.target].inlines)
    if isinstance(item, Emphasis | Strong | Link | CrossRef):
        return dataclasses.replace(item, children=filled(item.children, headings))
    return item
