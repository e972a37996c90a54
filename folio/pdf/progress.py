"""The parallel route's pages as they are laid out: from each worker to the build's log.

A worker's WeasyPrint logs its pages in the worker's process, where nobody shows them. Each
worker gets the sending end of a pipe of its own (`PartPages.sender`) and forwards the page
numbers of its `weasyprint.progress` log through it (`forward_pages`); in the build a thread
reads every pipe and logs each page to `folio.progress` as `folio.progress.report("layout",
part=k, parts=n, page=p)`. The thread ends when every worker has closed its end (done,
failed or killed), so it never outlives the layout.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from multiprocessing.connection import Connection, wait
from typing import Any

from folio.progress import WEASYPRINT, report

LAYOUT_PAGE = "Step 5 - Creating layout - Page"


class PartPages:
    """The build's ends of the workers' page pipes, and the thread that relays them."""

    def __init__(self, context: Any, parts: int) -> None:
        pipes = [context.Pipe(duplex=False) for _ in range(parts)]  # (receiving end, sending end)
        self.receivers: list[Connection] = [receiving for receiving, _ in pipes]
        self.senders: list[Connection] = [sending for _, sending in pipes]
        self.parts = parts
        self.thread = threading.Thread(target=self.relay, name="folio-part-pages", daemon=True)

    def sender(self, part: int) -> Connection:
        return self.senders[part - 1]

    def not_for(self, part: int) -> list[Connection]:
        """The ends worker `part` inherits but must close: all but its own sending end, so that
        each pipe's end of file comes when its worker ends."""
        return [*self.receivers, *(end for k, end in enumerate(self.senders, start=1) if k != part)]

    def started(self, part: int) -> None:
        self.sender(part).close()  # the worker holds it now

    def start(self) -> None:
        """Once every worker is started (no thread of ours is running while they fork)."""
        self.thread.start()

    def relay(self) -> None:
        open_ends = {receiving: part for part, receiving in enumerate(self.receivers, start=1)}
        while open_ends:
            try:
                ready = wait(list(open_ends))
            except (OSError, ValueError):  # the build closed the ends: the layout is over
                return
            for receiving in ready:
                assert isinstance(receiving, Connection)
                try:
                    page = receiving.recv()
                except (EOFError, OSError):
                    del open_ends[receiving]
                    continue
                report("layout", part=open_ends[receiving], parts=self.parts, page=page)

    def close(self) -> None:
        """After the workers are gone: the thread has seen each end of file."""
        if self.thread.is_alive():
            self.thread.join(timeout=5)
        for end in (*self.receivers, *self.senders):  # senders too: a worker that never started
            end.close()


class PageForwarder(logging.Handler):
    def __init__(self, connection: Connection) -> None:
        super().__init__(logging.INFO)
        self.connection = connection

    def emit(self, record: logging.LogRecord) -> None:
        if str(record.msg).startswith(LAYOUT_PAGE) and record.args:
            with contextlib.suppress(OSError):  # the build stopped listening; the layout goes on
                self.connection.send(record.args[0])  # type: ignore[index]


def forward_pages(connection: Connection) -> None:
    """In a worker: its pages go to the build, and only there (not to the handlers the worker
    inherited from the build, which would draw on the build's terminal)."""
    logger = logging.getLogger(WEASYPRINT)
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
    logger.addHandler(PageForwarder(connection))
    logger.setLevel(logging.INFO)
    logger.propagate = False
