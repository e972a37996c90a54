"""The EPUB's parts: front matter, body and back matter, each section as the content has it, in
the print edition's order. Each damage of the sample's EPUB trips the check."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from folio.verify.epub_facts import read_epub_facts
from folio.verify.expectation import Expectation
from tests.conftest import Built
from tests.verify.damage import damaged_epub, replace_once, verify

TITLE_PAGE = "EPUB/s-title-page.xhtml"
LEGAL_NOTICE = "EPUB/s-legal-notice.xhtml"
BIBLIOGRAPHY = "EPUB/s-bibliography.xhtml"
OPF = "EPUB/content.opf"


def test_the_sample_s_parts(built: Built) -> None:
    facts = read_epub_facts(built.result.epub)
    assert [(p.document.removeprefix("EPUB/"), p.body_type, p.sections) for p in facts.parts] == [
        ("s-title-page.xhtml", "frontmatter", (("s-title-page", ("titlepage",), ""),)),
        ("s-legal-notice.xhtml", "frontmatter", (("s-legal-notice", ("copyright-page",), ""),)),
        ("nav.xhtml", "frontmatter", ()),
        ("s-3-2-russia.xhtml", "bodymatter", (("s-3-2-russia", (), ""),)),
        ("s-bibliography.xhtml", "backmatter", (("s-bibliography", ("bibliography",), "doc-bibliography"),)),
    ]


@pytest.mark.parametrize(
    "damage",
    [
        (
            TITLE_PAGE,
            replace_once('body epub:type="frontmatter"', 'body epub:type="bodymatter"'),
            "the spine does not run front matter, body, back matter: "
            "['bodymatter', 'frontmatter', 'frontmatter', 'bodymatter', 'backmatter']\n"
            "EPUB/s-title-page.xhtml: epub:type 'bodymatter', not 'frontmatter'",
        ),
        (
            TITLE_PAGE,
            replace_once(' epub:type="titlepage"', ""),
            "EPUB/s-title-page.xhtml: section 's-title-page' is not epub:type 'titlepage'",
        ),
        (
            LEGAL_NOTICE,
            replace_once('epub:type="copyright-page"', 'epub:type="colophon"'),
            "EPUB/s-legal-notice.xhtml: section 's-legal-notice' is not epub:type 'copyright-page'",
        ),
        (
            BIBLIOGRAPHY,
            replace_once(' role="doc-bibliography"', ""),
            "EPUB/s-bibliography.xhtml: section 's-bibliography' has no role doc-bibliography",
        ),
        (
            BIBLIOGRAPHY,
            replace_once('id="s-bibliography"', 'id="s-elsewhere"'),
            "the section 's-bibliography' is in no document of the spine",
        ),
    ],
)
def test_a_part_marked_otherwise(
    built: Built, tmp_path: Path, expected: Expectation, damage: tuple[str, Callable[[str], str], str]
) -> None:
    document, edit, message = damage
    report = verify(expected, epub=damaged_epub(built, tmp_path, {document: edit}))
    assert [p.message for p in report.problems if p.check == "epub-parts"] == message.split("\n")


def test_the_annex_before_the_body(built: Built, tmp_path: Path, expected: Expectation) -> None:
    def swap(opf: str) -> str:
        body, annex = '<itemref idref="s-3-2-russia"/>', '<itemref idref="s-bibliography"/>'
        assert body in opf and annex in opf
        return opf.replace(body, "@").replace(annex, body).replace("@", annex)

    report = verify(expected, epub=damaged_epub(built, tmp_path, {OPF: swap}))
    messages = [p.message for p in report.problems if p.check == "epub-parts"]
    assert len(messages) == 2
    assert messages[0].startswith("the spine does not run front matter, body, back matter: ")
    assert messages[1] == "the spine does not hold the sections in the book's order"
    # Without the content, the spine's order alone is still checked.
    alone = verify(None, epub=damaged_epub(built, tmp_path, {OPF: swap}))
    assert [p.check for p in alone.problems] == ["epub-parts"]
