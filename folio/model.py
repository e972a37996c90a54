"""The publication model: frozen values built once by `folio.load`, read by every output.

Nothing here does I/O. A `Publication` is the whole report; sections hold blocks of inline
content, and the notes those blocks call. Every note knows the number it prints as.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, TypeAlias

from folio.errors import SourceLocation
from folio.inlines import (  # the model's inline content, re-exported below
    Code,
    CrossRef,
    Emphasis,
    Inline,
    LineBreak,
    Link,
    NoteRef,
    PageBreak,
    Strong,
    Text,
    page_anchor,
    plain_text,
)

# folio.inlines' names are the model's too: `from folio.model import Text` as of any model type
__all__ = ["Code", "CrossRef", "Emphasis", "Inline", "LineBreak", "Link", "NoteRef", "PageBreak"]
__all__ += ["Strong", "Text", "page_anchor", "plain_text"]


@dataclass(frozen=True, slots=True)
class Paragraph:
    inlines: tuple[Inline, ...]
    id: str
    source: SourceLocation


@dataclass(frozen=True, slots=True)
class Heading:
    level: int
    inlines: tuple[Inline, ...]
    id: str
    source: SourceLocation


@dataclass(frozen=True, slots=True)
class BlockQuote:
    blocks: tuple[Block, ...]
    source: SourceLocation


@dataclass(frozen=True, slots=True)
class ListBlock:
    ordered: bool
    items: tuple[tuple[Block, ...], ...]
    source: SourceLocation
    start: int = 1  # the first item's number, for an ordered list


# --- Tables and figures (issue #15) ----------------------------------------------------------
Alignment: TypeAlias = Literal["", "left", "center", "right"]  # "": the delimiter row gave none


@dataclass(frozen=True, slots=True)
class Table:
    """A GFM pipe table. Its cells and caption are paragraphs (inlines, an id, a line), so whatever
    reads the text of blocks (the page map, the fonts, the word count, the verifier) reads
    theirs too. The caption is Pandoc's `Table: ...` paragraph beside the table."""

    header: tuple[Paragraph, ...]
    rows: tuple[tuple[Paragraph, ...], ...]
    alignments: tuple[Alignment, ...]  # one a column
    caption: Paragraph | None
    id: str  # "tbl-returns": the caption's {#tbl-...}, else made from the file and the table's place
    source: SourceLocation
    number: int | None = None  # "Table 3": captioned tables are numbered through the book

    @property
    def label(self) -> str:
        return f"Table {self.number}" if self.number is not None else ""

    @property
    def end_id(self) -> str:
        """An empty mark printed right after the table: where its last row ends on its page."""
        return f"{self.id}-end"


@dataclass(frozen=True, slots=True)
class Figure:
    """An image alone in its paragraph (Pandoc's rule): the bracket text its caption, Quarto's
    `fig-alt` its description for readers who cannot see it."""

    image: str  # its path inside content/, "figures/map.svg": its name in the EPUB's images/
    file: Path  # where it is read from: a checked PNG, JPEG or SVG file inside content/
    media_type: str  # "image/png", "image/jpeg", "image/svg+xml"
    alt: str
    caption: Paragraph | None
    id: str  # "fig-sites": its {#fig-...}, else made from the file and the figure's place
    source: SourceLocation
    number: int | None = None  # "Figure 2": captioned figures are numbered through the book

    @property
    def label(self) -> str:
        return f"Figure {self.number}" if self.number is not None else ""

    @property
    def end_id(self) -> str:
        """An empty mark printed right below the image: where the drawing ends on its page."""
        return f"{self.id}-end"


def table_cells(table: Table) -> Iterator[Paragraph]:
    yield from table.header
    for row in table.rows:
        yield from row


def tables_and_figures(blocks: Iterable[Block]) -> Iterator[Table | Figure]:
    """The tables and figures of `blocks`, in reading order, from inside quotes and lists too."""
    for block in blocks:
        if isinstance(block, Table | Figure):
            yield block
        elif isinstance(block, BlockQuote):
            yield from tables_and_figures(block.blocks)
        elif isinstance(block, ListBlock):
            for item in block.items:
                yield from tables_and_figures(item)


def tables_of(publication: Publication) -> tuple[Table, ...]:
    blocks = (b for s in publication.sections for b in tables_and_figures(s.blocks))
    return tuple(b for b in blocks if isinstance(b, Table))


def figures_of(publication: Publication) -> tuple[Figure, ...]:
    blocks = (b for s in publication.sections for b in tables_and_figures(s.blocks))
    return tuple(b for b in blocks if isinstance(b, Figure))


# --- end of tables and figures -------------------------------------------------------------

