"""Page-break markers land on the first word of each printed page: a generated publication of
twelve pages, broken mid-paragraph and mid-hyphenated-word, read back from the PDF and the EPUB."""

from __future__ import annotations

import random
import re
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pypdf
import pytest
from lxml import etree

from folio.model import Emphasis, PageBreak, Text
from folio.page_map import insert_at, word_start
from folio.pipeline import BuildResult, build
from tests.conftest import write_content as write_minimal_content
from tests.epub.test_epub import ace_violations, require_ace

X = "{http://www.w3.org/1999/xhtml}"
TITLE = "Generated Report"
# Long words that the print CSS hyphenates, so that some pages open on the tail of a word.
LONG_WORDS = (
    "administration responsibilities internationally reconstruction representatives negotiations "
    "humanitarian infrastructure transitional authorities government military withdrawal agreements "
    "relations deployment helicopters installations reportedly"
)
VOCABULARY = [*LONG_WORDS.split(), "the", "of", "and", "in", "to", "was", "were", "with", "for", "on", "by"]


def write_content(root: Path, *, paragraphs: int) -> None:
    rng = random.Random(4)  # fixed: the same pages every run
    (root / "sections").mkdir(parents=True)
    (root / "publication.yaml").write_text(
        f"title: {TITLE}\npublisher: Folio Tests\ndate: 2025-03\nlanguage: en\n"
        "identifier: urn:uuid:00000000-0000-4000-8000-000000000004\nfirst_note: 1\nfirst_page: 7\n"
        "footer: Generated\nsources: sources.yaml\nsections:\n  - sections/one.md\n"
    )
    (root / "sources.yaml").write_text("src:\n  title: A source\n  url:\n")
    body, notes = ["## 1. Generated"], list[str]()
    for index in range(paragraphs):
        words = [rng.choice(VOCABULARY) for _ in range(rng.randint(60, 160))]
        words[0] = words[0].capitalize()
        if index % 3 == 0:
            words[len(words) // 2] += f"[^{len(notes) + 1}]"
            notes.append(f"[^{len(notes) + 1}]: Note {len(notes) + 1}, a source [url][src].")
        if index == 20:
            body.append("## 2. Second part")
        body.append(" ".join(words) + ".")
    (root / "sections" / "one.md").write_text("\n\n".join(body + notes) + "\n")


@dataclass(frozen=True)
class Paged:
    result: BuildResult
    pdf_lines: dict[str, str]  # page label -> first line of body text, as the PDF prints it
    after_marker: dict[str, str]  # page label -> the EPUB's text from its marker to the block's end
    page_list: list[str]


@pytest.fixture(scope="module")
def paged(tmp_path_factory: pytest.TempPathFactory) -> Paged:
    root = tmp_path_factory.mktemp("paged")
    write_content(root / "content", paragraphs=40)
    result = build(root / "content", root / "dist", say=lambda _: None)
    assert result.problems == ()
    reader = pypdf.PdfReader(result.pdf)
    pdf_lines = {
        label: next(line for line in page.extract_text().splitlines() if line.strip() and line != TITLE)
        for label, page in zip(reader.page_labels, reader.pages, strict=True)
        if label.isdigit()  # the body's pages; the front's are placed in their own documents
    }
    archive = zipfile.ZipFile(result.epub)
    after_marker = {}
    for span in etree.fromstring(archive.read("EPUB/s-one.xhtml")).iter(f"{X}span"):
        if span.get("role") == "doc-pagebreak":
            after_marker[span.get("aria-label") or ""] = text_after(span)
    nav = etree.fromstring(archive.read("EPUB/nav.xhtml"))
    page_list = [a.text or "" for a in nav.iterfind(f".//{X}nav[@id='page-list']//{X}a")]
    return Paged(result, pdf_lines, after_marker, page_list)


def text_after(marker: etree._Element) -> str:
    """The reader's text from a marker to the end of its block (or, for a marker between
    blocks, of the next block); note calls left out."""
    parts = [marker.tail or ""]
    for sibling in marker.itersiblings():
        parts.extend([body_text(sibling), sibling.tail or ""])
        if not (marker.tail or "").strip() and sibling.tag in (f"{X}p", f"{X}h2"):
            break
    return " ".join("".join(parts).split())


def body_text(element: etree._Element) -> str:
    if element.get("role") in ("doc-noteref", "doc-footnote"):
        return ""
    inner = "".join(body_text(child) + (child.tail or "") for child in element)
    return (element.text or "") + inner


def words_of(line: str) -> list[str]:
    """A PDF line's words, without note-call numbers and the hyphen that ends a broken line."""
    return [w for w in (re.sub(r"\d+", "", word).rstrip("\u2010-") for word in line.split()) if w]


def test_every_printed_page_is_in_the_page_list_in_order(paged: Paged) -> None:
    assert paged.result.pages == 15  # title page, legal notice, contents, and twelve of the body
    assert paged.page_list == ["i", "ii", "iii", *(str(n) for n in range(7, 19))]
    assert paged.page_list[3:] == list(paged.pdf_lines)
    assert sorted(paged.after_marker, key=int) == paged.page_list[3:]
    assert paged.result.inexact_pages == ()


def test_each_marker_stands_before_the_first_word_of_its_page(paged: Paged) -> None:
    """Word precision: the text after page N's marker is page N's first line, word for word; a
    page that opens on the tail of a hyphenated word has its marker before that whole word."""
    mid_word = mid_paragraph = 0
    for label, line in paged.pdf_lines.items():
        printed = words_of(line)
        epub = paged.after_marker[label].split()
        assert epub[1 : len(printed) - 1] == printed[1:-1], label
        assert epub[0].endswith(printed[0]), label
        mid_word += epub[0] != printed[0]
        mid_paragraph += not printed[0][0].isupper()
    # The generated text does break pages both ways, so both cases above were exercised.
    assert (mid_word, mid_paragraph) == (6, 6)


def test_the_page_map_reads_the_stage_s_records_without_importing_weasyprint() -> None:
    script = "import sys, folio.page_map; print('weasyprint' in sys.modules)"
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "False"


def test_word_start_goes_back_over_a_hyphenated_word() -> None:
    text = "the reconstruction of"
    assert word_start(text, text.index("struction")) == text.index("reconstruction")
    assert word_start(text, 0) == 0


def test_insert_at_places_the_marker_inside_emphasis() -> None:
    inlines = (Text("one "), Emphasis((Text("two three"),)))
    mark = PageBreak("9")
    assert insert_at(inlines, 8, mark) == (Text("one "), Emphasis((Text("two "), mark, Text("three"))))
    assert insert_at(inlines, 0, mark) == (mark, Text("one "), Emphasis((Text("two three"),)))


def test_ace_accepts_the_generated_epub(paged: Paged, tmp_path: Path) -> None:
    """Markers between blocks and inside words, nested headings: still no accessibility finding."""
    require_ace()
    assert ace_violations(paged.result.epub, tmp_path / "ace") == []


def test_a_note_called_again_on_a_later_page_is_a_warning_naming_both_pages(tmp_path: Path) -> None:
    root = tmp_path / "content"
    root.mkdir()
    filler = " ".join(["The text runs on to fill the page with words."] * 60)
    write_minimal_content(
        root, f"## A\n\nFirst call.[^a]\n\n{filler}\n\n{filler}\n\nCalled again.[^a]\n\n[^a]: The note.\n"
    )
    result = build(root, tmp_path / "dist", say=lambda _: None)
    assert result.ok
    assert [str(w).split(": ", 1)[1] for w in result.warnings] == [
        "warning: note 1 is called again on page 2, but prints on page 1: that call links back to it; "
        "a new note there would print it again"
    ]
