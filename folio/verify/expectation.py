"""The content (`folio.model.Publication`) -> the `Expectation` the outputs must meet.

Also the text helpers every family of checks compares with: `normalise` (letters and digits
only, so line breaks, hyphenation and spacing drop out), `missing_part` (the words that are not
printed) and the page label a page should carry (`wanted_label`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from folio.lists import front_lists
from folio.model import (
    LEGAL_NOTICE,
    TITLE_PAGE,
    CrossRef,
    Emphasis,
    Figure,
    Heading,
    Inline,
    Link,
    Paragraph,
    Publication,
    Strong,
    Table,
    contents_entries,
    figures_of,
    note_text,
    plain_text,
    roman,
    tables_of,
    text_blocks,
)

BIBLIOGRAPHY_SECTION = "s-bibliography"  # the generated bibliography annex's section


@dataclass(frozen=True, slots=True)
class ExpectedTable:
    id: str
    caption: str | None  # as printed: "Table 1: Returns by year"
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True, slots=True)
class ExpectedFigure:
    id: str
    caption: str | None  # as printed: "Figure 1: Sites"
    alt: str
    media_type: str


@dataclass(frozen=True, slots=True)
class ExpectedCrossRef:
    """A cross-reference the content writes: the block it is written in, the id it leads to."""

    source: str  # the id of its paragraph, heading or note
    target: str  # a heading's id, or a note's ("fn-505")
    text: str  # as printed


@dataclass(frozen=True, slots=True)
class ExpectedSource:
    """A source of sources.yaml, and the notes that cite it (by its key), in order."""

    key: str
    title: str
    url: str | None
    accessed: str  # "2025-01-07", or "" when not given
    cited_in: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class ExpectedList:
    """A list of tables or figures after the contents: its id (its heading's destination, as
    `folio.lists` names it) and its entries, each the id it leads to and its text as printed."""

    id: str  # "list-of-tables"
    entries: tuple[tuple[str, str], ...]  # ("tbl-returns-caption", "Table 1: Returns by year")


UNFOLIATED = (TITLE_PAGE, LEGAL_NOTICE)  # the kinds of front section that print no folio


@dataclass(frozen=True, slots=True)
class Part:
    """A section of the book: its id (the PDF destination, the EPUB section), its role ("front",
    "body", "annex") and, in the front, its kind (TITLE_PAGE, LEGAL_NOTICE, "")."""

    id: str
    role: str
    kind: str = ""


@dataclass(frozen=True, slots=True)
class Expectation:
    """What the outputs must hold. From the content when known; else inferred from the PDF alone."""

    first_page: int
    first_note: int
    calls: dict[int, int] | None = None  # note number -> how many calls; None: not known
    front_pages: int = 0  # pages numbered i, ii, ... before `first_page`, when no part says
    note_texts: dict[int, str] | None = None  # None: the content is not available
    paragraphs: tuple[str, ...] | None = None  # body blocks' text, in reading order
    running: tuple[str, ...] = ()  # running header and footer lines: not body text
    title: str | None = None
    language: str | None = None
    tables: tuple[ExpectedTable, ...] | None = None  # None: the content is not available
    figures: tuple[ExpectedFigure, ...] | None = None
    headings: dict[str, str] | None = None  # every heading's id -> its text, in reading order
    cross_references: tuple[ExpectedCrossRef, ...] | None = None  # in reading order
    bibliography: tuple[ExpectedSource, ...] | None = None  # every source; None: no bibliography
    parts: tuple[Part, ...] = ()  # the book's sections in reading order; () when not known
    contents: tuple[str, ...] | None = None  # the heading ids the contents lists, in order
    lists: tuple[ExpectedList, ...] | None = None  # the lists after the contents, in order
    duplex: bool = False


def expect_from_content(publication: Publication) -> Expectation:
    blocks = [block for section in publication.sections for block in text_blocks(section.blocks)]
    paragraphs = [plain_text(block.inlines) for block in blocks]
    chapters = (plain_text(section.title) for section in publication.sections)  # the running header's
    listed = tuple(e.id for e in contents_entries(publication, depth=publication.contents_depth))
    return Expectation(
        first_page=publication.first_page,
        first_note=publication.first_note,
        calls={note.number: note.calls for note in publication.notes},
        note_texts={note.number: note_text(note) for note in publication.notes},
        paragraphs=tuple(paragraphs),
        running=(publication.title, publication.footer, *chapters),
        title=publication.title,
        language=publication.language,
        tables=tuple(expected_table(table) for table in tables_of(publication)),
        figures=tuple(expected_figure(figure) for figure in figures_of(publication)),
        headings={b.id: plain_text(b.inlines) for b in blocks if isinstance(b, Heading)},
        cross_references=tuple(written_cross_references(publication)),
        bibliography=expected_sources(publication),
        parts=tuple(Part(s.id, s.role, s.kind) for s in publication.sections),
        contents=listed if publication.front else None,  # the body alone has no contents
        lists=tuple(expected_lists(publication)) if publication.front else None,
        duplex=publication.duplex,
    )


def expected_lists(publication: Publication) -> Iterator[ExpectedList]:
    for listed in front_lists(publication):
        yield ExpectedList(listed.id, tuple((entry.target, entry.text) for entry in listed.entries))


def written_cross_references(publication: Publication) -> Iterator[ExpectedCrossRef]:
    """The cross-references of the text and the notes; the bibliography's links back to the
    notes are the bibliography check's."""
    for section in publication.sections:
        if section.id == BIBLIOGRAPHY_SECTION:
            continue
        for block in text_blocks(section.blocks):
            yield from cross_references_in(block.id, block.inlines)
        for note in section.notes:
            for paragraph in note.blocks:
                yield from cross_references_in(note.id, paragraph.inlines)


