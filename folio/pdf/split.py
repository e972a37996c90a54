"""The parallel route's plan: whether the print edition can be laid out in parts, and where.

Takes the publication, its print HTML, a function that renders the print HTML of any part of
it and the `PrintJob`; gives the parts (publications of consecutive runs of sections, one a
worker: as many as there are cores, or FOLIO_WORKERS, and page-starting sections to start
them), or a `OneProcess` saying why the whole book must be laid out in one process.

Layout is most of a build and uses one core. A part can be laid out alone only where the
single layout starts a new page anyway: a part laid out from a run-on section's start never
falls back into step with the single layout's page breaks (the page starts stay shifted by a
fraction of a page), so an exact join needs a forced page break. The parallel route is for
publications of at least `MIN_NOTES` notes (below that, process start-up and the join cost
more than a second core saves); for those it is taken only when all of these hold:

1. two workers or more may run (FOLIO_WORKERS, else the machine's cores);
2. the stylesheet starts some section after the first on a new page (a chapter, say): of
   those, found by one probe layout of every section's first block on pages too tall to fill,
   part k+1 of n starts at the one nearest k/n of the text (fewer parts when there are fewer
   such sections), and laying out just its heading and the one before on real pages proves
   each break (two pages, the second opening with it);
3. page numbers appear only in margin boxes: no `target-counter`, `target-text` or
   `counter(pages)` in the HTML or the stylesheet (those would be laid out with a part's own
   numbering);
4. no part links to a heading or note that another part lays out (a cross-reference, the
   bibliography's "cited in notes", a later call of a note) unless the job's `link_targets`
   names it: WeasyPrint writes each part's PDF knowing only that part's anchors, and drops
   any other such link with an error in its log; a link to a name of `link_targets` is kept
   as a link to that name, which the join finds in the part that lays it out;
5. not the print-shop edition printed on both sides: the blank page the join puts before a
   part that would open on a left-hand page has no crop marks, where the single layout draws
   them on its blank pages too (the other editions' blank pages are blank: the join's are the
   same, boxes included).

Whenever such a publication is laid out in one process instead, because one of these fails or
a worker fails (an error in the content, a refused resource, a crash), the stage
(`folio.pdf.lay_out_print_edition`) says one line with what was not done and why; the single
route then reports exactly what a single layout reports. The probes are layouts like any other
(`render.lay_out_html`: the job's fetcher, the log captured); a probe that finds a problem
keeps the book in one process. The workers and the folio shift are in `folio.pdf.workers`, the
join in `folio.pdf.join`.
"""

from __future__ import annotations

import dataclasses
import itertools
import os
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from folio.model import (
    PRINT_SHOP,
    CrossRef,
    Emphasis,
    Heading,
    Inline,
    Link,
    NoteRef,
    Publication,
    Section,
    Strong,
    block_text,
    note_text,
    text_blocks,
)
from folio.pdf.render import PrintJob, lay_out_html

MIN_NOTES = 600
PAGE_NUMBERS_IN_FLOW = ("target-counter", "target-text", "counter(pages)")
# What a page hands on to the next, which a part laid out alone would start without (see
# `cut_forbidden`); the last field: exact all the same when printed on both sides.
CARRIED_OVER = (
    (
        re.compile(r"\bcounters?\(\s*(?!page\s*[,)]|list-item\s*[,)])[-\w]+"),
        "a counter printed across parts",
        False,
    ),
    (re.compile(r"\brunning\(|\belement\("), "running elements", False),
    (re.compile(r"@page[^{]*:(first|nth)\b"), "a style for first pages (@page :first, :nth)", False),
    (
        re.compile(r"@page[^{]*:(left|right|recto|verso|blank)\b"),
        "a style for left, right or blank pages",
        True,
    ),
    (
        re.compile(r"\bbreak-(before|after)\s*:\s*(left|right|recto|verso)\b"),
        "a break to a left or right page",
        True,
    ),
)
STYLE_ELEMENT = re.compile(r"<style[^>]*>(.*?)</style>", re.DOTALL)
STYLE_ATTRIBUTE = re.compile(r'\sstyle="([^"]*)"')
COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
FIRST_FOLIO = re.compile(r"@page\s*:first\s*\{\s*counter-reset\s*:\s*page\s+-?\d+\s*;?\s*\}")


@dataclass(frozen=True, slots=True)
class OneProcess:
    """Why the parallel route is not taken: "the stylesheet starts no section ..."."""

    why: str


class NotSplit(Exception):
    """Raised while planning the split: why there is none."""


def worker_count(workers: int | None) -> int:
    """Explicit, else FOLIO_WORKERS, else the machine's cores: as many parts at most."""
    if workers is None:
        workers = int(os.environ.get("FOLIO_WORKERS") or os.cpu_count() or 1)
    return max(1, workers)


