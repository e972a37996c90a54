"""The sample EPUB: both validators report nothing; package, nav, NCX, XHTML and fonts parsed exactly."""

from __future__ import annotations

import dataclasses
import datetime
import io
import json
import os
import subprocess
import zipfile
from pathlib import Path

import pypdf
import pytest
from fontTools.ttLib import TTFont
from lxml import etree

from folio.epub import build_epub
from folio.epub.navigation import TocEntry, nest
from folio.load import load_publication
from folio.model import Accessibility, note_text
from folio.pipeline import Project
from folio.verify.epubcheck import epubcheck_command, verify_epub
from tests.conftest import CONTENT, ROOT, Built, require

NS = {
    "x": "http://www.w3.org/1999/xhtml",
    "epub": "http://www.idpf.org/2007/ops",
    "opf": "http://www.idpf.org/2007/opf",
    "dc": "http://purl.org/dc/elements/1.1/",
    "ncx": "http://www.daisy.org/z3986/2005/ncx/",
}
SECTION = "EPUB/s-3-2-russia.xhtml"
ACE = ROOT / "node_modules" / ".bin" / "ace-cli"
CHROMIUM = Path(os.environ.get("PUPPETEER_EXECUTABLE_PATH", "/usr/bin/chromium"))
CHROMIUM_START_MS = 60_000


@pytest.fixture(scope="module")
def archive(built: Built) -> zipfile.ZipFile:
    return zipfile.ZipFile(built.result.epub)


def xml(archive: zipfile.ZipFile, name: str) -> etree._Element:
    return etree.fromstring(archive.read(name))


def ace_violations(epub: Path, out: Path) -> list[str]:
    """DAISY Ace's failed assertions, one line each: rule (impact) and the document it is in.

    Ace gives its headless Chromium 5 s to start (`ACE_TIMEOUT_INITIAL`): two of four fresh-clone
    CI runs on a busy 2-core machine failed an Ace test, the one that said why with "Timed out
    after 5000 ms while waiting for the WS endpoint URL". Here it has 60 s. What Ace finds goes
    to its report, not its exit code."""
    env = {
        **os.environ,
        "PUPPETEER_EXECUTABLE_PATH": str(CHROMIUM),
        "PUPPETEER_SKIP_DOWNLOAD": "1",
        "ACE_TIMEOUT_INITIAL": str(CHROMIUM_START_MS),
    }
    command = [str(ACE), "--silent", "--force", "--outdir", str(out), str(epub)]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, f"Ace failed to run: {(done.stdout + done.stderr)[-2000:]}"
    report = json.loads((out / "report.json").read_text())
    return sorted(
        f"{test['dct:title']} ({test['earl:impact']}) in {document['earl:testSubject']['url']}"
        for document in report["assertions"]
        for found in document["assertions"]
        if found["earl:result"]["earl:outcome"] == "fail"
        for test in [found["earl:test"]]
    )


def require_ace() -> None:
    require(ACE.exists(), "DAISY Ace is not installed: `make test` installs it with npm (Debian: nodejs npm)")
    require(CHROMIUM.exists(), f"Ace needs a headless Chromium at {CHROMIUM} (Debian: chromium)")


def test_epubcheck_reports_nothing(built: Built) -> None:
    require(epubcheck_command() is not None, "Java is not installed (Debian: default-jdk-headless)")
    assert verify_epub(built.result.epub) == []


def test_ace_reports_nothing(built: Built, tmp_path: Path) -> None:
    require_ace()
    assert ace_violations(built.result.epub, tmp_path / "ace") == []


