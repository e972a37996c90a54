"""A whole book end to end: cover, title page and legal notice made from the metadata (ISBN,
DOI), front matter, a contents two levels deep, chapters printed on both sides, cross-references
between the front and the body, the bibliography annex; built, verified, and read back."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from lxml import etree

from folio.load import load_publication
from folio.pipeline import BuildResult, build
from folio.verify import PdfFacts, read_pdf_facts
from folio.verify.contents import contents_entries, contents_pages
from folio.verify.expectation import expect_from_content
from folio.verify.pdf_text import read_page_texts
from tests.epub.test_epub import ace_violations, require_ace
from tests.load.test_front import png

NS = {"x": "http://www.w3.org/1999/xhtml", "opf": "http://www.idpf.org/2007/opf"}
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
META = """\
title: A Whole Report
subtitle: Every part of the format
publisher: Folio Tests
date: 2025-03
language: en
identifier: urn:uuid:00000000-0000-4000-8000-000000000099
rights: © Folio Tests 2025
isbn: 978-0-306-40615-7
doi: 10.2847/123456
cover: images/cover.png
first_note: 1
first_page: 1
print: duplex
contents_depth: 2
footer: "A Whole Report | folio tests"
sources: sources.yaml
front_matter: [front/acknowledgements.md]
sections: [sections/one.md, sections/two.md]
annexes: [bibliography]
"""
FILES = {
    "sources.yaml": "src-a:\n  title: A source\n  url: https://example.org/a\n  accessed: 2025-01-10\n",
    "front/acknowledgements.md": (
        "# Acknowledgements {#acknowledgements}\n\nThis report was drafted by the tests. See [](#two).\n"
    ),
    "sections/one.md": (
        "# 1. First chapter {#one}\n\nText of the first chapter, citing a source.[^1] See also "
        "[](#acknowledgements).\n\n## 1.1. A section\n\nMore text.\n\n### 1.1.1. A subsection\n\n"
        "Deeper text, not in the contents at depth 2.\n\n[^1]: A source, [url][src-a].\n"
    ),
    "sections/two.md": "# 2. Second chapter {#two}\n\nText of the second chapter, back to [](#one).\n",
}


@dataclass(frozen=True)
class Book:
    result: BuildResult
    facts: PdfFacts
    content: Path


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Book:
    root = tmp_path_factory.mktemp("book")
    content = root / "content"
    for name, text in {"publication.yaml": META, **FILES}.items():
        (content / name).parent.mkdir(parents=True, exist_ok=True)
        (content / name).write_text(text, encoding="utf-8")
    (content / "images").mkdir()
    (content / "images" / "cover.png").write_bytes(png(60, 40))
    result = build(content, root / "dist", say=lambda _: None)
    assert result.problems == ()  # verified: labels by range, contents, EPUB parts, EPUBCheck...
    return Book(result, read_pdf_facts(result.pdf), content)


def test_the_front_is_numbered_in_roman_and_the_body_from_first_page(book: Book) -> None:
    """Title page (with the cover), legal notice on its back, acknowledgements, contents, each
    opening a right-hand page; the body from 1, each chapter on a right-hand page."""
    assert book.facts.labels == ("i", "ii", "iii", "iv", "v", "vi", "1", "2", "3", "4", "5")
    assert book.facts.folios == (None, None, "iii", None, "v", None, "1", None, "3", None, "5")
    blank = [index for index, runs in enumerate(book.facts.body) if not runs]
    assert blank == [3, 5, 7, 9]  # left-hand pages, left blank before what opens a right-hand one


def test_folios_on_the_outer_edge(book: Book) -> None:
    for index, page in enumerate(read_page_texts(book.result.pdf)):
        folio = book.facts.folios[index]
        if folio is None:
            continue
        run = min((r for r in page.runs if r.text.strip() == folio), key=lambda r: r.y)  # the lowest
        outer_right = index % 2 == 0  # a right-hand page
        assert (run.x > page.width / 2) == outer_right, folio


def test_the_contents_prints_each_heading_s_folio_two_levels_deep(book: Book) -> None:
    expected = expect_from_content(load_publication(book.content).publication)
    entries = list(contents_entries(book.facts, contents_pages(book.facts, expected)))
    assert [(e.title, e.printed, e.target) for e in entries] == [
        ("Acknowledgements", "iii", "acknowledgements"),
        ("1. First chapter", "1", "one"),
        ("1.1. A section", "1", "h-1-1-a-section"),
        ("2. Second chapter", "3", "two"),
        ("Annex 1: Bibliography", "5", "bibliography"),
    ]


def test_cross_references_lead_between_the_front_and_the_body(book: Book) -> None:
    links = {(book.facts.label(link.page), link.dest) for link in book.facts.links if link.dest}
    assert ("iii", "two") in links and ("1", "acknowledgements") in links and ("3", "one") in links


def test_the_epub_has_the_same_parts_the_cover_and_the_print_identifiers(book: Book) -> None:
    archive = zipfile.ZipFile(book.result.epub)
    opf = etree.fromstring(archive.read("EPUB/content.opf"))
    [cover] = [i for i in opf.iterfind(".//opf:item", NS) if i.get("properties") == "cover-image"]
    assert (cover.get("href"), cover.get("media-type")) == ("images/cover.png", "image/png")
    identifiers = [e.text for e in opf.iterfind(".//{http://purl.org/dc/elements/1.1/}identifier")]
    assert identifiers == [
        "urn:uuid:00000000-0000-4000-8000-000000000099",
        "urn:isbn:9780306406157",
        "doi:10.2847/123456",
    ]
    title = etree.fromstring(archive.read("EPUB/s-title-page.xhtml"))
    [image] = title.iterfind(".//x:img", NS)
    assert (image.get("src"), image.get("alt")) == ("images/cover.png", "")  # decorative: the title says it
    nav = etree.fromstring(archive.read("EPUB/nav.xhtml"))
    landmarks = [a.get(EPUB_TYPE) for a in nav.iterfind(".//x:nav[@id='landmarks']//x:a", NS)]
    assert landmarks == [
        "titlepage",
        "frontmatter",
        "toc",
        "bodymatter",
        "backmatter",
        "bibliography",
        "page-list",
    ]
    toc = ["".join(a.itertext()) for a in nav.iterfind(".//x:nav[@id='toc']//x:a", NS)]
    assert toc == [
        "Acknowledgements",
        "1. First chapter",
        "1.1. A section",
        "1.1.1. A subsection",  # the navigation lists every level, as the bookmarks do
        "2. Second chapter",
        "Annex 1: Bibliography",
    ]


def test_ace_reports_nothing_on_the_whole_book(book: Book, tmp_path: Path) -> None:
    require_ace()
    assert ace_violations(book.result.epub, tmp_path / "ace") == []
