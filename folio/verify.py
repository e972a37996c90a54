"""PDF and EPUB (+ the content they came from, when known) -> a `Report` of every check.

The proof that page numbers, footnote anchors and texts are right. Each file is read once
into facts: `PdfFacts` (pypdf for labels, destinations, links, outline, fonts; the content
streams through `folio.pdftext` for what is printed where) and `EpubFacts` (zipfile + lxml).
Each check is a pure function of those facts and of the `Expectation` drawn from the content;
it yields `Problem`s naming its check, the page label and the note. A check whose input is
missing (no content, no EPUB) is reported as skipped, never as passed. EPUBCheck runs apart.
"""

from __future__ import annotations

import itertools
import json
import posixpath
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pypdf
from lxml import etree
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

from folio.epubchecker import WarmEpubCheck
from folio.errors import Problem
from folio.model import Publication, note_text, plain_text, text_blocks
from folio.pdftext import PageText, TextRun, read_page_texts
from folio.references import css_references

NOTE_DEST = re.compile(r"^fn-(\d+)$")
CALL_DEST = re.compile(r"^fnref-(\d+)(?:-(\d+))?$")
FOOTER_BAND = 0.1  # the bottom tenth of the page holds the running footer and its folio
FOLIO = re.compile(r"\s*([0-9]+|[ivxlcdm]+)\s*")
SLACK = 1.5  # points: rounding between a box, its destination and its link rectangle
NS = {
    "x": "http://www.w3.org/1999/xhtml",
    "epub": "http://www.idpf.org/2007/ops",
    "opf": "http://www.idpf.org/2007/opf",
    "dc": "http://purl.org/dc/elements/1.1/",
    "c": "urn:oasis:names:tc:opendocument:xmlns:container",
}
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
RESOURCE_ATTRIBUTES = {"img": "src", "image": "href", "audio": "src", "video": "src", "source": "src"}
RESOURCE_ATTRIBUTES |= {"script": "src", "link": "href", "iframe": "src", "embed": "src", "track": "src"}
RESOURCE_ATTRIBUTES |= {"object": "data", "input": "src"}
REQUIRED_METADATA = (
    "dc:title",
    "dc:language",
    "dc:identifier",
    "dc:publisher",
    "dc:date",
    "dcterms:modified",
)


# ---------------------------------------------------------------------------------------------
# What the content says


@dataclass(frozen=True, slots=True)
class Expectation:
    """What the outputs must hold. From the content when known; else inferred from the PDF alone."""

    first_page: int
    first_note: int
    calls: dict[int, int] | None = None  # note number -> how many calls; None: not known
    front_pages: int = 0  # pages numbered i, ii, ... before `first_page`
    note_texts: dict[int, str] | None = None  # None: the content is not available
    paragraphs: tuple[str, ...] | None = None  # body blocks' text, in reading order
    running: tuple[str, ...] = ()  # running header and footer lines: not body text
    title: str | None = None
    language: str | None = None


def expect_from_content(publication: Publication) -> Expectation:
    blocks = (block for section in publication.sections for block in text_blocks(section.blocks))
    paragraphs = [plain_text(block.inlines) for block in blocks]
    return Expectation(
        first_page=publication.first_page,
        first_note=publication.first_note,
        calls={note.number: note.calls for note in publication.notes},
        note_texts={note.number: note_text(note) for note in publication.notes},
        paragraphs=tuple(paragraphs),
        running=(publication.title, publication.footer),
        title=publication.title,
        language=publication.language,
    )


def normalise(text: str) -> str:
    """Letters and digits only, case-folded: line breaks, hyphenation and spacing drop out."""
    return re.sub(r"[\W_]+", "", text.casefold())


