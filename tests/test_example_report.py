"""examples/report, the worked example of every feature of the format: it builds and verifies
with no warning, and its outputs hold what its content says: the front (title page and legal
notice made from the metadata, a front-matter file, the contents two levels deep) numbered i-iv
and the body from 1, notes numbered 1-60 through four chapters, a note called twice, each
cross-reference a link to its heading's page (PDF) and heading (EPUB), to and from the front
matter too, the bibliography's entries sorted with their addresses, access dates and notes, the
ordered list that starts at 3, the written annex and the generated one as back matter."""

from __future__ import annotations

import re
import zipfile

import pypdf
import pytest
from lxml import etree

from folio.load import load_publication
from folio.model import Heading, plain_text, text_blocks
from folio.verify.contents import listings
from folio.verify.expectation import expect_from_content
from folio.verify.pdf_facts import read_pdf_facts
from tests.conftest import EXAMPLE, Built

X = "{http://www.w3.org/1999/xhtml}"
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
CONTENTS = [  # contents_depth: 2, so 1. and 1.1. but no 1.1.1.
    ("About this example", "iii"),
    ("1. Introduction", "1"),
    ("1.1. Methodology", "1"),
    ("1.2. Terms of reference", "2"),
    ("1.3. Structure of the report", "2"),
    ("1.4. Main findings", "2"),
    ("2. Russia and the new Syrian authorities", "4"),
    ("2.1. Russia\u2019s position at the fall of the Assad government", "4"),
    ("2.2. Relations with the transitional administration", "4"),
    ("3. Russian military presence", "6"),
    ("3.1. The two bases", "6"),
    ("3.2. Guarantees for the bases", "6"),
    ("4. Withdrawal of forces and equipment", "7"),
    ("4.1. Withdrawal from the interior", "7"),
    ("4.2. Removal of military equipment", "7"),
    ("4.3. Remaining presence", "7"),
    ("Annex 1: Terms of reference", "8"),
    ("Annex 2: Bibliography", "9"),
]


@pytest.fixture(scope="module")
def headings() -> dict[str, str]:
    sections = load_publication(EXAMPLE).publication.sections
    return {
        b.id: plain_text(b.inlines) for s in sections for b in text_blocks(s.blocks) if isinstance(b, Heading)
    }


@pytest.fixture(scope="module")
def documents(built_example: Built) -> dict[str, etree._Element]:
    archive = zipfile.ZipFile(built_example.result.epub)
    names = [n for n in archive.namelist() if n.endswith(".xhtml") and not n.endswith("nav.xhtml")]
    return {n.removeprefix("EPUB/"): etree.fromstring(archive.read(n)) for n in names}


def text(element: etree._Element) -> str:
    return " ".join("".join(element.itertext()).split())


def test_it_builds_and_verifies_without_a_warning(built_example: Built) -> None:
    result = built_example.result
    assert result.ok, [str(p) for p in result.problems]
    assert result.warnings == ()
    assert (result.notes, result.pages) == (60, 14)


def test_the_front_is_numbered_in_roman_and_the_body_from_1(built_example: Built) -> None:
    reader = pypdf.PdfReader(built_example.result.pdf)
    assert reader.page_labels == ["i", "ii", "iii", "iv", *(str(n) for n in range(1, 11))]
    printed = [" ".join(page.extract_text().split()) for page in reader.pages[:4]]
    assert printed[0].startswith("Russia in Syria after the Fall of the Assad Government")  # title page
    legal = printed[1]  # the legal notice prints what publication.yaml gives, and no ISBN or DOI
    assert legal.startswith("Russia in Syria after the Fall of the Assad Government A worked example")
    assert ("March 2025" in legal, "ISBN" in legal, "DOI" in legal) == (True, False, False)
    assert printed[2].startswith("About this example This is a worked example of the folio content")
    assert printed[3].startswith("Contents About this example . . .")


def test_the_contents_lists_two_levels_with_the_pages_their_headings_print_on(
    built_example: Built,
) -> None:
    facts = read_pdf_facts(built_example.result.pdf)
    content = expect_from_content(load_publication(EXAMPLE).publication)
    entries = listings(facts, content)["contents"]
    assert [(e.title, e.printed) for e in entries] == CONTENTS
    for entry in entries:  # each the folio of its heading's page, and a link there
        assert entry.printed == facts.folios[facts.destinations[entry.target][0]]


def test_the_epub_lists_every_level_and_the_front_matter_is_front_matter(
    built_example: Built, documents: dict[str, etree._Element]
) -> None:
    archive = zipfile.ZipFile(built_example.result.epub)
    nav = etree.fromstring(archive.read("EPUB/nav.xhtml"))
    [toc] = [n for n in nav.iter(f"{X}nav") if n.get(EPUB_TYPE) == "toc"]
    labels = [text(a) for a in toc.iter(f"{X}a")]
    assert labels[:4] == ["About this example", "1. Introduction", "1.1. Methodology", "1.1.1. Sources"]
    assert len(labels) == len(CONTENTS) + 6  # and the six ### headings
    body = documents["s-about.xhtml"].find(f"{X}body")
    assert body.get(EPUB_TYPE) == "frontmatter"


