"""Cross-references in both editions: a PDF link to the heading's destination, an EPUB link to
the heading's document and id; EPUBCheck and the verifier pass; an ordered list keeps its start."""

from __future__ import annotations

import re
import zipfile

import pypdf
import pytest
from lxml import etree

from folio.pipeline import BuildResult, build
from tests.conftest import first_body_page, write_content

X = "{http://www.w3.org/1999/xhtml}"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    root = tmp_path_factory.mktemp("xref")
    content = root / "content"
    content.mkdir()
    write_content(
        content,
        "## 1. Airports {#airports}\n\nThe airports, as [section 2](#roads) says.[^1]\n\n"
        "3. third\n4. fourth\n\n[^1]: A note.\n",
        sections=["s.md", "t.md"],
    )
    (content / "t.md").write_text(
        "## 2. Roads {#roads}\n\nBack to [](#airports) and to [its note](#fn-1).\n", encoding="utf-8"
    )
    result = build(content, root / "dist", say=lambda _: None)
    assert result.ok, [str(p) for p in result.problems]
    return result


def test_pdf_cross_references_link_to_their_headings(built: BuildResult) -> None:
    reader = pypdf.PdfReader(built.pdf)
    targets = set()
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            destination = annotation.get_object().get("/Dest")
            if destination is not None:
                targets.add(str(destination))
    assert {"roads", "airports", "fn-1"} <= targets
    assert {"roads", "airports"} <= set(reader.named_destinations)


def test_epub_cross_references_lead_to_the_heading_s_document(built: BuildResult) -> None:
    archive = zipfile.ZipFile(built.epub)
    second = etree.fromstring(archive.read("EPUB/s-t.xhtml"))
    links = {a.text: a.get("href") for a in second.iter(f"{X}a") if a.get("class") == "xref"}
    assert links == {"1. Airports": "s-s.xhtml#airports", "its note": "s-s.xhtml#fn-1"}
    first = etree.fromstring(archive.read("EPUB/s-s.xhtml"))
    assert [ol.get("start") for ol in first.iter(f"{X}ol")] == ["3"]


def test_an_ordered_list_prints_from_its_start(built: BuildResult) -> None:
    markers = []  # WeasyPrint draws list markers after the page's text: read them by position

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if re.fullmatch(r"\d+\.", text.strip()):
            markers.append((round(tm[5]), text.strip()))

    pypdf.PdfReader(built.pdf).pages[first_body_page(built.pdf)].extract_text(visitor_text=visit)
    assert [marker for _, marker in sorted(markers) if marker != "1."] == ["3.", "4."]