ROMAN = (
    (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
    (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
)  # fmt: skip


def roman(number: int) -> str:
    out = ""
    for value, letters in ROMAN:
        count, number = divmod(number, value)
        out += letters * count
    return out


def wanted_label(expected: Expectation, index: int) -> str:
    if index < expected.front_pages:
        return roman(index + 1)
    return str(expected.first_page + index - expected.front_pages)


# ---------------------------------------------------------------------------------------------
# PDF facts


@dataclass(frozen=True, slots=True)
class LinkAnnot:
    page: int  # index
    rect: tuple[float, float, float, float]  # x1, y1, x2, y2 with y1 < y2
    dest: str | None  # a named destination
    uri: str | None
    is_uri_action: bool = False

    def holds(self, run: TextRun) -> bool:
        x, y = run.x + run.width / 2, run.y + run.size * 0.3
        x1, y1, x2, y2 = self.rect
        return x1 - SLACK <= x <= x2 + SLACK and y1 - SLACK <= y <= y2 + SLACK


@dataclass(frozen=True, slots=True)
class NoteArea:
    """A note as printed: its page, the top of its box, and the strings drawn inside it."""

    number: int
    page: int
    top: float
    runs: tuple[TextRun, ...]
    printed_number: str  # the digits of its back-link
    back_links: tuple[str, ...] = ()  # where the back-links drawn in its area lead

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)


@dataclass(frozen=True, slots=True)
class PdfFacts:
    path: str
    labels: tuple[str, ...] | None  # from /PageLabels; None when the PDF has none
    folios: tuple[str | None, ...]  # printed in each page's footer band
    destinations: dict[str, tuple[int, float]] = field(default_factory=dict)  # name -> (page, top)
    links: tuple[LinkAnnot, ...] = ()
    sizes: tuple[tuple[float, float], ...] = ()  # width, height of each page
    footer_tops: tuple[float | None, ...] = ()  # top of each page's footer line
    body: tuple[tuple[TextRun, ...], ...] = ()  # each page's body text, note calls left out
    notes: dict[int, NoteArea] = field(default_factory=dict)
    calls: dict[str, tuple[int, float, float]] = field(default_factory=dict)  # fnref-* -> page, x, y
    title: str | None = None
    language: str | None = None
    fonts: tuple[tuple[str, bool], ...] = ()  # every font used: name, embedded
    outline: tuple[tuple[str, int | None], ...] = ()  # bookmark title, page index (None: broken)

    def label(self, page: int) -> str:
        if self.labels is not None and 0 <= page < len(self.labels):
            return self.labels[page]
        return str(page + 1)


def read_pdf_facts(path: Path, *, shown: str | None = None) -> PdfFacts:
    reader = pypdf.PdfReader(path)
    root = reader.root_object
    labels = tuple(reader.page_labels) if "/PageLabels" in root else None
    page_index = {page.indirect_reference.idnum: i for i, page in enumerate(reader.pages)}  # type: ignore[union-attr]
    destinations: dict[str, tuple[int, float]] = {}
    anchors: dict[str, tuple[int, float, float]] = {}
    for name, dest in reader.named_destinations.items():
        page = page_index.get(getattr(dest.page, "idnum", -1), -1)
        destinations[str(name)] = (page, float(dest.top or 0))
        anchors[str(name)] = (page, float(dest.left or 0), float(dest.top or 0))
    links = tuple(link_annots(reader))
    texts = tuple(read_page_texts(reader))
    by_page: dict[int, list[LinkAnnot]] = {}
    for link in links:
        by_page.setdefault(link.page, []).append(link)
    calls = {name: anchor for name, anchor in anchors.items() if CALL_DEST.match(name)}
    folios, footer_tops, body, notes = read_layout(texts, by_page, destinations, calls)
    info = reader.metadata
    return PdfFacts(
        path=shown or str(path),
        labels=labels,
        folios=folios,
        destinations=destinations,
        links=links,
        sizes=tuple((t.width, t.height) for t in texts),
        footer_tops=footer_tops,
        body=body,
        notes=notes,
        calls=calls,
        title=str(info.title) if info is not None and info.title else None,
        language=str(root["/Lang"]) if "/Lang" in root else None,
        fonts=tuple(used_fonts(reader)),
        outline=tuple(bookmarks(list(reader.outline), page_index)),
    )


def link_annots(reader: pypdf.PdfReader) -> Iterator[LinkAnnot]:
    for index, page in enumerate(reader.pages):
        for ref in page.get("/Annots") or ():
            annot = ref.get_object()
            if annot.get("/Subtype") != "/Link":
                continue
            x1, y1, x2, y2 = (float(v) for v in annot["/Rect"])
            rect = (min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2))
            dest = annot.get("/Dest")
            action = annot.get("/A")
            if isinstance(action, DictionaryObject) and "/D" in action and dest is None:
                dest = action["/D"]  # a GoTo action naming its destination
            is_uri = isinstance(action, DictionaryObject) and action.get("/S") == "/URI"
            uri = str(action.get("/URI") or "") or None if isinstance(action, DictionaryObject) else None
            name = (
                str(dest).removeprefix("/")
                if dest is not None and not isinstance(dest, ArrayObject)
                else None
            )
            yield LinkAnnot(index, rect, name, uri, is_uri)


def read_layout(
    texts: tuple[PageText, ...],
    links: dict[int, list[LinkAnnot]],
    destinations: dict[str, tuple[int, float]],
    call_anchors: dict[str, tuple[int, float, float]],
) -> tuple[
    tuple[str | None, ...], tuple[float | None, ...], tuple[tuple[TextRun, ...], ...], dict[int, NoteArea]
]:
    """Per page: the folio, the footer's top, the body runs; and every note's area."""
    tops = note_tops(links, destinations)
    folios: list[str | None] = []
    footer_tops: list[float | None] = []
    body: list[tuple[TextRun, ...]] = []
    notes: dict[int, NoteArea] = {}
    for index, page in enumerate(texts):
        page_links = links.get(index, [])
        folio = printed_folio(page, page_links)
        footer = [r for r in page.runs if folio and abs(r.y - folio.y) <= folio.size / 2]  # its line
        footer_top = max((r.y + r.size for r in footer), default=None)
        folios.append(folio.text.strip() if folio else None)
        footer_tops.append(footer_top)
        backs = [link for link in page_links if link.dest and CALL_DEST.match(link.dest)]
        calls = [link for link in page_links if link.dest and NOTE_DEST.match(link.dest)]
        # WeasyPrint draws the body, then the footnote area, then the page margins: the body is
        # what is drawn before the first note number (a back-link).
        start = next((i for i, r in enumerate(page.runs) if any(b.holds(r) for b in backs)), len(page.runs))
        places = [(x, y) for page_index, x, y in call_anchors.values() if page_index == index]
        body.append(
            tuple(
                r
                for r in page.runs[:start]
                if r not in footer and not any(c.holds(r) for c in calls) and not at_call(r, places)
            )
        )
        rest = [r for r in page.runs[start:] if r not in footer]
        notes.update(note_areas(index, rest, tops.get(index, []), backs))
    return tuple(folios), tuple(footer_tops), tuple(body), notes


def at_call(run: TextRun, places: list[tuple[float, float]]) -> bool:
    """A note call's number, found by its anchor even when its link is gone."""
    return run.text.strip().isdigit() and any(
        abs(run.x - x) < 2 * SLACK and top - 2 * run.size < run.y <= top + SLACK for x, top in places
    )


def note_tops(
    links: dict[int, list[LinkAnnot]], destinations: dict[str, tuple[int, float]]
) -> dict[int, list[tuple[float, int]]]:
    """Each page's notes, top down: from their destinations, or else from their back-links."""
    found: dict[int, tuple[int, float]] = {}
    for name, (page, top) in destinations.items():
        if m := NOTE_DEST.match(name):
            found[int(m.group(1))] = (page, top)
    for page_links in links.values():
        for link in page_links:
            m = CALL_DEST.match(link.dest or "")
            if m and int(m.group(1)) not in found:
                found[int(m.group(1))] = (link.page, link.rect[3] + SLACK)
    by_page: dict[int, list[tuple[float, int]]] = {}
    for number, (page, top) in found.items():
        by_page.setdefault(page, []).append((top, number))
    return {page: sorted(items, reverse=True) for page, items in by_page.items()}


