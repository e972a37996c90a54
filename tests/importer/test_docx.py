"""`build.py import REPORT.docx`: Word's footnotes, headings, lists, emphasis and links become
content that loads and builds, with the report's own note numbers and every word.

The Word documents are made here, by Pandoc from Markdown, then given what Word itself writes
and Pandoc does not (footnotes numbered from 505, the company, the first page number)."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

import build as cli
from folio.importer import ImportResult
from folio.importer.docx import import_docx
from folio.load import load_publication
from folio.model import LEGAL_NOTICE, TITLE_PAGE, Text, note_text
from folio.pipeline import build

pytestmark = pytest.mark.skipif(shutil.which("pandoc") is None, reason="pandoc: system-packages.txt")

REPORT = """\
---
title: Syria Integrity Assessment
date: March 2025
lang: en-GB
---

# 1. Security situation

Armed groups moved *north* after the **offensive**,[^a] according to
[Enab Baladi](https://www.enabbaladi.net/).[^b]

## 1.1. Checkpoints

Checkpoints reopened:

- on the M4 road;[^c]
- near Idlib.

3. third of the list
4. fourth

> Quoted words of an official.[^d]

# 2. Returns

Families returned to Homs.[^e]

[^a]: Reuters, Offensive in the north, 3 May 2024, [url](https://www.reuters.com/a)
[^b]: Ibid., *page 4*
[^c]: Two paragraphs in this note.

    The second paragraph of the note.
[^d]: Enab Baladi, Officials speak, 7 January 2025, \\[url\\]\\[enab-baladi-2025-01-07\\]
[^e]: UNHCR, Returns to Homs, 2 February 2025, [url](https://www.unhcr.org/r)
"""
NOTES = [
    (505, "Reuters, Offensive in the north, 3 May 2024, url"),
    (506, "Ibid., page 4"),
    (507, "Two paragraphs in this note. The second paragraph of the note."),
    (508, "Enab Baladi, Officials speak, 7 January 2025, url"),
    (509, "UNHCR, Returns to Homs, 2 February 2025, url"),
]
WORD_PARTS = {
    "word/settings.xml": ("<w:footnotePr>", '<w:footnotePr><w:numStart w:val="505" />'),
    "docProps/app.xml": ("<Words>", "<Company>European Union Agency for Asylum</Company><Words>"),
    "word/document.xml": ("<w:sectPr />", '<w:sectPr><w:pgNumType w:start="41" /></w:sectPr>'),
}


def word_document(tmp: Path, markdown: str, *, parts: dict[str, tuple[str, str]] = WORD_PARTS) -> Path:
    (tmp / "report.md").write_text(markdown, encoding="utf-8")
    made = tmp / "made.docx"
    subprocess.run(["pandoc", str(tmp / "report.md"), "-o", str(made)], check=True)
    path = tmp / "report.docx"
    with zipfile.ZipFile(made) as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            data = source.read(item).decode("utf-8")
            old, new = parts.get(item.filename, ("", ""))
            assert old in data
            target.writestr(item, data.replace(old, new, 1) if old else data)
    return path


def write(result: ImportResult, root: Path) -> Path:
    for name, text in result.files:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> ImportResult:
    return import_docx(word_document(tmp_path_factory.mktemp("docx"), REPORT))


def test_word_footnotes_keep_the_reports_numbers_and_every_paragraph(
    imported: ImportResult, tmp_path: Path
) -> None:
    loaded = load_publication(write(imported, tmp_path))
    assert [(n.number, note_text(n)) for n in loaded.publication.notes] == NOTES
    assert [s.title for s in loaded.publication.body.sections] == [
        (Text("1. Security situation"),),
        (Text("2. Returns"),),
    ]
    # Before them, the title page and legal notice that folio makes of the imported metadata.
    assert [s.kind for s in loaded.publication.front] == [TITLE_PAGE, LEGAL_NOTICE]
    assert loaded.publication.front[0].title == (Text("Syria Integrity Assessment"),)
    assert loaded.warnings == ()
    assert imported.differences == ()


def test_headings_lists_emphasis_and_links_are_markdown_without_debris(imported: ImportResult) -> None:
    files = dict(imported.files)
    assert sorted(files) == [
        "publication.yaml",
        "sections/1-security-situation.md",
        "sections/2-returns.md",
        "sources.yaml",
    ]
    first = files["sections/1-security-situation.md"].split("\n\n")
    assert first[:5] == [
        "# 1. Security situation",
        "Armed groups moved *north* after the **offensive**,[^505] according to [Enab\n"
        "Baladi](<https://www.enabbaladi.net/>).[^506]",
        "## 1.1. Checkpoints",
        "Checkpoints reopened:",
        "- on the M4 road;[^507]\n- near Idlib.",
    ]
    assert "3. third of the list\n4. fourth" in first
    assert "> Quoted words of an official.[^508]" in first
    assert (
        "[^507]: Two paragraphs in this note.\n\n    The second paragraph of the note."
        in files["sections/1-security-situation.md"]
    )
    assert (
        "[^509]: UNHCR, Returns to Homs, 2 February 2025, [url][unhcr-2025-02-02]"
        in files["sections/2-returns.md"]
    )
    everything = "".join(files.values())
    assert "\\[" not in everything and "{#" not in everything and "_Toc" not in everything


def test_metadata_is_what_the_document_says_and_a_todo_for_the_rest(imported: ImportResult) -> None:
    yaml = dict(imported.files)["publication.yaml"]
    for line in (
        'title: "Syria Integrity Assessment"',
        'publisher: "European Union Agency for Asylum"',
        'date: "2025-03"',
        'language: "en-GB"',
        "first_note: 505",
        "first_page: 41",
    ):
        assert f"\n{line}\n" in yaml
    assert "TODO" not in yaml
    sources = dict(imported.files)["sources.yaml"]
    assert (
        'reuters-2024-05-03:\n  title: "Reuters, Offensive in the north"\n  url: "https://www.reuters.com/a"'
        in sources
    )
    assert 'enab-baladi-2025-01-07:\n  title: "Enab Baladi, Officials speak"\n  url:\n' in sources


def test_a_document_that_says_nothing_of_itself_gets_todos(tmp_path: Path) -> None:
    result = import_docx(word_document(tmp_path, "Text before any heading.[^1]\n\n[^1]: A note.\n", parts={}))
    yaml = dict(result.files)["publication.yaml"]
    assert [line.split(":")[0] for line in yaml.splitlines() if "TODO" in line] == [
        "title",
        "publisher",
        "date",
        "first_page",
    ]
    assert "text before the first heading: added 'Imported text'; rename it" in map(str, result.doubts)
    assert [(n.number, n.text) for n in result.notes] == [(1, "A note.")]
    assert result.differences == ()


def test_the_imported_document_builds_and_verifies(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = word_document(tmp_path, REPORT)
    assert cli.main(["import", str(source), "--content", str(tmp_path / "content")]) == 0
    assert capsys.readouterr().out.splitlines()[0] == (
        f"{source} -> {tmp_path / 'content'}: 5 notes (505–509), 6 paragraphs, 2 section(s)"
    )
    result = build(tmp_path / "content", tmp_path / "dist", say=lambda _: None)
    assert result.ok, result.problems
    assert result.notes == len(NOTES)