def test_notes_run_from_1_in_reading_order_and_one_is_called_twice(
    documents: dict[str, etree._Element],
) -> None:
    order = ["s-1-introduction", "s-2-relations", "s-3-military-presence", "s-4-withdrawal"]
    calls = [
        a.get("id")
        for name in order
        for a in documents[f"{name}.xhtml"].iter(f"{X}a")
        if a.get(EPUB_TYPE) == "noteref"
    ]
    firsts = [int(call.removeprefix("fnref-")) for call in calls if re.fullmatch(r"fnref-\d+", call)]
    assert firsts == list(range(1, 61))
    assert sorted(call for call in calls if call.count("-") == 2) == ["fnref-1-2", "fnref-45-2"]


def test_cross_references_lead_to_their_headings_in_both_editions(
    built_example: Built, headings: dict[str, str], documents: dict[str, etree._Element]
) -> None:
    reader = pypdf.PdfReader(built_example.result.pdf)
    index = {page.indirect_reference.idnum: i for i, page in enumerate(reader.pages)}  # type: ignore[union-attr]
    printed = [" ".join(page.extract_text().split()) for page in reader.pages]
    targets = [  # the contents' entries (page iv) are the contents test's
        str(annotation.get_object()["/Dest"])
        for page, label in zip(reader.pages, reader.page_labels, strict=True)
        if label != "iv"
        for annotation in page.get("/Annots") or ()
        if str(annotation.get_object().get("/Dest")) in headings
    ]
    assert len(set(targets)) == 20
    assert {"about", "introduction", "methodology"} <= set(targets)  # to and from the front matter
    for target in targets:
        page = index[getattr(reader.named_destinations[target].page, "idnum", -1)]
        assert headings[target] in printed[page], target
    links = [
        (name, a) for name, tree in documents.items() for a in tree.iter(f"{X}a") if a.get("class") == "xref"
    ]
    to_headings = [
        (name, a.get("href").partition("#"))
        for name, a in links
        if a.get("href").partition("#")[2] in headings
    ]
    assert len(to_headings) == 34
    for name, (document, _, anchor) in to_headings:
        [heading] = documents[document or name].xpath(f"//*[@id='{anchor}']")
        assert etree.QName(heading).localname in {"h1", "h2", "h3", "h4", "h5", "h6"}
        assert text(heading) == headings[anchor]


def test_the_bibliography_lists_the_cited_sources_sorted_with_their_notes(
    documents: dict[str, etree._Element],
) -> None:
    section = documents["s-bibliography.xhtml"].find(f"{X}body/{X}section")
    assert (section.get(EPUB_TYPE), section.get("role")) == ("bibliography", "doc-bibliography")
    entries = [text(p) for p in section.iter(f"{X}p")]
    assert len(entries) == 20  # every source of sources.yaml: each is cited
    assert entries[0].startswith("AP, Russian government delegation")
    assert entries[-1].startswith("W3C, EPUB Accessibility 1.1")
    assert (
        "CommonMark Spec, Version 0.31.2, https://spec.commonmark.org/0.31.2/ (cited in note 15)"
    ) in entries
    moscow = next(e for e in entries if e.startswith("Moscow Times"))
    assert moscow.endswith("-a88057 (cited in notes 9, 24, 41, 44)")  # an address, no access date
    assert (
        "Shahbazov, F., What Turkey Hopes to Gain From the HTS Offensive in Syria, Stimson Center "
        "(cited in notes 12, 31)"
    ) in entries
    back = [a.get("href") for a in section.iter(f"{X}a") if a.get("class") == "xref"][:3]
    assert back == ["s-1-introduction.xhtml#fn-28", "s-2-relations.xhtml#fn-39", "s-4-withdrawal.xhtml#fn-59"]


def test_the_list_keeps_its_start_and_the_annexes_are_back_matter(
    documents: dict[str, etree._Element],
) -> None:
    assert [ol.get("start") for ol in documents["s-1-introduction.xhtml"].iter(f"{X}ol")] == ["3"]
    annexes = [
        documents[f"s-{name}.xhtml"].find(f"{X}body") for name in ("terms-of-reference", "bibliography")
    ]
    assert [body.get(EPUB_TYPE) for body in annexes] == ["backmatter", "backmatter"]
    assert [ol.get("start") for ol in documents["s-terms-of-reference.xhtml"].iter(f"{X}ol")] == [None]