def note_areas(
    page: int, runs: list[TextRun], tops: list[tuple[float, int]], backs: list[LinkAnnot]
) -> Iterator[tuple[int, NoteArea]]:
    """Each note's strings and back-links: what lies between its top and the next note's."""
    for index, (top, number) in enumerate(tops):
        bottom = tops[index + 1][0] if index + 1 < len(tops) else float("-inf")
        inside = tuple(r for r in runs if bottom < r.y <= top + SLACK)
        links = [b for b in backs if bottom < (b.rect[1] + b.rect[3]) / 2 <= top + SLACK]
        printed = "".join(r.text for r in inside if links and links[0].holds(r)).strip()
        text_runs = tuple(r for r in inside if not (links and links[0].holds(r)))
        dests = tuple(b.dest or "" for b in links)
        yield number, NoteArea(number, page, top, text_runs, printed, dests)


def printed_folio(page: PageText, links: list[LinkAnnot]) -> TextRun | None:
    """The folio: the lowest number standing alone in the footer band, outside any link."""
    candidates = [
        run
        for run in page.runs
        if run.y < page.height * FOOTER_BAND
        and FOLIO.fullmatch(run.text)
        and not any(link.holds(run) for link in links)
    ]
    return min(candidates, key=lambda r: r.y, default=None)


def used_fonts(reader: pypdf.PdfReader) -> Iterator[tuple[str, bool]]:
    seen: set[int] = set()
    for page in reader.pages:
        resources = page.get("/Resources")
        fonts = resources.get_object().get("/Font") if resources is not None else None
        for ref in (fonts.get_object() if fonts is not None else {}).values():
            key = ref.idnum if isinstance(ref, IndirectObject) else id(ref)
            if key in seen:
                continue
            seen.add(key)
            font = ref.get_object()
            yield str(font.get("/BaseFont", "?")).lstrip("/"), font_embedded(font)


def font_embedded(font: DictionaryObject) -> bool:
    if font.get("/Subtype") == "/Type3":
        return True  # drawn by its own glyph procedures
    if font.get("/Subtype") == "/Type0":
        font = font["/DescendantFonts"][0].get_object()  # type: ignore[index]
    descriptor = font.get("/FontDescriptor")
    if descriptor is None:
        return False
    descriptor = descriptor.get_object()
    return any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))


def bookmarks(items: list[object], pages: dict[int, int]) -> Iterator[tuple[str, int | None]]:
    for item in items:
        if isinstance(item, list):
            yield from bookmarks(item, pages)
        elif isinstance(item, pypdf.generic.Destination):
            page = getattr(item.page, "idnum", None)
            yield str(item.title), pages.get(page) if page is not None else None


# ---------------------------------------------------------------------------------------------
# PDF checks


def check_page_labels(facts: PdfFacts, expected: Expectation) -> Iterator[Problem]:
    """Labels exist and run from the first number: i, ii, ... for front matter, then 1, 2, ..."""
    if facts.labels is None:
        yield Problem(facts.path, "the PDF has no page labels (/PageLabels)", "page-labels")
        return
    for index, label in enumerate(facts.labels):
        wanted = wanted_label(expected, index)
        if label != wanted:
            yield Problem(facts.path, f"page label {label} should be {wanted}", "page-labels", page=label)


def check_folios(facts: PdfFacts, expected: Expectation) -> Iterator[Problem]:
    """Each page prints its folio in the footer, and it is the page's number (= its label)."""
    for index, folio in enumerate(facts.folios):
        wanted = wanted_label(expected, index)
        label = facts.label(index)
        if folio is None:
            yield Problem(
                facts.path, f"no folio printed in the footer (should be {wanted})", "folios", page=label
            )
        elif folio != wanted:
            message = f"printed folio {folio} should be {wanted}"
            yield Problem(facts.path, message, "folios", page=label)


def check_links(facts: PdfFacts) -> Iterator[Problem]:
    for link in facts.links:
        label = facts.label(link.page)
        if link.dest is not None and link.dest not in facts.destinations:
            note = number_of(link.dest)
            message = f"link to '{link.dest}', which is not a destination"
            yield Problem(facts.path, message, "links", page=label, note=note)
        elif link.dest is None and link.uri is None:
            kind = "an external link without a URI" if link.is_uri_action else "a link going nowhere"
            yield Problem(facts.path, kind, "links", page=label)


def number_of(name: str) -> int | None:
    m = NOTE_DEST.match(name) or CALL_DEST.match(name)
    return int(m.group(1)) if m else None


def call_links(facts: PdfFacts) -> dict[str, LinkAnnot]:
    """Each call anchor (fnref-*) with the link drawn on it: a call is a link at its own place."""
    found: dict[str, LinkAnnot] = {}
    by_place = {(link.page, round(link.rect[0]), round(link.rect[3])): link for link in facts.links}
    for name, (page, x, y) in facts.calls.items():
        link = by_place.get((page, round(x), round(y)))
        if link is None:  # not at the rounded corner: look around it
            link = next(
                (
                    k
                    for k in facts.links
                    if k.page == page and abs(k.rect[0] - x) < SLACK * 2 and abs(k.rect[3] - y) < SLACK * 2
                ),
                None,
            )
        if link is not None:
            found[name] = link
    return found


def calls_by_note(facts: PdfFacts) -> dict[int, list[str]]:
    """Call anchors of each note, first call first."""
    calls: dict[int, list[str]] = {}
    for name in facts.calls:
        m = CALL_DEST.match(name)
        assert m is not None
        calls.setdefault(int(m.group(1)), []).append(name)
    for names in calls.values():
        names.sort(key=lambda n: int(CALL_DEST.match(n).group(2) or 1))  # type: ignore[union-attr]
    return calls


