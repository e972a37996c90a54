"""examples/tables-figures, built: its tables' cells, repeated header row and notes, its figure's
image and alt text, in both editions; the EPUB's tables and figures as EPUB readers and DAISY
Ace expect them."""

from __future__ import annotations

import re
import zipfile

import pypdf
import pytest
from lxml import etree

from folio.verify.pdf_facts import read_pdf_facts
from tests.conftest import Built
from tests.epub.test_epub import ace_violations, require_ace

X = {"x": "http://www.w3.org/1999/xhtml", "opf": "http://www.idpf.org/2007/opf"}
DOCUMENT = "EPUB/s-russia-in-tables.xhtml"


@pytest.fixture(scope="module")
def section(built_tables_example: Built) -> etree._Element:
    with zipfile.ZipFile(built_tables_example.result.epub) as archive:
        return etree.fromstring(archive.read(DOCUMENT))


def test_it_builds_and_verifies(built_tables_example: Built) -> None:
    assert built_tables_example.result.ok, [str(p) for p in built_tables_example.result.problems]
    assert (built_tables_example.result.pages, built_tables_example.result.notes) == (
        6,
        20,
    )  # i-iii (title page, legal notice, contents and lists), 1-3


def test_the_pdf_prints_every_cell_and_repeats_the_header_row(built_tables_example: Built) -> None:
    facts = read_pdf_facts(built_tables_example.result.pdf)
    reports = next(t for t in facts.tables if t.id == "tbl-reports")
    assert len(reports.rows) == 20
    assert reports.rows[0] == (
        "When the government of Bashar Al-Assad was toppled",
        "Russia, with its primary focus on the Ukraine war, had limited resources at its disposal for Syria.",
        "\u2013",
    )
    assert (
        reports.rows[-1][1]
        == "Russian cargo have begun to transport military equipment out of the port of Tartous."
    )
    pages = {facts.destinations[f"tbl-reports-r{n}c1"][0] for n in range(1, 21)}
    assert {facts.label(page) for page in pages} == {"1", "2"}  # the table runs over two pages ...
    assert [(facts.label(r.page), r.cells) for r in reports.repeated] == [
        ("2", reports.header)
    ]  # ... its header on both


def test_each_note_called_in_a_cell_prints_on_the_cell_s_page(built_tables_example: Built) -> None:
    facts = read_pdf_facts(built_tables_example.result.pdf)
    for number in range(505, 525):
        assert facts.notes[number].page == facts.calls[f"fnref-{number}"][0]
    assert {facts.label(facts.notes[n].page) for n in range(505, 525)} == {"1", "2"}


def test_the_figure_s_image_is_drawn_on_its_page(built_tables_example: Built) -> None:
    facts = read_pdf_facts(built_tables_example.result.pdf)
    (figure,) = facts.figures
    inside = [
        d for d in facts.drawings[figure.page] if figure.bottom - 1 <= d.bottom and d.top <= figure.top + 1
    ]
    assert len(inside) > 10  # the time line's bands, axis, ticks and labels
    text_width = 595.28 - (24 + 22) * 72 / 25.4
    assert max(d.right for d in inside) - min(d.left for d in inside) == pytest.approx(text_width, abs=1)
    assert (
        figure.caption
        == "Figure 1: The reports of Table 1 that the text dates, December 2024 \u2013 January 2025"
    )


def test_the_epub_tables_have_a_caption_a_head_and_scoped_header_cells(section: etree._Element) -> None:
    tables = section.findall(".//x:table", X)
    assert [t.get("id") for t in tables] == ["tbl-reports", "tbl-places"]
    reports = tables[0]
    caption = reports.find("x:caption", X)
    assert caption is not None and "".join(caption.itertext()).startswith("Table 1: What the sources report")
    assert [th.get("scope") for th in reports.findall("x:thead/x:tr/x:th", X)] == ["col"] * 3
    assert len(reports.findall("x:tbody/x:tr", X)) == 20
    call = reports.find(".//x:td/x:a[@role='doc-noteref']", X)
    assert call is not None and call.get("href") == "#fn-505"
    aside = section.find(".//x:aside[@id='fn-505']", X)
    assert aside is not None and aside.getprevious() is reports  # the notes follow the table
    right = tables[1].findall("x:tbody/x:tr/x:td", X)[2]
    assert right.get("class") == "align-right" and right.text == "4"