def cross_references_in(source: str, inlines: tuple[Inline, ...]) -> Iterator[ExpectedCrossRef]:
    for item in inlines:
        if isinstance(item, CrossRef):
            yield ExpectedCrossRef(source, item.target, plain_text(item.children))
        elif isinstance(item, Emphasis | Strong | Link):
            yield from cross_references_in(source, item.children)


def expected_sources(publication: Publication) -> tuple[ExpectedSource, ...] | None:
    """Every source with the notes citing it, when the book has the generated bibliography."""
    if not any(section.id == BIBLIOGRAPHY_SECTION for section in publication.sections):
        return None
    citing: dict[str, list[int]] = {}
    for note in publication.notes:
        for key in note.cites:
            citing.setdefault(key, []).append(note.number)
    return tuple(
        ExpectedSource(s.key, s.title, s.url or None, s.accessed, tuple(citing.get(s.key, ())))
        for s in publication.sources
    )


def printed_caption(block: Table | Figure) -> str | None:
    """A caption as both editions print it, its number first: "Table 1: Returns by year"."""
    if block.caption is None:
        return None
    text = plain_text(block.caption.inlines)
    return f"{block.label}: {text}" if block.label else text


def expected_table(table: Table) -> ExpectedTable:
    def texts(cells: tuple[Paragraph, ...]) -> tuple[str, ...]:
        return tuple(plain_text(cell.inlines) for cell in cells)

    rows = tuple(texts(row) for row in table.rows)
    return ExpectedTable(table.id, printed_caption(table), texts(table.header), rows)


def expected_figure(figure: Figure) -> ExpectedFigure:
    return ExpectedFigure(figure.id, printed_caption(figure), figure.alt, figure.media_type)


def normalise(text: str) -> str:
    """Letters and digits only, case-folded: line breaks, hyphenation and spacing drop out; and
    right-to-left words, whose place among the rest a page shows by the bidi algorithm (a number
    after an Arabic phrase prints to its left), are compared apart: see `rtl_words`."""
    return re.sub(r"[\W_]+", "", RTL_WORD.sub("", text.casefold()))


def rtl_words(text: str) -> Counter[str]:
    """The right-to-left words of a text (Arabic, Hebrew), each with how often it occurs."""
    return Counter(RTL_WORD.findall(text.casefold()))


def missing(text: str, printed: str) -> str | None:
    """Why `printed` (as read from the page) does not hold `text`, or None when it does."""
    if normalise(text) not in normalise(printed):
        return missing_part(text, normalise(printed))
    lost = rtl_words(text) - rtl_words(printed)
    return f"'{next(iter(lost))}' is not printed" if lost else None


RTL = "\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc"  # Hebrew, Arabic and their presentation forms
RTL_WORD = re.compile(f"[{RTL}][{RTL}\u064b-\u065f\u0670]*")


def missing_part(text: str, printed: str) -> str:
    """The first words of `text` that `printed` (normalised) does not hold."""
    words = text.split()
    low, high = 0, len(words)
    while low < high:  # the longest run of leading words that is printed
        middle = (low + high + 1) // 2
        if normalise(" ".join(words[:middle])) in printed:
            low = middle
        else:
            high = middle - 1
    lost = " ".join(words[low : low + 8])
    return f"'{lost}{' …' if low + 8 < len(words) else ''}' is not printed"


def wanted_label(expected: Expectation, index: int, *, front_pages: int | None = None) -> str:
    """The label of the page at `index`: i, ii, ... in the front, then from the first page."""
    front = expected.front_pages if front_pages is None else front_pages
    if index < front:
        return roman(index + 1)
    return str(expected.first_page + index - front)