Block: TypeAlias = Paragraph | Heading | BlockQuote | ListBlock | Table | Figure


@dataclass(frozen=True, slots=True)
class Note:
    number: int  # as printed: 505, 506, ...
    blocks: tuple[Paragraph, ...]
    source: SourceLocation
    calls: int = 1  # how many times the text calls it
    cites: tuple[str, ...] = ()  # keys of the sources it cites, in order, each once

    @property
    def id(self) -> str:
        """The PDF destination and the EPUB anchor."""
        return f"fn-{self.number}"

    @property
    def call_ids(self) -> tuple[str, ...]:
        return tuple(NoteRef(self.number, n).id for n in range(1, self.calls + 1))


@dataclass(frozen=True, slots=True)
class Section:
    id: str  # "s-3-2-russia": file name, EPUB document and anchor
    title: tuple[Inline, ...]
    blocks: tuple[Block, ...]
    notes: tuple[Note, ...]
    path: str
    role: str = "body"  # "front" (before the contents), "body", or "annex" (after the body)
    kind: str = ""  # of a front section: TITLE_PAGE, LEGAL_NOTICE, or "" (front_matter's files)

    @property
    def in_contents(self) -> bool:
        """Whether its headings are listed in the contents (the title page and legal notice are not)."""
        return self.kind not in (TITLE_PAGE, LEGAL_NOTICE)


TITLE_PAGE = "titlepage"  # the kinds of front section, named as EPUB's epub:type names them
LEGAL_NOTICE = "copyright-page"
CONTENTS = "contents"  # the id of the contents: its heading in the PDF, its nav in the EPUB


@dataclass(frozen=True, slots=True)
class Cover:
    """The cover image, printed at the top of the title page: a file of content/, read once."""

    path: str  # as publication.yaml gives it: "images/cover.jpg"
    media_type: str  # "image/jpeg"
    data: bytes


@dataclass(frozen=True, slots=True)
class Source:
    key: str
    title: str
    url: str | None
    location: SourceLocation
    accessed: str = ""  # when its address was last read: "2025-01-10", as sources.yaml gives it


@dataclass(frozen=True, slots=True)
class Accessibility:
    """What publication.yaml's `accessibility:` claims of the EPUB, as someone evaluated it: no
    claim at all by default (folio's own checks are no evaluation of the content)."""

    conforms_to: str = ""  # "EPUB Accessibility 1.1 - WCAG 2.1 Level AA"
    certified_by: str = ""  # who evaluated it


# The PDF editions folio makes, each a file of its own: the tagged PDF (PDF/UA-1), always; the
# same with bleed and crop marks for a print shop; PDF/A-2u (and PDF/UA-1) for an archive.
ACCESSIBLE, PRINT_SHOP, ARCHIVAL = "accessible", "print-shop", "archival"
EDITIONS = (ACCESSIBLE, PRINT_SHOP, ARCHIVAL)


@dataclass(frozen=True, slots=True)
class Publication:
    title: str
    subtitle: str
    publisher: str
    date: str  # "2025-03", as the publication gives it
    language: str
    identifier: str
    rights: str
    first_note: int
    first_page: int
    footer: str
    sections: tuple[Section, ...]
    sources: tuple[Source, ...] = field(default=())
    accessibility: Accessibility = field(default=Accessibility())
    editions: tuple[str, ...] = (ACCESSIBLE,)  # of EDITIONS, in its order: the accessible one always first
    isbn: str = ""  # as written: "978-92-9403-123-4"
    doi: str = ""  # "10.2847/123456"
    cover: Cover | None = None
    contents_depth: int = 3  # the deepest heading level the contents lists
    duplex: bool = False  # printed on both sides: mirrored margins, chapters on a right-hand page
    lists: tuple[str, ...] = ()  # "tables", "figures": the lists printed after the contents

    @property
    def slug(self) -> str:
        """The outputs' file name: "Syria – Country Focus" -> "syria-country-focus"; from the
        identifier when the title has no letter or digit ("!!! ???")."""
        return file_name(self.title) or file_name(self.identifier) or "publication"

    @property
    def notes(self) -> tuple[Note, ...]:
        return tuple(note for section in self.sections for note in section.notes)

    @property
    def front(self) -> tuple[Section, ...]:
        """The sections before the contents: title page, legal notice, front_matter's files."""
        return tuple(section for section in self.sections if section.role == "front")

    @property
    def body(self) -> Publication:
        """The publication without its front matter: the body and the annexes, laid out apart."""
        return dataclasses.replace(self, sections=tuple(s for s in self.sections if s.role != "front"))

    @property
    def modified(self) -> datetime.datetime:
        """The content's own date (first day of its month), for reproducible outputs."""
        year, month = (int(part) for part in self.date.split("-")[:2])
        return datetime.datetime(year, month, 1, tzinfo=datetime.UTC)


