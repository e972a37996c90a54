"""The import corpus (`bench.corpus`): PDFs set by Typst and Word documents made by Pandoc from
Markdown written for it, each imported and compared with its oracle: every note by number and
text, every call at its place, every paragraph (a table's cells too), every table as a table, no
word lost, and the doubts a reader of the report must see (notes numbered again per chapter, a
PDF's table whose header row is a guess).

`python -m bench.import_corpus` prints the same comparison as precision and recall."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from bench.corpus import Ref, corpus_sources, make_file, make_pdf, oracle, read_source
from bench.import_corpus import import_document
from folio.importer.emit import SectionFile, section_markdown
from folio.importer.pdf_pages import import_pdf
from folio.importer.words import WORD
from tests.conftest import ROOT

pytest.importorskip("typst")
HYPHENATED = re.compile(r"'\w+- \w+' -> '(\w+)'")
CASES = [(source.name, kind) for source in corpus_sources() for kind in source.kinds]
PAGE = re.compile(r"^page \d+: ")
SOURCES = {source.name: source for source in corpus_sources()}
# What each document must say of itself besides the placeholders of what it does not give (on
# whichever page its typeset puts it).
DOUBTS: dict[tuple[str, str], list[str]] = {
    ("chapters", "pdf"): [
        "note numbers start again from 1 here (printed 1–6): numbered through as 6–11",
        "note numbers start again from 1 here (printed 1–9): numbered through as 12–20",
    ],
    ("chapters", "docx"): ["Word restarts its footnote numbers (eachSect); folio numbers them through"],
    ("table", "pdf"): [
        "a table of 3 columns and 3 rows: its first row is read as its header row (a PDF does not "
        "mark one); check it"
    ],
}


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("corpus")


def needs(kind: str) -> None:
    if kind == "docx" and shutil.which("pandoc") is None:
        pytest.skip("pandoc: system-packages.txt")


@pytest.mark.parametrize(("name", "kind"), CASES)
def test_every_note_call_and_paragraph_comes_back_as_the_oracle_has_them(
    name: str, kind: str, folder: Path
) -> None:
    needs(kind)
    outcome = import_document(SOURCES[name], kind, folder)
    expected = oracle(SOURCES[name], kind=kind)
    found = outcome.scores
    assert found.missing == {"notes": [], "calls": [], "paragraphs": [], "tables": []}
    assert (found.notes.found, found.calls.found, found.paragraphs.found, found.tables.found) == (
        len(expected.notes),
        expected.calls.total(),
        expected.paragraphs.total(),
        expected.tables.total(),
    )
    assert outcome.result.differences == ()


@pytest.mark.parametrize(("name", "kind"), CASES)
def test_the_doubts_are_what_the_document_leaves_in_doubt(name: str, kind: str, folder: Path) -> None:
    needs(kind)
    outcome = import_document(SOURCES[name], kind, folder)
    doubts = [PAGE.sub("", str(d)) for d in outcome.result.doubts if "is a placeholder" not in d.message]
    assert doubts == DOUBTS.get((name, "docx" if kind == "docx" else "pdf"), [])


@pytest.mark.parametrize("name", ["page-foot", "two-column"])
def test_a_note_continued_on_the_next_page_or_column_is_joined(name: str, folder: Path) -> None:
    outcome = import_document(SOURCES[name], "pdf", folder)
    assert "page 2: joined the rest of note 11, continued from the previous page" in map(
        str, outcome.result.repairs
    )


def test_the_corpus_has_every_layout_the_issue_names() -> None:
    settings = [source.settings for source in corpus_sources()]
    assert {s["notes"] for s in settings} == {"foot", "end", "bracket"}
    assert any(s.get("restart") == "chapter" for s in settings)
    assert any(s.get("columns") == 2 for s in settings)
    assert any(block.kind == "table" for source in corpus_sources() for block in source.blocks)
    assert {kind for source in corpus_sources() for kind in source.formats} == {"pdf", "docx"}
    assert all(len(source.kinds) > len(source.formats) for source in corpus_sources())  # typesets


def test_the_generated_pdfs_are_the_same_bytes_each_time(tmp_path: Path) -> None:
    """Why the corpus is made at test time, not committed: the same source, the same file."""
    source = read_source(ROOT / "tests" / "fixtures" / "corpus" / "chapters.md")
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    assert make_pdf(source, tmp_path / "a").read_bytes() == make_pdf(source, tmp_path / "b").read_bytes()


def dropping(sentence: str, original: Callable[..., str]) -> Callable[..., str]:
    """`section_markdown` that loses the paragraph holding `sentence`: a bug the check must see."""

    def damaged(section: SectionFile, cited: object) -> str:
        text = original(section, cited)
        return "\n\n".join(chunk for chunk in text.split("\n\n") if sentence not in " ".join(chunk.split()))

    return damaged


def test_the_word_check_of_a_pdf_import_reports_a_dropped_paragraph(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pdf = make_file(SOURCES["page-foot"], "pdf", folder)
    damaged = dropping("Since mid-December 2024", section_markdown)
    monkeypatch.setattr("folio.importer.section_markdown", damaged)
    result = import_pdf(pdf)
    lost = [str(d) for d in result.differences]
    assert lost and all(line.startswith("page 2: ") and "are not in the content" in line for line in lost)
    assert lost[0].endswith("'However around mid December 2024 there were media …'")
    dropped = next(b for b in SOURCES["page-foot"].blocks if "Since mid-December 2024" in str(b.parts))
    words = WORD.findall(" ".join(p for p in dropped.parts if isinstance(p, str)))
    calls = sum(isinstance(p, Ref) for p in dropped.parts)  # its notes stay: their labels are there
    # A word hyphenated at a line break is two words of the PDF's text ("im- ages").
    broken = [m.group(1) for r in result.repairs if (m := HYPHENATED.search(r.message))]
    halves = sum(word in words for word in broken)
    assert sum(int(line.split(": ")[1].split()[0]) for line in lost) == len(words) + calls + halves


@pytest.mark.parametrize("kind", ["pdf", "pdf-cm", "pdf-letter"])
def test_the_table_a_pdf_shows_is_imported_as_a_table(kind: str, folder: Path) -> None:
    outcome = import_document(SOURCES["table"], kind, folder)
    section = next(text for path, text in outcome.result.files if path.startswith("sections/3.2"))
    assert (
        "| Base            | Where         | What the sources report        |\n"
        "| --------------- | ------------- | ------------------------------ |\n"
        "| Hmeimim Airport | Syria         | Flights to al-Khadim, a base in Libya[^3] |\n"
        "| Tartous Port    | western Syria | Military equipment transported out of the port[^4] |\n"
    ) in section
    assert outcome.scores.tables.right == outcome.scores.tables.expected == 1
