"""The service's socket is keyed by what it runs, so checkouts share it; a build that cannot use
it says why, once, and checks cold."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

import folio.verify.epubcheck.service
from folio.forked import Forked
from folio.verify.epubcheck import WarmEpubCheck, verify_epub
from folio.verify.epubcheck.cold import epubcheck_jar
from folio.verify.epubcheck.service import exited, service_socket
from tests.conftest import Built


def socket_for(jar: Path, monkeypatch: pytest.MonkeyPatch) -> Path | str:
    java = shutil.which("java")
    assert java is not None
    monkeypatch.setattr(folio.verify.epubcheck.service, "java_and_jar", lambda: (java, jar))
    return service_socket()


def test_two_checkouts_with_the_same_jar_share_one_service(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    jar = epubcheck_jar()
    assert jar is not None
    copies = [tmp_path / name / "epubcheck.jar" for name in ("checkout-a", "checkout-b")]
    for copy in copies:
        copy.parent.mkdir()
        shutil.copy2(jar, copy)
    first, second = (socket_for(copy, monkeypatch) for copy in copies)
    assert isinstance(first, Path)
    assert first == second == socket_for(jar, monkeypatch)
    other = tmp_path / "other" / "epubcheck.jar"
    other.parent.mkdir()
    other.write_bytes(jar.read_bytes() + b"\0")  # another EPUBCheck: another service
    assert socket_for(other, monkeypatch) not in (first, None)


def test_without_the_compiler_the_build_says_so_once_and_checks_cold(
    built: Built, monkeypatch: pytest.MonkeyPatch
) -> None:
    which = shutil.which
    monkeypatch.setattr(shutil, "which", lambda name: None if name == "javac" else which(name))
    lines: list[str] = []
    checker = WarmEpubCheck(say=lines.append)
    assert (checker.socket, checker.spawned) == (None, None)
    assert checker.check(built.result.epub, shown="x.epub") == verify_epub(built.result.epub, shown="x.epub")
    assert checker.check(built.result.epub, shown="x.epub") == []
    assert lines == ["EPUBCheck service unavailable (javac not found): checking cold"]


def test_a_service_that_ends_at_start_is_named_in_the_line(
    built: Built, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = tmp_path / "WarmEpubCheck.java"
    broken.write_text("public class WarmEpubCheck {", encoding="utf-8")  # Java starts, cannot compile it
    monkeypatch.setattr(folio.verify.epubcheck.service, "SERVER", broken)
    lines: list[str] = []
    checker = WarmEpubCheck(say=lines.append)
    assert checker.check(built.result.epub) == []
    [line] = lines
    assert line.startswith("EPUBCheck service unavailable (it ended at start: ")
    assert "error" in line and line.endswith("): checking cold")


def test_a_service_that_answers_says_nothing(built: Built) -> None:
    lines: list[str] = []
    checker = WarmEpubCheck(say=lines.append)
    assert checker.check(built.result.epub) == []
    assert lines == []


def test_a_copy_of_the_build_asks_whether_the_service_it_did_not_start_is_there() -> None:
    """A forked copy of the build may not wait for the service's process (not its child): it is
    there while it runs, and gone once it has ended."""
    running = subprocess.Popen(["sleep", "30"])
    ended = subprocess.Popen(["true"])
    ended.wait()
    try:
        seen = Forked(lambda: (exited(running.pid), exited(ended.pid))).forked_result()
    finally:
        running.kill()
        running.wait()
    assert seen == (False, True)