@dataclass(frozen=True, slots=True)
class ContentsEntry:
    level: int
    id: str  # the heading's
    inlines: tuple[Inline, ...]
    section: Section
    opens: bool  # the heading that opens its section

    @property
    def front(self) -> bool:
        """In the front matter: its page number is roman, counted in the front's own layout."""
        return self.section.role == "front"


def contents_entries(publication: Publication, *, depth: int | None = None) -> Iterator[ContentsEntry]:
    """The headings the contents lists, in reading order, down to `depth` (all when None); the
    PDF's contents page and the EPUB's navigation are both made from these."""
    for section in publication.sections:
        if not section.in_contents:
            continue
        for index, block in enumerate(section.blocks):
            if isinstance(block, Heading) and (depth is None or block.level <= depth):
                yield ContentsEntry(block.level, block.id, block.inlines, section, index == 0)


def link_targets(publication: Publication) -> frozenset[str]:
    """Every id of the book a link may lead to: the contents, headings, notes and their calls,
    tables and figures and their captions (the lists of tables and figures lead to these)."""
    headings = (b.id for s in publication.sections for b in text_blocks(s.blocks) if isinstance(b, Heading))
    notes = (name for note in publication.notes for name in (note.id, *note.call_ids))
    captioned: tuple[Table | Figure, ...] = (*tables_of(publication), *figures_of(publication))
    captions = (block.caption.id for block in captioned if block.caption is not None)
    return frozenset((CONTENTS, *headings, *notes, *(block.id for block in captioned), *captions))


ROMAN = (
    (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
    (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
)  # fmt: skip


def roman(number: int) -> str:
    """A front-matter folio: 1 -> "i", 4 -> "iv"."""
    out = ""
    for value, letters in ROMAN:
        count, number = divmod(number, value)
        out += letters * count
    return out


def file_name(text: str, *, limit: int = 120) -> str:
    """`text` slugified and cut at a word to at most `limit` characters (a file name may have 255
    bytes, and the outputs add ".check.json")."""
    slug = slugify(text)
    if len(slug) <= limit:
        return slug
    cut = slug[: limit + 1].rsplit("-", 1)[0]
    return cut if cut else slug[:limit]


def slugify(text: str) -> str:
    words = "".join(ch.lower() if ch.isalnum() else " " for ch in text).split()
    return "-".join(words)


def map_text_blocks(block: Block, change: Callable[[Paragraph | Heading], Paragraph | Heading]) -> Block:
    """`block` with each block that holds text, inside quotes and lists too, replaced by `change` of it."""
    if isinstance(block, Paragraph | Heading):
        return change(block)
    if isinstance(block, BlockQuote):
        return dataclasses.replace(block, blocks=tuple(map_text_blocks(b, change) for b in block.blocks))
    if isinstance(block, Table | Figure):
        return map_captioned(block, change)
    items = tuple(tuple(map_text_blocks(b, change) for b in item) for item in block.items)
    return dataclasses.replace(block, items=items)


def map_captioned(
    block: Table | Figure, change: Callable[[Paragraph | Heading], Paragraph | Heading]
) -> Table | Figure:
    """`map_text_blocks` of a table (its caption and every cell) or a figure (its caption)."""

    def paragraph(item: Paragraph) -> Paragraph:
        changed = change(item)
        assert isinstance(changed, Paragraph)
        return changed

    caption = paragraph(block.caption) if block.caption is not None else None
    if isinstance(block, Figure):
        return dataclasses.replace(block, caption=caption)
    header = tuple(paragraph(cell) for cell in block.header)
    rows = tuple(tuple(paragraph(cell) for cell in row) for row in block.rows)
    return dataclasses.replace(block, caption=caption, header=header, rows=rows)


def text_blocks(blocks: Iterable[Block]) -> Iterator[Paragraph | Heading]:
    """The blocks that hold text, in reading order, from inside quotes and lists too."""
    for block in blocks:
        if isinstance(block, Paragraph | Heading):
            yield block
        elif isinstance(block, BlockQuote):
            yield from text_blocks(block.blocks)
        elif isinstance(block, Table):  # in reading order: the caption prints above the table
            yield from (block.caption,) if block.caption is not None else ()
            yield from table_cells(block)
        elif isinstance(block, Figure):
            yield from (block.caption,) if block.caption is not None else ()
        else:
            for item in block.items:
                yield from text_blocks(item)


def block_text(block: Block) -> str:
    return " ".join(plain_text(child.inlines) for child in text_blocks((block,)))


def note_text(note: Note) -> str:
    return " ".join(plain_text(block.inlines) for block in note.blocks)
