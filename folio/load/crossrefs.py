"""Cross-references `[text](#id)`: each reaches a heading, a note, a table or a figure of the
book, or is an error at its line; one written empty (`[](#id)`) gets the heading's own text, or
the number of the table or figure ("Table 2"), once captioned tables and figures are numbered."""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Iterable

from folio.errors import SourceLocation
from folio.load.diagnostics import Diagnostics
from folio.load.numbering import number_captioned
from folio.model import (
    CrossRef,
    Emphasis,
    Heading,
    Inline,
    Link,
    Note,
    Paragraph,
    Section,
    Strong,
    Text,
    map_text_blocks,
    tables_and_figures,
    text_blocks,
)


def resolve_cross_references(
    sections: tuple[Section, ...], references: Iterable[tuple[str, SourceLocation]], problems: Diagnostics
) -> tuple[Section, ...]:
    sections = number_captioned(sections)
    headings = {b.id: b.inlines for s in sections for b in text_blocks(s.blocks) if isinstance(b, Heading)}
    notes = {note.id for section in sections for note in section.notes}
    captioned = {block.id: block.label for s in sections for block in tables_and_figures(s.blocks)}
    for target, location in references:
        if target in headings or target in notes or target in captioned:
            continue
        close = difflib.get_close_matches(target, [*headings, *captioned], n=1)
        hint = f"; did you mean '#{close[0]}'?" if close else ""
        problems.error(
            f"cross-reference to '#{target}': no heading, table or figure has this id{hint}", location
        )
    texts = headings | {target: (Text(label),) for target, label in captioned.items() if label}

    def fill(block: Paragraph | Heading) -> Paragraph | Heading:
        for item in block.inlines:
            if isinstance(item, CrossRef) and not item.children and captioned.get(item.target) == "":
                message = (
                    f"cross-reference to '#{item.target}' has no text, and what it leads to has no "
                    "caption, so no number to print: write the link's text, [the text](#id)"
                )
                problems.error(message, block.source)
        inlines = filled(block.inlines, texts)
        return block if inlines is block.inlines else dataclasses.replace(block, inlines=inlines)

    def fill_note(note: Note) -> Note:
        blocks: list[Paragraph] = []
        for paragraph in note.blocks:
            done = fill(paragraph)
            assert isinstance(done, Paragraph)  # `fill` keeps a block's kind
            blocks.append(done)
        return dataclasses.replace(note, blocks=tuple(blocks))

    return tuple(
        dataclasses.replace(
            section,
            blocks=tuple(map_text_blocks(b, fill) for b in section.blocks),
            notes=tuple(fill_note(note) for note in section.notes),  # `[](#id)` in a note too
        )
        for section in sections
    )


def filled(inlines: tuple[Inline, ...], headings: dict[str, tuple[Inline, ...]]) -> tuple[Inline, ...]:
    """The inlines with each empty cross-reference given its target's text (`inlines` itself
    when none is: most blocks have none, and need no copy)."""
    done = tuple(filled_one(item, headings) for item in inlines)
    return inlines if all(new is old for new, old in zip(done, inlines, strict=True)) else done


def filled_one(item: Inline, headings: dict[str, tuple[Inline, ...]]) -> Inline:
    if isinstance(item, CrossRef) and not item.children and item.target in headings:
        return CrossRef(item.target, headings[item.target])
    if isinstance(item, Emphasis | Strong | Link | CrossRef):
        children = filled(item.children, headings)
        return item if children is item.children else dataclasses.replace(item, children=children)
    return item
