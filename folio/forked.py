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
so that their pages stay shared with this process. It dies with this process, however this
one ends (on Linux the kernel is asked to kill it: `PR_SET_PDEATHSIG`), so that it never
outlives the build holding what the build held (the output folder's lock, a server's socket).
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import logging
import multiprocessing
import os
import signal
import sys
from collections.abc import Callable
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Generic, TypeVar

JOIN_TIMEOUT = 5  # seconds for a copy that has sent its answer to end
PR_SET_PDEATHSIG = 1  # linux/prctl.h

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
            self.process = context.Process(target=make_in_copy, args=(make, answer, os.getpid()), daemon=True)
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
        if timeout is not None and not self.answers.poll(timeout):
            self.abandon()
            return None
        try:
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

    def abandon(self) -> bool:
        """The copy ended now, whatever it is doing (whether it was: it had not answered);
        `forked_result()` gives None from then on."""
        if self.process is None or self.answers is None:
            return False
        self.process.kill()
        self.process.join(timeout=JOIN_TIMEOUT)
        self.answers.close()
        self.answers = None
        return True


def make_in_copy(make: Callable[[], object], answer: Connection, parent: int) -> None:
    """In the forked copy: `make()`'s value sent back, or word that it failed (to a parent that
    is gone, nothing)."""
    if sys.platform == "linux":
        kill_me_with_parent()
    if os.getppid() != parent:  # the parent ended before the kernel was asked
        os._exit(1)
    gc.freeze()
    logging.disable(logging.CRITICAL)
    try:
        made: tuple[str, object] = ("made", make())
    except BaseException as error:
        made = ("failed", type(error).__name__)
    with contextlib.suppress(OSError):  # the parent went away
        try:
            answer.send(made)
        except Exception as error:  # what `make()` gave cannot be pickled: a bug, said so
            answer.send(("failed", type(error).__name__))


def kill_me_with_parent() -> bool:
    """prctl(PR_SET_PDEATHSIG, SIGKILL): the kernel kills this process when its parent dies."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return int(libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)) == 0
    except (OSError, AttributeError):
        return False
