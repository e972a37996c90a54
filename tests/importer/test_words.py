"""The word check after every import: a word of the text that does not reach the content is a
difference at its raw line; furniture the report lists, Markdown syntax and mended words are not."""

from __future__ import annotations

from folio.importer import import_text
from folio.importer.words import word_differences

RAW = (
    "1. Findings\n"
    "\n"
    "Roads reopened in the north.1 Markets non-\n"
    "existent since spring returned.2\n"
    "\n"
    "Checkpoints were dismantled by the council\n"
    "after negotiations in March.\n"
    "\n"
    "1 Reuters, Roads reopen, 3 May 2024, url\n"
    "2 Ibid.\n"
)


def test_an_import_loses_no_word() -> None:
    result = import_text(RAW)
    assert result.differences == ()


def test_a_deliberately_dropped_paragraph_fails_the_check_at_its_lines() -> None:
    result = import_text(RAW)
    damaged = [
        (
            path,
            text.replace("Checkpoints were dismantled by the council after negotiations in March.\n\n", ""),
        )
        for path, text in result.files
    ]
    assert damaged != list(result.files)
    assert [str(d) for d in word_differences(RAW, damaged, removed=frozenset())] == [
        "line 6: 6 word(s) of this line are not in the content: 'Checkpoints were dismantled by the council'",
        "line 7: 4 word(s) of this line are not in the content: 'after negotiations in March'",
    ]


def test_removed_furniture_is_no_loss_and_an_added_word_is_a_difference() -> None:
    files = [("sections/a.md", "## 1. Findings\n\nRoads reopened[^1] today.\n\n[^1]: Ibid., [url][ibid-1]\n")]
    raw = "1. Findings\nRoads reopened.1 today.\nPage 3 of 9\n1 Ibid., url\n"
    assert word_differences(raw, files, removed=frozenset({3})) == ()
    assert [
        str(d)
        for d in word_differences(raw, [(files[0][0], files[0][1] + "Invented.\n")], removed=frozenset({3}))
    ] == ["the content holds 1 word(s) the text does not: 'Invented'"]


TABLE = (
    "## 1. Findings\n\n"
    "Table: Bases and places\n\n"
    "| Base        | Where \\| when |\n"
    "| :---------- | ------------: |\n"
    "| Hmeimim[^3] | Syria         |\n\n"
    "[^3]: A note.\n"
)
TABLE_RAW = "1. Findings\nBases and places\nBase\nWhere | when\nHmeimim3\nSyria\n3 A note.\n"


def test_a_tables_cells_count_once_each_and_its_syntax_not_at_all() -> None:
    files = [("sections/a.md", TABLE)]
    assert word_differences(TABLE_RAW, files, removed=frozenset(), added=["Table: "]) == ()
    assert [str(d) for d in word_differences(TABLE_RAW, files, removed=frozenset())] == [
        "the content holds 1 word(s) the text does not: 'Table'"  # the caption's prefix, if not said
    ]


def test_a_dropped_or_repeated_cell_is_a_difference() -> None:
    dropped = [("sections/a.md", TABLE.replace("| Syria         |", "|               |"))]
    assert [str(d) for d in word_differences(TABLE_RAW, dropped, removed=frozenset(), added=["Table: "])] == [
        "line 6: 1 word(s) of this line are not in the content: 'Syria'"
    ]
    row = "| Hmeimim[^3] | Syria         |\n"
    repeated = [("sections/a.md", TABLE.replace(row, row + row.replace("[^3]", "")))]
    assert [
        str(d) for d in word_differences(TABLE_RAW, repeated, removed=frozenset(), added=["Table: "])
    ] == ["the content holds 2 word(s) the text does not: 'Hmeimim Syria'"]
