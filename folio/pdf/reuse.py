"""The incremental route: the book cut at every page-starting section, only changed parts laid out.

Takes the publication, a function that renders the print HTML of any part of it, the
`PrintJob` and the output folder's `PartStore`; gives the `LaidOutEdition` joined from parts
reused from earlier builds and parts laid out now (`folio.pdf.schedule`), and one line saying
which; or a `OneProcess` saying why the book cannot be cut. The whole book's print HTML is
never rendered: each part's is, and what forbids a cut is looked for in those.

A part is a run of sections from one the stylesheet starts on a new page to the next such
one: the finest cut at which a part laid out alone is laid out as in the whole book (the
parallel route's reasoning, `folio.pdf.split`, and its list of what a page carries over to
the next, which forbids any cut). A break is taken where every section's first block opens a
page both on pages too tall ever to fill (so the break is forced) and on the stylesheet's own
pages; these two probe layouts are remembered in the store, keyed by their own HTML. A book
with more than MAX_PARTS such sections is cut at every K-th (`grouped`).

What is exact, and what is laid out again (the schedule's rule):

- a part is reused only when its print HTML, the stylesheet, every file its layout read, the
  fonts and the versions (its body) AND its first folio are those of a stored part;
- note numbers print in the text, so they are in the part's HTML: a note added or removed
  before a part changes its numbers, its HTML, and it is laid out again;
- folios print in the margin boxes, which WeasyPrint makes after the body: a part whose body
  is unchanged but whose first folio moved (a page gained or lost before it) keeps its page
  count, so the parts after it are placed without waiting, but its PDF prints other folios:
  it is laid out again (the stored PDF cannot be re-stamped exactly);
- so a change that keeps the chapter's page count lays out that chapter alone.

The EPUB is made from the model as always, and the verifier checks the whole joined PDF.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

from folio.errors import display_path
from folio.model import Publication
from folio.pdf import split
from folio.pdf.join import joined_edition
from folio.pdf.part_store import PartStore
from folio.pdf.render import LaidOutEdition, PrintJob
from folio.pdf.schedule import Part, Schedule

NAMED = 3  # sections named in the line that says what was laid out
MAX_PARTS = 24  # before page-starting sections are grouped (see `grouped`)


def lay_out_reusing_parts(
    publication: Publication,
    *,
    html_of: Callable[[Publication], str],
    job: PrintJob,
    store: PartStore,
    say: Callable[[str], None],
    workers: int | None = None,
) -> LaidOutEdition | split.OneProcess:
    """The edition from stored and new parts (raises `PartFailed` when a worker fails)."""
    parts = cut_into_parts(publication, html_of=html_of, job=job, store=store)
    if isinstance(parts, split.OneProcess):
        return parts
    htmls = [html_of(part) for part in parts]
    # The parts' HTML hold every section's and each the document's own: what the whole
    # book's would show of its own styles, without rendering it too.
    why = split.cut_forbidden(stylesheets_of(job), htmls, duplex=job.duplex)
    if why is not None:
        return split.OneProcess(why)
    plans = [
        Part(part_html, body, store.pages_of(body))
        for part_html, body in ((h, store.body_key(h, job)) for h in htmls)
    ]
    schedule = Schedule(plans, job, store, split.worker_count(workers))
    laid_out = schedule.run()
    say(reuse_line(parts, schedule.reused, store))
    return joined_edition(laid_out, job)


def cut_into_parts(
    publication: Publication,
    *,
    html_of: Callable[[Publication], str],
    job: PrintJob,
    store: PartStore,
) -> tuple[Publication, ...] | split.OneProcess:
    """The publication cut before every section proved to start a page, or why it cannot be
    (what the stylesheets forbid, found first; what the HTML's own styles forbid is found in
    the parts' HTML: `lay_out_reusing_parts`)."""
    if job.url_fetcher is None:
        return split.OneProcess("no fetcher records what a layout reads")
    if len(publication.sections) < 2:
        return split.OneProcess("the publication has one section")
    why = split.cut_forbidden(stylesheets_of(job), (), duplex=job.duplex)  # before any probe
    if why is not None:
        return split.OneProcess(why)
    probe = remembered_probe(store)
    try:
        forced = split.page_starting_sections(publication, html_of=html_of, job=job, probe=probe)
        # On the stylesheet's own pages too (one probe for all: the parallel route lays out two
        # headings for each of its few cuts, and a book may have a hundred chapters).
        on_pages = probe(html_of(split.first_blocks(publication)), job)
        starts = sorted(set(forced) & set(split.sections_starting_pages(publication, on_pages)))
    except split.NotSplit as reason:
        return split.OneProcess(str(reason))
    if not starts:
        return split.OneProcess("the stylesheet starts no section after the first on a new page")
    bounds = [0, *grouped(starts), len(publication.sections)]
    return tuple(
        dataclasses.replace(publication, sections=publication.sections[start:end])
        for start, end in itertools.pairwise(bounds)
    )


def stylesheets_of(job: PrintJob) -> tuple[str, ...]:
    return tuple(stylesheet.read_text(encoding="utf-8") for stylesheet in job.stylesheets)


def grouped(starts: list[int]) -> list[int]:
    """Every page-starting section starts a part while that makes at most MAX_PARTS parts, else
    every K-th, K the least power of two that does: each part costs a process's start and its
    own font subsets (measured at 1,000 notes, every section starting a page: 50 parts took
    45 % more layout CPU than two, 12 chapters as much as two). Grouping by position costs no
    reuse: an edit that adds or removes a page-starting section moves every later folio, so the
    later parts are laid out again anyway, and K, a power of two, seldom changes with it."""
    k = 1
    while (len(starts) + 1) / k > MAX_PARTS:
        k *= 2
    return starts[k - 1 :: k]


def remembered_probe(store: PartStore) -> Callable[..., Any]:
    """`split.probe_layout`, its result (the anchors of each page) kept in the store by the
    probe's HTML, stylesheet and environment, and checked against the files it read."""

    def probe(html: str, job: PrintJob, *, page_css: str | None = None) -> Any:
        key = store.probe_key(html, job, page_css)
        pages = store.probe(key)
        if pages is None:
            fetcher = job.url_fetcher
            assert fetcher is not None  # cut_into_parts makes sure
            fetcher.fetched.clear()
            document = split.probe_layout(html, job, page_css=page_css)
            pages = tuple(tuple(page.anchors) for page in document.pages)
            store.add_probe(key, pages, dict(fetcher.fetched))
        return SimpleNamespace(pages=[SimpleNamespace(anchors=anchors) for anchors in pages])

    return probe


def reuse_line(parts: tuple[Publication, ...], reused: list[int], store: PartStore) -> str:
    """`layout in 15 parts: 14 reused from dist/.folio-parts, 1 laid out (s-0007-aleppo)`."""
    laid_out = [part.sections[0].id for number, part in enumerate(parts) if number not in reused]
    named = ", ".join(laid_out[:NAMED]) + (
        f" and {len(laid_out) - NAMED} more" if len(laid_out) > NAMED else ""
    )
    where = display_path(store.folder)
    if not reused:
        return f"layout in {len(parts)} parts: none reused (none in {where} matches), all laid out"
    if not laid_out:
        return f"layout in {len(parts)} parts: all reused from {where}, none laid out"
    return (
        f"layout in {len(parts)} parts: {len(reused)} reused from {where}, {len(laid_out)} laid out ({named})"
    )