def parallel_parts(
    publication: Publication,
    *,
    html: str,
    html_of: Callable[[Publication], str],
    job: PrintJob,
    workers: int | None,
) -> tuple[Publication, ...] | OneProcess:
    """The parts (two or more) to lay out side by side, or why one process must do it all."""
    try:
        starts = split_indices(publication, html=html, html_of=html_of, job=job, workers=workers)
    except NotSplit as reason:
        return OneProcess(str(reason))
    bounds = [0, *starts, len(publication.sections)]
    return tuple(
        dataclasses.replace(publication, sections=publication.sections[start:end])
        for start, end in itertools.pairwise(bounds)
    )


def split_indices(
    publication: Publication,
    *,
    html: str,
    html_of: Callable[[Publication], str],
    job: PrintJob,
    workers: int | None,
) -> list[int]:
    """The sections the parts after the first start with; NotSplit says why there are none."""
    if worker_count(workers) < 2:
        raise NotSplit("one worker (FOLIO_WORKERS, else the machine's cores)")
    if len(publication.sections) < 2:
        raise NotSplit("the publication has one section")
    if job.duplex and PRINT_SHOP in job.editions:
        raise NotSplit("printed on both sides, the print-shop edition's blank pages carry its crop marks")
    css = [stylesheet.read_text(encoding="utf-8") for stylesheet in job.stylesheets]
    for marker in PAGE_NUMBERS_IN_FLOW:
        if any(marker in text for text in (*css, html)):
            raise NotSplit(f"page numbers in the flow ({marker}) need the whole book in one layout")
    candidates = page_starting_sections(publication, html_of=html_of, job=job)
    starts = balanced_splits(publication, candidates, parts=worker_count(workers))
    if not starts:
        raise NotSplit("the stylesheet starts no section after the first on a new page")
    crossing = link_across_parts(publication, starts, kept=job.link_targets)
    if crossing is not None:
        raise NotSplit(crossing)
    for start in starts:
        if not breaks_page_before(publication, start, html_of=html_of, job=job):
            section = publication.sections[start].id
            raise NotSplit(f"section {section} does not start a new page on real pages")
    return starts


def link_across_parts(publication: Publication, starts: list[int], *, kept: frozenset[str]) -> str | None:
    """A link from one part to an anchor another part lays out (a cross-reference, the
    bibliography's link back to a note, a note's later call) and not `kept` by the part's
    writer: WeasyPrint writes a part's PDF with the anchors of that part only and drops it."""
    bounds = [0, *starts, len(publication.sections)]
    part_of: dict[str, int] = {}
    for part, (start, end) in enumerate(itertools.pairwise(bounds)):
        for section in publication.sections[start:end]:
            part_of |= dict.fromkeys(anchors_of(section), part)
    for part, (start, end) in enumerate(itertools.pairwise(bounds)):
        for section in publication.sections[start:end]:
            crossing = (t for t in link_targets(section) if part_of.get(t, part) != part and t not in kept)
            target = next(crossing, None)
            if target is not None:
                return f"section {section.id} links to #{target}, which another part lays out"
    return None


def anchors_of(section: Section) -> Iterator[str]:
    """The ids a link may lead to: headings' and notes'."""
    yield from (block.id for block in text_blocks(section.blocks) if isinstance(block, Heading))
    yield from (note.id for note in section.notes)


def link_targets(section: Section) -> Iterator[str]:
    """Where the section's cross-references and note calls lead, in its text and its notes."""
    paragraphs = [*text_blocks(section.blocks), *(p for note in section.notes for p in note.blocks)]
    for block in paragraphs:
        yield from inline_targets(block.inlines)


def inline_targets(inlines: tuple[Inline, ...]) -> Iterator[str]:
    for item in inlines:
        if isinstance(item, CrossRef):
            yield item.target
        elif isinstance(item, NoteRef):
            yield item.note_id
        if isinstance(item, Emphasis | Strong | Link | CrossRef):
            yield from inline_targets(item.children)


