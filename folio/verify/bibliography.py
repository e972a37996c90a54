"""PDF and EPUB facts + the content's sources -> what is wrong with the bibliography.

It must list exactly the sources that notes cite, once each, sorted by title as written (case
and leading punctuation aside), each with its address (a link to it) when known and its access
date when given; and each entry's "cited in notes 505, 512" must link to exactly the notes that
cite the source. Which notes those are, the files say for a source with an address (the notes
whose links lead to it) and the content for the rest (the notes whose citation key is the
source's); both count. The PDF's entries are its paragraphs `p-bibliography-N`, each read from
its destination to the next; the EPUB's, the paragraphs of its section marked `bibliography`.
"""

from __future__ import annotations

import bisect
import calendar
import itertools
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from folio.errors import Problem
from folio.verify.anchors import ENTRY_DEST, note_number
from folio.verify.epub_facts import EpubFacts
from folio.verify.expectation import Expectation, ExpectedSource, normalise
from folio.verify.pdf_facts import PdfFacts
from folio.verify.pdf_layout import SLACK
from folio.verify.registry import Family

CHECKS = Family()
BIBLIOGRAPHY_HEADING = "bibliography"  # the id of its heading


@dataclass(frozen=True, slots=True)
class Entry:
    """A bibliography entry as printed, in either edition."""

    text: str
    notes: tuple[tuple[int | None, str], ...]  # each link to a note: its number (None: no note), text
    addresses: tuple[str, ...]
    page: str | None = None  # the PDF page it starts on


def entry_figures(expected: Expectation) -> dict[str, int]:
    return {"cited sources": sum(1 for s in expected.bibliography or () if s.cited_in)}


@CHECKS.check("bibliography", needs=("pdf", "content"), figures=entry_figures)
def check_bibliography(pdf: PdfFacts, expected: Expectation) -> Iterator[Problem]:
    if expected.bibliography is None:
        return
    addresses = {number: set(area.addresses) for number, area in pdf.notes.items()}
    for message, page in entry_problems(pdf_entries(pdf, expected), addresses, expected.bibliography):
        yield Problem(pdf.path, message, "bibliography", page=page)


@CHECKS.check("epub-bibliography", needs=("epub", "content"), figures=entry_figures)
def check_epub_bibliography(epub: EpubFacts, expected: Expectation) -> Iterator[Problem]:
    if expected.bibliography is None:
        return
    entries = [
        Entry(e.text, tuple((epub_note(epub, target), text) for target, text in e.links), e.addresses)
        for e in epub.bibliography
    ]
    addresses = {n: set(a.addresses) for a in epub.asides.values() if (n := note_number(a.id)) is not None}
    for message, _ in entry_problems(entries, addresses, expected.bibliography):
        yield Problem(epub.path, message, "epub-bibliography")


def epub_note(epub: EpubFacts, target: str) -> int | None:
    """The note a link reaches: a footnote aside with that id in that document."""
    aside = epub.asides.get(target)
    return note_number(aside.id) if aside is not None and aside.is_footnote else None


def pdf_entries(pdf: PdfFacts, expected: Expectation) -> list[Entry]:
    """Each `p-bibliography-N` destination's entry: from it to the next entry, or to the next
    heading after the bibliography (the end of the book when there is none)."""
    starts = sorted((page, -top) for name, (page, top) in pdf.destinations.items() if ENTRY_DEST.match(name))
    headings = list(expected.headings or ())
    after = headings[headings.index(BIBLIOGRAPHY_HEADING) + 1 :] if BIBLIOGRAPHY_HEADING in headings else []
    end = next(
        ((p, -t) for name in after if name in pdf.destinations for p, t in [pdf.destinations[name]]), None
    )
    bounds = [*starts, end or (len(pdf.body), 0.0)]
    first = starts[0][0] if starts else len(pdf.body)
    links = sorted(
        (place(link.page, (link.rect[1] + link.rect[3]) / 2), index)
        for index, link in enumerate(pdf.links)
        if link.page >= first
    )
    return [pdf_entry(pdf, start, stop, links) for start, stop in itertools.pairwise(bounds)]


def place(page: int, y: float) -> tuple[int, float]:
    """Where a text or link lies in reading order (an entry's starts at its destination's top)."""
    return page, -y - SLACK


def pdf_entry(
    pdf: PdfFacts,
    start: tuple[int, float],
    stop: tuple[int, float],
    links: list[tuple[tuple[int, float], int]],
) -> Entry:
    """The text and links that lie from `start` to `stop` (`links`: their places, sorted)."""
    pages = range(start[0], min(stop[0] + 1, len(pdf.body)))
    text = "".join(run.text for page in pages for run in pdf.body[page] if start <= place(page, run.y) < stop)
    notes: list[tuple[int | None, str]] = []
    addresses: list[str] = []
    for _, index in links[bisect.bisect_left(links, (start, -1)) : bisect.bisect_left(links, (stop, -1))]:
        link = pdf.links[index]
        number = note_number(link.dest or "")
        if number is not None:
            notes.append((number if link.dest in pdf.destinations else None, pdf.link_texts[index]))
        elif link.uri:
            addresses.append(link.uri)
    return Entry(text, tuple(notes), tuple(addresses), pdf.label(start[0]))