def check_note_calls(facts: PdfFacts, expected: Expectation) -> Iterator[Problem]:
    """Each note is called as often as the content calls it, and every call is a link."""
    calls = calls_by_note(facts)
    linked = call_links(facts)
    for number, area in sorted(facts.notes.items()):
        label = facts.label(area.page)
        names = calls.get(number, [])
        wanted = expected.calls.get(number) if expected.calls is not None else None
        if not names:
            yield Problem(facts.path, f"note {number} is never called", "note-calls", page=label, note=number)
        elif wanted is not None and len(names) != wanted:
            message = f"note {number} is called {len(names)} times, the content {wanted}"
            yield Problem(facts.path, message, "note-calls", page=label, note=number)
        for name in names:
            if name not in linked:
                page = facts.label(facts.calls[name][0])
                message = f"the call of note {number} is not a link"
                yield Problem(facts.path, message, "note-calls", page=page, note=number)


def check_note_placement(facts: PdfFacts) -> Iterator[Problem]:
    """Every call links to its own note, and the note is printed on the page of its first call."""
    calls = calls_by_note(facts)
    linked = call_links(facts)
    for name, link in linked.items():
        number = number_of(name)
        if link.dest != f"fn-{number}":
            message = f"the call of note {number} links to '{link.dest}'"
            yield Problem(facts.path, message, "note-placement", page=facts.label(link.page), note=number)
    for number, area in sorted(facts.notes.items()):
        names = calls.get(number)
        if not names:
            continue
        call_page = facts.calls[names[0]][0]
        if call_page != area.page:
            where = f"on page {facts.label(area.page)}, its call on page {facts.label(call_page)}"
            message = f"note {number} is {where}"
            yield Problem(facts.path, message, "note-placement", page=facts.label(call_page), note=number)


def check_back_links(facts: PdfFacts) -> Iterator[Problem]:
    """Each note's number is one link, back to the note's first call."""
    first_calls = {number: names[0] for number, names in calls_by_note(facts).items()}
    for number, area in sorted(facts.notes.items()):
        label = facts.label(area.page)
        if len(area.back_links) != 1:
            message = f"note {number} has {len(area.back_links)} back-links, not 1"
            yield Problem(facts.path, message, "back-links", page=label, note=number)
            continue
        wanted = first_calls.get(number)
        if wanted is not None and area.back_links[0] != wanted:
            message = f"note {number}'s back-link leads to '{area.back_links[0]}', not to its call '{wanted}'"
            yield Problem(facts.path, message, "back-links", page=label, note=number)


def check_numbering(facts: PdfFacts, expected: Expectation) -> Iterator[Problem]:
    """Numbers run from the first, each once, in reading order, printed as numbered."""
    notes = sorted(facts.notes)
    wanted = (
        sorted(expected.calls)
        if expected.calls is not None
        else list(range(expected.first_note, expected.first_note + len(notes)))
    )
    for number in sorted(set(wanted) - set(notes)):
        yield Problem(facts.path, f"note {number} is missing", "numbering", note=number)
    for number in sorted(set(notes) - set(wanted)):
        area = facts.notes[number]
        message = (
            f"note {number} is not in the numbering ({wanted[0]}-{wanted[-1]})"
            if wanted
            else f"note {number} is not expected"
        )
        yield Problem(facts.path, message, "numbering", page=facts.label(area.page), note=number)
    for number, area in sorted(facts.notes.items()):
        if area.printed_number and area.printed_number != str(number):
            message = f"note {number} prints as {area.printed_number}"
            yield Problem(facts.path, message, "numbering", page=facts.label(area.page), note=number)
    firsts = sorted(
        (page, -y, x, number)
        for number, names in calls_by_note(facts).items()
        for page, x, y in [facts.calls[names[0]]]
    )
    for (*_, previous), (page, _, _, number) in itertools.pairwise(firsts):
        if number < previous:
            message = f"note {number} is called after note {previous}"
            yield Problem(facts.path, message, "numbering", page=facts.label(page), note=number)


def check_completeness(facts: PdfFacts, expected: Expectation) -> Iterator[Problem]:
    """Every note's whole text on its page; every paragraph of the body somewhere, in order."""
    assert expected.note_texts is not None and expected.paragraphs is not None
    for number, area in sorted(facts.notes.items()):
        text = expected.note_texts.get(number)
        if text is None:
            continue  # a note the content does not have: the numbering check's finding
        printed = normalise(area.text)
        if normalise(text) not in printed:
            message = f"note {number} is incomplete: {missing_part(text, printed)}"
            yield Problem(facts.path, message, "completeness", page=facts.label(area.page), note=number)
    yield from check_paragraphs(facts, expected)


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


def check_paragraphs(facts: PdfFacts, expected: Expectation) -> Iterator[Problem]:
    assert expected.paragraphs is not None
    running = {normalise(text) for text in expected.running if text}
    folios = {f for f in facts.folios if f}
    pieces: list[str] = []
    starts: list[int] = []  # where each page begins in the joined text
    length = 0
    for runs in facts.body:
        starts.append(length)
        for run in runs:
            piece = normalise(run.text)
            if piece in running or run.text.strip() in folios:
                continue
            pieces.append(piece)
            length += len(piece)
    document = "".join(pieces)
    cursor = 0
    for text in expected.paragraphs:
        wanted = normalise(text)
        found = document.find(wanted, cursor)
        if found >= 0:
            cursor = found + len(wanted)
            continue
        page = max(0, sum(1 for start in starts if start <= cursor) - 1)
        begin = " ".join(text.split()[:8])
        message = f"paragraph '{begin} …' is not printed whole"
        yield Problem(facts.path, message, "completeness", page=facts.label(page))


def check_geometry(facts: PdfFacts) -> Iterator[Problem]:
    """Each note inside the page: not past its edges or into the footer, not up into the body."""
    for number, area in sorted(facts.notes.items()):
        width, height = facts.sizes[area.page]
        label = facts.label(area.page)
        floor = facts.footer_tops[area.page] or 0.0
        for run in area.runs:
            if not run.text.strip():
                continue
            if run.x < -SLACK or run.right > width + SLACK or run.y + run.size > height:
                message = f"note {number} runs past the edge of the page ('{run.text.strip()[:30]}')"
                yield Problem(facts.path, message, "geometry", page=label, note=number)
                break
            if run.y - run.size * 0.25 < floor - SLACK:
                message = f"note {number} runs past the foot of the page ('{run.text.strip()[:30]}')"
                yield Problem(facts.path, message, "geometry", page=label, note=number)
                break
        body_bottom = min(
            (r.y - r.size * 0.25 for r in facts.body[area.page] if r.text.strip()), default=None
        )
        if body_bottom is not None and area.top > body_bottom + SLACK:
            message = f"note {number} reaches up into the body text"
            yield Problem(facts.path, message, "geometry", page=label, note=number)


