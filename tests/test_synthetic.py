"""The benchmark's synthetic publications: deterministic, in the content format, N notes exactly."""

from __future__ import annotations

import re
from pathlib import Path

from bench.synthetic import generate_publication
from folio.load import load_publication
from folio.model import Link, NoteRef, Paragraph, plain_text


def files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_same_seed_and_size_give_the_same_bytes(tmp_path: Path) -> None:
    generate_publication(tmp_path / "a", notes=45, seed=7)
    generate_publication(tmp_path / "b", notes=45, seed=7)
    generate_publication(tmp_path / "c", notes=45, seed=8)
    assert files(tmp_path / "a") == files(tmp_path / "b")
    assert files(tmp_path / "a") != files(tmp_path / "c")


def test_it_loads_without_a_warning_with_exactly_n_notes(tmp_path: Path) -> None:
    made = generate_publication(tmp_path, notes=45, first_note=505, first_page=41)
    loaded = load_publication(tmp_path)
    publication = loaded.publication
    assert loaded.warnings == ()
    assert (made.notes, made.sections) == (45, 3)
    assert [note.number for note in publication.notes] == list(range(505, 550))
    assert (publication.first_page, len(publication.body.sections)) == (41, 3)
    assert [s.id for s in publication.front] == ["s-title-page", "s-legal-notice"]  # made from the metadata


def test_a_note_is_called_every_40_to_60_words(tmp_path: Path) -> None:
    generate_publication(tmp_path, notes=40)
    text = (tmp_path / "sections").glob("*.md")
    for path in text:
        body = path.read_text(encoding="utf-8").split("\n[^")[0]
        gaps = [len(chunk.split()) for chunk in re.split(r"\[\^\d+\]", body)[1:-1]]
        first_calls = [gap for gap in gaps if gap > 10]  # a second call follows its first closely
        assert first_calls
        assert all(40 <= gap <= 60 + 30 for gap in first_calls), gaps  # a sentence may overrun


def test_most_notes_cite_a_source_and_some_sources_have_an_address(tmp_path: Path) -> None:
    generate_publication(tmp_path, notes=60)
    publication = load_publication(tmp_path).publication
    links = [i for n in publication.notes for b in n.blocks for i in b.inlines if isinstance(i, Link)]
    assert len(links) >= 30
    assert any(link.href.startswith("https://example.org/") for link in links)
    assert any(source.url is None for source in publication.sources)  # address still unknown
    calls = [
        i
        for s in publication.sections
        for b in s.blocks
        if isinstance(b, Paragraph)
        for i in b.inlines
        if isinstance(i, NoteRef)
    ]
    assert len(calls) >= 60
    assert all(
        plain_text(b.inlines) for s in publication.sections for b in s.blocks if isinstance(b, Paragraph)
    )
