"""Print HTML -> the print edition's PDF, laid out in two processes when that is exactly the same.

Takes the publication, its print HTML and a function that renders the print HTML of any part
of it; gives a `LaidOutEdition`: the `LaidOutPage` of every page, WeasyPrint's warnings and a
`write()` that makes the PDF bytes, the same whichever route was taken.

Layout is ~95 % of a build and uses one core. A part can be laid out alone only where the
single layout starts a new page anyway: measured on run-on sections, a part laid out from a
section's start never falls back into step with the single layout's page breaks (the page
starts stay shifted by a fraction of a page), so an exact join needs a forced page break. The
parallel route is therefore taken only when all of these hold (else one process lays out all):

1. the publication has at least `MIN_NOTES` notes (below that, process start-up and the join
   cost more than a second core saves) and the machine has two cores;
2. the stylesheet starts some section after the first on a new page (a chapter, say): of
   those, found by one probe layout of every section's first block on pages too tall to fill,
   the second part starts at the one nearest half the text, and laying out just its heading
   and the one before on real pages proves the break (two pages, the second opening with it);
3. page numbers appear only in margin boxes: no `target-counter`, `target-text` or
   `counter(pages)` in the HTML or the stylesheet (those would be laid out with a part's own
   numbering).

Folios: a part's first page number depends on the pages before it, known only once the parts
before it are laid out. WeasyPrint lays out every page's body first and makes the margin boxes
(header, footer, folio) last; a worker's `make_margin_boxes` is wrapped so that, at its first
call, the worker reports its page count and waits for the number of pages before it, then
makes the margin boxes with the page counter shifted by that. The join (pypdf) keeps each
part's pages, links and named destinations, rebuilds the outline with WeasyPrint's own
algorithm over both parts' bookmarks, and sets the page labels and the metadata as the single
route does. Any failure in a worker (an error in the content, a refused resource, a crash)
falls back to the single route, which then reports exactly what a single layout reports.
"""

from __future__ import annotations

import copy
import dataclasses
import functools
import itertools
import multiprocessing
import os
from collections.abc import Callable, Iterable
from multiprocessing.connection import Connection
from typing import Any

import weasyprint
import weasyprint.layout

from folio.model import Publication, block_text, note_text
from folio.pdf import render
from folio.pdf.join import LaidOutPart, join_parts
from folio.pdf.render import LaidOutEdition, PrintJob, lay_out_in_one_process, write_pdf

MIN_NOTES = 600
PAGE_NUMBERS_IN_FLOW = ("target-counter", "target-text", "counter(pages)")


class PartFailed(Exception):
    """A worker could not lay out its part: the single route will say why, exactly."""


def lay_out_edition(
    publication: Publication,
    *,
    html: str,
    html_of: Callable[[Publication], str],
    job: PrintJob,
    workers: int | None = None,
) -> LaidOutEdition:
    """The edition laid out in two processes where that gives the same PDF, else in one."""
    parts = parallel_parts(publication, html=html, html_of=html_of, job=job, workers=workers)
    if parts is not None:
        try:
            laid_out = lay_out_parts([html_of(part) for part in parts], job)
        except PartFailed:
            pass  # laid out again in one process below: its result or its error is the exact one
        else:
            pages = tuple(page for part in laid_out for page in part.pages)
            warnings = tuple(dict.fromkeys(w for part in laid_out for w in part.warnings))
            return LaidOutEdition(pages, warnings, functools.partial(join_parts, laid_out, job))
    return lay_out_in_one_process(html, job)


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
) -> tuple[Publication, Publication] | None:
    """The two parts to lay out side by side, or None when one process must do it all."""
    if worker_count(workers) < 2 or len(publication.notes) < MIN_NOTES or len(publication.sections) < 2:
        return None
    css = job.stylesheet.read_text(encoding="utf-8")
    if any(marker in text for marker in PAGE_NUMBERS_IN_FLOW for text in (css, html)):
        return None
    split = balanced_split(publication, page_starting_sections(publication, html_of=html_of, job=job))
    if split is None or not breaks_page_before(publication, split, html_of=html_of, job=job):
        return None
    first = dataclasses.replace(publication, sections=publication.sections[:split])
    second = dataclasses.replace(publication, sections=publication.sections[split:])
    return first, second


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
    tall = weasyprint.CSS(string=f"@page {{ size: 210mm {100 * (len(publication.sections) + 10)}mm; }}")
    stylesheet = weasyprint.CSS(filename=str(job.stylesheet), url_fetcher=job.url_fetcher)
    document = weasyprint.HTML(
        string=html_of(probe), base_url=str(job.base_url), url_fetcher=job.url_fetcher
    ).render(stylesheets=[stylesheet, tall])
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
    stylesheet = weasyprint.CSS(filename=str(job.stylesheet), url_fetcher=job.url_fetcher)
    document = weasyprint.HTML(
        string=html_of(probe), base_url=str(job.base_url), url_fetcher=job.url_fetcher
    ).render(stylesheets=[stylesheet])
    return len(document.pages) == 2 and after.id in document.pages[1].anchors


def lay_out_parts(htmls: list[str], job: PrintJob) -> list[LaidOutPart]:
    """Each part in its own process; each learns its first folio once the parts before it are laid out."""
    context = multiprocessing.get_context("fork")
    connections: list[Connection] = []
    processes = []
    for index, html in enumerate(htmls):
        parent_end, child_end = context.Pipe()
        process = context.Process(
            target=lay_out_part, args=(child_end, html, job), name=f"folio-part-{index}"
        )
        process.start()
        child_end.close()
        connections.append(parent_end)
        processes.append(process)
    try:
        pages_before = 0
        for connection in connections:
            pages = int(receive(connection, "pages"))
            connection.send(pages_before)  # the worker's folios start after the parts before it
            pages_before += pages
        return [receive(connection, "done") for connection in connections]
    finally:
        for process in processes:
            process.join(timeout=5)
            if process.is_alive():
                process.kill()


def receive(connection: Connection, kind: str) -> Any:
    try:
        message_kind, value = connection.recv()
    except EOFError as exc:
        raise PartFailed("a layout worker ended without a result") from exc
    if message_kind != kind:
        raise PartFailed(str(value))
    return value


def lay_out_part(connection: Connection, html: str, job: PrintJob) -> None:
    """In the worker: lay out one part, folios shifted by the pages before it, and send it back."""
    shift = {"pages": 0}
    original = weasyprint.layout.make_margin_boxes

    def make_margin_boxes(context: Any, page: Any, state: Any) -> Any:
        if "known" not in shift:
            pages = len(context.page_maker) - 1  # body layout is finished for every page
            connection.send(("pages", pages))
            shift["pages"] = int(connection.recv())
            shift["known"] = 1
        if shift["pages"]:
            state = copy.deepcopy(state)
            counters = state[1]
            counters["page"] = [value + shift["pages"] for value in counters["page"]]
        return original(context, page, state)

    weasyprint.layout.make_margin_boxes = make_margin_boxes
    try:
        rendered = render.lay_out(html, job)
        pdf = write_pdf(rendered.document, first_page=job.first_page, identifier=job.identifier)
        pages = tuple(
            dataclasses.replace(page, label=str(int(page.label) + shift["pages"])) for page in rendered.pages
        )
        bookmarks = tuple((page.height, tuple(page.bookmarks)) for page in rendered.document.pages)
        connection.send(("done", LaidOutPart(pdf, pages, rendered.warnings, bookmarks)))
    except BaseException as exc:  # every failure goes to the parent, which falls back
        connection.send(("failed", f"{type(exc).__name__}: {exc}"))
    finally:
        connection.close()