def check_document(facts: PdfFacts, expected: Expectation | None) -> Iterator[Problem]:
    """Title and language set, every font embedded, every bookmark leads to a page."""
    if not facts.title:
        yield Problem(facts.path, "the PDF has no title", "document")
    elif expected is not None and expected.title and facts.title != expected.title:
        yield Problem(facts.path, f"the PDF's title is '{facts.title}', not '{expected.title}'", "document")
    if not facts.language:
        yield Problem(facts.path, "the PDF has no language (/Lang)", "document")
    elif expected is not None and expected.language and facts.language != expected.language:
        yield Problem(
            facts.path, f"the PDF's language is '{facts.language}', not '{expected.language}'", "document"
        )
    for name, embedded in facts.fonts:
        if not embedded:
            yield Problem(facts.path, f"font {name} is not embedded", "document")
    if not facts.outline:
        yield Problem(facts.path, "the PDF has no bookmarks", "document")
    for title, page in facts.outline:
        if page is None:
            yield Problem(facts.path, f"bookmark '{title}' leads to no page", "document")


def expect_from_pdf(facts: PdfFacts) -> Expectation:
    """What a PDF from elsewhere must hold: its own first folio and first note as the start."""
    labels = facts.labels or tuple(f or "" for f in facts.folios)
    front = next((i for i, label in enumerate(labels) if not re.fullmatch(r"[ivxlcdm]+", label)), len(labels))
    first = labels[front] if front < len(labels) else ""
    return Expectation(
        first_page=int(first) if first.isdigit() else 1,
        first_note=min(facts.notes, default=1),
        front_pages=front,
    )


# ---------------------------------------------------------------------------------------------
# EPUB facts


@dataclass(frozen=True, slots=True)
class NoteRefFact:
    document: str
    id: str
    target: str  # "document#id"
    text: str


@dataclass(frozen=True, slots=True)
class AsideFact:
    document: str
    id: str
    is_footnote: bool
    backlinks: tuple[str, ...]  # "document#id" of each back-link
    number: str  # the back-link's text
    text: str  # the note's text without its number


@dataclass(frozen=True, slots=True)
class EpubFacts:
    path: str
    entries: tuple[tuple[str, int], ...]  # zip entries in order: name, compression
    mimetype: bytes
    metadata: dict[str, tuple[str, ...]]
    documents: tuple[str, ...]  # spine order
    ids: dict[str, frozenset[str]]
    noterefs: tuple[NoteRefFact, ...]
    asides: dict[str, AsideFact]  # "document#id" -> aside
    page_list: tuple[tuple[str, str], ...]  # label, "document#id"
    toc: tuple[str, ...]
    remote: tuple[tuple[str, str], ...]  # file, address


def read_epub_facts(path: Path, *, shown: str | None = None) -> EpubFacts:
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        container = etree.fromstring(archive.read("META-INF/container.xml"))
        opf_name = str(container.find(".//c:rootfile", NS).get("full-path"))
        opf = etree.fromstring(archive.read(opf_name))
        base = posixpath.dirname(opf_name)
        manifest = {item.get("id"): item for item in opf.findall("opf:manifest/opf:item", NS)}
        spine = [
            posixpath.join(base, manifest[ref.get("idref")].get("href"))
            for ref in opf.findall("opf:spine/opf:itemref", NS)
            if ref.get("idref") in manifest
        ]
        remote = [
            ("content.opf", item.get("href")) for item in manifest.values() if is_remote(item.get("href"))
        ]
        trees: dict[str, etree._Element] = {}
        for item in manifest.values():
            name = posixpath.join(base, unquote(item.get("href") or ""))
            if item.get("media-type") == "application/xhtml+xml" and name in names:
                trees[name] = etree.fromstring(archive.read(name))
            elif item.get("media-type") == "text/css" and name in names:
                css = archive.read(name).decode("utf-8", "replace")
                remote += [(name, url) for url in css_references(css) if is_remote(url)]
        nav_item = next((i for i in manifest.values() if "nav" in (i.get("properties") or "").split()), None)
        nav_name = posixpath.join(base, nav_item.get("href")) if nav_item is not None else None
        return EpubFacts(
            path=shown or str(path),
            entries=tuple((info.filename, info.compress_type) for info in archive.infolist()),
            mimetype=archive.read("mimetype") if "mimetype" in names else b"",
            metadata=package_metadata(opf),
            documents=tuple(spine),
            ids={name: frozenset(tree.xpath("//@id")) for name, tree in trees.items()},
            noterefs=tuple(r for name in spine if name in trees for r in noterefs(name, trees[name])),
            asides={f"{a.document}#{a.id}": a for name, tree in trees.items() for a in asides(name, tree)},
            page_list=tuple(nav_entries(nav_name, trees.get(nav_name or ""), "page-list")),
            toc=tuple(label for label, _ in nav_entries(nav_name, trees.get(nav_name or ""), "toc")),
            remote=tuple(remote + [r for name, tree in trees.items() for r in remote_resources(name, tree)]),
        )


def is_remote(address: str | None) -> bool:
    return urlsplit(address or "").scheme.lower() in ("http", "https", "ftp") or (address or "").startswith(
        "//"
    )


def package_metadata(opf: etree._Element) -> dict[str, tuple[str, ...]]:
    found: dict[str, list[str]] = {}
    metadata = opf.find("opf:metadata", NS)
    for element in metadata if metadata is not None else ():
        if not isinstance(element.tag, str):
            continue
        if element.tag.startswith(f"{{{NS['dc']}}}"):
            key = "dc:" + element.tag.split("}")[1]
        elif element.get("property"):
            key = str(element.get("property"))
        else:
            continue
        found.setdefault(key, []).append((element.text or "").strip())
    return {key: tuple(values) for key, values in found.items()}


