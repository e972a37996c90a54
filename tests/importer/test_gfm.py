"""A table's cells as a GFM pipe table that folio's loader reads back as the same cells: pipes
escaped, every row as wide as the header, the alignment of each column in the delimiter row."""

from __future__ import annotations

from pathlib import Path

import pytest

from folio.importer.gfm import pipe_table
from folio.load import load_publication
from folio.model import Link, NoteRef, Text, plain_text, tables_of
from tests.conftest import write_content


def test_cells_are_one_line_each_padded_under_an_aligned_delimiter_row() -> None:
    table = pipe_table(
        ["Base", "Held\nsince", "Aircraft"],
        [["Hmeimim", "2015", "32[^3]"], ["Tartous"]],
        ["left", "center", "right"],
    )
    assert table.splitlines() == [
        "| Base    | Held since | Aircraft |",
        "| :------ | :--------: | -------: |",
        "| Hmeimim | 2015       | 32[^3]   |",
        "| Tartous |            |          |",
    ]


def test_what_a_cell_holds_loads_back_as_the_same_cell(tmp_path: Path) -> None:
    """A pipe in the text and in a link's address is escaped; a row shorter than the header is
    filled with empty cells; "" is the default alignment."""
    table = pipe_table(
        ["Place | name", "Source"], [["a | b", "[site](<https://example.org/a|b>)[^1]"], [""]], ["", "right"]
    )
    write_content(tmp_path, f"# 1. Title\n\n{table}\n\n[^1]: A note.\n")
    loaded = load_publication(tmp_path).publication
    (found,) = tables_of(loaded)
    assert [plain_text(cell.inlines) for cell in found.header] == ["Place | name", "Source"]
    assert found.alignments == ("", "right")
    assert found.rows[0][0].inlines == (Text("a | b"),)
    link, call = found.rows[0][1].inlines
    assert isinstance(link, Link) and link.href == "https://example.org/a%7Cb"
    assert isinstance(call, NoteRef) and call.number == 1
    assert [[plain_text(cell.inlines) for cell in row] for row in found.rows[1:]] == [["", ""]]


def test_a_row_wider_than_the_header_is_refused_not_cut() -> None:
    with pytest.raises(ValueError, match="more cells than the header's 1"):
        pipe_table(["Place"], [["Homs", "12"]], [""])
