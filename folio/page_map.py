"""The print edition's page starts, carried into the model for the EPUB's page-list; and the
calls of a note that land on another page than the note.

Takes the publication and the PDF stage's `LaidOutPage` records (which block opens each page's
body and the text of its first line); gives `PagePosition`s, where that line is found in the
block's text, and the publication with a `PageBreak` before the word each page starts with.
Precision: the word. It reads only those records, never WeasyPrint.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from folio.errors import Diagnostic
from folio.lists import NAVIGATION
from folio.model import (
    Block,
    Code,
    CrossRef,
    Emphasis,
    Heading,
    Inline,
    LineBreak,
    Link,
    PageBreak,
    Paragraph,
    Publication,
    Section,
    Strong,
    Text,
    map_text_blocks,
    plain_text,
    text_blocks,
)

if TYPE_CHECKING:  # the records only: importing the PDF stage would import WeasyPrint
    from folio.pdf import LaidOutPage

PROBE = 32  # characters of a page's first line that locate it in its block


@dataclass(frozen=True, slots=True)
class PagePosition:
    label: str
    block_id: str
    offset: int  # characters into the block's text (note calls do not count)
    exact: bool  # False when the line was not found and the block's start stands in for it


def locate_pages(publication: Publication, pages: tuple[LaidOutPage, ...]) -> tuple[PagePosition, ...]:
    """Where each page starts: in a block of the text; for the print edition's contents pages
    and the lists of tables and figures after it, in the contents or list (its id: `CONTENTS`,
    `LIST_OF_TABLES`, ...); a page that opens in no text (left blank before a chapter) where
    the next one starts."""
    texts = {b.id: plain_text(b.inlines) for s in publication.sections for b in text_blocks(s.blocks)}
    cursors: dict[str, int] = {}
    found: list[PagePosition | str] = []  # a label alone: a page to place where the next one is
    listing: str | None = None  # the contents or list whose pages run, its entries have no id
    for page in pages:
        if page.first_block is not None:
            listing = page.first_block if page.first_block in NAVIGATION else None
        if listing is not None:
            found.append(PagePosition(page.label, listing, 0, True))
        elif page.first_block is None or page.first_block not in texts:
            found.append(page.label)
        else:
            text = texts[page.first_block]
            offset = find_line(text, page.first_line, cursors.get(page.first_block, 0))
            exact = offset is not None
            offset = word_start(text, offset) if offset is not None else cursors.get(page.first_block, 0)
            cursors[page.first_block] = offset + 1
            found.append(PagePosition(page.label, page.first_block, offset, exact))
    return tuple(with_blank_pages(found))


def with_blank_pages(found: list[PagePosition | str]) -> Iterator[PagePosition]:
    """Each page that opens in no text placed where the next page that does opens."""
    waiting: list[str] = []
    for item in found:
        if isinstance(item, str):
            waiting.append(item)
            continue
        yield from (dataclasses.replace(item, label=label) for label in waiting)
        waiting = []
        yield item


def find_line(text: str, line: str, start: int) -> int | None:
    words = line.split()
    probe = " ".join(words)[:PROBE].rstrip("\u2010-")
    if not probe:
        return None
    pattern = r"\s+".join(re.escape(word) for word in probe.split())
    match = re.compile(pattern).search(text, start)
    return match.start() if match else None


def word_start(text: str, offset: int) -> int:
    """Back to the start of the word: a page that opens on the tail of a hyphenated word."""
    while offset > 0 and not text[offset - 1].isspace():
        offset -= 1
    return offset


def insert_page_breaks(publication: Publication, positions: tuple[PagePosition, ...]) -> Publication:
    by_block: dict[str, list[PagePosition]] = {}
    for position in positions:
        by_block.setdefault(position.block_id, []).append(position)
    sections = tuple(
        dataclasses.replace(section, blocks=tuple(mark_block(b, by_block) for b in section.blocks))
        for section in publication.sections
    )
    return dataclasses.replace(publication, sections=sections)


def mark_block(block: Block, by_block: dict[str, list[PagePosition]]) -> Block:
    return map_text_blocks(block, lambda text: marked(text, by_block.get(text.id, [])))


def marked(block: Paragraph | Heading, marks: list[PagePosition]) -> Paragraph | Heading:
    """The block with a page break at each of `marks`."""
    inlines = block.inlines
    for position in sorted(marks, key=lambda p: p.offset, reverse=True):
        inlines = insert_at(inlines, position.offset, PageBreak(position.label))
    return dataclasses.replace(block, inlines=inlines) if marks else block


def insert_at(inlines: tuple[Inline, ...], offset: int, mark: PageBreak) -> tuple[Inline, ...]:
    """`inlines` with `mark` before the character at `offset` of their plain text."""
    result: list[Inline] = []
    position = 0
    placed = False
    for item in inlines:
        size = len(plain_text((item,)))
        if not placed and position <= offset < position + size:
            result.extend(split_inline(item, offset - position, mark))
            placed = True
        else:
            result.append(item)
        position += size
    if not placed:
        result.append(mark)
    return tuple(result)


def split_inline(item: Inline, offset: int, mark: PageBreak) -> list[Inline]:
    if offset == 0:
        return [mark, item]
    if isinstance(item, Text):
        return [Text(item.text[:offset]), mark, Text(item.text[offset:])]
    if isinstance(item, Emphasis | Strong | Link | CrossRef):
        return [dataclasses.replace(item, children=insert_at(item.children, offset, mark))]
    assert isinstance(item, Code | LineBreak)
    return [mark, item]  # a page never opens inside inline code: mark the code's start


def section_of(publication: Publication, block_id: str) -> Section:
    return next(s for s in publication.sections if any(b.id == block_id for b in text_blocks(s.blocks)))


def late_calls(publication: Publication, pages: tuple[LaidOutPage, ...]) -> Iterator[Diagnostic]:
    """A warning for each call of a note printed on another page than the note: the note prints
    once, at the foot of its first call's page, and a later call links back to it there."""
    page_of = {anchor: page.label for page in pages for anchor in page.anchors}
    for note in publication.notes:
        printed = page_of.get(note.id)
        for call in note.call_ids[1:]:
            if printed is not None and page_of.get(call, printed) != printed:
                message = (
                    f"note {note.number} is called again on page {page_of[call]}, but prints on page "
                    f"{printed}: that call links back to it; a new note there would print it again"
                )
                yield Diagnostic(message, note.source, warning=True)
