"""A build's long steps as they go -> a bar on a terminal, plain lines elsewhere (CI logs).

The steps report through `logging`, so that no stage takes a display as a parameter:

- WeasyPrint logs each page it lays out to `weasyprint.progress` ("Step 5 - Creating layout -
  Page %d", once per page and again on each repagination pass, "Repagination #%d" between
  passes; "Step 6 - Creating PDF" when it writes);
- the parallel route's workers send their pages to the build, which logs them to
  `folio.progress` with `extra={"task": "layout", "part": k, "parts": n, "page": p}`
  (`folio.pdf.progress`);
- EPUBCheck logs `{"task": "EPUBCheck", "state": "start"}` and `"end"` there.

`Progress` is the logging handler a command puts around a build (`with Progress() as shown:
build(..., say=shown.say)`): on a terminal it redraws one status line (a bar when the page
count is expected, from the last build, else a count), and `say` clears it before the build's
own lines; elsewhere it writes, among the build's lines, a plain line every `PLAIN_EVERY` pages
(and the count when such a layout ends) and the time of a task that took `PLAIN_SECONDS` or more.
"""

from __future__ import annotations

import logging
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TextIO

WEASYPRINT = "weasyprint.progress"
FOLIO = "folio.progress"
PLAIN_EVERY = 25  # pages between two plain lines: a 450-page book gives 18
PLAIN_SECONDS = 2.0  # a quicker task is not worth a line of a CI log
REDRAW = 0.1  # seconds between two redraws of the terminal's line
BAR = 24  # characters


def report(task: str, **details: object) -> None:
    """What a stage says about a long step, for whoever shows progress (nothing, by default)."""
    logging.getLogger(FOLIO).info(task, extra={"task": task, **details})


@dataclass(slots=True)
class State:
    """What is going on: pages laid out (by part; None: the single layout), timed tasks."""

    pages: dict[int | None, int] = field(default_factory=dict)
    parts: int = 0
    repagination: int = 0
    timed: dict[str, float] = field(default_factory=dict)  # task -> when it started
    expected_pages: int | None = None

    @property
    def laid_out(self) -> int:
        return sum(self.pages.values())

    def layout_text(self) -> str:
        if not self.pages:
            return ""
        done = self.laid_out
        passes = f", pass {self.repagination + 1}" if self.repagination else ""
        parts = ""
        if self.parts:
            counts = ", ".join(
                f"part {k}: {n}" for k, n in sorted((k or 0, n) for k, n in self.pages.items())
            )
            parts = f" in {self.parts} parts ({counts})"
        expected = self.expected_pages
        if expected and done <= expected:
            filled = round(BAR * done / expected)
            return (
                f"laying out{parts} [{'#' * filled}{'.' * (BAR - filled)}] {done}/~{expected} pages{passes}"
            )
        return f"laying out{parts}: {done} pages{passes}"

    def line(self, now: float) -> str:
        timed = [f"{name} {now - start:.1f} s" for name, start in self.timed.items()]
        return " | ".join(part for part in (self.layout_text(), *timed) if part)


class Progress(logging.Handler):
    """Shows the build's progress on `stream` while attached (a context manager)."""

    def __init__(
        self,
        stream: TextIO | None = None,
        *,
        terminal: bool | None = None,
        expected_pages: int | None = None,
        out: Callable[[str], None] = print,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(logging.INFO)
        self.stream = stream or sys.stderr
        self.terminal = self.stream.isatty() if terminal is None else terminal
        self.state = State(expected_pages=expected_pages)
        self.out = out
        self.clock = clock
        self.drawn = ""  # what the terminal's status line shows
        self.last_draw = 0.0
        self.plain_at = 0  # pages laid out at the last plain line
        self.levels: dict[str, int] = {}
        self.stopped = threading.Event()

    def __enter__(self) -> Progress:
        for name in (WEASYPRINT, FOLIO):
            logger = logging.getLogger(name)
            self.levels[name] = logger.level
            logger.setLevel(logging.INFO)
            logger.addHandler(self)
        if self.terminal:  # timed tasks tick while nothing else is logged
            threading.Thread(target=self.tick, name="folio-progress", daemon=True).start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stopped.set()
        for name, level in self.levels.items():
            logging.getLogger(name).removeHandler(self)
            logging.getLogger(name).setLevel(level)
        with self.lock_held():
            self.finish_steps()
            self.clear()

    def lock_held(self) -> threading.RLock:
        assert self.lock is not None
        return self.lock

    def say(self, line: str) -> None:
        """A line of the build's own: the step it says begins ends the steps shown."""
        with self.lock_held():
            self.finish_steps()
            self.clear()
            self.out(line)
            self.draw(force=True)

    def emit(self, record: logging.LogRecord) -> None:
        if record.name == WEASYPRINT:
            self.weasyprint_step(record)
        else:
            self.folio_step(record)
        self.draw()

    def weasyprint_step(self, record: logging.LogRecord) -> None:
        message = str(record.msg)
        if message.startswith("Step 5 - Creating layout - Page") and record.args:
            self.state.pages[None] = int(record.args[0])  # type: ignore[index, call-overload]
        elif message.startswith("Step 5 - Creating layout - Repagination") and record.args:
            self.state.repagination = int(record.args[0])  # type: ignore[index, call-overload]
        elif message.startswith("Step 6 - Creating PDF"):
            self.finish_layout()
            self.state.timed["writing the PDF"] = self.clock()

    def folio_step(self, record: logging.LogRecord) -> None:
        details = record.__dict__
        if details.get("task") == "layout":
            if not self.state.parts:  # the probes before the parts are not the book's pages
                self.state.pages.clear()
                self.state.parts = int(details["parts"])
            self.state.pages[int(details["part"])] = int(details["page"])
        elif details.get("state") == "start":
            self.state.timed[str(details["task"])] = self.clock()
        elif details.get("state") == "end":
            self.end_timed(str(details["task"]))

    def end_timed(self, task: str) -> None:
        start = self.state.timed.pop(task, None)
        if start is not None and not self.terminal and self.clock() - start >= PLAIN_SECONDS:
            self.out(f"  {task}: {self.clock() - start:.1f} s")

    def finish_layout(self) -> None:
        if self.plain_at and not self.terminal and self.state.laid_out != self.plain_at:
            self.out(f"  laid out {self.state.laid_out} pages")
        self.state.pages.clear()
        self.state.parts = self.state.repagination = self.plain_at = 0

    def finish_steps(self) -> None:
        """The steps of the build's thread end with the next step; EPUBCheck runs beside them."""
        self.finish_layout()
        self.end_timed("writing the PDF")

    def draw(self, *, force: bool = False) -> None:
        if not self.terminal:
            done = self.state.laid_out
            if done >= self.plain_at + PLAIN_EVERY:
                self.plain_at = done - done % PLAIN_EVERY
                self.out(f"  {self.state.layout_text()}")
            return
        now = self.clock()
        if not force and now - self.last_draw < REDRAW:
            return
        line = self.state.line(now)
        if line != self.drawn:
            self.stream.write(f"\r\x1b[2K  {line}" if line else "\r\x1b[2K")
            self.stream.flush()
            self.drawn = line
        self.last_draw = now

    def clear(self) -> None:
        if self.terminal and self.drawn:
            self.stream.write("\r\x1b[2K")
            self.stream.flush()
            self.drawn = ""

    def tick(self) -> None:
        while not self.stopped.wait(0.5):
            with self.lock_held():
                if self.state.timed:
                    self.draw(force=True)