def entry_problems(
    entries: Sequence[Entry], note_addresses: dict[int, set[str]], sources: tuple[ExpectedSource, ...]
) -> Iterator[tuple[str, str | None]]:
    """Each problem's message and page: an entry for no source or for a source no note cites, a
    cited source listed never or twice, out of order, without its address or access date, or
    linking to other notes than those citing it."""
    titles = TitleIndex(sources)
    listed: dict[str, list[Entry]] = {}
    order: list[ExpectedSource] = []
    for entry in entries:
        source = titles.source_of(entry, listed)
        if source is None:
            words = " ".join(entry.text.split()[:8])
            yield f"the bibliography's entry '{words} …' is no source of the content", entry.page
        elif not source.cited_in and not citing_by_address(source, sources, note_addresses):
            yield f"the bibliography lists '{source.title}', which no note cites", entry.page
        else:
            listed.setdefault(source.key, []).append(entry)
            order.append(source)
    for source in sources:
        yield from source_problems(source, listed.get(source.key, []), sources, note_addresses)
    for previous, source in itertools.pairwise(order):
        if sort_key(source) < sort_key(previous):
            message = (
                f"'{source.title}' is listed after '{previous.title}': the bibliography is sorted by title"
            )
            yield message, listed[source.key][0].page


def source_problems(
    source: ExpectedSource,
    found: list[Entry],
    sources: tuple[ExpectedSource, ...],
    note_addresses: dict[int, set[str]],
) -> Iterator[tuple[str, str | None]]:
    """A cited source's entry: there once, with its address, access date and notes."""
    wanted = sorted(set(source.cited_in) | citing_by_address(source, sources, note_addresses))
    if wanted and not found:
        yield f"'{source.title}' is cited in {notes_named(wanted)} but has no entry in the bibliography", None
    elif len(found) > 1:
        yield f"'{source.title}' is listed {len(found)} times in the bibliography", found[1].page
    for entry in found[:1]:
        faults = [*address_faults(entry, source, note_addresses), *entry_faults(entry, source, wanted)]
        yield from ((fault, entry.page) for fault in faults)


class TitleIndex:
    """The sources by their titles, normalised once: an entry is the source whose title it
    begins with (the longest such title)."""

    def __init__(self, sources: tuple[ExpectedSource, ...]) -> None:
        self.by_title: dict[str, list[ExpectedSource]] = {}
        for source in sources:
            if title := normalise(source.title):
                self.by_title.setdefault(title, []).append(source)
        self.lengths = sorted({len(title) for title in self.by_title}, reverse=True)

    def source_of(self, entry: Entry, listed: dict[str, list[Entry]]) -> ExpectedSource | None:
        """Of sources with the same title, the one that cites the entry's notes, else the first
        not listed yet."""
        text = normalise(entry.text)
        for length in self.lengths:
            same = self.by_title.get(text[:length], [])
            if same:
                reached = {number for number, _ in entry.notes}
                fitting = [s for s in same if set(s.cited_in) == reached]
                return next(iter(fitting + [s for s in same if s.key not in listed] + same))
        return None


def citing_by_address(
    source: ExpectedSource, sources: tuple[ExpectedSource, ...], note_addresses: dict[int, set[str]]
) -> set[int]:
    """The notes whose links lead to the source's address (when no other source has it)."""
    if source.url is None or sum(1 for s in sources if s.url == source.url) > 1:
        return set()
    return {number for number, addresses in note_addresses.items() if source.url in addresses}


def address_faults(
    entry: Entry, source: ExpectedSource, note_addresses: dict[int, set[str]]
) -> Iterator[str]:
    """The entry and every note citing the source link to its address, when it has one."""
    if source.url is None:
        return
    if source.url not in entry.addresses:
        yield f"the entry for '{source.title}' does not link to its address {source.url}"
    for number in source.cited_in:
        if source.url not in note_addresses.get(number, set()):
            yield f"note {number} cites '{source.title}' but does not link to its address"


def entry_faults(entry: Entry, source: ExpectedSource, wanted: list[int]) -> Iterator[str]:
    """The entry gives its access date, and links to the notes citing it, each printing its number."""
    title = f"the entry for '{source.title}'"
    accessed = f"accessed {spelled_date(source.accessed)}" if source.accessed else ""
    if accessed and normalise(accessed) not in normalise(entry.text):
        yield f"{title} does not give its access date ({accessed})"
    reached = [number for number, _ in entry.notes]
    if reached != wanted:
        citing = ", ".join(map(str, wanted))
        yield f"{title} links to {notes_named(reached)}; the notes citing it are {citing}"
    for reached_note, printed in entry.notes:
        if reached_note is not None and normalise(printed) != str(reached_note):
            yield f"{title} links to note {reached_note} printing '{printed}'"


def notes_named(numbers: Sequence[int | None]) -> str:
    """ "note 5", "notes 5, 56", "no note"; a link that reaches no note is "no note"."""
    shown = ["no note" if number is None else str(number) for number in numbers]
    if not shown:
        return "no note"
    return f"note {shown[0]}" if len(shown) == 1 else f"notes {', '.join(shown)}"


def sort_key(source: ExpectedSource) -> tuple[str, str]:
    """The documented order: by title as written, case and leading punctuation aside."""
    title = source.title
    while title and (unicodedata.category(title[0])[0] in "PZ" or title[0].isspace()):
        title = title[1:]
    return title.casefold(), source.key


def spelled_date(date: str) -> str:
    """ "2025-01-07" -> "7 January 2025", as the bibliography prints it."""
    year, month, day = (int(part) for part in date.split("-"))
    return f"{day} {calendar.month_name[month]} {year}"
