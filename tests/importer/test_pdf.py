"""`build.py import REPORT.pdf`: folio's own sample, built and imported back, gives the same
notes and paragraphs as content/; the page layout tells calls, notes and furniture apart, and
the roman-numbered front (title page, legal notice, contents) from the body.

The sample is built without its generated bibliography annex: the import does not yet read
folio's bibliography back (its hanging-indent entries run together, its heading is no numbered
one, its running header prints on one page only)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import build as cli
from folio.importer import ImportResult
from folio.importer.pdf_pages import front_pages, import_pdf
from folio.load import load_publication
from folio.model import Heading, Paragraph, Publication, note_text
from folio.pipeline import build
from tests.conftest import CONTENT


def shape(publication: Publication) -> list[tuple[str, tuple[object, ...]]]:
    """Each block's kind and inlines (text, emphasis, note calls), without its file and line."""
    blocks = publication.body.sections[0].blocks
    assert all(isinstance(b, Paragraph | Heading) for b in blocks)
    return [(type(b).__name__, b.inlines) for b in blocks]  # type: ignore[union-attr]


@pytest.fixture(scope="module")
def sample_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("sample-dist")
    content = shutil.copytree(CONTENT, tmp_path_factory.mktemp("sample") / "content")
    yaml = (content / "publication.yaml").read_text(encoding="utf-8")
    annex = "\nannexes:\n  - bibliography\n"
    assert annex in yaml
    (content / "publication.yaml").write_text(yaml.replace(annex, "\n"), encoding="utf-8")
    result = build(content, out, say=lambda _: None)
    assert result.ok, result.problems
    return result.pdf


@pytest.fixture(scope="module")
def imported(sample_pdf: Path) -> ImportResult:
    return import_pdf(sample_pdf)


def test_the_sample_pdf_gives_back_the_notes_and_paragraphs_of_content(
    imported: ImportResult, tmp_path: Path
) -> None:
    for name, text in imported.files:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    ours = load_publication(tmp_path)
    committed = load_publication(CONTENT).publication
    assert [(n.number, note_text(n)) for n in ours.publication.notes] == [
        (n.number, note_text(n)) for n in committed.notes
    ]
    assert shape(ours.publication) == shape(committed)
    assert ours.warnings == ()
    assert imported.differences == ()


def test_furniture_is_what_repeats_at_the_same_place_and_gives_the_metadata(imported: ImportResult) -> None:
    removed = [str(f) for f in imported.repairs if f.message.startswith("removed")]
    assert removed == [
        "removed running header, footer or folio '3.2. Russia' (pages 4, 5)",
        "removed running header, footer or folio 'Syria – Country Focus' (pages 4, 5)",
        "removed running header, footer or folio '© European Union Agency for Asylum 2025 | Email: "
        "info@euaa.europa.eu' (pages 4, 5)",
        "removed running header, footer or folio '41' (pages 4, 5)",
    ]
    assert str(imported.repairs[0]) == (
        "left out the front matter, pages i–iii (1–3): folio makes the title page, legal notice and "
        "contents from publication.yaml"
    )
    meta = imported.metadata
    assert (meta.title, meta.publisher, meta.first_note, meta.first_page) == (
        "Syria – Country Focus",
        "European Union Agency for Asylum",
        505,
        41,
    )
    assert [str(d) for d in imported.doubts] == ["publication.yaml: 'date' is a placeholder; fill it in"]
    assert "page 4: 'en- gaged' -> 'engaged' (a word hyphenated at a line break)" in map(
        str, imported.repairs
    )


def test_import_of_a_pdf_from_the_command_line(
    sample_pdf: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["import", str(sample_pdf), "--content", str(tmp_path / "content")]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"{sample_pdf} -> {tmp_path / 'content'}: 20 notes (505–524), 5 paragraphs, 1 section(s)"
    assert out[-1] == "every word of the text is in the content (page furniture aside, listed above)"


def test_the_front_is_the_pages_in_roman_numerals_before_the_first_other_label() -> None:
    assert front_pages(["i", "ii", "iii", "41", "42"]) == 3
    assert front_pages(["1", "ii", "3"]) == 0
    assert front_pages(["i", "ii", "iii"]) == 0  # a PDF all in roman numerals is all body
    assert front_pages(["", "", ""]) == 0  # no page labels
