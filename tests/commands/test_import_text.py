"""`build.py import`: writes a new content folder, refuses to overwrite one, prints the report."""

from __future__ import annotations

from pathlib import Path

import pytest

import build as cli
from folio.importer.emit import SectionFile, SourceEntry, section_markdown
from folio.pipeline import build
from tests.conftest import SEED


def test_import_writes_content_and_prints_the_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "imported"
    assert cli.main(["import", str(SEED), "--content", str(target)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"{SEED} -> {target}: 20 notes (505–524), 5 paragraphs, 1 section(s)"
    assert "repairs made: 4" in out and "doubts (check these): 3" in out
    assert f"  {SEED}:15: note 505 had lost its label: its text is the paragraph before note 506" in out
    assert f"  {SEED}:13: 'H meimim' -> 'Hmeimim' (split word; 'Hmeimim' occurs elsewhere)" in out
    assert sorted(p.relative_to(target).as_posix() for p in target.rglob("*") if p.is_file()) == [
        "publication.yaml",
        "sections/3.2-russia.md",
        "sources.yaml",
    ]


def test_import_never_overwrites_a_folder_with_files_unless_forced(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "content"
    target.mkdir()
    (target / "publication.yaml").write_text("title: mine\n", encoding="utf-8")
    assert cli.main(["import", str(SEED), "--content", str(target)]) == 1
    assert "already exists and is not empty" in capsys.readouterr().err
    assert (target / "publication.yaml").read_text(encoding="utf-8") == "title: mine\n"
    assert cli.main(["import", str(SEED), "--content", str(target), "--force"]) == 0
    assert (target / "publication.yaml").read_text(encoding="utf-8").startswith("# The publication")


def test_import_of_a_missing_file_is_one_line_and_no_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["import", str(tmp_path / "none.txt"), "--content", str(tmp_path / "x")]) == 1
    err = capsys.readouterr().err
    assert err == f"{tmp_path / 'none.txt'}: cannot read: No such file or directory\n"
    assert not (tmp_path / "x").exists()


def test_import_of_bytes_that_are_not_text_reports_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    raw = tmp_path / "raw.bin"
    raw.write_bytes(b"\x89PNG\r\n\x1a\n\x00\xff\xfe")
    assert cli.main(["import", str(raw), "--content", str(tmp_path / "out")]) == 0
    out = capsys.readouterr().out
    assert f"{raw}:1: bytes that are not UTF-8 text were replaced by '\ufffd'" in out
    assert f"{raw}:3: bytes that are not UTF-8 text were replaced by '\ufffd'" in out
    assert "0 notes, 2 paragraphs, 1 section(s)" in out  # what text there is stays, for the editor to judge


def test_the_imported_seed_builds_and_verifies(tmp_path: Path) -> None:
    assert cli.main(["import", str(SEED), "--content", str(tmp_path / "imported")]) == 0
    result = build(tmp_path / "imported", tmp_path / "imported-dist", say=lambda _: None)
    assert result.ok, result.problems
    assert (result.notes, result.pdf.name) == (20, "untitled.pdf")


def test_an_import_that_loses_a_paragraph_exits_1_naming_its_raw_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bug that drops a paragraph on the way to the files is caught by the word check."""
    raw = tmp_path / "raw.txt"
    raw.write_text(
        "1. Findings\n\nRoads reopened.\n\nMarkets returned after\nthe ceasefire.\n", encoding="utf-8"
    )

    def dropping(section: SectionFile, cited: dict[int, tuple[str | SourceEntry, ...]]) -> str:
        return section_markdown(section, cited).replace("Markets returned after the ceasefire.\n", "")

    monkeypatch.setattr("folio.importer.section_markdown", dropping)
    assert cli.main(["import", str(raw), "--content", str(tmp_path / "out")]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[-3:] == [
        "words lost or added on the way (a bug in the import): 2",
        f"  {raw}:5: 3 word(s) of this line are not in the content: 'Markets returned after'",
        f"  {raw}:6: 2 word(s) of this line are not in the content: 'the ceasefire'",
    ]


def test_a_whole_import_says_no_word_was_lost(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["import", str(SEED), "--content", str(tmp_path / "out")]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-1] == "every word of the text is in the content (page furniture aside, listed above)"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("report.docx", "pandoc cannot read it as a Word document"),
        ("report.pdf", "not a PDF pypdfium2 can read"),
    ],
)
def test_a_file_that_is_not_what_its_name_says_is_one_line_and_no_folder(
    name: str, message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fake = tmp_path / name
    fake.write_text("plain text", encoding="utf-8")
    assert cli.main(["import", str(fake), "--content", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"{fake}: cannot convert: {message}")
    assert len(err.splitlines()) == 1
    assert not (tmp_path / "out").exists()
