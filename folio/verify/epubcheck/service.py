"""Where the warm EPUBCheck service lives and how it is started: its socket, command, process.

The socket is keyed by what the service runs, never by where a checkout keeps it: the jar's
content (a SHA-256 of `epubcheck.jar`), Java, its options, the server's source, and the user.
So every checkout of the same folio on this machine shares one service (each used to start
its own: five at once held 1.35 GiB). It lies in a folder only its owner may enter, because
whoever can connect can have files checked and reports written.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from folio.output_folder import process_exists
from folio.verify.epubcheck.cold import java_and_jar

SERVER = Path(__file__).parent / "java" / "WarmEpubCheck.java"
WARMUP_BOOK = Path(__file__).parent / "java" / "warmup-epub"
IDLE_SECONDS = 15 * 60  # the service ends after this long without a request
SOCKET_PATH_LIMIT = 108  # bytes, with the terminating NUL (Linux's sun_path)
# The cold route's quick compiler only (`cold.JAVA_OPTIONS`) pays for a process that lives for
# one check. The service lives for many: with the optimising compiler too, its checks of a
# 3,000-note book took 3.0-3.9 s from the third on, against 5.8-6.1 s (the first, 6.3 s
# against 7.3 s).
SERVICE_JAVA_OPTIONS = ("-XX:+UseSerialGC",)


def runtime_folder() -> Path:
    """FOLIO_RUNTIME_DIR, else $XDG_RUNTIME_DIR/folio, else ~/.cache/folio."""
    base = os.environ.get("FOLIO_RUNTIME_DIR")
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    return Path(base) if base else Path(runtime) / "folio" if runtime else Path.home() / ".cache" / "folio"


def private_folder() -> Path | str:
    """The runtime folder, made if need be; or why it cannot be used."""
    folder = runtime_folder()
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        status = folder.stat()
    except OSError as error:
        return f"cannot make {folder}: {error.strerror}"
    if status.st_uid != os.getuid() or status.st_mode & 0o077:
        return f"{folder} is not private to this user"
    return folder


def service_key(java: str, jar: Path) -> str:
    """What the service runs, by content: the same on every checkout of the same folio."""
    digest = hashlib.sha256()
    digest.update(jar.read_bytes())
    parts = (str(os.getuid()), java, *SERVICE_JAVA_OPTIONS)
    digest.update("\n".join(parts).encode())
    digest.update(SERVER.read_bytes())
    return digest.hexdigest()[:16]


def service_socket() -> Path | str:
    """This user's socket for this EPUBCheck, Java and server; or why there is none."""
    found = java_and_jar()
    if found is None:
        return "Java not found"
    if shutil.which("javac") is None:
        return "javac not found"  # Java runs the server from source: it needs the JDK's compiler
    folder = private_folder()
    if isinstance(folder, str):
        return folder
    path = folder / f"epubcheck-{service_key(*found)}.sock"
    if len(os.fsencode(path)) >= SOCKET_PATH_LIMIT:
        return f"the socket path {path} is too long"
    return path


def service_command(socket_path: Path, jar: Path, book: Path) -> list[str]:
    """The server's command line, for a socket `service_socket` gave and a warm-up `book`."""
    nice = ["nice", "-n", "10"] if shutil.which("nice") else []  # the layout first: the longer path
    server = [str(SERVER), str(socket_path), str(book), str(IDLE_SECONDS)]
    return [*nice, "java", *SERVICE_JAVA_OPTIONS, "-cp", str(jar), *server]


def copy_warmup_book(folder: Path) -> Path:
    """The warm-up book copied into `folder` (the service's, the user's own): EPUBCheck checks an
    expanded book by writing `NAME.epub` beside it, which inside folio's package would change
    what the build cache and the part store hash while it lasts."""
    book = folder / WARMUP_BOOK.name
    shutil.copytree(WARMUP_BOOK, book, dirs_exist_ok=True)
    return book


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
    except ChildProcessError:  # not this process's child: a forked copy of the build asks
        return not process_exists(pid)
    return done != 0


def first_error(log: Path) -> str:
    """The first line of a service's log that says what went wrong, for the fallback message."""
    try:
        lines = log.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return ""
    return next(
        (line.strip() for line in lines if "error" in line.lower()), lines[0].strip() if lines else ""
    )


@contextmanager
def locked(path: Path) -> Iterator[None]:
    """One build at a time looks for the service and starts it."""
    with path.open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
