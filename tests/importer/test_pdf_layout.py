"""What the PDF import reads from where the glyphs are: columns, tables, running furniture and
superior figures; and the text import's running numbering where notes start again from 1.
Pages are made here glyph by glyph, 5 points a character, so each rule is seen on its own."""

from __future__ import annotations

from folio.importer import import_text
from folio.importer.pdf_layout import Glyph, PageLine, find_gutter, reading_order, split_rows
from folio.importer.pdf_pages import furniture_lines, page_lines, page_text
from folio.importer.pdf_tables import Tables, table_pieces
from folio.importer.records import ImportedTable

SIZE = 10.0
SENTENCE = "when the government of Bashar Al-Assad was toppled Russia with its primary focus"
WIDTH = 5.0


def row(text: str, *, x: float, y: float) -> list[Glyph]:
    """Glyphs of `text` from `x` on the baseline `y`, a space being a gap of one character."""
    glyphs: list[Glyph] = []
    for k, ch in enumerate(text):
        if ch != " ":
            glyphs.append(Glyph(ch, SIZE, x + k * WIDTH, x + (k + 1) * WIDTH, y, y, text[k - 1 : k] == " "))
    return glyphs


def text_of(line: PageLine) -> str:
    return line.text


def two_columns(lines: int) -> list[list[Glyph]]:
    rows = []
    for k in range(lines):
        y = 700 - 12 * k
        rows.append(
            row(f"left line {k:02d} goes on", x=50, y=y) + row(f"right line {k:02d} here", x=200, y=y)
        )
    return rows


def test_two_columns_are_read_one_after_the_other() -> None:
    rows = two_columns(6)
    gutter = find_gutter(rows)
    assert gutter is not None and 50 + 20 * WIDTH <= gutter[0] < gutter[1] <= 200
    lines = page_lines([g for r in rows for g in r], 1)
    assert [line.text for line in lines] == [
        *(f"left line {k:02d} goes on" for k in range(6)),
        *(f"right line {k:02d} here" for k in range(6)),
    ]
    assert [line.part for line in lines] == [0] * 6 + [1] * 6


def test_a_title_across_the_columns_is_read_before_them() -> None:
    rows = [row("A title that spans both of the columns here", x=50, y=720), *two_columns(6)]
    lines = reading_order(
        [
            PageLine("".join(g.text for g in r), SIZE, r[0].x, r[0].y, 1, r[-1].right)
            for r in split_rows(rows, find_gutter(rows))
        ],
        find_gutter(rows),
    )
    assert lines[0].text == "Atitlethatspansbothofthecolumnshere"
    assert [line.part for line in lines] == [0] + [1] * 6 + [2] * 6


def test_one_column_of_justified_lines_has_no_gutter() -> None:
    words = [
        "when",
        "the",
        "government",
        "of",
        "Bashar",
        "Al-Assad",
        "was",
        "toppled",
        "Russia",
        "with",
        "its",
        "primary",
        "focus",
    ]
    lines = [" ".join(words[k : k + 3]) + "  " + " ".join(words[k + 3 : k + 7]) for k in range(8)]
    rows = [row(line, x=50, y=700 - 12 * k) for k, line in enumerate(lines)]
    assert find_gutter(rows) is None


def test_a_table_is_cut_into_cells_row_by_row() -> None:
    rows = [
        row("Base", x=50, y=500) + row("Where", x=130, y=500) + row("What", x=200, y=500),
        row("Hmeimim", x=50, y=484) + row("Syria", x=130, y=484) + row("Flights to", x=200, y=484),
        row("al-Khadim", x=200, y=472),
        row("Tartous", x=50, y=456) + row("west", x=130, y=456) + row("Equipment", x=200, y=456),
    ]
    found = Tables()
    table_pieces(rows, found)
    cells: dict[int, list[str]] = {}
    places: dict[int, tuple[int, int]] = {}
    for piece in found.pieces:
        cells.setdefault(piece.cell, []).append("".join(g.text for g in piece.glyphs))
        places[piece.cell] = (piece.row, piece.column)
    assert found.count == 1
    assert list(places.values()) == [(row, column) for row in range(3) for column in range(3)]
    assert list(cells.values()) == [
        ["Base"],
        ["Where"],
        ["What"],
        ["Hmeimim"],
        ["Syria"],
        ["Flightsto", "al-Khadim"],
        ["Tartous"],
        ["west"],
        ["Equipment"],
    ]


