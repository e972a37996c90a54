"""GFM pipe tables: cells, alignment, Pandoc's caption and {#tbl-id}, numbering, cross-references,
note calls in cells; and each way a table can be written wrong, an error at its line."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from folio.errors import BuildError
from folio.load import load_publication
from folio.load.completeness import lost_words
from folio.model import CrossRef, NoteRef, Paragraph, Table, Text, plain_text, tables_of, text_blocks
from tests.conftest import write_content

SECTION = """## Returns

See [](#tbl-returns) and [the table](#tbl-returns).

Table: Returns by year[^1] {#tbl-returns}

| Year | Returns from abroad | Source |
|:-----|--------------------:|:------:|
| 2023 | 1 \\| 2 | office[^2] |
| 2024 | *5* |

| Uncaptioned | Second |
|---|---|
| a | b |

| Year | Count |
|---|---|
| 2025 | 3 |

: The third, captioned below it

[^1]: The caption's note.
[^2]: A cell's note.
"""


def tables(section: str, root: Path) -> tuple[Table, ...]:
    write_content(root, section)
    return tables_of(load_publication(root).publication)


def errors_of(section: str, root: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    monkeypatch.chdir(root)
    write_content(root, section)
    with pytest.raises(BuildError) as caught:
        load_publication(Path())
    return [str(d) for d in caught.value.diagnostics if not d.warning]


def texts(cells: tuple[Paragraph, ...]) -> list[str]:
    return [plain_text(cell.inlines) for cell in cells]


def test_a_pipe_table_is_a_table_with_its_header_rows_and_alignment(tmp_path: Path) -> None:
    first, second, _ = tables(SECTION, tmp_path)
    assert texts(first.header) == ["Year", "Returns from abroad", "Source"]
    assert [texts(row) for row in first.rows] == [["2023", "1 | 2", "office"], ["2024", "5", ""]]
    assert first.alignments == ("left", "right", "center")
    assert second.alignments == ("", "")
    assert first.source.line == 7 and first.rows[1][0].source.line == 10


def test_captions_before_and_after_are_numbered_and_the_uncaptioned_table_is_not(tmp_path: Path) -> None:
    first, second, third = tables(SECTION, tmp_path)
    assert (first.id, first.number, first.label) == ("tbl-returns", 1, "Table 1")
    assert first.caption is not None and first.caption.inlines == (Text("Returns by year"), NoteRef(1))
    assert (second.caption, second.number, second.id) == (None, None, "tbl-s-1")
    assert third.caption is not None and plain_text(third.caption.inlines) == "The third, captioned below it"
    assert (third.number, third.id) == (2, "tbl-s-2")


def test_every_cell_has_an_id_of_its_table_and_notes_are_called_from_cells(tmp_path: Path) -> None:
    first = tables(SECTION, tmp_path)[0]
    assert [cell.id for cell in first.header] == ["tbl-returns-h1", "tbl-returns-h2", "tbl-returns-h3"]
    assert first.rows[0][2].id == "tbl-returns-r1c3"
    assert first.rows[0][2].inlines == (Text("office"), NoteRef(2))
    assert first.caption is not None and first.caption.id == "tbl-returns-caption"
    write_content(tmp_path, SECTION)
    publication = load_publication(tmp_path).publication
    assert [note.number for note in publication.notes] == [1, 2]
    blocks = list(text_blocks(publication.body.sections[0].blocks))
    assert blocks.index(first.caption) < blocks.index(first.header[0]) < blocks.index(first.rows[0][0])


def test_an_empty_cross_reference_prints_the_tables_number(tmp_path: Path) -> None:
    write_content(tmp_path, SECTION)
    paragraph = load_publication(tmp_path).publication.body.sections[0].blocks[1]
    assert isinstance(paragraph, Paragraph)
    references = [item for item in paragraph.inlines if isinstance(item, CrossRef)]
    assert references == [
        CrossRef("tbl-returns", (Text("Table 1"),)),
        CrossRef("tbl-returns", (Text("the table"),)),
    ]


def test_tables_are_numbered_through_the_book(tmp_path: Path) -> None:
    write_content(tmp_path, SECTION, sections=["s.md", "t.md"])
    (tmp_path / "t.md").write_text("## More\n\nTable: Fourth\n\n| A |\n|---|\n| b |\n", encoding="utf-8")
    numbers = [t.number for t in tables_of(load_publication(tmp_path).publication)]
    assert numbers == [1, None, 2, 3]


@pytest.mark.parametrize(
    ("section", "wanted"),
    [
        (
            "## A\n\n| Year | Returns[^1] |\n|---|---|\n| 1 | 2 |\n\n[^1]: n\n",
            "s.md:3: a header cell (it repeats on every page the table runs on) cannot call a note "
            "([^1]): call it from the text",
        ),
        (
            "## A\n\n| Year | |\n|---|---|\n| 1 | 2 |\n",
            "s.md:3: column 2 of the table has no header",
        ),
        (
            "## A\n\n| Year | Count |\n|---|---|\n| 1 | 2 | 3 |\n",
            "s.md:5: this row has 3 cells and the table's header 2: cells past the 2nd would be dropped; "
            "add a column or join the cells",
        ),
        (
            "## A\n\n| Year |\n|---|\n| 1 |\n\nTable: Below, with a note[^1]\n\n[^1]: n\n",
            "s.md:7: this caption prints above its table, so it cannot call a note while written below "
            "it: move the caption above the table",
        ),
        (
            "## A\n\n| Year | Count |\n|---|---|\n| 1 | 2 |\nTable: Glued to the table\n",
            "s.md:6: this caption is read as the table's last row: leave a blank line between the "
            "table and its caption",
        ),
        (
            "## A\n\nTable: Caption {#returns}\n\n| Year |\n|---|\n| 1 |\n",
            "s.md:3: a table's id starts with 'tbl-' (Quarto's rule): write {#tbl-returns}",
        ),
        (
            "## A {#tbl-x}\n\nTable: Caption {#tbl-x}\n\n| Year |\n|---|\n| 1 |\n",
            "s.md:3: the id 'tbl-x' is given to another heading, table or figure already",
        ),
        (
            "## A\n\nSee [](#tbl-s-1).\n\n| Year |\n|---|\n| 1 |\n",
            "s.md:3: cross-reference to '#tbl-s-1' has no text, and what it leads to has no caption, so "
            "no number to print: write the link's text, [the text](#id)",
        ),
    ],
)
def test_a_table_written_wrong_is_an_error_at_its_line(
    section: str, wanted: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert errors_of(section, tmp_path, monkeypatch) == [wanted]


def test_every_word_of_every_cell_reaches_the_model(tmp_path: Path) -> None:
    """The word count of the load (folio.load.completeness) passes a table whose every cell and
    caption counts, and names the line of a row whose extra cell markdown-it would drop."""
    rows = "\n".join(f"| {n} | word{n} and more{n} | last{n} |" for n in range(1, 40))
    section = f"## A\n\nTable: Caption words {{#tbl-a}}\n\n| One | Two | Three |\n|---|---|---|\n{rows}\n"
    (table,) = tables(section, tmp_path)
    assert sum(len(row) for row in table.rows) == 39 * 3
    assert plain_text(table.rows[38][1].inlines) == "word39 and more39"


def test_the_word_count_names_the_line_of_a_cell_the_model_lacks(tmp_path: Path) -> None:
    """Had a cell been lost between markdown-it and the model, the load's word count would say
    where: the table's words are counted like any paragraph's ("Table:" and {#id} set aside)."""
    section = "## A\n\nTable: Caption words {#tbl-a}\n\n| One | Two |\n|---|---|\n| kept | lost |\n"
    write_content(tmp_path, section)
    publication = load_publication(tmp_path).publication
    (table,) = tables_of(publication)
    blocks = publication.body.sections[0].blocks
    assert list(lost_words(section, "s.md", blocks=blocks, notes=(), left_out=set())) == []
    cut = dataclasses.replace(
        table, rows=((table.rows[0][0], dataclasses.replace(table.rows[0][1], inlines=())),)
    )
    [lost] = lost_words(section, "s.md", blocks=(blocks[0], cut), notes=(), left_out=set())
    assert str(lost).startswith(
        "s.md:7: 1 word(s) of this file did not reach the book, from 'lost' on this line"
    )


def test_a_table_in_a_quote_keeps_its_caption(tmp_path: Path) -> None:
    section = "## A\n\n> Table: Quoted[^1]\n>\n> | A | B |\n> |---|--:|\n> | x | 1 |\n\n[^1]: A note.\n"
    (table,) = tables(section, tmp_path)
    assert table.caption is not None and table.caption.inlines == (Text("Quoted"), NoteRef(1))
    assert (table.number, table.alignments) == (1, ("", "right"))
