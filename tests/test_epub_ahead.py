"""The EPUB made ahead: taken only for the positions it was made of, exactly the build's own EPUB."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from folio import epub_ahead, pipeline
from folio.epub_ahead import FILE, FOLDER, EpubAhead, remember_positions, remembered_positions
from folio.errors import Problem, display_path
from folio.output_folder import Outputs
from folio.page_map import PagePosition
from folio.pipeline import EPUB_MADE_AHEAD, EPUB_STEP, BuildResult, build
from folio.verify.epub_facts import read_epub_facts
from folio.verify.epubcheck import WarmEpubCheck
from folio.verify.epubcheck.warm import PING_TIMEOUT
from tests.conftest import CONTENT, Built

POSITIONS = (PagePosition("1", "p-1", 0, True), PagePosition("2", "p-1", 412, False))
MOVED = (PagePosition("1", "p-1", 0, True), PagePosition("2", "p-1", 398, True))
AHEAD = EPUB_MADE_AHEAD
AFTER = EPUB_STEP


class FileHashCheck(WarmEpubCheck):
    """A stand-in for the warm EPUBCheck: one finding naming the SHA-256 of the file it was given
    and the process that checked it; `check_warm` as the service gives it, or None (`down`)."""

    def __init__(self, *, down: bool = False) -> None:
        super().__init__(start=False)
        self.down = down

    def check_warm(self, path: Path, *, shown: str | None = None) -> list[Problem] | None:
        if self.down:
            return None
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        return [Problem(shown or str(path), f"{digest} {os.getpid()}", "epubcheck")]


def epub_of(positions: tuple[PagePosition, ...]) -> bytes:
    return repr(positions).encode()


def ahead(
    tmp_path: Path,
    guess: tuple[PagePosition, ...] | None,
    make: Callable[[tuple[PagePosition, ...]], bytes] = epub_of,
    checker: WarmEpubCheck | None = None,
) -> EpubAhead:
    outputs = Outputs(tmp_path / "dist", "a")
    return EpubAhead(tmp_path, guess, make, epubcheck=checker or FileHashCheck(), outputs=outputs)


def test_the_same_positions_give_the_epub_made_of_them_and_its_findings(tmp_path: Path) -> None:
    with ahead(tmp_path, POSITIONS) as made:
        taken = made.taken(POSITIONS)
    assert taken is made
    assert made.folder is not None and made.folder.is_dir()  # handed on: still the copy's
    made_epub = taken.made()
    assert made_epub is not None
    assert made_epub.epub == epub_of(POSITIONS)
    assert made_epub.facts is None  # not an EPUB: the build reads what is wrong with it
    found = taken.findings()
    assert found is not None
    (finding,) = found
    digest, pid = finding.message.split()
    assert digest == hashlib.sha256(epub_of(POSITIONS)).hexdigest()  # the bytes given were checked
    assert int(pid) != os.getpid()  # by the copy, during the layout
    assert finding.file == display_path(tmp_path / "dist" / "a.epub")
    assert list(tmp_path.iterdir()) == []  # its scratch folder went with it


def test_the_verifiers_facts_of_the_epub_are_read_in_the_copy_as_the_build_reads_them(
    built: Built, tmp_path: Path
) -> None:
    sample = built.result.epub.read_bytes()
    with ahead(tmp_path, POSITIONS, make=lambda _positions: sample) as made:
        taken = made.taken(POSITIONS)
    assert taken is not None
    made_epub = taken.made()
    taken.close()
    assert made_epub is not None and made_epub.facts is not None
    written = tmp_path / "elsewhere.epub"
    written.write_bytes(sample)
    assert made_epub.facts == read_epub_facts(written, shown=display_path(tmp_path / "dist" / "a.epub"))
    assert made_epub.facts.noterefs  # a real EPUB's


class MarksItsStart(WarmEpubCheck):
    """Stands for the service: leaves a mark when asked, and finds nothing."""

    def __init__(self, mark: Path) -> None:
        super().__init__(start=False)
        self.mark = mark

    def check_warm(self, path: Path, *, shown: str | None = None) -> list[Problem] | None:
        self.mark.touch()
        return []


def test_the_copy_has_its_epub_checked_before_the_build_takes_it(tmp_path: Path) -> None:
    """An EPUB is larger than a pipe holds: the check must not wait for the build to read it."""
    mark = tmp_path / "checked"
    large = os.urandom(2_000_000)
    with ahead(tmp_path, POSITIONS, make=lambda _: large, checker=MarksItsStart(mark)) as made:
        deadline = time.monotonic() + 30
        while not mark.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert mark.exists(), "the check waited for the EPUB to be read"
        taken = made.taken(POSITIONS)
    assert taken is not None
    made_epub = taken.made()
    assert made_epub is not None and made_epub.epub == large
    assert taken.findings() == ()


def test_a_service_that_cannot_check_gives_the_epub_and_no_findings(tmp_path: Path) -> None:
    with ahead(tmp_path, POSITIONS, checker=FileHashCheck(down=True)) as made:
        taken = made.taken(POSITIONS)
    assert taken is not None
    made_epub = taken.made()
    assert made_epub is not None and made_epub.epub == epub_of(POSITIONS)
    assert taken.findings() is None


def test_other_positions_give_nothing_and_end_the_copy(tmp_path: Path) -> None:
    checker = FileHashCheck()
    with ahead(tmp_path, POSITIONS, make=slowly(epub_of), checker=checker) as made:
        process = made.forked.process if made.forked is not None else None
        assert made.taken(MOVED) is None
    assert process is not None and not process.is_alive()
    assert checker.busy  # the service may still be checking for it: the build's own check waits
    assert checker.ping_timeout > PING_TIMEOUT
    assert list(tmp_path.iterdir()) == []


def test_a_maker_that_fails_in_the_copy_gives_nothing(tmp_path: Path) -> None:
    def refuses(_positions: tuple[PagePosition, ...]) -> bytes:
        raise ValueError("a page start in no block")

    with ahead(tmp_path, POSITIONS, make=refuses) as made:
        taken = made.taken(POSITIONS)
    assert taken is not None and taken.made() is None
    taken.close()
    assert list(tmp_path.iterdir()) == []


def test_a_copy_that_takes_too_long_gives_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(epub_ahead, "WAIT", 0.2)
    with ahead(tmp_path, POSITIONS, make=slowly(epub_of, seconds=60)) as made:
        taken = made.taken(POSITIONS)
    assert taken is not None and taken.made() is None
    taken.close()
    assert list(tmp_path.iterdir()) == []


def test_an_error_during_the_layout_ends_the_copy(tmp_path: Path) -> None:
    with pytest.raises(KeyboardInterrupt), ahead(tmp_path, POSITIONS, make=slowly(epub_of)) as made:
        process = made.forked.process if made.forked is not None else None
        raise KeyboardInterrupt
    assert process is not None and not process.is_alive()
    assert list(tmp_path.iterdir()) == []


def test_no_guess_or_one_process_makes_nothing_ahead(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert ahead(tmp_path, None).forked is None
    monkeypatch.setenv("FOLIO_WORKERS", "1")
    with ahead(tmp_path, POSITIONS) as made:
        assert made.forked is None
        assert made.taken(POSITIONS) is None
    assert list(tmp_path.iterdir()) == []


Maker = Callable[[tuple[PagePosition, ...]], bytes]


def slowly(make: Maker, *, seconds: float = 5) -> Maker:
    def made_slowly(positions: tuple[PagePosition, ...]) -> bytes:
        time.sleep(seconds)
        return make(positions)

    return made_slowly


def test_positions_are_kept_and_read_back(tmp_path: Path) -> None:
    assert remembered_positions(tmp_path) is None
    remember_positions(tmp_path, POSITIONS)
    assert remembered_positions(tmp_path) == POSITIONS
    assert [p.name for p in (tmp_path / FOLDER).iterdir()] == [FILE]


@pytest.mark.parametrize(
    "kept", ["not json", '{"format": 0, "positions": []}', '{"format": 1, "positions": [["1", "p-1"]]}', "[]"]
)
def test_kept_positions_that_cannot_be_read_are_no_guess(tmp_path: Path, kept: str) -> None:
    (tmp_path / FOLDER).mkdir()
    (tmp_path / FOLDER / FILE).write_text(kept, encoding="utf-8")
    assert remembered_positions(tmp_path) is None


def edit(content: Path, old: str, new: str) -> None:
    section = content / "sections" / "3.2-russia.md"
    text = section.read_text(encoding="utf-8")
    assert old in text
    section.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_an_edit_that_moves_no_page_start_takes_the_epub_made_ahead_which_a_fresh_build_makes_too(
    tmp_path: Path,
) -> None:
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    out = tmp_path / "dist"
    assert build(content, out, say=lambda _: None).ok
    before = remembered_positions(out)
    assert before is not None
    edit(content, "substantial military support", "laitnatsbus military support")  # same letters
    said: list[str] = []
    result = build(content, out, say=said.append)
    assert result.ok
    assert AHEAD in said and AFTER not in said
    assert remembered_positions(out) == before
    fresh = tmp_path / "fresh"
    assert build(content, fresh, say=lambda _: None).ok
    assert result.epub.read_bytes() == (fresh / result.epub.name).read_bytes()
    # The same report, check for check (the files' paths apart): the EPUB's facts were read in
    # the copy, and EPUBCheck's findings came from it.
    assert checks_of(out, result) == checks_of(fresh, result)
    assert [status for check, status, _ in checks_of(out, result) if check == "epubcheck"] == ["passed"]


def test_an_edit_that_moves_page_starts_makes_the_epub_after_the_layout(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    out = tmp_path / "dist"
    assert build(content, out, say=lambda _: None).ok
    before = remembered_positions(out)
    paragraph = "For information regarding Russia's involvement in Syria prior to November 2024, see section"
    added = "A paragraph added before the others, half a page long, moves the next page's start. " * 20
    edit(content, paragraph, f"{added}\n\n{paragraph}")
    said: list[str] = []
    result = build(content, out, say=said.append)
    assert result.ok
    assert AFTER in said and AHEAD not in said
    assert remembered_positions(out) != before
    fresh = tmp_path / "fresh"
    assert build(content, fresh, say=lambda _: None).ok
    assert result.epub.read_bytes() == (fresh / result.epub.name).read_bytes()
    assert not [p for p in out.iterdir() if p.name.startswith(".build-")]


class OneFinding(WarmEpubCheck):
    """Stands for the service in a build: one finding on every EPUB, saying which check made it."""

    def check_warm(self, path: Path, *, shown: str | None = None) -> list[Problem] | None:
        return [Problem(shown or str(path), "found by the check made ahead", "epubcheck")]

    def check(self, path: Path, *, shown: str | None = None) -> list[Problem]:
        return [Problem(shown or str(path), "found by the build's own check", "epubcheck")]


def test_the_findings_on_the_epub_made_ahead_refuse_the_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    out = tmp_path / "dist"
    assert build(content, out, say=lambda _: None).ok
    published = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    edit(content, "substantial military support", "laitnatsbus military support")
    monkeypatch.setattr(pipeline, "WarmEpubCheck", OneFinding)
    said: list[str] = []
    result = build(content, out, say=said.append)
    assert AHEAD in said
    assert [(p.check, p.message) for p in result.problems] == [("epubcheck", "found by the check made ahead")]
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == published  # refused: as it was


def checks_of(out: Path, result: BuildResult) -> list[tuple[str, str, dict[str, int]]]:
    report = json.loads((out / result.epub.name.replace(".epub", ".check.json")).read_text(encoding="utf-8"))
    return [(c["check"], c["status"], c["figures"]) for c in report["checks"]]