def test_the_epub_figure_shows_its_image_from_the_package_with_its_alt_text(
    built_tables_example: Built, section: etree._Element
) -> None:
    figure = section.find(".//x:figure", X)
    assert figure is not None and figure.get("id") == "fig-timeline"
    img = figure.find("x:img", X)
    assert img is not None and img.get("src") == "images/image-1.svg"
    assert img.get("alt", "").startswith("A time line from December 2024 to January 2025. Four bands")
    caption = figure.find("x:figcaption", X)
    assert caption is not None and "".join(caption.itertext()).startswith("Figure 1: The reports of Table 1")
    with zipfile.ZipFile(built_tables_example.result.epub) as archive:
        opf = etree.fromstring(archive.read("EPUB/content.opf"))
        image = archive.read("EPUB/images/image-1.svg")
    items = {i.get("href"): i.get("media-type") for i in opf.iterfind(".//opf:item", X)}
    assert items["images/image-1.svg"] == "image/svg+xml"
    assert image.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<!-- Drawn by hand')
    access = [m.text for m in opf.iterfind(".//opf:meta[@property='schema:accessMode']", X)]
    features = [m.text for m in opf.iterfind(".//opf:meta[@property='schema:accessibilityFeature']", X)]
    assert access == ["textual", "visual"] and "alternativeText" in features


def test_the_epub_page_markers_stand_in_the_row_each_page_opens_with(section: etree._Element) -> None:
    """Page 2 opens with the repeated header row and then a body row: the marker is in that row."""
    marker = section.find(".//x:span[@id='page-2']", X)
    assert marker is not None
    cell = marker.getparent()
    assert (
        cell is not None and cell.tag == f"{{{X['x']}}}td" and cell.get("id", "").startswith("tbl-reports-r")
    )


def test_ace_reports_nothing(built_tables_example: Built, tmp_path_factory: pytest.TempPathFactory) -> None:
    require_ace()
    assert ace_violations(built_tables_example.result.epub, tmp_path_factory.mktemp("ace")) == []


def test_the_lists_of_tables_and_figures_follow_the_contents_in_both_editions(
    built_tables_example: Built, section: etree._Element
) -> None:
    """publication.yaml asks for `lists: [tables, figures]`: each caption, its page, and a link."""
    reader = pypdf.PdfReader(built_tables_example.result.pdf)
    labels = reader.page_labels
    contents = reader.pages[labels.index("iii")]
    printed = " ".join(contents.extract_text().split())
    assert printed.index("Contents") < printed.index("List of tables") < printed.index("List of figures")
    pages = {p.indirect_reference.idnum: labels[i] for i, p in enumerate(reader.pages)}  # type: ignore[union-attr]
    dests = [str(a.get_object().get("/Dest")) for a in contents.get("/Annots") or ()]
    linked = {
        dest: pages[getattr(reader.named_destinations[dest].page, "idnum", -1)]
        for dest in dests
        if dest.startswith(("tbl-", "fig-"))
    }
    assert linked == {"tbl-reports-caption": "1", "tbl-places-caption": "2", "fig-timeline": "3"}
    for target, page in linked.items():  # the entry prints the page it links to
        assert re.search(rf"{re.escape(CAPTIONS[target])}[ .]*{page}\b", printed), target
    with zipfile.ZipFile(built_tables_example.result.epub) as archive:
        nav = etree.fromstring(archive.read("EPUB/nav.xhtml"))
    navs = nav.findall(".//x:nav", X)
    kinds = [n.get("{http://www.idpf.org/2007/ops}type") for n in navs]
    assert kinds == ["toc", "lot", "loi", "landmarks", "page-list"]
    for listed in navs[1:3]:
        assert listed.get("hidden") is None  # shown in the reading order, after the contents
        for a in listed.findall(".//x:a", X):
            document, _, anchor = a.get("href").partition("#")
            assert document == "s-russia-in-tables.xhtml"
            target = section.find(f".//*[@id='{anchor}']", X)
            assert target is not None and "".join(a.itertext()) == CAPTIONS[anchor]
            assert etree.QName(target).localname == ("caption" if anchor.startswith("tbl-") else "figure")


CAPTIONS = {
    "tbl-reports-caption": "Table 1: What the sources report on Russia in Syria, as section 3.2 words it",
    "tbl-places-caption": "Table 2: The places the rows of Table 1 name, and how many rows name each",
    "fig-timeline": "Figure 1: The reports of Table 1 that the text dates, December 2024 \u2013 January 2025",
}
