"""What the print edition cannot print right in a table is an input error at its line: a table
wider than the text block, a row taller than a page. The fetcher serves a figure's image and no
other file of content/."""

from __future__ import annotations

from pathlib import Path

import pytest

from folio.errors import BuildError
from folio.pdf import ProjectFetcher, ResourceRefused
from folio.pipeline import build
from tests.conftest import write_content


def build_errors(root: Path, section: str, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    monkeypatch.chdir(root)
    write_content(root, section)
    with pytest.raises(BuildError) as caught:
        build(Path(), root / "dist", say=lambda _: None)
    assert not (root / "dist").exists()
    return [str(d) for d in caught.value.diagnostics]


def test_a_table_wider_than_the_text_block_is_an_error_at_its_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    section = f"## A\n\nTable: Too wide\n\n| A | B |\n|---|---|\n| {'x' * 70} | {'y' * 60} |\n"
    [error] = build_errors(tmp_path, section, monkeypatch)
    assert error.startswith("s.md:5: Table 1 ('Too wide') is ")
    assert error.endswith(
        " mm wider than the text block on page 1: a column's longest word or number does not fit; "
        "shorten it, or split the table into fewer columns"
    )


def test_a_row_taller_than_a_page_is_an_error_at_its_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    long = " ".join(f"word{n} here." for n in range(700))
    section = f"## A\n\n| A | B |\n|---|---|\n| short | short |\n| tall | {long} |\n"
    assert build_errors(tmp_path, section, monkeypatch) == [
        "s.md:6: row 2 of the table is taller than a page: it would be split from page 2 onto page 3, "
        "whose part of it would print without the header row; shorten its cells or split it into "
        "several rows"
    ]


def test_the_fetcher_serves_the_figures_images_and_no_other_content_file(tmp_path: Path) -> None:
    (tmp_path / "map.svg").write_text("<svg/>", encoding="utf-8")
    (tmp_path / "notes.md").write_text("text", encoding="utf-8")
    fetch = ProjectFetcher(roots=(), files=frozenset({tmp_path / "map.svg"}))
    assert fetch((tmp_path / "map.svg").as_uri()).content_type == "image/svg+xml"
    with pytest.raises(ResourceRefused):
        fetch((tmp_path / "notes.md").as_uri())
