"""The parallel route's workers: each part's print HTML -> its pages and PDF, in its own process.

Takes the parts' print HTML and the `PrintJob`; gives one `LaidOutPart` a part (its PDF bytes,
one PDF for each of the job's editions, written of the one layout; its pages with their final
folios, its warnings and bookmarks), or raises `PartFailed` with one line saying which worker
failed and how.

Folios: a part's first page number depends on the pages before it, known only once the parts
before it are laid out. WeasyPrint lays out every page's body first and makes the margin boxes
(header, footer, folio) last; in a worker, `weasyprint.layout.make_margin_boxes` is wrapped so
that, at its first call, the worker reports its page count and waits for the number of pages
before it, then makes the margin boxes with the page counter shifted by that. Each part also
says which files its layout read, with their SHA-256 (for `folio.pdf.reuse`).

Lifetime: a worker never outlives the build. It closes every pipe end it inherited but its
own, so a dead parent reads as end-of-file; on Linux it also asks the kernel to kill it when
its parent dies (`PR_SET_PDEATHSIG`), which ends it even in the middle of a layout. It ignores
Ctrl-C: the parent, interrupted, kills the workers at once and gives up the build.
"""

from __future__ import annotations

import copy
import ctypes
import dataclasses
import multiprocessing
import os
import signal
import sys
from collections.abc import Callable
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any

import weasyprint.layout

from folio.forked import kill_me_with_parent
from folio.pdf import render
from folio.pdf.join import LaidOutPart, blank_before
from folio.pdf.progress import PartPages, forward_pages
from folio.pdf.render import PrintJob, write_pdf

MESSAGE_LENGTH = 200  # of a worker's error, in the one line that reports it


class PartFailed(Exception):
    """A worker could not lay out its part: "worker 2 failed (MemoryError: ...)"."""


def lay_out_parts(htmls: list[str], job: PrintJob) -> list[LaidOutPart]:
    """Each part in its own process; each learns its first folio once the parts before it are laid out."""
    context = multiprocessing.get_context("fork")
    workers: list[tuple[BaseProcess, Connection]] = []
    pages = PartPages(context, len(htmls))  # each part's pages, shown as they are laid out
    try:
        for number, html in enumerate(htmls, start=1):
            inherited = [end for _, end in workers] + pages.not_for(number)
            workers.append(start_worker(context, html, job, number=number, inherited=inherited, pages=pages))
        pages.start()
        return exchange(workers, duplex=job.duplex)
    except BaseException:
        # A failed part, Ctrl-C, any error: the others would wait for ever, or lay out for nothing.
        for process, _ in workers:
            process.kill()
        raise
    finally:
        for process, connection in workers:
            process.join(timeout=5)
            if process.is_alive():
                process.kill()
            connection.close()
        pages.close()


def start_worker(
    context: Any, html: str, job: PrintJob, *, number: int, inherited: list[Connection], pages: PartPages
) -> tuple[BaseProcess, Connection]:
    """A worker laying out part `number`, and the parent's end of its pipe."""
    parent_end, child_end = context.Pipe()
    # The parent's ends of this pipe and of the earlier ones are open in the new process too: it
    # closes them, so that only the parent holds them.
    started = context.Process(
        target=lay_out_part,
        args=(child_end, html, job),
        kwargs={
            "parent": os.getpid(),
            "inherited": [*inherited, parent_end],
            "page_pipe": pages.sender(number),
        },
        name=f"folio-part-{number}",
    )
    started.start()
    child_end.close()
    pages.started(number)
    return started, parent_end


def exchange(workers: list[tuple[BaseProcess, Connection]], *, duplex: bool) -> list[LaidOutPart]:
    """Tell each worker the pages before its part as they become known (with the blank page the
    join puts before a part that would open on a left-hand page); gather the parts."""
    pages_before = 0
    for number, worker in enumerate(workers, start=1):
        pages = int(receive(worker, "pages", number))
        if number > 1 and blank_before(pages_before, duplex=duplex):
            pages_before += 1
        worker[1].send(pages_before)  # the worker's folios start after the parts before it
        pages_before += pages
    return [receive(worker, "done", number) for number, worker in enumerate(workers, start=1)]


def receive(worker: tuple[BaseProcess, Connection], kind: str, number: int) -> Any:
    process, connection = worker
    try:
        message_kind, value = connection.recv()
    except EOFError as exc:
        process.join(timeout=5)
        raise PartFailed(f"worker {number} ended without a result (exit code {process.exitcode})") from exc
    if message_kind != kind:
        raise PartFailed(f"worker {number} failed ({value})")
    return value


def lay_out_part(
    connection: Connection,
    html: str,
    job: PrintJob,
    *,
    parent: int,
    inherited: list[Connection],
    page_pipe: Connection,
) -> None:
    """In the worker: lay out one part, folios shifted by the pages before it, and send it back."""
    die_with_parent(parent, inherited)
    forward_pages(page_pipe)
    shift = shift_folios(connection)
    if job.url_fetcher is not None:
        job.url_fetcher.fetched.clear()  # what the parent read before: this part's own reads follow
    try:
        rendered = render.lay_out(html, job)
        pdfs = {
            edition: write_pdf(
                rendered.document,
                first_page=job.first_page,
                identifier=job.identifier,
                elsewhere=job.link_targets,
                edition=edition,
            )
            for edition in job.editions
        }
        pages = tuple(
            dataclasses.replace(page, label=str(int(page.label) + shift())) for page in rendered.pages
        )
        bookmarks = tuple((page.height, tuple(page.bookmarks)) for page in rendered.document.pages)
        read = tuple(sorted(job.url_fetcher.fetched.items())) if job.url_fetcher is not None else ()
        connection.send(("done", LaidOutPart(pdfs, pages, rendered.warnings, bookmarks, read)))
    except Exception as exc:  # sent to the parent, which says so and lays out in one process
        connection.send(("failed", one_line(exc)))
    finally:
        connection.close()


def die_with_parent(parent: int, inherited: list[Connection]) -> None:
    """End this worker when the build ends, however it ends (see the module's docstring)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and kills us
    for end in inherited:
        end.close()
    if sys.platform == "linux" and not kill_me_with_parent():
        print(
            "parallel layout: a worker could not ask Linux to end it with the build "
            f"(prctl: {os.strerror(ctypes.get_errno())}): it ends when it next hears from the build",
            file=sys.stderr,
        )
    if os.getppid() != parent:  # the parent died before the kernel was asked
        os._exit(1)


def shift_folios(connection: Connection) -> Callable[[], int]:
    """Wrap this process's `make_margin_boxes` (see the module's docstring); gives the shift."""
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
    return lambda: shift["pages"]


def one_line(exc: Exception) -> str:
    """`MemoryError`, `BuildError: styles/print.css:4: ...`: the type and the first line, cut short."""
    lines = str(exc).strip().splitlines()
    text = f"{type(exc).__name__}: {lines[0]}" if lines else type(exc).__name__
    if len(lines) > 1:
        text += " (and more)"
    return text if len(text) <= MESSAGE_LENGTH else text[: MESSAGE_LENGTH - 1] + "…"
