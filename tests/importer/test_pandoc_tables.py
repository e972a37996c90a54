"""Word's tables become GFM tables: the header row, the alignment Word's cells have, the caption
before the table, notes called in cells; what GFM cannot hold (merged cells, a cell of several
paragraphs or a list, a note on a header, no header row) takes its nearest form with a doubt, or
stays paragraphs with a doubt. The Word document is made here by Pandoc from Markdown, a table
with merged cells from HTML; the import loads, builds and verifies (the verifier checks the
tables in both editions)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

import build as cli
from folio.importer import ImportResult
from folio.importer.docx import import_docx
from folio.importer.pandoc_tables import table_grid, table_markdown, texts, why_no_table
from folio.load import load_publication
from folio.model import NoteRef, Paragraph, Publication, note_text, plain_text, tables_of

pytestmark = pytest.mark.skipif(shutil.which("pandoc") is None, reason="pandoc: system-packages.txt")

REPORT = """\
---
title: Bases in Syria
---

# 1. Bases

Russia kept two bases in Syria.[^1]

Table: What the sources say of each base[^2]

| Base | Held since | Aircraft |
|:-----|:----------:|---------:|
| Hmeimim Airport | 2015 | 32[^3] |
| Tartous \\| Port | 1971 | none |

Table: Returns by place

| Place | Returns[^4] |
|-------|-------------|
| Homs  | 12          |

+---------------+---------------------+
| Place         | What is there       |
+===============+=====================+
| Idlib         | - a checkpoint      |
|               | - a market          |
+---------------+---------------------+
| Aleppo        | First paragraph.    |
|               |                     |
|               | Second paragraph.   |
+---------------+---------------------+

-------- ------
 Daraa    south
 Raqqa    east
-------- ------

|         | 2024 |
|---------|------|
| Returns | 12   |

[^1]: Reuters, Bases, 3 May 2024, url
[^2]: A note on the caption.
[^3]: A note in a cell.
[^4]: A note on a header.
"""
MERGED = """\
<table>
<thead><tr><th>Place</th><th>Year</th><th>Count</th></tr></thead>
<tbody>
<tr><td rowspan="2">Hmeimim</td><td>2024</td><td>4</td></tr>
<tr><td>2025</td><td>5</td></tr>
<tr><td colspan="2">Total</td><td>9</td></tr>
</tbody></table>
"""


def pandoc(args: list[str], data: str = "") -> str:
    return subprocess.run(["pandoc", *args], input=data, capture_output=True, text=True, check=True).stdout


def word_document(folder: Path) -> Path:
    """Pandoc's Word document of REPORT, the HTML table with merged cells at its end."""
    document = json.loads(pandoc(["--from", "markdown", "--to", "json"], REPORT))
    document["blocks"].extend(json.loads(pandoc(["--from", "html", "--to", "json"], MERGED))["blocks"])
    path = folder / "bases.docx"
    pandoc(["--from", "json", "--output", str(path)], json.dumps(document))
    return path


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> ImportResult:
    return import_docx(word_document(tmp_path_factory.mktemp("docx-tables")))


@pytest.fixture(scope="module")
def loaded(imported: ImportResult, tmp_path_factory: pytest.TempPathFactory) -> Publication:
    root = tmp_path_factory.mktemp("docx-tables-content")
    for name, text in imported.files:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    result = load_publication(root)
    assert result.warnings == ()
    return result.publication.body


def rows_of(publication: Publication) -> list[list[list[str]]]:
    return [
        [[plain_text(cell.inlines) for cell in row] for row in (table.header, *table.rows)]
        for table in tables_of(publication)
    ]


def test_a_word_table_is_a_gfm_table_with_its_caption_before_it(imported: ImportResult) -> None:
    section = dict(imported.files)["sections/1-bases.md"]
    assert (
        "Table: What the sources say of each base[^2]\n"
        "\n"
        "| Base            | Held since | Aircraft |\n"
        "| :-------------- | :--------: | -------: |\n"
        "| Hmeimim Airport | 2015       | 32[^3]   |\n"
        "| Tartous \\| Port | 1971       | none     |\n"
    ) in section
    assert section.count("What the sources say of each base") == 1  # Pandoc gives it twice
    assert imported.differences == ()


def test_header_alignment_caption_and_the_notes_of_cells_reach_the_book(loaded: Publication) -> None:
    first = tables_of(loaded)[0]
    assert first.alignments == ("left", "center", "right")  # Word's, from its cells' paragraphs
    assert (
        first.caption is not None and plain_text(first.caption.inlines) == "What the sources say of each base"
    )
    assert [n for n in first.rows[0][2].inlines if isinstance(n, NoteRef)] == [NoteRef(3, 1)]
    assert [(note.number, note_text(note)) for note in loaded.notes] == [
        (1, "Reuters, Bases, 3 May 2024, url"),
        (2, "A note on the caption."),
        (3, "A note in a cell."),
        (4, "A note on a header."),
    ]
    assert rows_of(loaded) == [
        [
            ["Base", "Held since", "Aircraft"],
            ["Hmeimim Airport", "2015", "32"],
            ["Tartous | Port", "1971", "none"],
        ],
        [["Place", "Returns"], ["Homs", "12"]],
        [
            ["Place", "What is there"],
            ["Idlib", "a checkpoint; a market"],
            ["Aleppo", "First paragraph. Second paragraph."],
        ],
        [["Daraa", "south"], ["Raqqa", "east"]],
        [["Place", "Year", "Count"], ["Hmeimim", "2024", "4"], ["", "2025", "5"], ["Total", "", "9"]],
    ]