def resolve(document: str, href: str) -> str:
    """`href` as written in `document` -> "document#id" inside the package."""
    path, _, fragment = href.partition("#")
    target = (
        posixpath.normpath(posixpath.join(posixpath.dirname(document), unquote(path))) if path else document
    )
    return f"{target}#{fragment}"


def noterefs(document: str, tree: etree._Element) -> Iterator[NoteRefFact]:
    for ref in tree.iterfind(".//x:a", NS):
        if "noteref" in (ref.get(EPUB_TYPE) or "").split():
            text = "".join(ref.itertext()).strip()
            yield NoteRefFact(document, ref.get("id") or "", resolve(document, ref.get("href") or ""), text)


def asides(document: str, tree: etree._Element) -> Iterator[AsideFact]:
    for aside in tree.iterfind(".//x:aside", NS):
        backs = [a for a in aside.iterfind(".//x:a", NS) if a.get("role") == "doc-backlink"]
        number = "".join(backs[0].itertext()).strip() if backs else ""
        text = "".join(aside.itertext()).strip()
        yield AsideFact(
            document,
            aside.get("id") or "",
            "footnote" in (aside.get(EPUB_TYPE) or "").split(),
            tuple(resolve(document, a.get("href") or "") for a in backs),
            number,
            text.removeprefix(number).strip(),
        )


def nav_entries(document: str | None, tree: etree._Element | None, kind: str) -> Iterator[tuple[str, str]]:
    if document is None or tree is None:
        return
    for nav in tree.iterfind(".//x:nav", NS):
        if kind in (nav.get(EPUB_TYPE) or "").split():
            for a in nav.iterfind(".//x:a", NS):
                yield "".join(a.itertext()).strip(), resolve(document, a.get("href") or "")


def remote_resources(document: str, tree: etree._Element) -> Iterator[tuple[str, str]]:
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        local = etree.QName(element).localname
        attribute = RESOURCE_ATTRIBUTES.get(local)
        for name in (attribute, "{http://www.w3.org/1999/xlink}href" if local == "image" else None, "srcset"):
            value = element.get(name) if name else None
            if value and is_remote(value.split()[0]):
                yield document, value
        for url in css_references(element.get("style") or ""):
            if is_remote(url):
                yield document, url
        if local == "style":
            yield from ((document, url) for url in css_references(element.text or "") if is_remote(url))


# ---------------------------------------------------------------------------------------------
# EPUB checks


def note_number(aside_id: str) -> int | None:
    m = NOTE_DEST.match(aside_id)
    return int(m.group(1)) if m else None


def check_epub_footnotes(facts: EpubFacts) -> Iterator[Problem]:
    """Each noteref reaches a footnote aside, and that aside links back to a call of its note."""
    refs_by_place = {f"{r.document}#{r.id}": r for r in facts.noterefs}
    for ref in facts.noterefs:
        aside = facts.asides.get(ref.target)
        number = number_of(ref.id)
        if aside is None:
            message = f"{ref.document}: noteref {ref.text} leads to '{ref.target}', which is no aside"
            yield Problem(facts.path, message, "epub-footnotes", note=number)
        elif not aside.is_footnote:
            message = f"{ref.document}: noteref {ref.text} leads to an aside that is not a footnote"
            yield Problem(facts.path, message, "epub-footnotes", note=number)
    for place, aside in facts.asides.items():
        if not aside.is_footnote:
            continue
        number = note_number(aside.id)
        backs = [refs_by_place.get(b) for b in aside.backlinks]
        if not backs or any(b is None or b.target != place for b in backs):
            message = f"{aside.document}: footnote '{aside.id}' does not link back to its noteref"
            yield Problem(facts.path, message, "epub-footnotes", note=number)


def check_epub_numbering(facts: EpubFacts, expected: Expectation) -> Iterator[Problem]:
    """Notes numbered from the first, each once, in reading order; each prints its own number."""
    seen: list[int] = []
    for ref in facts.noterefs:
        number = number_of(ref.id)
        target = note_number(ref.target.partition("#")[2])
        if number is None or ref.text != str(number) or (target is not None and target != number):
            message = f"{ref.document}: noteref '{ref.id}' prints {ref.text} and leads to '{ref.target}'"
            yield Problem(facts.path, message, "epub-numbering", note=number)
        if number is not None and number not in seen:
            seen.append(number)
    for aside in facts.asides.values():
        number = note_number(aside.id)
        if aside.is_footnote and number is not None and aside.number != str(number):
            message = f"{aside.document}: footnote '{aside.id}' prints as {aside.number or 'nothing'}"
            yield Problem(facts.path, message, "epub-numbering", note=number)
    wanted = (
        sorted(expected.calls)
        if expected.calls is not None
        else list(range(expected.first_note, expected.first_note + len(seen)))
    )
    if seen != wanted:
        for number in sorted(set(wanted) - set(seen)):
            yield Problem(
                facts.path, f"note {number} is not called in the EPUB", "epub-numbering", note=number
            )
        for number in sorted(set(seen) - set(wanted)):
            yield Problem(facts.path, f"note {number} is not in the numbering", "epub-numbering", note=number)
        for previous, number in itertools.pairwise(seen):
            if number < previous:
                message = f"note {number} is called after note {previous}"
                yield Problem(facts.path, message, "epub-numbering", note=number)


def check_epub_page_list(facts: EpubFacts) -> Iterator[Problem]:
    if not facts.page_list:
        yield Problem(facts.path, "the navigation has no page-list", "epub-page-list")
    for label, target in facts.page_list:
        document, _, anchor = target.partition("#")
        if anchor not in facts.ids.get(document, frozenset()):
            message = f"page-list entry {label} leads to '{target}', which does not exist"
            yield Problem(facts.path, message, "epub-page-list", page=label)


