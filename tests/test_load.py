"""The sample content holds the seed section faithfully, with its extraction damage repaired."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from folio.errors import BuildError
from folio.load import load_publication
from folio.model import Note, NoteRef, Paragraph, Publication, Text, note_text, plain_text
from tests.conftest import CONTENT, SEED


@pytest.fixture(scope="module")
def publication() -> Publication:
    return load_publication(CONTENT).publication


def straight(text: str) -> str:
    return text.replace("\u2019", "'").replace("\u2018", "'")


def seed_parts() -> tuple[str, dict[int, str]]:
    """The seed's body text and its notes by number (505's label was lost in the extraction)."""
    text = SEED.read_text(encoding="utf-8").replace("<u>", "").replace("</u>", "")
    body, _, notes_block = text.partition("url\n\n506\n")
    first_note = body.rsplit("\n\n", 1)[1] + "url"
    body = body.rsplit("\n\n", 1)[0]
    notes = {505: first_note}
    chunks = re.split(r"\n\n(\d{3})\n\n", "\n\n506\n\n" + notes_block.split("\n\n©")[0])
    for label, note in zip(chunks[1::2], chunks[2::2], strict=True):
        notes[int(label)] = " ".join(note.split())
    return body, notes


def words_before_calls(publication: Publication) -> dict[int, str]:
    found: dict[int, str] = {}
    for section in publication.sections:
        for block in section.blocks:
            if not isinstance(block, Paragraph):
                continue
            before = ""
            for item in block.inlines:
                if isinstance(item, Text):
                    before += item.text
                elif isinstance(item, NoteRef):
                    found[item.number] = straight(before.split()[-1])
    return found


def test_sample_has_twenty_notes_numbered_505_to_524(publication: Publication) -> None:
    assert [note.number for note in publication.notes] == list(range(505, 525))
    assert all(note.calls == 1 for note in publication.notes)


def test_every_note_has_the_seed_citation_text(publication: Publication) -> None:
    _, seed_notes = seed_parts()
    assert len(seed_notes) == 20
    for note in publication.notes:
        assert straight(note_text(note)) == seed_notes[note.number], note.number


def test_every_call_stands_after_the_word_it_follows_in_the_seed(publication: Publication) -> None:
    body, _ = seed_parts()
    body = body.replace("H meimim", "Hmeimim")
    expected = {int(n): word for word, n in re.findall(r"(\S*?)\s?(5[0-2]\d)(?!\d)", body) if word}
    expected = {n: w for n, w in expected.items() if 505 <= n <= 524}
    assert len(expected) == 20
    assert words_before_calls(publication) == expected


def test_every_sentence_of_the_seed_is_in_the_content(publication: Publication) -> None:
    body, _ = seed_parts()
    body = re.sub(r"\s?(5[0-2]\d)(?=[\s.,]|$)", "", body)  # the calls, glued or not
    body = re.sub(r"(?<=[.'])5[0-2]\d", "", body)
    body = body.replace("H meimim", "Hmeimim").replace("lyushin", "Ilyushin")
    blocks = publication.sections[0].blocks
    assert straight(plain_text(blocks[0].inlines)) == "3.2. Russia"  # type: ignore[union-attr]
    paragraphs = [straight(plain_text(b.inlines)) for b in blocks[1:]]  # type: ignore[union-attr]
    seed_paragraphs = [" ".join(p.split()) for p in body.strip().split("\n\n")[1:]]
    assert len(paragraphs) == len(seed_paragraphs) == 5
    for paragraph, seed_paragraph in zip(paragraphs, seed_paragraphs, strict=True):
        sentences = re.split(r"(?<=\.)\s+(?=[A-Z])", seed_paragraph)
        for sentence in sentences:
            assert sentence in paragraph, sentence
    assert sum(len(re.split(r"(?<=\.)\s+(?=[A-Z])", p)) for p in seed_paragraphs) == 15


def test_extraction_damage_is_repaired(publication: Publication) -> None:
    text = " ".join(plain_text(b.inlines) for b in publication.sections[0].blocks)  # type: ignore[union-attr]
    assert "Hmeimim to al-Khadim" in text
    assert "Ilyushin IL-76" in text
    assert "<u>" not in text and "H meimim" not in text
    assert "info@euaa.europa.eu" not in text
    assert publication.footer == "© European Union Agency for Asylum 2025 | Email: info@euaa.europa.eu"


def test_metadata_is_the_publication_s(publication: Publication) -> None:
    assert publication.title == "Syria – Country Focus"
    assert publication.subtitle == "Country of Origin Information Report"
    assert publication.publisher == "European Union Agency for Asylum"
    assert (publication.date, publication.language, publication.first_note) == ("2025-03", "en", 505)
    assert publication.slug == "syria-country-focus"


def test_the_one_known_source_address_links_and_unknown_ones_stay_plain(publication: Publication) -> None:
    notes = {note.number: note for note in publication.notes}

    def links(note: Note) -> list[str]:
        return [repr(item) for b in note.blocks for item in b.inlines if type(item).__name__ == "Link"]

    assert len(links(notes[516])) == 1
    assert "themoscowtimes.com/2025/02/18/russian-air-base" in links(notes[516])[0]
    assert all(not links(notes[n]) for n in notes if n != 516)
    assert note_text(notes[505]).endswith("20 December 2024, url")


def write_content(root: Path, section: str, **meta: object) -> Path:
    fields = {
        "title": "T",
        "publisher": "P",
        "date": "2025-03",
        "language": "en",
        "identifier": "urn:x",
        "first_note": 1,
        "first_page": 1,
        "sections": ["s.md"],
    }
    fields.update(meta)
    lines = [
        f"{key}: {value!r}" if isinstance(value, str) else f"{key}: {value}" for key, value in fields.items()
    ]
    (root / "publication.yaml").write_text("\n".join(lines).replace("'", '"') + "\n", encoding="utf-8")
    (root / "s.md").write_text(section, encoding="utf-8")
    return root


def test_an_undefined_note_is_reported_at_its_line(tmp_path: Path) -> None:
    write_content(tmp_path, "## A\n\nText.\n\nMore[^9] text.\n")
    with pytest.raises(BuildError) as caught:
        load_publication(tmp_path)
    assert [d.message for d in caught.value.diagnostics] == ["footnote [^9] is referenced but never defined"]
    assert caught.value.diagnostics[0].location is not None
    assert caught.value.diagnostics[0].location.line == 5


def test_all_problems_of_a_run_are_reported_together(tmp_path: Path) -> None:
    write_content(tmp_path, "## A\n\nOne[^1] two[^x].\n\n[^1]: a\n[^1]: b\n")
    with pytest.raises(BuildError) as caught:
        load_publication(tmp_path)
    messages = [d.message for d in caught.value.diagnostics]
    assert "footnote [^1] is defined twice (first on line 5)" in messages
    assert "footnote [^x] is referenced but never defined" in messages
