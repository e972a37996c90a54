"""examples/report, the worked example of every feature of the format: it builds and verifies
with no warning, and its outputs hold what its content says: notes numbered 1-60 through four
chapters, a note called twice, each cross-reference a link to its heading's page (PDF) and
heading (EPUB), the bibliography's entries sorted with their addresses, access dates and notes,
the ordered list that starts at 3, the written annex and the generated one as back matter."""

from __future__ import annotations

import re
import zipfile

import pypdf
import pytest
from lxml import etree

from folio.load import load_publication
from folio.model import Heading, plain_text, text_blocks
from tests.conftest import EXAMPLE, Built

X = "{http://www.w3.org/1999/xhtml}"
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"


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
    assert (result.notes, 6 <= result.pages <= 12) == (60, True)


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
    targets = [
        str(annotation.get_object()["/Dest"])
        for page in reader.pages
        for annotation in page.get("/Annots") or ()
        if str(annotation.get_object().get("/Dest")) in headings
    ]
    assert len(set(targets)) == 17
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
    assert len(to_headings) == 28
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
