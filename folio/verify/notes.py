"""PDF facts -> problems with the notes' calls, placement, back-links and numbering.

Every call is a link to its own note, printed on the page of the note's first call; each note's
number is one link back to that call; notes are numbered from the first number, each once, in
reading order, and called as often as the content calls them.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from folio.errors import Problem
from folio.verify.anchors import call_order, number_of
from folio.verify.expectation import Expectation
from folio.verify.marks import call_mark, note_mark
from folio.verify.pdf_facts import PdfFacts
from folio.verify.pdf_layout import SLACK, LinkAnnot
from folio.verify.registry import Family

CHECKS = Family()


def note_figures(pdf: PdfFacts) -> dict[str, int]:
    return {"notes": len(pdf.notes), "calls": len(pdf.calls)}


def call_links(pdf: PdfFacts) -> dict[str, LinkAnnot]:
    """Each call anchor (fnref-*) with the link drawn on it: a call is a link at its own place."""
    found: dict[str, LinkAnnot] = {}
    by_place = {(link.page, round(link.rect[0]), round(link.rect[3])): link for link in pdf.links}
    for name, (page, x, y) in pdf.calls.items():
        link = by_place.get((page, round(x), round(y))) or link_near(pdf.links, page, x, y)
        if link is not None:
            found[name] = link
    return found


def link_near(links: tuple[LinkAnnot, ...], page: int, x: float, y: float) -> LinkAnnot | None:
    """A link whose top left corner is near (x, y): for corners that round differently."""
    near = (
        k
        for k in links
        if k.page == page and abs(k.rect[0] - x) < SLACK * 2 and abs(k.rect[3] - y) < SLACK * 2
    )
    return next(near, None)


def calls_by_note(pdf: PdfFacts) -> dict[int, list[str]]:
    """Call anchors of each note, first call first."""
    calls: dict[int, list[str]] = {}
    for name in pdf.calls:
        number = number_of(name)
        assert number is not None
        calls.setdefault(number, []).append(name)
    for names in calls.values():
        names.sort(key=call_order)
    return calls


@CHECKS.check("note-calls", needs=("pdf",), figures=note_figures)
def check_note_calls(pdf: PdfFacts, expected: Expectation) -> Iterator[Problem]:
    """Each note is called as often as the content calls it, and every call is a link."""
    calls = calls_by_note(pdf)
    linked = call_links(pdf)
    for number, area in sorted(pdf.notes.items()):
        label = pdf.label(area.page)
        names = calls.get(number, [])
        wanted = expected.calls.get(number) if expected.calls is not None else None
        marks = (note_mark(area),)
        if not names:
            message = f"note {number} is never called"
            yield Problem(pdf.path, message, "note-calls", page=label, note=number, marks=marks)
        elif wanted is not None and len(names) != wanted:
            message = f"note {number} is called {len(names)} times, the content {wanted}"
            yield Problem(pdf.path, message, "note-calls", page=label, note=number, marks=marks)
        for name in names:
            if name not in linked:
                page = pdf.label(pdf.calls[name][0])
                message = f"the call of note {number} is not a link"
                marks = (call_mark(pdf, name, label="not a link"),)
                yield Problem(pdf.path, message, "note-calls", page=page, note=number, marks=marks)


@CHECKS.check("note-placement", needs=("pdf",), figures=note_figures)
def check_note_placement(pdf: PdfFacts) -> Iterator[Problem]:
    """Every call links to its own note, and the note is printed on the page of its first call."""
    calls = calls_by_note(pdf)
    linked = call_links(pdf)
    for name, link in linked.items():
        number = number_of(name)
        if link.dest != f"fn-{number}":
            message = f"the call of note {number} links to '{link.dest}'"
            marks = (call_mark(pdf, name, link, label=f"links to {link.dest}"),)
            page = pdf.label(link.page)
            yield Problem(pdf.path, message, "note-placement", page=page, note=number, marks=marks)
    for number, area in sorted(pdf.notes.items()):
        names = calls.get(number)
        if not names:
            continue
        call_page = pdf.calls[names[0]][0]
        if call_page != area.page:
            note_page, called_on = pdf.label(area.page), pdf.label(call_page)
            message = f"note {number} is on page {note_page}, its call on page {called_on}"
            both = (
                call_mark(pdf, names[0], linked.get(names[0]), label=f"note {number} is on page {note_page}"),
                note_mark(area, label=f"note {number}, called on page {called_on}"),
            )
            yield Problem(pdf.path, message, "note-placement", page=called_on, note=number, marks=both)


@CHECKS.check("back-links", needs=("pdf",), figures=note_figures)
def check_back_links(pdf: PdfFacts) -> Iterator[Problem]:
    """Each note's number is one link, back to the note's first call."""
    first_calls = {number: names[0] for number, names in calls_by_note(pdf).items()}
    for number, area in sorted(pdf.notes.items()):
        label, marks = pdf.label(area.page), (note_mark(area),)
        if len(area.back_links) != 1:
            message = f"note {number} has {len(area.back_links)} back-links, not 1"
            yield Problem(pdf.path, message, "back-links", page=label, note=number, marks=marks)
            continue
        wanted = first_calls.get(number)
        if wanted is not None and area.back_links[0] != wanted:
            message = f"note {number}'s back-link leads to '{area.back_links[0]}', not to its call '{wanted}'"
            yield Problem(pdf.path, message, "back-links", page=label, note=number, marks=marks)


def wanted_numbers(expected: Expectation, found: int) -> list[int]:
    """The note numbers the content has; without it, `found` numbers from the first."""
    if expected.calls is not None:
        return sorted(expected.calls)
    return list(range(expected.first_note, expected.first_note + found))


@CHECKS.check("numbering", needs=("pdf",), figures=note_figures)
def check_numbering(pdf: PdfFacts, expected: Expectation) -> Iterator[Problem]:
    """Numbers run from the first, each once, in reading order, printed as numbered."""
    notes = sorted(pdf.notes)
    wanted = wanted_numbers(expected, len(notes))
    for number in sorted(set(wanted) - set(notes)):
        yield Problem(pdf.path, f"note {number} is missing", "numbering", note=number)
    for number in sorted(set(notes) - set(wanted)):
        area = pdf.notes[number]
        message = (
            f"note {number} is not in the numbering ({wanted[0]}-{wanted[-1]})"
            if wanted
            else f"note {number} is not expected"
        )
        page, marks = pdf.label(area.page), (note_mark(area),)
        yield Problem(pdf.path, message, "numbering", page=page, note=number, marks=marks)
    for number, area in sorted(pdf.notes.items()):
        if area.printed_number and area.printed_number != str(number):
            message = f"note {number} prints as {area.printed_number}"
            page, marks = pdf.label(area.page), (note_mark(area),)
            yield Problem(pdf.path, message, "numbering", page=page, note=number, marks=marks)
    yield from check_call_order(pdf)


def check_call_order(pdf: PdfFacts) -> Iterator[Problem]:
    """Each note's first call comes after the previous note's, in reading order."""
    firsts = sorted(
        (page, -y, x, number, names[0])
        for number, names in calls_by_note(pdf).items()
        for page, x, y in [pdf.calls[names[0]]]
    )
    for (*_, previous, _), (page, _, _, number, name) in itertools.pairwise(firsts):
        if number < previous:
            message = f"note {number} is called after note {previous}"
            marks = (call_mark(pdf, name, label=f"after note {previous}"),)
            yield Problem(pdf.path, message, "numbering", page=pdf.label(page), note=number, marks=marks)