def test_a_table_on_a_page_is_imported_as_a_table_between_its_paragraphs() -> None:
    """The page's lines, their text and the import: the cells' paragraphs make the table, an
    empty cell stays empty, the paragraphs around it stay paragraphs."""
    rows = [
        row("As of early 2025, Russia still operated two military bases in Syria.", x=50, y=540),
        row("Base", x=50, y=500) + row("Where", x=130, y=500) + row("What", x=200, y=500),
        row("Hmeimim", x=50, y=484) + row("Syria", x=130, y=484) + row("Flights to", x=200, y=484),
        row("al-Khadim", x=200, y=472),
        row("Tartous", x=50, y=456) + row("Equipment", x=200, y=456),
        row("These bases had not been damaged during the advance of the factions.", x=50, y=420),
    ]
    lines = page_lines([g for r in rows for g in r], 1)
    raw, _, cells = page_text([lines], set())
    result = import_text(raw, tables=cells)
    assert [type(block).__name__ for block in result.blocks] == [
        "ImportedHeading",  # the placeholder heading a text without one gets
        "ImportedParagraph",
        "ImportedTable",
        "ImportedParagraph",
    ]
    table = result.blocks[2]
    assert isinstance(table, ImportedTable)
    assert table.header == (("Base",), ("Where",), ("What",))
    assert table.rows == (
        (("Hmeimim",), ("Syria",), ("Flights to al-Khadim",)),
        (("Tartous",), (), ("Equipment",)),
    )
    section = next(text for path, text in result.files if path.startswith("sections/"))
    assert "| Tartous | | Equipment |" in " ".join(section.split())
    assert result.differences == ()
    assert "a table of 3 columns and 3 rows: its first row is read as its header row" in str(result.doubts)


def test_wide_gaps_that_do_not_line_up_are_no_table() -> None:
    rows = [
        row("justified  text with a wide gap here", x=50, y=500),
        row("and the next line with   its own wide gap", x=50, y=488),
        row("and a third   one somewhere else again", x=50, y=476),
    ]
    found = Tables()
    table_pieces(rows, found)
    assert found.count == 0
    assert [p.table for p in found.pieces] == [0, 0, 0]


def page(number: int, *lines: tuple[str, float, float]) -> list[PageLine]:
    return [PageLine(text, size, 50, y, number) for text, y, size in lines]


def test_furniture_is_what_repeats_at_the_edges_of_the_page_apart_from_its_text() -> None:
    """A note's last line ("2025, url") and a note ("Ibid.") at the same height on two pages
    are text: the one is as close to the note above it as lines are, the other mid-page."""
    pages = [
        page(
            n,
            ("Report title", 800, 8),
            (f"Body text of the {word} page", 760, 10),
            (f"{n}1 The {word} source", 512, 8),
            ("Ibid.", 500, 8),
            (f"{n}3 Another {word} source, 13 January", 74, 8),
            ("2025, url", 62, 8),
            (str(n), 40, 8),
        )
        for n, word in ((1, "first"), (2, "second"))
    ]
    found = furniture_lines([line for lines in pages for line in lines])
    assert sorted((line.page, line.text) for line in found) == [
        (1, "1"),
        (1, "Report title"),
        (2, "2"),
        (2, "Report title"),
    ]


def test_a_superior_figure_is_a_call_and_a_raised_number_opening_a_line_a_label() -> None:
    def superior(ch: str, x: float, y: float) -> Glyph:
        return Glyph(ch, SIZE, x, x + 3, y, y + 4)  # its ink starts 4 points above the baseline

    body = [*row("Syria.", x=50, y=700), superior("7", 80, 700), *row(" Next", x=83, y=700)]
    note = [superior("7", 50, 100), *row("AP, a source, url", x=53, y=100)]
    lines = page_lines([*body, *note], 1)
    assert [line.text for line in lines] == ["Syria.[7] Next", "7 AP, a source, url"]


CHAPTERS = """1. First chapter

Text of the first chapter.1 More of it.2

2. Second chapter

Text of the second chapter.1 And more.2 And the end.3

1 Source one, url
2 Source two, url
1 Source three, url
2 Source four, url
3 Source five, url

1 a list item after the notes
2 another one
"""


def test_notes_numbered_again_per_chapter_are_numbered_through_with_a_doubt() -> None:
    result = import_text(CHAPTERS)
    assert [(n.number, n.text) for n in result.notes] == [
        (1, "Source one, url"),
        (2, "Source two, url"),
        (3, "Source three, url"),
        (4, "Source four, url"),
        (5, "Source five, url"),
    ]
    assert [str(d) for d in result.doubts if d.line] == [
        "line 11: note numbers start again from 1 here (printed 1–3): numbered through as 3–5"
    ]
    assert result.differences == ()
    text = "".join(t for path, t in result.files if path.startswith("sections/"))
    assert "second chapter.[^3] And more.[^4] And the end.[^5]" in text
    assert "1 a list item after the notes" in text  # a run from 1 that nothing calls stays text
