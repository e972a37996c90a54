"""The output folder: one build writes it at a time, names come from the title (or the
identifier), and an earlier title's outputs do not stay behind to mislead."""

from __future__ import annotations

import fcntl
import os
import shutil
import threading
import time
from pathlib import Path

import pytest

from folio.errors import BuildError
from folio.model import file_name
from folio.pipeline import build
from tests.conftest import CONTENT


@pytest.fixture
def content(tmp_path: Path) -> Path:
    copy = tmp_path / "content"
    shutil.copytree(CONTENT, copy)
    return copy


def retitle(content: Path, title: str) -> None:
    meta = content / "publication.yaml"
    lines = meta.read_text(encoding="utf-8").splitlines()
    meta.write_text(
        "\n".join(f"title: {title!r}" if line.startswith("title:") else line for line in lines) + "\n",
        encoding="utf-8",
    )


def test_a_new_title_removes_the_outputs_of_the_old_one(content: Path, tmp_path: Path) -> None:
    out = tmp_path / "dist"
    assert build(content, out, say=lambda _: None).ok
    retitle(content, "Syria - Returns")
    said: list[str] = []
    assert build(content, out, say=said.append).ok
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == [
        "syria-returns.check.json",
        "syria-returns.epub",
        "syria-returns.pdf",
    ]
    assert (
        f"removed {out / 'syria-country-focus.pdf'}: an earlier build's output that this build does not make"
        in said
    )


def test_an_old_output_edited_since_is_left_with_a_word(content: Path, tmp_path: Path) -> None:
    out = tmp_path / "dist"
    assert build(content, out, say=lambda _: None).ok
    (out / "syria-country-focus.pdf").write_bytes(b"%PDF annotated by hand")
    retitle(content, "Syria - Returns")
    said: list[str] = []
    assert build(content, out, say=said.append).ok
    assert (out / "syria-country-focus.pdf").read_bytes() == b"%PDF annotated by hand"
    assert (
        f"left {out / 'syria-country-focus.pdf'}: an earlier build's output, changed since it was built"
        in said
    )


def test_a_second_build_of_the_same_folder_waits_for_the_first(content: Path, tmp_path: Path) -> None:
    out = tmp_path / "dist"
    out.mkdir()
    holder = os.open(out, os.O_RDONLY)
    fcntl.flock(holder, fcntl.LOCK_EX)  # a build in progress
    said: list[str] = []
    worker = threading.Thread(target=lambda: build(content, out, say=said.append))
    worker.start()
    deadline = time.monotonic() + 30
    while not said and time.monotonic() < deadline:
        time.sleep(0.02)
    assert said == [f"waiting for another build that is writing {out}"]
    assert not any(out.iterdir())  # nothing written while the other holds the folder
    os.close(holder)
    worker.join(timeout=120)
    assert (out / "syria-country-focus.pdf").is_file()


def test_a_failed_first_build_leaves_no_output_folder(content: Path, tmp_path: Path) -> None:
    (content / "sections" / "3.2-russia.md").write_text("## A\n\nText[^9].\n", encoding="utf-8")
    with pytest.raises(BuildError):
        build(content, tmp_path / "new" / "dist", say=lambda _: None)
    assert not (tmp_path / "new" / "dist").exists()


def test_a_title_without_letters_names_the_outputs_after_the_identifier(
    content: Path, tmp_path: Path
) -> None:
    retitle(content, "!!! ???")
    result = build(content, tmp_path / "dist", say=lambda _: None)
    assert result.ok
    assert result.pdf.name.startswith("urn-") and result.pdf.name.endswith(".pdf")


def test_a_long_title_is_cut_at_a_word() -> None:
    title = "Syria " + "country focus and security situation " * 20
    name = file_name(title)
    assert len(name) <= 120 and name.startswith("syria-country-focus") and not name.endswith("-")
    assert title.lower().replace(" ", "-").startswith(name)
