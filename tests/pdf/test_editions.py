"""folio.pdf.editions: each edition written from one layout, none changing it for the next; the
archival edition's XMP, output intent and images; the parallel route's join of archival parts."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pikepdf
import pytest
import weasyprint
from lxml import etree
from PIL import Image

from folio.pdf import patch_weasyprint
from folio.pdf.editions import NAMESPACES, with_pdfua
from folio.pdf.join import LaidOutPart, join_parts
from folio.pdf.render import PrintJob, write_pdf
from folio.verify.archival import CHECKS as ARCHIVAL_CHECKS
from folio.verify.pdf_claims import read_edition_facts
from folio.verify.pdf_facts import read_pdf_facts
from folio.verify.registry import Inputs, run_checks
from tests.conftest import ROOT

RDF = NAMESPACES["rdf"]
HTML = """<html lang="en"><head><title>{title}</title><meta name="author" content="P"></head>
<body><h1 id="h-{n}">Part {n}</h1><p>A paragraph<a href="#h-{n}">, a link</a>.</p>{image}</body></html>"""


def document(tmp_path: Path, n: int = 1, *, image: bool = False) -> Any:
    patch_weasyprint(lambda _: None)
    img = ""
    if image:
        Image.new("RGB", (8, 8), (200, 30, 30)).save(tmp_path / "red.png")
        img = f'<img src="{(tmp_path / "red.png").as_uri()}" style="width: 4cm" alt="A red square">'
    html = HTML.format(title="Editions", n=n, image=img)
    return weasyprint.HTML(string=html, base_url=str(tmp_path)).render()


def written(doc: Any, edition: str) -> bytes:
    return write_pdf(doc, first_page=1, identifier="urn:x", edition=edition)


def test_writing_the_archival_edition_leaves_the_layout_as_it_was(tmp_path: Path) -> None:
    doc = document(tmp_path)
    before = written(doc, "accessible")
    archival = written(doc, "archival")
    assert written(doc, "accessible") == before
    with pikepdf.open(io.BytesIO(before)) as pdf:
        assert "/OutputIntents" not in pdf.Root
    with pikepdf.open(io.BytesIO(archival)) as pdf:
        [intent] = pdf.Root.OutputIntents
        assert intent.S == "/GTS_PDFA1"
        assert intent.DestOutputProfile.read_bytes()[36:40] == b"acsp"
        assert pdf.pdf_version == "1.7"
        metadata = pdf.open_metadata()
        assert (metadata["pdfaid:part"], metadata["pdfaid:conformance"], metadata["pdfuaid:part"]) == (
            "2",
            "U",
            "1",
        )
        assert "/StructTreeRoot" in pdf.Root  # still tagged
        assert all(int(annotation.F) == 4 for page in pdf.pages for annotation in page.obj.get("/Annots", []))


def test_the_archival_edition_interpolates_no_image(tmp_path: Path) -> None:
    """PDF/A-2 (6.2.8) forbids /Interpolate true, which WeasyPrint writes for `image-rendering: auto`."""
    doc = document(tmp_path, image=True)
    for edition, interpolated in (("accessible", True), ("archival", False)):
        with pikepdf.open(io.BytesIO(written(doc, edition))) as pdf:
            [image] = pdf.pages[0].get_images().values()
            assert bool(image.Interpolate) is interpolated


def xmp_of(packet: bytes) -> etree._Element:
    start, end = packet.index(b"<x:xmpmeta"), packet.rindex(b"</x:xmpmeta>") + len(b"</x:xmpmeta>")
    return etree.fromstring(packet[start:end])


def test_the_pdfua_part_is_added_with_the_schema_that_declares_it() -> None:
    packet = (
        b'<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>\n<x:xmpmeta xmlns:x="adobe:ns:meta/">'
        b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        b'xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"><rdf:Description rdf:about="" '
        b'pdfaid:part="2" pdfaid:conformance="U" /></rdf:RDF></x:xmpmeta>\n<?xpacket end="r"?>'
    )
    result = with_pdfua(packet)
    assert result.startswith(b'<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>\n<x:xmpmeta')
    assert result.endswith(b'</x:xmpmeta>\n<?xpacket end="r"?>')
    meta = xmp_of(result)
    descriptions = meta.findall(f"{{{RDF}}}RDF/{{{RDF}}}Description")
    assert descriptions[0].get("{http://www.aiim.org/pdfa/ns/id/}part") == "2"  # WeasyPrint's, kept
    assert descriptions[1].get(f"{{{NAMESPACES['pdfuaid']}}}part") == "1"
    schema = f"{{{NAMESPACES['pdfaSchema']}}}"
    assert [e.text for e in meta.iter(f"{schema}namespaceURI", f"{schema}prefix")] == [
        NAMESPACES["pdfuaid"],
        "pdfuaid",
    ]
    assert [e.text for e in meta.iter(f"{{{NAMESPACES['pdfaProperty']}}}name")] == ["part"]


def test_a_packet_without_rdf_is_a_bug_not_a_silent_claim() -> None:
    with pytest.raises(ValueError, match="no rdf:RDF"):
        with_pdfua(b'<x:xmpmeta xmlns:x="adobe:ns:meta/"></x:xmpmeta>')


def test_the_join_of_archival_parts_is_the_archival_edition(tmp_path: Path) -> None:
    """The parallel route: each worker writes its part as the archival edition too; the join
    keeps the first part's catalog (XMP, output intent) and the checks find it whole."""
    job = PrintJob(
        base_url=tmp_path, stylesheet=ROOT / "styles" / "print.css", first_page=1, identifier="urn:x"
    )
    parts = []
    for n in (1, 2):
        doc = document(tmp_path, n)
        bookmarks = tuple((page.height, tuple(page.bookmarks)) for page in doc.pages)
        pdfs = {edition: written(doc, edition) for edition in ("accessible", "archival")}
        parts.append(LaidOutPart(pdfs, (), (), bookmarks))
    joined = tmp_path / "joined.pdf"
    joined.write_bytes(join_parts(parts, job, edition="archival"))
    inputs = Inputs(pdf=read_pdf_facts(joined), epub=None, content=None, edition=read_edition_facts(joined))
    results = list(run_checks(inputs, ARCHIVAL_CHECKS))
    assert [(r.check, r.status, [str(p) for p in r.problems]) for r in results] == [
        ("archival-claim", "passed", []),
        ("archival-file", "passed", []),
    ]
    with pikepdf.open(joined) as pdf:
        assert len(pdf.pages) == 2
        assert len(pdf.Root.OutputIntents) == 1
    plain = tmp_path / "plain.pdf"
    plain.write_bytes(join_parts(parts, job))  # the accessible edition's parts: no PDF/A claim
    with pikepdf.open(plain) as pdf:
        assert "/OutputIntents" not in pdf.Root
