"""`folio new DIR`: the new report builds and verifies at once; a folder with files is refused."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
import yaml

from folio.commands import main
from folio.pipeline import build
from folio.starter import starter_files, title_from_folder


def test_a_new_report_builds_and_verifies(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "sudan-2026"
    assert main(["new", str(folder)]) == 0
    assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()) == [
        "publication.yaml",
        "sections/1-introduction.md",
        "sources.yaml",
    ]
    assert f"wrote {folder / 'publication.yaml'}" in capsys.readouterr().out
    result = build(folder, tmp_path / "out", say=lambda _line: None)
    assert (result.problems, result.warnings) == ((), ())
    assert (result.pages, result.notes) == (4, 1)  # title page, legal notice, contents, the section
    assert result.pdf.name == "sudan-2026.pdf"


def test_every_field_of_publication_yaml_is_explained_by_a_comment(tmp_path: Path) -> None:
    files = starter_files("x", today=datetime.date(2026, 3, 4), identifier="1-2")
    lines = files["publication.yaml"].splitlines()
    meta = yaml.safe_load(files["publication.yaml"])
    assert meta["date"] == "2026-03" and meta["identifier"] == "urn:uuid:1-2"
    for key in meta:
        index = next(i for i, line in enumerate(lines) if line.startswith(f"{key}:"))
        assert lines[index - 1].startswith("#"), key


def test_a_folder_that_has_files_is_refused_and_left_as_it_was(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    assert main(["new", str(tmp_path)]) == 1
    assert "already has files" in capsys.readouterr().err
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_an_empty_folder_is_taken(tmp_path: Path) -> None:
    assert main(["new", str(tmp_path)]) == 0
    assert (tmp_path / "publication.yaml").is_file()


@pytest.mark.parametrize(
    ("name", "title"),
    [("sudan-2026", "Sudan 2026"), ("yes", "Yes"), ("2026", "2026"), ("---", "New report"), ("a:b", "Ab")],
)
def test_the_working_title_comes_from_the_folder_and_stays_text(name: str, title: str) -> None:
    assert title_from_folder(name) == title
    files = starter_files(name, today=datetime.date(2026, 3, 4), identifier="u")
    assert yaml.safe_load(files["publication.yaml"])["title"] == title
