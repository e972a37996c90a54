"""The incremental route's schedule: which parts are reused, which laid out, and in what order.

Takes the parts (each its print HTML and its body key), the `PrintJob`, the `PartStore` and the
number of workers; gives every part's `LaidOutPart`, each either found in the store or laid out
by a worker (`folio.pdf.workers.lay_out_part`), and which were which. Raises `PartFailed` when a
worker fails.

A part is reused only when its whole key is stored: its body (HTML, stylesheets, what the
layout read) and its first folio. The first folio is the job's first page plus the pages of
the parts before it, known once each of those is known: from the store for a stored body,
else from the worker laying it out, which reports its page count before it makes the margin
boxes (where the folios print) and waits for the pages before it. So:

- a part whose body is not stored is laid out at once;
- a part whose body is stored waits until its first folio is known: then it is reused when
  the store holds it with that folio, else laid out (its pages are the same, its folios not);
- at most `workers` busy at a time, in reading order. A worker waits only for parts before
  it whose body is new, all started before it, so every wait ends.

Printed on both sides, a part that would open on a left-hand page follows a blank one
(`join.blank_before`), which counts in the folios, as in the parallel route. The workers' pages
are shown as they are laid out (`folio.pdf.progress`) once no worker is left to start (no
thread of ours may run while a worker forks). A stored page count that a new layout of the same
body contradicts is a failure, not a guess.
"""

from __future__ import annotations

import multiprocessing
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import Any

from folio.pdf.join import LaidOutPart, blank_before
from folio.pdf.part_store import PartStore
from folio.pdf.progress import PartPages
from folio.pdf.render import PrintJob
from folio.pdf.workers import PartFailed, start_worker


@dataclass(slots=True)
class Part:
    """One part's state while the schedule runs."""

    html: str
    body: str
    pages: int | None  # from the store, or as its worker reports it
    result: LaidOutPart | None = None
    reused: bool = False
    queued: bool = False
    reported: bool = False  # its worker said how many pages it has
    first_folio: int | None = None  # told to its worker
    worker: tuple[BaseProcess, Connection] | None = None


@dataclass(slots=True)
class Schedule:
    parts: list[Part]
    job: PrintJob
    store: PartStore
    workers: int

    def run(self) -> list[LaidOutPart]:
        context = multiprocessing.get_context("fork")
        pages = PartPages(context, len(self.parts))
        try:
            self.decide(pages)
            while any(part.result is None for part in self.parts):
                self.start_workers(context, pages)
                if pages.thread.ident is None and all(p.result or p.worker for p in self.parts):
                    pages.start()  # the last worker is started
                self.receive()
                self.decide(pages)
        except BaseException:
            for part in self.parts:  # a failure, Ctrl-C: the others would lay out for nothing
                if part.worker is not None:
                    part.worker[0].kill()
            raise
        finally:
            for part in self.parts:
                self.end_worker(part)
            pages.close()
        return [part.result for part in self.parts if part.result is not None]

    @property
    def reused(self) -> list[int]:
        return [number for number, part in enumerate(self.parts) if part.reused]

    def first_folios(self) -> list[int | None]:
        """Each part's first folio, where the page counts before it are all known (with the
        blank page before a part that would open on a left-hand page, printed on both sides)."""
        folios: list[int | None] = []
        before: int | None = 0
        for number, part in enumerate(self.parts):
            if before is not None and number > 0 and blank_before(before, duplex=self.job.duplex):
                before += 1
            folios.append(None if before is None else self.job.first_page + before)
            before = before + part.pages if before is not None and part.pages is not None else None
        return folios

    def decide(self, pages: PartPages) -> None:
        """Reuse or queue each part that can be decided now; tell waiting workers their folio."""
        for number, (part, folio) in enumerate(zip(self.parts, self.first_folios(), strict=True), start=1):
            if part.result is not None:
                continue
            if part.worker is not None:
                if part.reported and part.first_folio is None and folio is not None:
                    part.first_folio = folio
                    part.worker[1].send(folio - self.job.first_page)  # the pages before it
                continue
            if part.queued:
                continue
            if part.pages is None:
                part.queued = True  # a new body: laid out at once
            elif folio is not None:
                found = self.store.find(self.store.part_key(part.body, folio, self.job))
                part.result, part.reused, part.queued = found, found is not None, found is None
                if found is not None:
                    pages.started(number)  # no worker will show pages for it

    def start_workers(self, context: Any, pages: PartPages) -> None:
        """Start queued parts, in reading order, while fewer than `workers` are busy: a worker
        that has laid out its body and waits for the page counts before it uses no core (at
        most twice `workers` alive, each holding its layout)."""
        alive = [part for part in self.parts if part.worker is not None]
        busy = [part for part in alive if not (part.reported and part.first_folio is None)]
        waiting = [
            (number, part)
            for number, part in enumerate(self.parts, start=1)
            if part.queued and part.worker is None and part.result is None
        ]
        room = min(self.workers - len(busy), 2 * self.workers - len(alive))
        for number, part in waiting[: max(0, room)]:
            inherited = [p.worker[1] for p in self.parts if p.worker is not None] + pages.not_for(number)
            part.worker = start_worker(
                context, part.html, self.job, number=number, inherited=inherited, pages=pages
            )

    def receive(self) -> None:
        """Wait for a message from any running worker and act on it."""
        running = {part.worker[1]: (number, part) for number, part in enumerate(self.parts) if part.worker}
        if not running:  # every undecided part waits for one before it, which is queued: a bug
            raise RuntimeError("the part schedule has parts left to decide and no worker running")
        for connection in wait(list(running)):
            assert isinstance(connection, Connection)
            number, part = running[connection]
            try:
                kind, value = connection.recv()
            except EOFError as exc:
                assert part.worker is not None
                part.worker[0].join(timeout=5)
                raise PartFailed(
                    f"worker {number + 1} ended without a result (exit code {part.worker[0].exitcode})"
                ) from exc
            self.take(number, part, kind, value)

    def take(self, number: int, part: Part, kind: str, value: Any) -> None:
        if kind == "pages":
            if part.pages is not None and part.pages != int(value):
                raise PartFailed(
                    f"worker {number + 1} laid out {value} pages where the stored layout of the same "
                    f"part has {part.pages}"
                )
            part.pages, part.reported = int(value), True
        elif kind == "done":
            assert part.first_folio is not None
            part.result = value
            self.store.add(
                self.store.part_key(part.body, part.first_folio, self.job),
                body=part.body,
                first_folio=part.first_folio,
                part=value,
            )
            self.end_worker(part)
        else:
            raise PartFailed(f"worker {number + 1} failed ({value})")

    def end_worker(self, part: Part) -> None:
        if part.worker is None:
            return
        process, connection = part.worker
        process.join(timeout=5)
        if process.is_alive():
            process.kill()
        connection.close()
        part.worker = None
