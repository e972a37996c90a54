"""The sample PDF, read back with pypdf: labels, folios, notes, links, metadata, fonts."""

from __future__ import annotations

import pypdf
import pytest
import weasyprint

from folio.verify import PdfFacts, read_pdf_facts
from folio.verify.pdf_text import read_page_texts
from tests.conftest import ROOT, Built


@pytest.fixture(scope="module")
def reader(built: Built) -> pypdf.PdfReader:
    return pypdf.PdfReader(built.result.pdf)


@pytest.fixture(scope="module")
def facts(built: Built) -> PdfFacts:
    return read_pdf_facts(built.result.pdf)


def test_page_labels_equal_the_printed_folios_from_41(facts: PdfFacts) -> None:
    """Title page i, legal notice ii (neither prints a folio), contents iii, the body from 41."""
    assert facts.labels == ("i", "ii", "iii", "41", "42", "43")
    assert facts.folios == (None, None, "iii", "41", "42", "43")


def test_each_note_is_on_the_page_of_its_call(facts: PdfFacts) -> None:
    for number in range(505, 525):
        note_page, _ = facts.destinations[f"fn-{number}"]
        call_page, _ = facts.destinations[f"fnref-{number}"]
        assert note_page == call_page, number
    assert facts.destinations["fn-521"][0] == 3  # page 41, after the front's three
    assert facts.destinations["fn-522"][0] == 4


def test_calls_link_to_notes_and_notes_back_to_calls(facts: PdfFacts) -> None:
    body = (3, 4)  # the pages of section 3.2 (the bibliography links to the notes too)
    links = [link.dest for link in facts.links if link.dest and link.page in body]
    assert sorted(d for d in links if d.startswith("fn-")) == [f"fn-{n}" for n in range(505, 525)]
    assert sorted(d for d in links if d.startswith("fnref-")) == [f"fnref-{n}" for n in range(505, 525)]


def test_call_links_have_an_area_a_reader_can_click(facts: PdfFacts) -> None:
    for link in facts.links:
        x1, y1, x2, y2 = link.rect
        assert abs(x2 - x1) > 3 and abs(y2 - y1) > 4, link


def test_the_known_source_address_is_a_uri_link(facts: PdfFacts) -> None:
    address = "https://www.themoscowtimes.com/2025/02/18/russian-air-base-in-syria-attacked-by-drones-reports-a88057"
    links = [link for link in facts.links if link.uri]
    assert [link.uri for link in links] == [address] * 4
    # its note (page 41), and its bibliography entry (page 43), a box for each of its three lines
    assert [facts.label(link.page) for link in links] == ["41", "43", "43", "43"]
    assert len({round(link.rect[1]) for link in links[1:]}) == 3


def test_metadata_language_and_bookmarks(reader: pypdf.PdfReader) -> None:
    info = reader.metadata
    assert info is not None
    assert info.title == "Syria – Country Focus"
    assert info.author == "European Union Agency for Asylum"
    assert info.subject == "Country of Origin Information Report"
    assert str(info["/CreationDate"]) == "D:20250301000000Z"
    assert str(reader.root_object["/Lang"]) == "en"
    assert [item.title for item in reader.outline if isinstance(item, pypdf.generic.Destination)] == [
        "3.2. Russia",
        "Annex 1: Bibliography",
    ]


def test_fonts_are_embedded(reader: pypdf.PdfReader) -> None:
    fonts = []
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():  # type: ignore[index]
            descriptor = font.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            fonts.append((str(descriptor["/FontName"]).split("+")[-1], "/FontFile2" in descriptor))
    assert {name for name, _ in fonts} >= {"Carlito", "Carlito-Bold"}
    assert all(embedded for _, embedded in fonts)


def test_the_running_texts_print_on_every_page_but_the_title_page_and_legal_notice(built: Built) -> None:
    """The header: the chapter (the heading that opens the section) at the left, the title at
    the right; the footer line at the foot."""
    footer = "© European Union Agency for Asylum 2025 | Email: info@euaa.europa.eu"
    chapters = ["Contents", "3.2. Russia", "3.2. Russia", "Annex 1: Bibliography"]
    pages = list(read_page_texts(built.result.pdf))
    for page, chapter in zip(pages[2:], chapters, strict=True):
        top = sorted(
            (r for r in page.runs if r.y > page.height * 0.9 and r.size < 9), key=lambda r: (-r.y, r.x)
        )
        assert [r.text.strip() for r in top] == [chapter, "Syria – Country Focus"]
        assert footer in [r.text.strip() for r in page.runs if r.y < page.height * 0.1]
    for page in pages[:2]:
        assert page.runs and not [r for r in page.runs if r.y > page.height * 0.9 or r.y < page.height * 0.05]


def test_a_chapter_starts_a_new_page_and_the_first_leaves_no_blank_page() -> None:
    css = weasyprint.CSS(filename=str(ROOT / "styles" / "print.css"))
    html = '<h1 id="a">A</h1><p>x</p><h2 id="a1">A.1</h2><p>y</p><h1 id="b">B</h1><p>z</p>'
    pages = weasyprint.HTML(string=html).render(stylesheets=[css]).pages
    assert [sorted(page.anchors) for page in pages] == [["a", "a1"], ["b"]]
