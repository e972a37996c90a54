"""A page's runs + its links and the note destinations -> where each run belongs.

WeasyPrint draws the body, then the footnote area, then the page margins, each in a group of
its own (`pdf_groups`). So a page's body is its first group with text, note calls left out; its
notes, the group of the first note number (a back-link); each note what lies there between its
top and the next note's; every other group is a running text (header, footer lines, folio,
however many lines each has), and the folio is the lowest number standing alone in the bottom
tenth of the page, outside any link. A page whose groups do not show that (a PDF from
elsewhere) is read by drawing order alone: the body is what is drawn before the first note
number, and the footer is the folio's line.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from folio.verify.anchors import CALL_DEST, NOTE_DEST
from folio.verify.pdf_text import PageText, TextRun

FOOTER_BAND = 0.1  # the bottom tenth of the page holds the running footer and its folio
FOLIO = re.compile(r"\s*([0-9]+|[ivxlcdm]+)\s*")
CALL_SIZE = 0.9  # a call is set smaller than the text around it (print.css: 0.68 em)
SLACK = 1.5  # points: rounding between a box, its destination and its link rectangle

Destinations = dict[str, tuple[int, float]]  # name -> page index, top
Places = dict[str, tuple[int, float, float]]  # name -> page index, left, top


@dataclass(frozen=True, slots=True)
class LinkAnnot:
    page: int  # index
    rect: tuple[float, float, float, float]  # x1, y1, x2, y2 with y1 < y2
    dest: str | None  # a named destination
    uri: str | None
    is_uri_action: bool = False

    def holds(self, run: TextRun) -> bool:
        x, y = run.x + run.width / 2, middle(run)
        x1, y1, x2, y2 = self.rect
        return x1 - SLACK <= x <= x2 + SLACK and y1 - SLACK <= y <= y2 + SLACK

    def covers(self, run: TextRun) -> bool:
        """Whether the run lies inside the link, end to end (a comma drawn after it does not)."""
        x1, _, x2, _ = self.rect
        return self.holds(run) and x1 - SLACK <= run.x and run.right <= x2 + SLACK


@dataclass(frozen=True, slots=True)
class NoteArea:
    """A note as printed: its page, the top of its box, and the strings drawn inside it."""

    number: int
    page: int
    top: float
    runs: tuple[TextRun, ...]
    printed_number: str  # the digits of its back-link
    back_links: tuple[str, ...] = ()  # where the back-links drawn in its area lead
    addresses: tuple[str, ...] = ()  # the web addresses its links lead to (its sources')

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)


@dataclass(frozen=True, slots=True)
class PageLayout:
    folio: str | None  # as printed in the footer band
    footer_top: float | None  # the top of the footer (its highest line)
    body: tuple[TextRun, ...]  # the body text, note calls left out
    notes: dict[int, NoteArea]


@dataclass(frozen=True, slots=True)
class PageParts:
    body: list[TextRun]
    notes: list[TextRun]  # the footnote area's text
    running: list[TextRun]  # the margin boxes': header, footer, folio


def read_layouts(
    texts: tuple[PageText, ...],
    links: tuple[LinkAnnot, ...],
    destinations: Destinations,
    calls: Places,
    groups: tuple[tuple[int, ...], ...] = (),
) -> Iterator[PageLayout]:
    """Each page's folio, footer, body and notes (`groups`: each page's, from `pdf_groups`)."""
    tops = note_tops(links, destinations)
    links_on: dict[int, list[LinkAnnot]] = {}
    for link in links:
        links_on.setdefault(link.page, []).append(link)
    places_on: dict[int, list[tuple[float, float]]] = {}
    for page_index, x, y in calls.values():
        places_on.setdefault(page_index, []).append((x, y))
    for index, page in enumerate(texts):
        page_links, page_groups = links_on.get(index, []), groups[index] if index < len(groups) else ()
        places = places_on.get(index, [])
        yield read_layout(index, page, page_links, tops.get(index, []), places, groups=page_groups)


def read_layout(
    index: int,
    page: PageText,
    links: list[LinkAnnot],
    tops: list[tuple[float, int]],
    call_places: list[tuple[float, float]],
    *,
    groups: tuple[int, ...] = (),
) -> PageLayout:
    backs = [link for link in links if link.dest and CALL_DEST.match(link.dest)]
    calls = [link for link in links if link.dest and NOTE_DEST.match(link.dest)]
    folio = printed_folio(page, links)
    parts = parts_by_group(page, groups, backs, folio) or parts_by_order(page, backs, folio)
    text_size = common_size(parts.body)
    body = tuple(r for r in parts.body if not is_call(r, calls, text_size) and not at_call(r, call_places))
    footer = [r for r in parts.running if r.y < page.bottom + page.height / 2]
    sources = [link for link in links if link.uri]
    return PageLayout(
        folio=folio.text.strip() if folio and folio in parts.running else None,
        footer_top=max((r.y + r.size for r in footer), default=None),
        body=body,
        notes=dict(note_areas(index, parts.notes, tops, backs, sources)),
    )


def parts_by_group(
    page: PageText, groups: tuple[int, ...], backs: list[LinkAnnot], folio: TextRun | None
) -> PageParts | None:
    """The body: the first group with text, unless it holds the folio (a page with no body);
    the notes: the group of the first note number; all else is running text. None when the
    groups do not tell the three apart (a PDF from elsewhere, drawn in one group)."""
    if len(groups) != len(page.runs) or len(set(groups)) < 2:
        return None
    folio_group = groups[page.runs.index(folio)] if folio is not None else None
    body = next((g for g in groups if g != folio_group), None)
    first_note = next(
        (g for r, g in zip(page.runs, groups, strict=True) if any(b.holds(r) for b in backs)), None
    )
    if first_note is not None and first_note == body:
        return None
    parts = PageParts([], [], [])
    for run, group in zip(page.runs, groups, strict=True):
        part = parts.body if group == body else parts.notes if group == first_note else parts.running
        part.append(run)
    return parts


def parts_by_order(page: PageText, backs: list[LinkAnnot], folio: TextRun | None) -> PageParts:
    """The body: what is drawn before the first note number; the footer: the folio's line."""
    footer = [r for r in page.runs if folio and abs(r.y - folio.y) <= folio.size / 2]
    start = next((i for i, r in enumerate(page.runs) if any(b.holds(r) for b in backs)), len(page.runs))
    body = [r for r in page.runs[:start] if r not in footer]
    return PageParts(body, [r for r in page.runs[start:] if r not in footer], footer)


