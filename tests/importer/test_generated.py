"""Each way editors receive a report, made up with its oracle: every note by number and text,
every call at its place, no word lost, and nothing doubted that is not doubtful."""

from __future__ import annotations

from pathlib import Path

import pytest

from folio.importer import import_text
from folio.importer.records import ImportedParagraph
from folio.load import load_publication
from folio.model import note_text
from tests.importer.generated import (
    CALL_STYLES,
    TITLE,
    Extract,
    call_score,
    endnotes,
    found_calls,
    note_score,
    page_foot,
)

LAYOUTS = {
    "endnotes": lambda style, seed: endnotes(style, seed=seed),
    "endnotes from 505": lambda style, seed: endnotes(style, seed=seed, first=505),
    "page foot": lambda style, seed: page_foot(style, seed=seed),
    "page foot after front matter": lambda style, seed: page_foot(style, seed=seed, front=True),
}
CASES = [(style, layout, seed) for style in CALL_STYLES for layout in LAYOUTS for seed in (1, 2, 3)]


def extract(style: str, layout: str, seed: int) -> Extract:
    return LAYOUTS[layout](style, seed)


@pytest.mark.parametrize(("style", "layout", "seed"), CASES)
def test_every_note_and_call_is_recovered_and_nothing_else(style: str, layout: str, seed: int) -> None:
    made = extract(style, layout, seed)
    result = import_text(made.raw)
    assert [(n.number, n.text) for n in result.notes] == sorted(made.notes.items())
    expected = [(p.text, at, n) for p in made.paragraphs for at, n in p.calls]
    assert found_calls(result) == expected
    assert (str(note_score(result, made)), str(call_score(result, made))) == (
        "precision 1.00, recall 1.00",
        "precision 1.00, recall 1.00",
    )
    front = ["line 1: no numbered heading before this text: added 'Imported text'; rename it"]
    assert [str(d) for d in result.doubts if d.line] == (front if "front" in layout else [])
    assert result.differences == ()


@pytest.mark.parametrize("style", CALL_STYLES)
def test_running_headers_that_begin_or_end_with_the_page_number_are_furniture(style: str) -> None:
    result = import_text(page_foot(style, seed=4, front=True).raw)
    assert result.metadata.title == TITLE
    assert all(n.number < 70 for n in result.notes)  # "70 Integrity Assessment" calls nothing
    assert "— 3" not in str(result.blocks) and "4 —" not in str(result.blocks)
    removed = [str(f) for f in result.repairs if f.message.startswith("removed")]
    assert f"line 11: removed running footer or header '70 {TITLE}' (line 11); offered as metadata" in removed
    assert any("'— 3'" in r for r in removed) and any("'4 —'" in r for r in removed)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_generated_content_loads_with_every_note(layout: str, tmp_path: Path) -> None:
    made = extract("bracket", layout, 5)
    for name, text in import_text(made.raw).files:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    loaded = load_publication(tmp_path)
    assert [note_text(n) for n in loaded.publication.notes] == [t for _, t in sorted(made.notes.items())]
    assert loaded.warnings == ()


def test_a_marked_call_with_no_note_is_a_doubt_at_its_line_and_stays_text() -> None:
    result = import_text("1. Findings\n\nThe council met twice.\nIt said “no.”[7] Roads (2024) reopened.\n")
    assert result.notes == ()
    assert result.blocks[1] == ImportedParagraph(
        ("The council met twice. It said “no.”[7] Roads (2024) reopened.",), 3
    )
    assert [str(d) for d in result.doubts if d.line] == [
        "line 4: '7' looks like a note call, but no note 7 pairs with it: kept as text"
    ]
    assert result.differences == ()


def test_a_numbered_paragraph_nothing_calls_stays_body_text() -> None:
    raw = (
        "1. Findings\n\nRoads reopened.1 Markets too.\n\n"
        "12 people were held at the checkpoint for two days\nand then released.\n\n"
        "1 Reuters, Roads reopen, 3 May 2024, url\n"
    )
    result = import_text(raw)
    assert [(n.number, n.text) for n in result.notes] == [(1, "Reuters, Roads reopen, 3 May 2024, url")]
    assert ImportedParagraph(
        ("12 people were held at the checkpoint for two days and then released.",), 5
    ) in (result.blocks)
    assert result.differences == ()
