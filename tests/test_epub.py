"""The sample EPUB: valid for EPUBCheck, its notes, navigation and metadata parsed exactly."""

from __future__ import annotations

import zipfile

import pytest
from lxml import etree

from folio.verify import epubcheck_command, verify_epub
from tests.conftest import Built

NS = {
    "x": "http://www.w3.org/1999/xhtml",
    "epub": "http://www.idpf.org/2007/ops",
    "opf": "http://www.idpf.org/2007/opf",
    "dc": "http://purl.org/dc/elements/1.1/",
}


@pytest.fixture(scope="module")
def archive(built: Built) -> zipfile.ZipFile:
    return zipfile.ZipFile(built.result.epub)


def xml(archive: zipfile.ZipFile, name: str) -> etree._Element:
    return etree.fromstring(archive.read(name))


def test_epubcheck_reports_nothing(built: Built) -> None:
    if epubcheck_command() is None:
        pytest.skip("Java is not installed, so EPUBCheck cannot run (Debian: default-jre-headless)")
    assert verify_epub(built.result.epub) == []


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
    modified = meta.find("opf:meta[@property='dcterms:modified']", NS)
    assert modified is not None and modified.text == "2025-03-01T00:00:00Z"


def test_every_noteref_reaches_an_aside_that_links_back(archive: zipfile.ZipFile) -> None:
    doc = xml(archive, "EPUB/s-3-2-russia.xhtml")
    refs = doc.findall(".//x:a[@epub:type='noteref']", NS)
    asides = {a.get("id"): a for a in doc.findall(".//x:aside[@epub:type='footnote']", NS)}
    assert [r.text for r in refs] == [str(n) for n in range(505, 525)]
    for ref in refs:
        aside = asides[(ref.get("href") or "").lstrip("#")]
        assert aside.get("role") == "doc-footnote"
        back = aside.find(".//x:a[@role='doc-backlink']", NS)
        assert back is not None and back.get("href") == f"#{ref.get('id')}"
        assert aside.getparent().tag != f"{{{NS['x']}}}p"


def test_page_list_points_at_the_page_break_markers(archive: zipfile.ZipFile) -> None:
    nav = xml(archive, "EPUB/nav.xhtml")
    entries = nav.findall(".//x:nav[@epub:type='page-list']//x:a", NS)
    assert [(a.text, a.get("href")) for a in entries] == [
        ("41", "s-3-2-russia.xhtml#page-41"),
        ("42", "s-3-2-russia.xhtml#page-42"),
    ]
    doc = xml(archive, "EPUB/s-3-2-russia.xhtml")
    marker = doc.find(".//x:span[@id='page-42']", NS)
    assert marker is not None and marker.get("role") == "doc-pagebreak"
    assert (marker.tail or "").startswith("However, around mid-December 2024")