def test_ace_reports_what_is_broken(built: Built, tmp_path: Path) -> None:
    """The same EPUB, without its access mode and with an unlabelled page marker: Ace must say so,
    which also proves that Chromium really ran the content checks."""
    require_ace()
    damaged = tmp_path / "damaged.epub"
    with zipfile.ZipFile(built.result.epub) as source, zipfile.ZipFile(damaged, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "EPUB/content.opf":
                data = data.replace(b'<meta property="schema:accessMode">textual</meta>', b"")
            if info.filename == SECTION:
                data = data.replace(b' aria-label="42"', b"")
            target.writestr(info, data)
    found = ace_violations(damaged, tmp_path / "ace")
    assert [line.split(" (")[0] for line in found] == ["metadata-accessmode", "pagebreak-label"]
    assert found[1].endswith("s-3-2-russia.xhtml")


def test_mimetype_is_stored_first(archive: zipfile.ZipFile) -> None:
    first = archive.infolist()[0]
    assert (first.filename, first.compress_type) == ("mimetype", zipfile.ZIP_STORED)
    assert archive.read("mimetype") == b"application/epub+zip"


def test_package_metadata(archive: zipfile.ZipFile) -> None:
    opf = xml(archive, "EPUB/content.opf")
    assert opf.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    meta = opf.find("opf:metadata", NS)
    assert meta is not None

    def dc(name: str) -> list[str]:
        return [e.text or "" for e in meta.findall(f"dc:{name}", NS)]

    assert dc("title") == ["Syria – Country Focus"]
    assert dc("language") == ["en"]
    assert dc("identifier") == ["urn:uuid:39cd16c0-c7f3-522f-8a59-a510ac59623d"]
    assert dc("publisher") == ["European Union Agency for Asylum"]
    assert dc("date") == ["2025-03"]
    assert dc("rights") == ["© European Union Agency for Asylum 2025"]
    assert dc("source") == ["Syria – Country Focus, print edition (PDF)"]
    properties = [
        (m.get("property"), m.get("refines"), m.text) for m in meta.findall("opf:meta[@property]", NS)
    ]
    assert properties == [
        ("dcterms:modified", None, "2025-03-01T00:00:00Z"),
        ("source-of", "#print-edition", "pagination"),
        ("pageBreakSource", None, "urn:uuid:39cd16c0-c7f3-522f-8a59-a510ac59623d"),
        ("schema:accessMode", None, "textual"),
        ("schema:accessModeSufficient", None, "textual"),
        ("schema:accessibilityFeature", None, "structuralNavigation"),
        ("schema:accessibilityFeature", None, "tableOfContents"),
        ("schema:accessibilityFeature", None, "readingOrder"),
        ("schema:accessibilityFeature", None, "printPageNumbers"),
        ("schema:accessibilityFeature", None, "pageBreakMarkers"),
        ("schema:accessibilityFeature", None, "pageNavigation"),
        ("schema:accessibilityHazard", None, "none"),
        ("schema:accessibilitySummary", None, properties[-1][2]),
    ]  # no conformance claim, no certifier: the sample's publication.yaml gives none
    assert "page list give the page numbers of the print edition" in (properties[-1][2] or "")
    source = meta.find("dc:source", NS)
    assert source is not None and source.get("id") == "print-edition"


def test_manifest_and_spine(archive: zipfile.ZipFile) -> None:
    opf = xml(archive, "EPUB/content.opf")
    items = [
        (i.get("href"), i.get("media-type"), i.get("properties")) for i in opf.iterfind(".//opf:item", NS)
    ]
    assert items == [
        ("s-title-page.xhtml", "application/xhtml+xml", None),
        ("s-legal-notice.xhtml", "application/xhtml+xml", None),
        ("s-3-2-russia.xhtml", "application/xhtml+xml", None),
        ("s-bibliography.xhtml", "application/xhtml+xml", None),
        ("nav.xhtml", "application/xhtml+xml", "nav"),
        ("toc.ncx", "application/x-dtbncx+xml", None),
        ("style/epub.css", "text/css", None),
        ("fonts/FolioSans-Regular.ttf", "font/ttf", None),
        ("fonts/FolioSans-Bold.ttf", "font/ttf", None),
        ("fonts/FolioSans-Italic.ttf", "font/ttf", None),
        ("fonts/FolioSans-BoldItalic.ttf", "font/ttf", None),
        ("fonts/NotoSansArabic-Bold.ttf", "font/ttf", None),
        ("fonts/NotoSansArabic-Regular.ttf", "font/ttf", None),
        ("fonts/NotoSansHebrew-Bold.ttf", "font/ttf", None),
        ("fonts/NotoSansHebrew-Regular.ttf", "font/ttf", None),
        ("fonts/OFL.txt", "text/plain", None),
        ("fonts/Noto-OFL.txt", "text/plain", None),
    ]
    # In the print edition's order: title page, legal notice, contents, section 3.2, Annex 1.
    assert [r.get("idref") for r in opf.iterfind(".//opf:itemref", NS)] == [
        "s-title-page",
        "s-legal-notice",
        "nav",
        "s-3-2-russia",
        "s-bibliography",
    ]
    assert sorted(archive.namelist()) == sorted(
        ["mimetype", "META-INF/container.xml", "EPUB/content.opf"] + [f"EPUB/{href}" for href, _, _ in items]
    )


def test_nav_toc_and_landmarks(archive: zipfile.ZipFile) -> None:
    nav = xml(archive, "EPUB/nav.xhtml")
    toc = nav.findall(".//x:nav[@epub:type='toc']//x:a", NS)
    assert [(a.text, a.get("href")) for a in toc] == [
        ("3.2. Russia", "s-3-2-russia.xhtml"),
        ("Annex 1: Bibliography", "s-bibliography.xhtml"),
    ]
    landmarks = nav.findall(".//x:nav[@epub:type='landmarks']//x:a", NS)
    type_ = f"{{{NS['epub']}}}type"
    assert [(a.get(type_), a.get("href")) for a in landmarks] == [
        ("titlepage", "s-title-page.xhtml"),
        ("toc", "nav.xhtml#toc"),
        ("bodymatter", "s-3-2-russia.xhtml"),
        ("backmatter", "s-bibliography.xhtml"),
        ("bibliography", "s-bibliography.xhtml"),
        ("page-list", "nav.xhtml#page-list"),
    ]
    assert [n.get("id") for n in nav.iterfind(".//x:nav", NS)] == ["toc", "landmarks", "page-list"]


def test_headings_nest_by_level_as_the_bookmarks_do() -> None:
    def entry(name: str) -> TocEntry:
        return TocEntry(name, f"{name}.xhtml")

    flat = [(2, entry("a")), (3, entry("a1")), (4, entry("a1x")), (3, entry("a2")), (2, entry("b"))]
    a1 = dataclasses.replace(entry("a1"), children=(entry("a1x"),))
    assert nest(flat) == (dataclasses.replace(entry("a"), children=(a1, entry("a2"))), entry("b"))
    assert nest([]) == ()


def test_ncx_for_older_readers(archive: zipfile.ZipFile) -> None:
    ncx = xml(archive, "EPUB/toc.ncx")
    points = ncx.findall(".//ncx:navPoint", NS)
    assert [p.get("id") for p in points] == ["toc-1", "toc-2"]
    assert [
        (p.findtext(".//ncx:text", namespaces=NS), p.find("ncx:content", NS).get("src")) for p in points
    ] == [("3.2. Russia", "s-3-2-russia.xhtml"), ("Annex 1: Bibliography", "s-bibliography.xhtml")]
    head = {m.get("name"): m.get("content") for m in ncx.iterfind("ncx:head/ncx:meta", NS)}
    assert head == {
        "dtb:uid": "urn:uuid:39cd16c0-c7f3-522f-8a59-a510ac59623d",
        "dtb:depth": "1",
        "dtb:totalPageCount": "6",
        "dtb:maxPageNumber": "43",
    }
    targets = ncx.findall("ncx:pageList/ncx:pageTarget", NS)
    assert [
        (t.get("id"), t.get("type"), t.get("value"), t.findtext("ncx:navLabel/ncx:text", namespaces=NS))
        for t in targets
    ] == [
        ("ncx-page-i", "normal", None, "i"),  # NCX's value is a number: roman labels go without
        ("ncx-page-ii", "normal", None, "ii"),
        ("ncx-page-iii", "normal", None, "iii"),
        ("ncx-page-41", "normal", "41", "41"),
        ("ncx-page-42", "normal", "42", "42"),
        ("ncx-page-43", "normal", "43", "43"),
    ]
    assert [t.find("ncx:content", NS).get("src") for t in targets] == [
        "s-title-page.xhtml#page-i",
        "s-legal-notice.xhtml#page-ii",
        "nav.xhtml#page-iii",
        "s-3-2-russia.xhtml#page-41",
        "s-3-2-russia.xhtml#page-42",
        "s-bibliography.xhtml#page-43",
    ]


def test_every_noteref_reaches_an_aside_that_links_back(archive: zipfile.ZipFile) -> None:
    doc = xml(archive, SECTION)
    refs = doc.findall(".//x:a[@epub:type='noteref']", NS)
    asides = {a.get("id"): a for a in doc.findall(".//x:aside[@epub:type='footnote']", NS)}
    assert [r.text for r in refs] == [str(n) for n in range(505, 525)]
    assert sorted(asides) == [f"fn-{n}" for n in range(505, 525)]
    for ref in refs:
        assert (ref.get("role"), len(ref)) == ("doc-noteref", 0)  # no <sup> inside: CSS raises it
        aside = asides[(ref.get("href") or "").lstrip("#")]
        assert aside.get("role") == "doc-footnote"
        back = aside.find(".//x:a[@role='doc-backlink']", NS)
        assert back is not None and back.get("href") == f"#{ref.get('id')}" and back.text == ref.text


def test_each_aside_follows_the_paragraph_that_calls_it(archive: zipfile.ZipFile) -> None:
    doc = xml(archive, SECTION)
    for aside in doc.iterfind(".//x:aside", NS):
        caller = aside.getprevious()
        while caller is not None and caller.tag == aside.tag:
            caller = caller.getprevious()
        assert caller is not None and caller.tag == f"{{{NS['x']}}}p", aside.get("id")
        assert caller.find(f"x:a[@href='#{aside.get('id')}']", NS) is not None


def test_page_list_is_the_pdf_s_pages(built: Built, archive: zipfile.ZipFile) -> None:
    nav = xml(archive, "EPUB/nav.xhtml")
    labels = [a.text for a in nav.iterfind(".//x:nav[@epub:type='page-list']//x:a", NS)]
    assert labels == list(pypdf.PdfReader(built.result.pdf).page_labels)


def test_notes_say_what_the_model_says(archive: zipfile.ZipFile) -> None:
    """Numbers and texts of the asides are the notes the PDF prints, from the same model."""
    notes = load_publication(CONTENT).publication.notes
    doc = xml(archive, SECTION)
    asides = doc.findall(".//x:aside[@epub:type='footnote']", NS)
    texts = [" ".join("".join(aside.itertext()).split()) for aside in asides]
    assert texts == [f"{note.number} {' '.join(note_text(note).split())}" for note in notes]


def test_page_list_points_at_the_page_break_markers(archive: zipfile.ZipFile) -> None:
    nav = xml(archive, "EPUB/nav.xhtml")
    entries = nav.findall(".//x:nav[@epub:type='page-list']//x:a", NS)
    assert [(a.text, a.get("href")) for a in entries] == [
        ("i", "s-title-page.xhtml#page-i"),
        ("ii", "s-legal-notice.xhtml#page-ii"),
        ("iii", "nav.xhtml#page-iii"),  # the print edition's contents: the navigation's
        ("41", "s-3-2-russia.xhtml#page-41"),
        ("42", "s-3-2-russia.xhtml#page-42"),
        ("43", "s-bibliography.xhtml#page-43"),
    ]
    doc = xml(archive, SECTION)
    markers = doc.findall(".//x:span[@role='doc-pagebreak']", NS)
    type_ = f"{{{NS['epub']}}}type"
    assert [(m.get("id"), m.get("aria-label"), m.get(type_), m.text, len(m)) for m in markers] == [
        ("page-41", "41", "pagebreak", None, 0),
        ("page-42", "42", "pagebreak", None, 0),
    ]
    # Both pages open with a block, so the markers stand before it, not inside (nor in its name).
    heading, paragraph = (m.getnext() for m in markers)
    assert (heading.get("id"), heading.text) == ("h-3-2-russia", "3.2. Russia")
    assert (paragraph.text or "").startswith("However, around mid-December 2024")
    assert [m.getparent().get("id") for m in markers] == ["s-3-2-russia", "s-3-2-russia"]


def test_nothing_is_loaded_from_the_network(archive: zipfile.ZipFile) -> None:
    for name in ("EPUB/nav.xhtml", SECTION):
        doc = xml(archive, name)
        for element in doc.iter():
            for attribute in ("src", "href"):
                value = element.get(attribute) or ""
                remote = value.startswith(("http:", "https:", "//"))
                # Only citations may point outside: ordinary links the reader follows on purpose.
                assert not remote or (
                    element.tag == f"{{{NS['x']}}}a" and element.get("class") == "source"
                ), value
    css = archive.read("EPUB/style/epub.css").decode()
    assert "http" not in css and css.count("url(") == 8


def test_fonts_are_renamed_subsets_that_cover_the_text(archive: zipfile.ZipFile, tmp_path: Path) -> None:
    text: set[str] = set()
    for name in ("EPUB/nav.xhtml", SECTION):
        for element in xml(archive, name).iter():
            text.update(element.text or "", element.tail or "")
    text -= set("\n")
    for style, full in (
        ("Regular", "Regular"),
        ("Bold", "Bold"),
        ("Italic", "Italic"),
        ("BoldItalic", "Bold Italic"),
    ):
        path = tmp_path / f"{style}.ttf"
        path.write_bytes(archive.read(f"EPUB/fonts/FolioSans-{style}.ttf"))
        font = TTFont(path)
        covered = {chr(c) for c in font.getBestCmap()}
        assert text <= covered, sorted(text - covered)
        assert len(covered) < 200 and path.stat().st_size < 40_000  # the full face: 2,900 chars, 600 KB
        names = font["name"]
        assert [names.getDebugName(i) for i in (1, 2, 4, 6)] == [
            "Folio Sans",
            full,
            f"Folio Sans {full}",
            f"FolioSans-{style}",
        ]
        assert "Reserved Font Name" in str(names.getDebugName(0))
        assert names.getDebugName(14) == "http://scripts.sil.org/OFL"
    licence = archive.read("EPUB/fonts/OFL.txt").decode()
    assert licence.startswith("Copyright (c) 2010-2013 by tyPoland Lukasz Dziedzic")
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence


def build_sample_epub(modified: datetime.datetime) -> bytes:
    layout = Project()
    return build_epub(
        load_publication(CONTENT).publication,
        templates_dir=layout.templates,
        stylesheet=layout.styles / "epub.css",
        fonts=layout.fonts,
        pages=(),
        modified=modified,
    )


def test_a_claim_is_made_only_as_publication_yaml_gives_it() -> None:
    publication = load_publication(CONTENT).publication
    claim = Accessibility("EPUB Accessibility 1.1 - WCAG 2.1 Level AA", "An Evaluator")
    layout = Project()
    data = build_epub(
        dataclasses.replace(publication, accessibility=claim),
        templates_dir=layout.templates,
        stylesheet=layout.styles / "epub.css",
        fonts=layout.fonts,
        pages=(),
        modified=datetime.datetime(2025, 3, 1, tzinfo=datetime.UTC),
    )
    opf = zipfile.ZipFile(io.BytesIO(data)).read("EPUB/content.opf")
    meta = etree.fromstring(opf).find("opf:metadata", NS)
    assert meta is not None
    properties = [(m.get("property"), m.text) for m in meta.findall("opf:meta[@property]", NS)]
    assert properties[-2:] == [
        ("dcterms:conformsTo", "EPUB Accessibility 1.1 - WCAG 2.1 Level AA"),
        ("a11y:certifiedBy", "An Evaluator"),
    ]


def test_the_same_input_gives_the_same_bytes() -> None:
    when = datetime.datetime(2025, 3, 1, tzinfo=datetime.UTC)
    assert build_sample_epub(when) == build_sample_epub(when)


def test_modified_date_and_zip_dates_come_from_the_build_date() -> None:
    """pipeline.build() passes SOURCE_DATE_EPOCH's date when set; build_epub writes it everywhere."""
    when = datetime.datetime(2026, 1, 2, 3, 4, 5, tzinfo=datetime.UTC)
    data = build_sample_epub(when)
    archive = zipfile.ZipFile(io.BytesIO(data))
    opf = xml(archive, "EPUB/content.opf")
    modified = opf.find(".//opf:meta[@property='dcterms:modified']", NS)
    assert modified is not None and modified.text == "2026-01-02T03:04:05Z"
    assert {info.date_time for info in archive.infolist()} == {(2026, 1, 2, 3, 4, 4)}  # zip: 2 s steps
    # Without pages the book claims no page navigation.
    features = [m.text for m in opf.iterfind(".//opf:meta[@property='schema:accessibilityFeature']", NS)]
    assert features == ["structuralNavigation", "tableOfContents", "readingOrder"]
    assert opf.find(".//dc:source", NS) is None