def cut_forbidden(css: tuple[str, ...], htmls: Sequence[str], *, duplex: bool) -> str | None:
    """Why no part of this book may be laid out alone in the incremental route, or None: page
    numbers in the flow, or what a page hands on to the next that a part laid out alone would
    start without, in the stylesheets or the HTML's own styles: a counter printed other than the
    folio or a list's number, running elements, a style for first pages. Named strings are
    carried too, but each part begins with a section whose first block sets the running header's
    (print.css), and the template sets the others on every part's root. Left and right pages,
    blank ones and breaks to a right-hand page hold only printed on both sides, where a part
    opens a right-hand page in the book (after the blank page the join puts before it) as it
    does alone. `htmls`: the book's print HTML, or each of its parts'."""
    for marker in PAGE_NUMBERS_IN_FLOW:
        if any(marker in text for text in (*css, *htmls)):
            return f"page numbers in the flow ({marker}) need the whole book in one layout"
    found = [f for html in htmls for f in (*STYLE_ELEMENT.findall(html), *STYLE_ATTRIBUTE.findall(html))]
    styles = [*css, *found]
    styles = [FIRST_FOLIO.sub("", COMMENT.sub("", text)) for text in styles]
    for pattern, what, in_duplex in CARRIED_OVER:
        if not (duplex and in_duplex) and any(pattern.search(text) for text in styles):
            return f"{what} in the styles need the whole book in one layout"
    return None


def section_weight(publication: Publication, index: int) -> int:
    """Characters of text and notes: what layout time follows."""
    section = publication.sections[index]
    return sum(len(block_text(b)) for b in section.blocks) + sum(len(note_text(n)) for n in section.notes)


def balanced_splits(publication: Publication, candidates: Iterable[int], *, parts: int) -> list[int]:
    """Where parts 2, 3, ... start: of the sections where a part may start, for each k the one
    nearest k/parts of the weight, each after the one before; fewer when there are too few."""
    weights = [section_weight(publication, i) for i in range(len(publication.sections))]
    before = list(itertools.accumulate(weights, initial=0))
    remaining = sorted(set(candidates))
    starts: list[int] = []
    for k in range(1, parts):
        later = [index for index in remaining if not starts or index > starts[-1]]
        if not later:
            break
        target = before[-1] * k / parts
        starts.append(min(later, key=lambda index: abs(before[index] - target)))
    return sorted(set(starts))


Probe = Callable[..., Any]  # `probe_layout`, or one that remembers its results (folio.pdf.reuse)


def page_starting_sections(
    publication: Publication,
    *,
    html_of: Callable[[Publication], str],
    job: PrintJob,
    probe: Probe | None = None,
) -> list[int]:
    """The sections after the first that the stylesheet starts on a new page.

    One probe: every section's first block, on pages too tall ever to fill (an extra
    stylesheet sets the page's height), so a page starts only where the stylesheet forces it.
    Whoever calls this confirms the chosen one with `breaks_page_before`, on real pages.
    """
    tall = f"@page {{ size: 210mm {100 * (len(publication.sections) + 10)}mm; }}"
    document = (probe or probe_layout)(html_of(first_blocks(publication)), job, page_css=tall)
    return sections_starting_pages(publication, document)


def first_blocks(publication: Publication) -> Publication:
    """The publication with each section cut to its first block (its heading)."""
    return dataclasses.replace(
        publication,
        sections=tuple(dataclasses.replace(s, blocks=s.blocks[:1]) for s in publication.sections),
    )


def sections_starting_pages(publication: Publication, document: Any) -> list[int]:
    """The sections after the first that open a page of `document` (no earlier one is on it; a
    page left blank holds none)."""
    index = {section.id: number for number, section in enumerate(publication.sections)}
    starts = []
    for page in document.pages[1:]:
        on_page = [index[anchor] for anchor in page.anchors if anchor in index]
        if on_page and min(on_page) > 0:
            starts.append(min(on_page))
    return starts


def breaks_page_before(
    publication: Publication, split: int, *, html_of: Callable[[Publication], str], job: PrintJob
) -> bool:
    """Whether the stylesheet starts section `split` on a new page: lay out two headings and see
    (on both sides of the paper, a right-hand page: the one after a blank page)."""
    before, after = publication.sections[split - 1], publication.sections[split]
    probe = dataclasses.replace(
        publication,
        sections=(
            dataclasses.replace(before, blocks=before.blocks[:1]),
            dataclasses.replace(after, blocks=after.blocks[:1]),
        ),
    )
    document = probe_layout(html_of(probe), job)
    pages = document.pages
    blank = len(pages) == 3 and job.duplex and not pages[1].anchors
    return (len(pages) == 2 or blank) and after.id in pages[-1].anchors and after.id not in pages[0].anchors


def probe_layout(html: str, job: PrintJob, *, page_css: str | None = None) -> Any:
    """A layout made only to see where pages start, fetched and logged as the real one is; one
    that finds a problem leaves the book to the single layout, which reports it."""
    laid_out = lay_out_html(
        html,
        base_url=job.base_url,
        stylesheet=job.stylesheets,
        url_fetcher=job.url_fetcher,
        page_css=page_css,
    )
    if laid_out.errors:
        raise NotSplit(f"a probe layout found a problem ({laid_out.errors[0]})")
    return laid_out.document