def check_epub_remote(facts: EpubFacts) -> Iterator[Problem]:
    for document, address in facts.remote:
        message = f"{document}: remote resource {address} (a reader offline would not see it)"
        yield Problem(facts.path, message, "epub-remote")


def check_epub_mimetype(facts: EpubFacts) -> Iterator[Problem]:
    first = facts.entries[0] if facts.entries else ("", 0)
    if first != ("mimetype", zipfile.ZIP_STORED) or facts.mimetype != b"application/epub+zip":
        message = "the first entry must be 'mimetype', stored uncompressed, holding application/epub+zip"
        yield Problem(facts.path, message, "epub-mimetype")


def check_epub_metadata(facts: EpubFacts, expected: Expectation | None) -> Iterator[Problem]:
    for key in REQUIRED_METADATA:
        if not any(facts.metadata.get(key, ())):
            yield Problem(facts.path, f"the package has no {key}", "epub-metadata")
    if expected is not None:
        for key, value in (("dc:title", expected.title), ("dc:language", expected.language)):
            found = facts.metadata.get(key, ())
            if value and found and found[0] != value:
                yield Problem(facts.path, f"{key} is '{found[0]}', not '{value}'", "epub-metadata")


# ---------------------------------------------------------------------------------------------
# PDF <-> EPUB


def check_same_notes(pdf: PdfFacts, epub: EpubFacts) -> Iterator[Problem]:
    """The same notes, with the same numbers and texts, in both editions."""
    epub_notes = {
        number: aside
        for aside in epub.asides.values()
        if aside.is_footnote and (number := note_number(aside.id)) is not None
    }
    for number in sorted(set(pdf.notes) - set(epub_notes)):
        page = pdf.label(pdf.notes[number].page)
        yield Problem(
            epub.path,
            f"note {number} is in the PDF, not in the EPUB",
            "pdf-epub-notes",
            page=page,
            note=number,
        )
    for number in sorted(set(epub_notes) - set(pdf.notes)):
        yield Problem(
            pdf.path, f"note {number} is in the EPUB, not in the PDF", "pdf-epub-notes", note=number
        )
    for number in sorted(set(pdf.notes) & set(epub_notes)):
        area = pdf.notes[number]
        printed = normalise(area.text)
        if normalise(epub_notes[number].text) not in printed:
            message = f"note {number} differs: {missing_part(epub_notes[number].text, printed)} in the PDF"
            yield Problem(epub.path, message, "pdf-epub-notes", page=pdf.label(area.page), note=number)


def check_same_sections(pdf: PdfFacts, epub: EpubFacts) -> Iterator[Problem]:
    pdf_titles = [title for title, _ in pdf.outline]
    if [normalise(t) for t in pdf_titles] != [normalise(t) for t in epub.toc]:
        message = f"the PDF's bookmarks {pdf_titles} differ from the EPUB's contents {list(epub.toc)}"
        yield Problem(epub.path, message, "pdf-epub-sections")


def check_same_pages(pdf: PdfFacts, epub: EpubFacts) -> Iterator[Problem]:
    labels = list(pdf.labels or ())
    listed = [label for label, _ in epub.page_list]
    for label in labels:
        if label not in listed:
            yield Problem(
                epub.path, f"print page {label} is not in the EPUB's page-list", "pdf-epub-pages", page=label
            )
    for label in listed:
        if label not in labels:
            yield Problem(
                epub.path, f"page-list entry {label} is no page of the PDF", "pdf-epub-pages", page=label
            )


# ---------------------------------------------------------------------------------------------
# Running the checks: the report


@dataclass(frozen=True, slots=True)
class CheckResult:
    check: str
    file: str
    status: str  # "passed", "failed" or "skipped"
    problems: tuple[Problem, ...] = ()
    figures: tuple[tuple[str, int], ...] = ()
    reason: str = ""  # why it was skipped


@dataclass(frozen=True, slots=True)
class Report:
    results: tuple[CheckResult, ...]

    @property
    def problems(self) -> tuple[Problem, ...]:
        return tuple(p for r in self.results for p in r.problems)

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)

    @property
    def summary(self) -> str:
        return (
            f"{len(self.problems)} problem(s); checks: {self.count('passed')} passed, "
            f"{self.count('failed')} failed, {self.count('skipped')} skipped"
        )

    def adding(self, result: CheckResult) -> Report:
        return Report((*self.results, result))

    def to_json(self) -> str:
        data = {
            "summary": {
                "problems": len(self.problems),
                **{status: self.count(status) for status in ("passed", "failed", "skipped")},
            },
            "checks": [
                {
                    "check": r.check,
                    "file": r.file,
                    "status": r.status,
                    "figures": dict(r.figures),
                    **({"skipped_because": r.reason} if r.reason else {}),
                    "problems": [
                        {"page": p.page, "note": p.note, "message": p.message, "line": str(p)}
                        for p in r.problems
                    ],
                }
                for r in self.results
            ],
        }
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


@dataclass(frozen=True, slots=True)
class Inputs:
    pdf: PdfFacts | None
    epub: EpubFacts | None
    content: Expectation | None  # None: checking files from elsewhere

    @property
    def expected(self) -> Expectation:
        if self.content is not None:
            return self.content
        assert self.pdf is not None
        return expect_from_pdf(self.pdf)

    @property
    def epub_expected(self) -> Expectation:
        if self.content is not None or self.pdf is not None:
            return self.expected
        assert self.epub is not None
        numbers = [n for r in self.epub.noterefs if (n := number_of(r.id)) is not None]
        return Expectation(first_page=1, first_note=min(numbers, default=1))


@dataclass(frozen=True, slots=True)
class Check:
    name: str
    needs: tuple[str, ...]  # of "pdf", "epub", "content"
    run: Callable[[Inputs], Iterable[Problem]]
    figures: Callable[[Inputs], dict[str, int]]


def pdf_of(inputs: Inputs) -> PdfFacts:
    assert inputs.pdf is not None
    return inputs.pdf


def epub_of(inputs: Inputs) -> EpubFacts:
    assert inputs.epub is not None
    return inputs.epub


