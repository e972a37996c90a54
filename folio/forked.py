"""A value made by a forked copy of this process, on another core, while this one goes on.

`Forked(make)` forks a copy of this process, which has everything `make` needs already
(nothing is sent to it), calls `make()` there and sends back what it returns (bytes, or any
value pickle carries); `result()` waits for it. When the copy cannot be made or does not give
it, whatever the reason (an error in the input, a bug, a signal), `result()` calls `make()` in
this process: its value, or its error, are the exact ones; `forked_result()` gives None
instead, for work that was only worth doing ahead (`abandon()` ends such a copy at once). With
one worker (`FOLIO_WORKERS=1`, which keeps a build in one process) or no `fork` on the
platform, `result()` calls `make()` and nothing is forked.

The copy logs nothing (a log handler's lock may be held by a thread that the fork did not
copy) and leaves the collector to its frozen heap: the objects it inherits are not scanned,
so that their pages stay shared with this process.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import multiprocessing
import os
from collections.abc import Callable
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Generic, TypeVar

JOIN_TIMEOUT = 5  # seconds for a copy that has sent its answer to end

T = TypeVar("T")


class Forked(Generic[T]):
    def __init__(self, make: Callable[[], T]) -> None:
        self.make = make
        self.process: BaseProcess | None = None
        self.answers: Connection | None = None
        if os.environ.get("FOLIO_WORKERS") == "1" or "fork" not in multiprocessing.get_all_start_methods():
            return
        context = multiprocessing.get_context("fork")
        answers, answer = context.Pipe(duplex=False)
        try:
            self.process = context.Process(target=make_in_copy, args=(make, answer), daemon=True)
            self.process.start()
        except OSError:  # no process could be made: made here, in `result`
            self.process = None
            answers.close()
        else:
            self.answers = answers
        finally:
            answer.close()

    def result(self) -> T:
        made = self.forked_result()
        return made if made is not None else self.make()

    def forked_result(self, *, timeout: float | None = None) -> T | None:
        """The copy's value; None when there is no copy or it gave none (within `timeout`
        seconds, when given: then the copy is ended)."""
        if self.process is None or self.answers is None:
            return None
        try:
            if timeout is not None and not self.answers.poll(timeout):
                self.process.kill()
                raise EOFError
            kind, value = self.answers.recv()
        except (EOFError, OSError):
            kind, value = "failed", None
        finally:
            self.answers.close()
            self.answers = None  # asked once
            self.process.join(timeout=JOIN_TIMEOUT)
            if self.process.is_alive():
                self.process.kill()
        return value if kind == "made" else None

    def abandon(self) -> None:
        """The copy ended now, whatever it is doing; `forked_result()` gives None from then on."""
        if self.process is None or self.answers is None:
            return
        self.process.kill()
        self.process.join(timeout=JOIN_TIMEOUT)
        self.answers.close()
        self.answers = None


def make_in_copy(make: Callable[[], object], answer: Connection) -> None:
    """In the forked copy: `make()`'s value sent back, or word that it failed."""
    gc.freeze()
    logging.disable(logging.CRITICAL)
    try:
        made = make()
    except BaseException as error:
        with contextlib.suppress(OSError):
            answer.send(("failed", type(error).__name__))
        return
    answer.send(("made", made))
