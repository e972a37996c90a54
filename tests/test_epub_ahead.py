"""The EPUB made ahead: taken only for the positions it was made of, exactly the build's own EPUB."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

import pytest

from folio.epub_ahead import FILE, FOLDER, EpubAhead, remember_positions, remembered_positions
from folio.errors import Problem, display_path
from folio.output_folder import Outputs
from folio.page_map import PagePosition
from folio.pipeline import EPUB_MADE_AHEAD, EPUB_STEP, build
from folio.verify.epubcheck import WarmEpubCheck
from tests.conftest import CONTENT

POSITIONS = (PagePosition("1", "p-1", 0, True), PagePosition("2", "p-1", 412, False))
MOVED = (PagePosition("1", "p-1", 0, True), PagePosition("2", "p-1", 398, True))
AHEAD = EPUB_MADE_AHEAD
AFTER = EPUB_STEP


class FileHashCheck(WarmEpubCheck):
    """A stand-in for EPUBCheck: one finding naming the SHA-256 of the file it was given, the
    process that checked it, and a line said."""

    def __init__(self) -> None:
        super().__init__(start=False, say=lambda _: None)

    def check(self, path: Path, *, shown: str | None = None) -> list[Problem]:
        assert self.say is not None
        self.say("said while checking")
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        return [Problem(shown or str(path), f"{digest} {os.getpid()}", "epubcheck")]


def epub_of(positions: tuple[PagePosition, ...]) -> bytes:
    return repr(positions).encode()


def ahead(tmp_path: Path, guess: tuple[PagePosition, ...] | None, make=epub_of) -> EpubAhead:  # type: ignore[no-untyped-def]
    outputs = Outputs(tmp_path / "dist", "a")
    return EpubAhead(tmp_path, guess, make, epubcheck=FileHashCheck(), outputs=outputs)


def test_the_same_positions_give_the_epub_made_of_them_and_its_findings(tmp_path: Path) -> None:
    made = ahead(tmp_path, POSITIONS)
    checked = made.taken(POSITIONS)
    made.close()
    assert checked is not None
    assert checked.epub == epub_of(POSITIONS)
    (finding,) = checked.problems
    digest, pid = finding.message.split()
    assert digest == hashlib.sha256(epub_of(POSITIONS)).hexdigest()  # the bytes given were checked
    assert int(pid) != os.getpid()  # by the copy, during the layout
    assert finding.file == display_path(tmp_path / "dist" / "a.epub")
    assert checked.said == ("said while checking",)
    assert list(tmp_path.iterdir()) == []  # its scratch folder went with it


def test_other_positions_give_nothing_and_end_the_copy(tmp_path: Path) -> None:
    made = ahead(tmp_path, POSITIONS)
    assert made.taken(MOVED) is None
    assert made.forked is not None and made.forked.process is not None
    assert not made.forked.process.is_alive()
    made.close()
    assert list(tmp_path.iterdir()) == []


def test_a_maker_that_fails_in_the_copy_gives_nothing(tmp_path: Path) -> None:
    def refuses(_positions: tuple[PagePosition, ...]) -> bytes:
        raise ValueError("a page start in no block")

    made = ahead(tmp_path, POSITIONS, make=refuses)
    assert made.taken(POSITIONS) is None
    made.close()


def test_no_guess_or_one_process_makes_nothing_ahead(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert ahead(tmp_path, None).forked is None
    monkeypatch.setenv("FOLIO_WORKERS", "1")
    made = ahead(tmp_path, POSITIONS)
    assert made.forked is None
    assert made.taken(POSITIONS) is None
    made.close()
    assert list(tmp_path.iterdir()) == []


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
    report = json.loads((out / result.epub.name.replace(".epub", ".check.json")).read_text(encoding="utf-8"))
    assert [c["status"] for c in report["checks"] if c["check"] == "epubcheck"] == ["passed"]


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