def pdf_pages(i: Inputs) -> dict[str, int]:
    return {"pages": len(pdf_of(i).folios)}


def pdf_notes(i: Inputs) -> dict[str, int]:
    return {"notes": len(pdf_of(i).notes), "calls": len(pdf_of(i).calls)}


CHECKS = (
    Check("page-labels", ("pdf",), lambda i: check_page_labels(pdf_of(i), i.expected), pdf_pages),
    Check("folios", ("pdf",), lambda i: check_folios(pdf_of(i), i.expected), pdf_pages),
    Check(
        "links",
        ("pdf",),
        lambda i: check_links(pdf_of(i)),
        lambda i: {
            "internal": sum(1 for k in pdf_of(i).links if k.dest),
            "external": sum(1 for k in pdf_of(i).links if k.uri),
        },
    ),
    Check("note-calls", ("pdf",), lambda i: check_note_calls(pdf_of(i), i.expected), pdf_notes),
    Check("note-placement", ("pdf",), lambda i: check_note_placement(pdf_of(i)), pdf_notes),
    Check("back-links", ("pdf",), lambda i: check_back_links(pdf_of(i)), pdf_notes),
    Check("numbering", ("pdf",), lambda i: check_numbering(pdf_of(i), i.expected), pdf_notes),
    Check(
        "completeness",
        ("pdf", "content"),
        lambda i: check_completeness(pdf_of(i), i.expected),
        lambda i: {"notes": len(pdf_of(i).notes), "paragraphs": len(i.expected.paragraphs or ())},
    ),
    Check("geometry", ("pdf",), lambda i: check_geometry(pdf_of(i)), pdf_notes),
    Check(
        "document",
        ("pdf",),
        lambda i: check_document(pdf_of(i), i.content),
        lambda i: {"fonts": len(pdf_of(i).fonts), "bookmarks": len(pdf_of(i).outline)},
    ),
    Check(
        "epub-footnotes",
        ("epub",),
        lambda i: check_epub_footnotes(epub_of(i)),
        lambda i: {"noterefs": len(epub_of(i).noterefs), "asides": len(epub_of(i).asides)},
    ),
    Check(
        "epub-numbering",
        ("epub",),
        lambda i: check_epub_numbering(epub_of(i), i.epub_expected),
        lambda i: {"noterefs": len(epub_of(i).noterefs)},
    ),
    Check(
        "epub-page-list",
        ("epub",),
        lambda i: check_epub_page_list(epub_of(i)),
        lambda i: {"entries": len(epub_of(i).page_list)},
    ),
    Check(
        "epub-remote",
        ("epub",),
        lambda i: check_epub_remote(epub_of(i)),
        lambda i: {"documents": len(epub_of(i).ids)},
    ),
    Check("epub-mimetype", ("epub",), lambda i: check_epub_mimetype(epub_of(i)), lambda i: {}),
    Check(
        "epub-metadata",
        ("epub",),
        lambda i: check_epub_metadata(epub_of(i), i.content),
        lambda i: {"fields": len(epub_of(i).metadata)},
    ),
    Check(
        "pdf-epub-notes",
        ("pdf", "epub"),
        lambda i: check_same_notes(pdf_of(i), epub_of(i)),
        lambda i: {"notes": len(pdf_of(i).notes)},
    ),
    Check(
        "pdf-epub-sections",
        ("pdf", "epub"),
        lambda i: check_same_sections(pdf_of(i), epub_of(i)),
        lambda i: {"sections": len(epub_of(i).toc)},
    ),
    Check(
        "pdf-epub-pages",
        ("pdf", "epub"),
        lambda i: check_same_pages(pdf_of(i), epub_of(i)),
        lambda i: {"pages": len(epub_of(i).page_list)},
    ),
)


def run_checks(inputs: Inputs, checks: Iterable[Check] = CHECKS) -> Iterator[CheckResult]:
    available = {"pdf": inputs.pdf, "epub": inputs.epub, "content": inputs.content}
    for check in checks:
        missing = [need for need in check.needs if available[need] is None]
        file = inputs.pdf if "pdf" in check.needs and inputs.pdf else inputs.epub or inputs.pdf
        shown = file.path if file is not None else ""
        if missing:
            reason = "no " + " and no ".join(
                "content to compare with" if m == "content" else m.upper() for m in missing
            )
            yield CheckResult(check.name, shown, "skipped", reason=reason)
            continue
        problems = tuple(check.run(inputs))
        figures = tuple(check.figures(inputs).items())
        yield CheckResult(check.name, shown, "failed" if problems else "passed", problems, figures)


def epubcheck_result(problems: list[Problem] | None, shown: str) -> CheckResult:
    """EPUBCheck's findings as a check: None when there was no EPUB to check."""
    if problems is None:
        return CheckResult("epubcheck", shown, "skipped", reason="no EPUB")
    status = "failed" if problems else "passed"
    return CheckResult("epubcheck", shown, status, tuple(problems), (("messages", len(problems)),))


def verify_outputs(
    *,
    pdf: Path | None,
    epub: Path | None,
    content: Expectation | None,
    shown_pdf: str | None = None,
    shown_epub: str | None = None,
    run_epubcheck: bool = True,
) -> Report:
    """Every check on the outputs given; `content` None checks them on their own."""
    inputs = Inputs(
        pdf=read_pdf_facts(pdf, shown=shown_pdf) if pdf is not None else None,
        epub=read_epub_facts(epub, shown=shown_epub) if epub is not None else None,
        content=content,
    )
    results = list(run_checks(inputs))
    if run_epubcheck:
        shown = shown_epub or str(epub or "")
        found = WarmEpubCheck().check(epub, shown=shown) if epub else None  # the builds' warm service
        results.append(epubcheck_result(found, shown))
    return Report(tuple(results))


def verify_pdf(path: Path, expected: Expectation | None, *, shown: str | None = None) -> list[Problem]:
    """The PDF checks alone (the content's expectations when given)."""
    return list(
        verify_outputs(pdf=path, epub=None, content=expected, shown_pdf=shown, run_epubcheck=False).problems
    )
