"""An EPUB -> EPUBCheck's findings, from a service kept warm between builds (else cold).

EPUBCheck costs mostly the same whatever the book: starting Java, loading its classes and
compiling its schemas take 3-4 s, while a warm EPUBCheck checks the sample in 0.1 s and a
1,000-note book in 0.8 s (measured on this machine). So a build asks `WarmEpubCheck`, a
service on a Unix socket private to the user (`folio.verify.epubcheck.service`): the first
build starts it (`java/WarmEpubCheck.java`, run from source by Java), and it warms up on a tiny
book (`java/warmup-epub/`, the shape of a folio EPUB) on the second core, at low priority,
while WeasyPrint lays out the PDF on the first; later builds find it warm, until it has been
idle for `IDLE_SECONDS`. Whenever the service cannot be started, reached or answered, the
check goes the cold route (`folio.verify.epubcheck.cold`), and the build is told why in one line.
"""

from __future__ import annotations

import os
import socket
import stat
import time
from collections.abc import Callable
from pathlib import Path

from folio import progress
from folio.errors import Problem
from folio.verify.epubcheck.cold import TIMEOUT, epubcheck_jar, read_report, report_path, verify_epub
from folio.verify.epubcheck.service import (
    copy_warmup_book,
    exited,
    first_error,
    locked,
    service_command,
    service_socket,
    spawn,
)

START_TIMEOUT = 30  # seconds from starting the service to its socket being there (about 1 s)
PING_TIMEOUT = 5  # seconds a running service has to answer "ping": a stopped one never does


class WarmEpubCheck:
    """EPUBCheck as a service kept warm between builds: found running, or started now.

    Made at the start of a build: if no process answers on this user's socket, one is started
    (detached, at low priority) and warms up on the second core while the first lays out the
    PDF. `check` answers as `verify_epub` does, through the cold route whenever the service
    cannot be used, and then says once, through `say`, why. The service ends after
    `IDLE_SECONDS` without a request, or on `stop()`.
    """

    def __init__(self, *, start: bool = True, say: Callable[[str], None] | None = None) -> None:
        found = service_socket()
        self.socket = found if isinstance(found, Path) else None
        self.unavailable = found if isinstance(found, str) else None  # why there is no service
        self.spawned: int | None = None  # the process id, when this build started the service
        self.busy = False  # it may be checking an EPUB for a copy of this build that was ended
        self.say = say
        if start and self.socket is not None:
            self.start(self.socket)

    def start(self, path: Path) -> None:
        """Starts the service unless one answers on `path`."""
        with locked(path.with_name(path.name + ".lock")):
            probe = self.connect(wait=False)
            if probe is not None:  # the service is there: it reads nothing from the probe, goes on
                probe.close()
                return
            set_aside(path)  # left by a process that is gone, or anything else in its place
            jar = epubcheck_jar()
            assert jar is not None  # service_socket found it
            book = copy_warmup_book(path.parent)
            self.spawned = spawn(service_command(path, jar, book), log=self.log)
            if self.spawned is None:
                self.unavailable = "Java could not be started"

    @property
    def log(self) -> Path:
        assert self.socket is not None
        return self.socket.with_name(self.socket.name + ".log")

    def check(self, path: Path, *, shown: str | None = None) -> list[Problem]:
        shown = shown or str(path)
        progress.report("EPUBCheck", state="start")
        try:
            found, answer = self.ask_service(path, shown)
            if found is None:
                self.tell_cold(answer)
                return verify_epub(path, shown=shown)  # the cold route says the same, or why not
            return found
        finally:
            progress.report("EPUBCheck", state="end")

    def check_warm(self, path: Path, *, shown: str | None = None) -> list[Problem] | None:
        """The service's findings, as `check` gives them; None, and nothing said, when the
        service cannot be used (for work done ahead, which the build does again if need be)."""
        return self.ask_service(path, shown or str(path))[0]

    def ask_service(self, path: Path, shown: str) -> tuple[list[Problem] | None, str | None]:
        """The service's findings (None when it cannot be used) and its answer."""
        report = report_path(path)
        try:
            alive = self.ask("ping", timeout=self.ping_timeout) == "pong"
            answer = self.ask(f"{path.resolve()}\t{report.resolve()}") if alive else None
            if answer is None or not answer.startswith("done "):
                return None, answer
            return read_report(report, shown), answer
        finally:
            report.unlink(missing_ok=True)

    @property
    def ping_timeout(self) -> float:
        """Seconds for "ping": longer while the service starts, or ends a request before ours
        (one a forked copy of this build made and was ended in: `folio.epub_ahead`)."""
        return START_TIMEOUT if self.spawned or self.busy else PING_TIMEOUT

    def tell_cold(self, answer: str | None) -> None:
        """One line saying why this check goes the cold route."""
        if self.say is None:
            return
        self.say(f"EPUBCheck service unavailable ({self.why_unavailable(answer)}): checking cold")
        self.say = None  # once per build

    def why_unavailable(self, answer: str | None) -> str:
        if self.unavailable is not None:
            return self.unavailable
        if answer is not None:
            return f"it answered '{answer[:80]}'"
        if self.spawned is not None and exited(self.spawned):
            error = first_error(self.log)
            return f"it ended at start: {error}" if error else "it ended at start"
        return f"it could not be reached or did not answer within {PING_TIMEOUT} s"

    def stop(self) -> bool:
        """Ends the service (the next build starts another); whether one was running."""
        return self.ask("stop") == "stopped"

    def ask(self, request: str, *, timeout: float = TIMEOUT) -> str | None:
        """The service's one-line answer, None when it cannot be reached or gives none."""
        if "\n" in request:
            return None  # a path with a line break: not one request line
        connection = self.connect(wait=True)
        if connection is None:
            return None
        with connection:
            try:
                connection.settimeout(timeout)
                connection.sendall(f"{request}\n".encode())
                with connection.makefile(encoding="utf-8") as answers:
                    answer = answers.readline().strip()
            except OSError:  # a timeout, or the service ended meanwhile
                return None
        return answer or None

    def connect(self, *, wait: bool) -> socket.socket | None:
        """A connection to the service; with `wait`, while a process this build started binds."""
        if self.socket is None:
            return None
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            try:
                connection.connect(str(self.socket))
                return connection
            except OSError:
                connection.close()
            if not wait or self.spawned is None or exited(self.spawned) or time.monotonic() > deadline:
                return None
            time.sleep(0.05)


def set_aside(path: Path) -> None:
    """Clears the socket's place: a stale socket goes, anything else (a folder, a file someone
    left) is renamed beside it, so that the service can bind there."""
    try:
        status = path.lstat()
    except FileNotFoundError:
        return
    if stat.S_ISSOCK(status.st_mode):
        path.unlink(missing_ok=True)
    else:
        path.rename(path.with_name(f"{path.name}.set-aside-{os.getpid()}"))
