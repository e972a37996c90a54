"""Heading ids from Pandoc's {#id}, cross-references to them, ordered lists that keep their start."""

from __future__ import annotations

from pathlib import Path

import pytest

from folio.errors import BuildError
from folio.load import load_publication
from folio.model import CrossRef, Heading, ListBlock, Paragraph, Text
from tests.conftest import write_content

SECTION = """## 1. Airports {#airports}

### 1.1. Damascus International Airport

See [the airports](#airports), [](#h-1-1-damascus-international-airport) and [a note](#fn-1).[^1]

3. third
4. fourth

[^1]: A note.
"""


def test_explicit_and_generated_ids_and_cross_references(tmp_path: Path) -> None:
    write_content(tmp_path, SECTION)
    blocks = load_publication(tmp_path).publication.body.sections[0].blocks
    assert [b.id for b in blocks if isinstance(b, Heading)] == [
        "airports",
        "h-1-1-damascus-international-airport",
    ]
    assert isinstance(blocks[0], Heading) and blocks[0].inlines == (Text("1. Airports"),)
    paragraph = blocks[2]
    assert isinstance(paragraph, Paragraph)
    references = [item for item in paragraph.inlines if isinstance(item, CrossRef)]
    assert references == [
        CrossRef("airports", (Text("the airports"),)),
        CrossRef("h-1-1-damascus-international-airport", (Text("1.1. Damascus International Airport"),)),
        CrossRef("fn-1", (Text("a note"),)),
    ]
    assert isinstance(blocks[3], ListBlock) and (blocks[3].ordered, blocks[3].start) == (True, 3)


def test_an_empty_cross_reference_in_a_note_prints_its_heading(tmp_path: Path) -> None:
    """`[](#id)` in a note is filled like one in the text (it printed nothing)."""
    write_content(tmp_path, "## 1. Airports {#airports}\n\nText.[^1]\n\n[^1]: See [](#airports).\n")
    [note] = load_publication(tmp_path).publication.notes
    assert note.blocks[0].inlines == (Text("See "), CrossRef("airports", (Text("1. Airports"),)), Text("."))


def errors_of(section: str, root: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What loading a publication of this one section reports, as the editor reads it."""
    monkeypatch.chdir(root)
    write_content(root, section)
    with pytest.raises(BuildError) as caught:
        load_publication(Path())
    return [str(d) for d in caught.value.diagnostics]


def test_a_cross_reference_to_no_heading_is_an_error_at_its_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert errors_of("## A {#airports}\n\nText.\n\nSee [them](#airport).\n", tmp_path, monkeypatch) == [
        "s.md:5: cross-reference to '#airport': no heading, table or figure has this id; "
        "did you mean '#airports'?"
    ]


def test_an_id_given_twice_is_an_error_at_the_second_heading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert errors_of("## A {#x}\n\nText.\n\n## B {#x}\n\nMore.\n", tmp_path, monkeypatch) == [
        "s.md:5: the id 'x' is given to another heading already"
    ]
