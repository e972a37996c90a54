"""A PDF table's cells among the recognised paragraphs become a table (its first row the header,
a doubt saying so), or stay one paragraph per cell with a doubt saying why."""

from __future__ import annotations

from folio.importer.cells import gather_tables
from folio.importer.clean import Finding
from folio.importer.records import CellPlace, ImportedBlock, ImportedParagraph, ImportedTable

BEFORE = ImportedParagraph(("The table sets out the bases.",), 1)
AFTER = ImportedParagraph(("These bases were not damaged.",), 20)


def cells(
    *rows: tuple[tuple[str | int, ...] | None, ...],
) -> tuple[list[ImportedBlock], dict[int, CellPlace]]:
    """Paragraphs at lines 3, 5, … for each cell given (None: the cell is empty), row by row."""
    blocks: list[ImportedBlock] = []
    places: dict[int, CellPlace] = {}
    for r, row in enumerate(rows):
        for c, parts in enumerate(row):
            if parts is not None:
                line = 3 + 2 * len(blocks)
                blocks.append(ImportedParagraph(parts, line))
                places[line] = CellPlace(1, r, c)
    return blocks, places


def gathered(
    blocks: list[ImportedBlock], places: dict[int, CellPlace]
) -> tuple[tuple[ImportedBlock, ...], list[str]]:
    doubts: list[Finding] = []
    found = gather_tables([BEFORE, *blocks, AFTER], places, doubts)
    return found, [str(d) for d in doubts]


def test_the_cells_of_a_table_become_a_table_whose_first_row_is_its_header() -> None:
    blocks, places = cells(
        (("Base",), ("Where",), ("What the sources report",)),
        (("Hmeimim Airport",), ("Syria",), ("Flights to Libya", 3)),
        (("Tartous Port",), None, ("Equipment", 4)),
    )
    found, doubts = gathered(blocks, places)
    assert found == (
        BEFORE,
        ImportedTable(
            (("Base",), ("Where",), ("What the sources report",)),
            (
                (("Hmeimim Airport",), ("Syria",), ("Flights to Libya", 3)),
                (("Tartous Port",), (), ("Equipment", 4)),
            ),
            3,
        ),
        AFTER,
    )
    assert doubts == [
        "line 3: a table of 3 columns and 3 rows: its first row is read as its header row "
        "(a PDF does not mark one); check it"
    ]


def test_two_paragraphs_of_one_cell_are_one_cell() -> None:
    blocks, places = cells((("Base",), ("Where",)), (("Hmeimim",), ("Syria",)))
    blocks.append(ImportedParagraph(("in the west",), 11))
    places[11] = CellPlace(1, 1, 1)
    found, _ = gathered(blocks, places)
    assert isinstance(found[1], ImportedTable)
    assert found[1].rows == ((("Hmeimim",), ("Syria", " ", "in the west")),)


def test_a_table_whose_columns_are_not_clear_stays_paragraphs_with_the_reason() -> None:
    cases = {
        "it has a single row, so its columns are not clear": cells((("Base",), ("Where",))),
        "its first row, the header, has no text in column 1": cells(
            (None, ("2024",)), (("Returns",), ("12",))
        ),
        "its first row, the header, calls note 5 (a header cell may not call a note)": cells(
            (("Base",), ("Returns", 5)), (("Homs",), ("12",))
        ),
    }
    for reason, (blocks, places) in cases.items():
        found, doubts = gathered(blocks, places)
        assert found == (BEFORE, *blocks, AFTER)
        count = len(blocks)
        assert doubts == [
            f"line 3: a table of {count} cells became {count} paragraphs, one per cell, row by row: {reason}"
        ]


def test_a_cell_the_text_import_read_otherwise_leaves_the_table_paragraphs() -> None:
    """A cell whose paragraph the text import did not keep as its own (its line is missing)."""
    blocks, places = cells((("Base",), ("Where",)), (("Hmeimim",), ("Syria",)))
    found, doubts = gathered(blocks[:3], places)
    assert found == (BEFORE, *blocks[:3], AFTER)
    assert doubts[0].endswith("row by row: the text import did not read its cells one paragraph each")


def test_two_tables_one_after_the_other_are_two_tables() -> None:
    first, places = cells((("A",), ("B",)), (("1",), ("2",)))
    second = [ImportedParagraph((text,), 30 + k) for k, text in enumerate(["C", "D", "3", "4"])]
    places |= {30 + k: CellPlace(2, k // 2, k % 2) for k in range(4)}
    found, doubts = gathered([*first, *second], places)
    assert [type(block).__name__ for block in found] == [
        "ImportedParagraph",
        "ImportedTable",
        "ImportedTable",
        "ImportedParagraph",
    ]
    assert len(doubts) == 2
