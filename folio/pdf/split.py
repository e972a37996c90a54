"""The parallel route's plan: whether the print edition can be laid out in two parts, and where.

Takes the publication, its print HTML, a function that renders the print HTML of any part of
it and the `PrintJob`; gives the two parts (publications of the first sections and of the
rest), or a `OneProcess` saying why the whole book must be laid out in one process.

Layout is most of a build and uses one core. A part can be laid out alone only where the
single layout starts a new page anyway: a part laid out from a run-on section's start never
falls back into step with the single layout's page breaks (the page starts stay shifted by a
fraction of a page), so an exact join needs a forced page break. The parallel route is for
publications of at least `MIN_NOTES` notes (below that, process start-up and the join cost
more than a second core saves); for those it is taken only when all of these hold:

1. two workers may run (FOLIO_WORKERS, else the machine's cores);
2. the stylesheet starts some section after the first on a new page (a chapter, say): of
   those, found by one probe layout of every section's first block on pages too tall to fill,
   the second part starts at the one nearest half the text, and laying out just its heading
   and the one before on real pages proves the break (two pages, the second opening with it);
3. page numbers appear only in margin boxes: no `target-counter`, `target-text` or
   `counter(pages)` in the HTML or the stylesheet (those would be laid out with a part's own
   numbering).

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
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from folio.model import Publication, block_text, note_text
from folio.pdf.render import PrintJob, lay_out_html

MIN_NOTES = 600
PAGE_NUMBERS_IN_FLOW = ("target-counter", "target-text", "counter(pages)")


@dataclass(frozen=True, slots=True)
class OneProcess:
    """Why the parallel route is not taken: "the stylesheet starts no section ..."."""

    why: str


class NotSplit(Exception):
    """Raised while planning the split: why there is none."""


def worker_count(workers: int | None) -> int:
    """Explicit, else FOLIO_WORKERS, else the machine's cores; at most 2 parts."""
    if workers is None:
        workers = int(os.environ.get("FOLIO_WORKERS") or os.cpu_count() or 1)
    return max(1, min(workers, 2))


def parallel_parts(
    publication: Publication,
    *,
    html: str,
    html_of: Callable[[Publication], str],
    job: PrintJob,
    workers: int | None,
) -> tuple[Publication, Publication] | OneProcess:
    """The two parts to lay out side by side, or why one process must do it all."""
    try:
        split = split_index(publication, html=html, html_of=html_of, job=job, workers=workers)
    except NotSplit as reason:
        return OneProcess(str(reason))
    first = dataclasses.replace(publication, sections=publication.sections[:split])
    second = dataclasses.replace(publication, sections=publication.sections[split:])
    return first, second


def split_index(
    publication: Publication,
    *,
    html: str,
    html_of: Callable[[Publication], str],
    job: PrintJob,
    workers: int | None,
) -> int:
    """The section the second part starts with; NotSplit says why there is none."""
    if worker_count(workers) < 2:
        raise NotSplit("one worker (FOLIO_WORKERS, else the machine's cores)")
    if len(publication.sections) < 2:
        raise NotSplit("the publication has one section")
    css = job.stylesheet.read_text(encoding="utf-8")
    for marker in PAGE_NUMBERS_IN_FLOW:
        if any(marker in text for text in (css, html)):
            raise NotSplit(f"page numbers in the flow ({marker}) need the whole book in one layout")
    split = balanced_split(publication, page_starting_sections(publication, html_of=html_of, job=job))
    if split is None:
        raise NotSplit("the stylesheet starts no section after the first on a new page")
    if not breaks_page_before(publication, split, html_of=html_of, job=job):
        raise NotSplit(f"section {publication.sections[split].id} does not start a new page on real pages")
    return split


def section_weight(publication: Publication, index: int) -> int:
    """Characters of text and notes: what layout time follows."""
    section = publication.sections[index]
    return sum(len(block_text(b)) for b in section.blocks) + sum(len(note_text(n)) for n in section.notes)


def balanced_split(publication: Publication, candidates: Iterable[int]) -> int | None:
    """Of the sections where a part may start, the one nearest half the weight; None if none."""
    weights = [section_weight(publication, i) for i in range(len(publication.sections))]
    before = list(itertools.accumulate(weights, initial=0))
    half = before[-1] / 2
    return min(candidates, key=lambda index: abs(before[index] - half), default=None)


def page_starting_sections(
    publication: Publication, *, html_of: Callable[[Publication], str], job: PrintJob
) -> list[int]:
    """The sections after the first that the stylesheet starts on a new page.

    One probe: every section's first block, on pages too tall ever to fill (an extra
    stylesheet sets the page's height), so a page starts only where the stylesheet forces it.
    Whoever calls this confirms the chosen one with `breaks_page_before`, on real pages.
    """
    probe = dataclasses.replace(
        publication,
        sections=tuple(dataclasses.replace(s, blocks=s.blocks[:1]) for s in publication.sections),
    )
    tall = f"@page {{ size: 210mm {100 * (len(publication.sections) + 10)}mm; }}"
    document = probe_layout(html_of(probe), job, page_css=tall)
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
    """Whether the stylesheet starts section `split` on a new page: lay out two headings and see."""
    before, after = publication.sections[split - 1], publication.sections[split]
    probe = dataclasses.replace(
        publication,
        sections=(
            dataclasses.replace(before, blocks=before.blocks[:1]),
            dataclasses.replace(after, blocks=after.blocks[:1]),
        ),
    )
    document = probe_layout(html_of(probe), job)
    return len(document.pages) == 2 and after.id in document.pages[1].anchors


def probe_layout(html: str, job: PrintJob, *, page_css: str | None = None) -> Any:
    """A layout made only to see where pages start, fetched and logged as the real one is; one
    that finds a problem leaves the book to the single layout, which reports it."""
    laid_out = lay_out_html(
        html, base_url=job.base_url, stylesheet=job.stylesheet, url_fetcher=job.url_fetcher, page_css=page_css
    )
    if laid_out.errors:
        raise NotSplit(f"a probe layout found a problem ({laid_out.errors[0]})")
    return laid_out.document