def is_call(run: TextRun, links: list[LinkAnnot], text_size: float) -> bool:
    """A note call: a number drawn small on a link to a note. Words linked to a note, and a
    number at the text's own size (the bibliography's "cited in notes 505, 512"), are text."""
    return (
        run.text.strip().isdigit()
        and run.size < CALL_SIZE * text_size
        and any(link.holds(run) for link in links)
    )


def common_size(runs: Sequence[TextRun]) -> float:
    """The size most of the page's body text is set in (by characters)."""
    sizes = Counter[float]()
    for run in runs:
        sizes[round(run.size, 1)] += len(run.text.strip())
    return sizes.most_common(1)[0][0] if sizes else 0.0


def at_call(run: TextRun, places: list[tuple[float, float]]) -> bool:
    """A note call's number, found by its anchor even when its link is gone."""
    return run.text.strip().isdigit() and any(
        abs(run.x - x) < 2 * SLACK and top - 2 * run.size < run.y <= top + SLACK for x, top in places
    )


def note_tops(links: tuple[LinkAnnot, ...], destinations: Destinations) -> dict[int, list[tuple[float, int]]]:
    """Each page's notes, top down: from their destinations, or else from their back-links."""
    found: dict[int, tuple[int, float]] = {}
    for name, (page, top) in destinations.items():
        if m := NOTE_DEST.match(name):
            found[int(m.group(1))] = (page, top)
    for link in links:
        m = CALL_DEST.match(link.dest or "")
        if m and int(m.group(1)) not in found:
            found[int(m.group(1))] = (link.page, link.rect[3] + SLACK)
    by_page: dict[int, list[tuple[float, int]]] = {}
    for number, (page, top) in found.items():
        by_page.setdefault(page, []).append((top, number))
    return {page: sorted(items, reverse=True) for page, items in by_page.items()}


def note_areas(
    page: int,
    runs: list[TextRun],
    tops: list[tuple[float, int]],
    backs: list[LinkAnnot],
    sources: list[LinkAnnot],
) -> Iterator[tuple[int, NoteArea]]:
    """Each note's strings, back-links and addresses: what lies between its top and the next note's."""
    for index, (top, number) in enumerate(tops):
        bottom = tops[index + 1][0] if index + 1 < len(tops) else float("-inf")
        inside = tuple(r for r in runs if bottom < r.y <= top + SLACK)
        links = [b for b in backs if bottom < (b.rect[1] + b.rect[3]) / 2 <= top + SLACK]
        addresses = tuple(k.uri or "" for k in sources if bottom < (k.rect[1] + k.rect[3]) / 2 <= top + SLACK)
        printed = "".join(r.text for r in inside if links and links[0].holds(r)).strip()
        text_runs = tuple(r for r in inside if not (links and links[0].holds(r)))
        dests = tuple(b.dest or "" for b in links)
        yield number, NoteArea(number, page, top, text_runs, printed, dests, addresses)


def printed_folio(page: PageText, links: list[LinkAnnot]) -> TextRun | None:
    """The folio: the lowest number standing alone in the footer band, outside any link."""
    candidates = [
        run
        for run in page.runs
        if run.y < page.bottom + page.height * FOOTER_BAND
        and FOLIO.fullmatch(run.text)
        and not any(link.holds(run) for link in links)
    ]
    return min(candidates, key=lambda r: r.y, default=None)


def link_texts(texts: tuple[PageText, ...], links: tuple[LinkAnnot, ...]) -> tuple[str, ...]:
    """The text drawn on each link: the runs it covers, in drawing order (each page's
    runs sorted once by height, so a link looks only at the runs of its own lines)."""
    by_height: dict[int, tuple[list[float], list[tuple[int, TextRun]]]] = {}
    found: list[str] = []
    for link in links:
        if link.page not in by_height:
            ordered = sorted(enumerate(texts[link.page].runs), key=lambda item: middle(item[1]))
            by_height[link.page] = ([middle(run) for _, run in ordered], ordered)
        heights, ordered = by_height[link.page]
        low = bisect.bisect_left(heights, link.rect[1] - SLACK)
        high = bisect.bisect_right(heights, link.rect[3] + SLACK)
        held = sorted((index, run.text) for index, run in ordered[low:high] if link.covers(run))
        found.append("".join(text for _, text in held))
    return tuple(found)


def middle(run: TextRun) -> float:
    """The height at which `LinkAnnot.holds` looks for a run."""
    return run.y + run.size * 0.3