def test_what_gfm_cannot_hold_takes_its_nearest_form_with_a_doubt(
    imported: ImportResult, loaded: Publication
) -> None:
    doubts = [str(d) for d in imported.doubts if "placeholder" not in d.message]
    assert doubts == [
        "table 2 ('Place Returns'): its header's note call(s) [^4] moved to its caption's end "
        "(a header cell may not call a note)",
        "table 3 ('Place What is there'): cells holding a list (row 2, column 2) give its items on one "
        "line, parted by '; ' (a GFM cell holds one line)",
        "table 3 ('Place What is there'): cells of several paragraphs (row 3, column 2) are one line "
        "each (a GFM cell holds one line)",
        "table 4 ('Daraa south'): its first row is read as its header row (the document marks none)",
        "table 5 ('2024'): its cells became 3 paragraphs, row by row: column 1 has no header "
        "(a GFM table needs one for each column)",
        "table 6 ('Place Year Count'): merged cells (row 2, column 1: 2 rows; row 4, column 1: 2 columns) "
        "hold their text in their first row and column, the places they covered are empty "
        "(a GFM table merges no cells)",
    ]
    second = tables_of(loaded)[1]
    assert second.caption is not None and second.caption.inlines[-1] == NoteRef(4, 1)
    paragraphs = [b for b in loaded.sections[0].blocks if isinstance(b, Paragraph)]
    assert [plain_text(p.inlines) for p in paragraphs][-3:] == ["2024", "Returns", "12"]


def test_the_imported_tables_build_and_verify(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = word_document(tmp_path)
    content, dist = tmp_path / "content", tmp_path / "dist"
    assert cli.main(["import", str(source), "--content", str(content)]) == 0
    assert cli.main(["--content", str(content), "--out", str(dist)]) == 0
    out = capsys.readouterr().out
    assert "verified: PDF, EPUB and EPUBCheck, no problems" in out
    assert (dist / "bases-in-syria.pdf").exists() and (dist / "bases-in-syria.epub").exists()


def cell(text: str, *, rows: int = 1, columns: int = 1) -> list[object]:
    return [
        ["", [], []],
        {"t": "AlignDefault"},
        rows,
        columns,
        [{"t": "Plain", "c": [{"t": "Str", "c": text}]}],
    ]


def table(head: list[list[object]], body: list[list[object]], columns: int) -> dict[str, object]:
    spec = [{"t": "AlignDefault"}, {"t": "ColWidthDefault"}]
    return {
        "t": "Table",
        "c": [
            ["", [], []],
            [None, []],
            [spec] * columns,
            [["", [], []], [[["", [], []], row] for row in head]],
            [[["", [], []], 0, [], [[["", [], []], row] for row in body]]],
            [["", [], []], []],
        ],
    }


def test_a_cell_merged_across_rows_and_columns_covers_the_places_after_it() -> None:
    grid = table_grid(
        table(
            [[cell("A"), cell("B"), cell("C")]],
            [
                [cell("wide and tall", rows=2, columns=2), cell("1")],
                [cell("2")],
                [cell("x"), cell("y"), cell("z")],
            ],
            3,
        )
    )
    shown = [["covered" if s.blocks is None else "".join(texts(s.blocks)) for s in row] for row in grid.rows]
    assert shown == [
        ["A", "B", "C"],
        ["wide and tall", "covered", "1"],
        ["covered", "covered", "2"],
        ["x", "y", "z"],
    ]
    assert grid.kinds == ["head", "body", "body", "body"]
    assert why_no_table(grid) == ""


def test_a_header_column_left_empty_by_a_merged_cell_leaves_the_table_paragraphs() -> None:
    grid = table_grid(
        table([[cell("Years", columns=2)], [cell("2024"), cell("2025")]], [[cell("1"), cell("2")]], 2)
    )
    assert why_no_table(grid) == "column 2 has no header (a GFM table needs one for each column)"


def test_header_rows_after_the_first_and_foot_rows_become_body_rows_with_a_doubt() -> None:
    built = table(
        [[cell("Place"), cell("Returns")], [cell("(town)"), cell("(people)")]],
        [[cell("Homs"), cell("12")]],
        2,
    )
    built["c"][5] = [["", [], []], [[["", [], []], [cell("Total"), cell("12")]]]]  # type: ignore[index]
    chunks, doubts = table_markdown(table_grid(built), lambda inlines: "".join(i["c"] for i in inlines))
    assert chunks == [
        "| Place  | Returns  |\n| ------ | -------- |\n| (town) | (people) |\n| Homs   | 12       |\n"
        "| Total  | 12       |"
    ]
    assert doubts == [
        "its header rows after the first (2) are body rows (a GFM table has one header row)",
        "its foot rows (4) are body rows (a GFM table has one header row)",
    ]
