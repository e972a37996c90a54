"""The lists of tables and of figures (`lists:` in publication.yaml), from the model to both
editions: which tables and figures each lists (the captioned ones, in reading order, in the order
`lists:` names the lists), and a book printed on both sides with a table in its front matter,
built, verified and read back: each entry prints the folio of its table or figure (roman in the
front), links there, and the EPUB's navigation lists the same."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from lxml import etree

from folio.lists import LIST_OF_FIGURES, LIST_OF_TABLES, front_lists
from folio.load import load_publication
from folio.pipeline import BuildResult, build
from folio.verify import read_pdf_facts
from folio.verify.contents import listings
from folio.verify.expectation import expect_from_content
from tests.load.test_front import png

X = {"x": "http://www.w3.org/1999/xhtml"}
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
META = """\
title: Lists
publisher: Folio Tests
date: 2025-03
language: en
identifier: urn:uuid:00000000-0000-4000-8000-000000000098
first_note: 1
first_page: 1
print: duplex
front_matter: [front/glossary.md]
sections: [sections/one.md, sections/two.md]
lists: [figures, tables]
"""
TABLE = "| Year | Count |\n|------|------:|\n| 2024 | 1 |\n"
FILES = {
    "front/glossary.md": (
        "# Glossary {#glossary}\n\nTable: Terms used in this report {#tbl-terms}\n\n"
        "| Term | Meaning |\n|------|---------|\n| COI | Country of origin information |\n"
    ),
    "sections/one.md": (
        "# 1. One {#one}\n\nText of the first chapter.\n\n"
        '![A grey square](../images/square.png){#fig-square fig-alt="A small grey square."}\n\n'
        f"Table: Counts by year {{#tbl-counts}}\n\n{TABLE}\nA table without a caption:\n\n{TABLE}"
    ),
    "sections/two.md": f"# 2. Two {{#two}}\n\nText of the second chapter.\n\nTable: More counts\n\n{TABLE}",
}
FIGURES = [("fig-square", "Figure 1: A grey square")]
TABLES = [
    ("tbl-terms-caption", "Table 1: Terms used in this report"),
    ("tbl-counts-caption", "Table 2: Counts by year"),
    ("tbl-two-1-caption", "Table 3: More counts"),
]


def write_book(root: Path) -> Path:
    (root / "publication.yaml").write_text(META, encoding="utf-8")
    for name, text in FILES.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    (root / "images").mkdir()
    (root / "images" / "square.png").write_bytes(png(40, 40))
    return root


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuildResult]:
    content = write_book(tmp_path_factory.mktemp("lists"))
    return content, build(content, tmp_path_factory.mktemp("lists-dist"), say=lambda _: None)


def test_each_list_names_the_captioned_tables_or_figures_in_reading_order(tmp_path: Path) -> None:
    publication = load_publication(write_book(tmp_path)).publication
    lists = front_lists(publication)
    assert [listed.id for listed in lists] == [LIST_OF_FIGURES, LIST_OF_TABLES]  # as `lists:` names them
    assert [(e.target, e.text) for e in lists[0].entries] == FIGURES
    assert [(e.target, e.text) for e in lists[1].entries] == TABLES  # not the table without a caption
    assert [e.front for e in lists[1].entries] == [True, False, False]


def test_the_book_builds_and_verifies(book: tuple[Path, BuildResult]) -> None:
    _, result = book
    assert result.ok, [str(p) for p in result.problems]
    assert result.warnings == ()


def test_each_entry_prints_the_folio_of_what_it_leads_to(book: tuple[Path, BuildResult]) -> None:
    content, result = book
    facts = read_pdf_facts(result.pdf)
    found = listings(facts, expect_from_content(load_publication(content).publication))
    assert list(found) == ["contents", LIST_OF_FIGURES, LIST_OF_TABLES]
    printed = {name: [(e.target, e.title, e.printed) for e in found[name]] for name in found}
    folio_of = {target: facts.folios[facts.destinations[target][0]] for target, _ in FIGURES + TABLES}
    assert printed[LIST_OF_FIGURES] == [(t, text, folio_of[t]) for t, text in FIGURES]
    assert printed[LIST_OF_TABLES] == [(t, text, folio_of[t]) for t, text in TABLES]
    assert [folio_of[t] for t, _ in TABLES] == [
        "iii",
        "1",
        "3",
    ]  # the glossary's roman; chapter 2 on the right
    assert facts.labels is not None and facts.labels[:6] == ("i", "ii", "iii", "iv", "v", "vi")


def test_the_epub_navigation_lists_the_same_after_the_contents(book: tuple[Path, BuildResult]) -> None:
    _, result = book
    with zipfile.ZipFile(result.epub) as archive:
        nav = etree.fromstring(archive.read("EPUB/nav.xhtml"))
    navs = {n.get(EPUB_TYPE): n for n in nav.iterfind(".//x:nav", X)}
    assert list(navs) == ["toc", "loi", "lot", "landmarks", "page-list"]
    entries = [(a.get("href"), "".join(a.itertext())) for a in navs["lot"].iterfind(".//x:a", X)]
    assert entries == [
        ("s-glossary.xhtml#tbl-terms-caption", TABLES[0][1]),
        ("s-one.xhtml#tbl-counts-caption", TABLES[1][1]),
        ("s-two.xhtml#tbl-two-1-caption", TABLES[2][1]),
    ]
