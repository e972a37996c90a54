"""folio.pdf.editions: each edition written from one layout, none changing it for the next; the
archival and print-shop editions' XMP, output intents and images; the parallel route's join of
their parts; the print-shop edition's CMYK profile and its provenance."""

from __future__ import annotations

import hashlib
import io
import uuid
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
from folio.verify.pdf_colours import read_colours
from folio.verify.pdf_facts import read_pdf_facts
from folio.verify.print_shop import CHECKS as PRINT_SHOP_CHECKS
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


# --- The print-shop edition: PDF/X-4 ---------------------------------------------------------

FIGURES = {  # an image of each kind a figure may be, by the file it is read from
    "rgb.png": ("RGB", "PNG"),
    "rgba.png": ("RGBA", "PNG"),
    "grey.png": ("L", "PNG"),
    "rgb.jpg": ("RGB", "JPEG"),
    "cmyk.jpg": ("CMYK", "JPEG"),
}
SVG = """<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect width="40" height="20"
fill="#9fc1e3"/><path d="M0 10 H40" stroke="#1f3b5c"/></svg>"""


def figures_document(tmp_path: Path) -> Any:
    """Coloured text and rules, an SVG, and an image of each kind in `FIGURES`."""
    patch_weasyprint(lambda _: None)
    images = []
    for name, (mode, kind) in FIGURES.items():
        Image.new(mode, (8, 8), "red" if mode != "L" else 128).save(tmp_path / name, kind)
        images.append(f'<img src="{(tmp_path / name).as_uri()}" style="width: 2cm" alt="{name}">')
    (tmp_path / "figure.svg").write_text(SVG, encoding="utf-8")
    images.append(f'<img src="{(tmp_path / "figure.svg").as_uri()}" style="width: 4cm" alt="A figure">')
    body = f'<h1 style="color: #1f3b5c; border-bottom: 1pt solid #9fc1e3">Figures</h1>{"".join(images)}'
    html = f'<html lang="en"><head><title>Figures</title></head><body>{body}</body></html>'
    return weasyprint.HTML(string=html, base_url=str(tmp_path)).render()


def test_the_print_shop_edition_is_pdfx_4_with_a_fogra39_intent_and_still_tagged(tmp_path: Path) -> None:
    doc = document(tmp_path)
    with pikepdf.open(io.BytesIO(written(doc, "print-shop"))) as pdf:
        assert pdf.pdf_version == "1.6"
        [intent] = pdf.Root.OutputIntents
        assert (str(intent.S), str(intent.OutputConditionIdentifier), str(intent.RegistryName)) == (
            "/GTS_PDFX",
            "FOGRA39",
            "http://www.color.org",
        )
        assert "FOGRA39" in str(intent.Info)
        profile = intent.DestOutputProfile.read_bytes()
        assert (profile[12:16], profile[16:20], int(intent.DestOutputProfile.N)) == (b"prtr", b"CMYK", 4)
        assert profile == (ROOT / "folio" / "pdf" / "profiles" / "fogra39l-folio.icc").read_bytes()
        assert pdf.docinfo.Trapped == "/False"
        metadata = pdf.open_metadata()
        assert metadata["pdfxid:GTS_PDFXVersion"] == "PDF/X-4"
        assert metadata["pdfuaid:part"] == "1"
        assert metadata["xmpMM:DocumentID"] == f"xmp.did:{uuid.uuid5(uuid.NAMESPACE_URL, 'urn:x')}"
        assert "/StructTreeRoot" in pdf.Root and bool(pdf.Root.MarkInfo.Marked)  # still tagged
        assert bool(pdf.Root.ViewerPreferences.DisplayDocTitle)


def test_writing_the_print_shop_edition_leaves_the_layout_as_it_was(tmp_path: Path) -> None:
    """WeasyPrint's PDF/X variant sets the document's dates when it has none: they are put back."""
    doc = document(tmp_path)
    before = written(doc, "accessible")
    dates, intent = (doc.metadata.created, doc.metadata.modified), doc.output_intent
    written(doc, "print-shop")
    assert (doc.metadata.created, doc.metadata.modified, doc.output_intent) == (*dates, intent)
    assert written(doc, "accessible") == before


def test_the_print_shop_edition_draws_no_device_rgb(tmp_path: Path) -> None:
    """Text, rules, the SVG and every image: in the sRGB profile (a /DefaultRGB for the `rg`
    operators, ICC-based images), in grey or in CMYK; the accessible edition draws in device RGB."""
    doc = figures_document(tmp_path)
    for edition, undefined in (("accessible", True), ("print-shop", False)):
        path = tmp_path / f"{edition}.pdf"
        path.write_bytes(written(doc, edition))
        with pikepdf.open(path) as pdf:
            colours = read_colours(pdf)
            spaces = sorted(
                str(image.ColorSpace[0] if isinstance(image.ColorSpace, pikepdf.Array) else image.ColorSpace)
                for image in pdf.pages[0].get_images().values()
            )
        assert bool(colours.device_rgb) is undefined, colours.device_rgb
        assert colours.device["/DeviceRGB"] > 0  # the `rg` operators, defined or not
        if edition == "print-shop":
            assert spaces == ["/DeviceCMYK", "/DeviceGray", "/ICCBased", "/ICCBased", "/ICCBased"]
    inputs = Inputs(pdf=read_pdf_facts(path), epub=None, content=None, edition=read_edition_facts(path))
    assert [(r.check, [str(p) for p in r.problems]) for r in run_checks(inputs, PRINT_SHOP_CHECKS)][:2] == [
        ("pdfx-claim", []),
        ("pdfx-file", []),
    ]


def test_the_join_of_print_shop_parts_is_the_print_shop_edition(tmp_path: Path) -> None:
    """The parallel route: each part drew in its own sRGB profile, with its own /DefaultRGB; the
    join keeps the first part's catalog (XMP, the FOGRA39 intent)."""
    job = PrintJob(
        base_url=tmp_path, stylesheet=ROOT / "styles" / "print.css", first_page=1, identifier="urn:x"
    )
    parts = []
    for n in (1, 2):
        doc = document(tmp_path, n, image=True)
        bookmarks = tuple((page.height, tuple(page.bookmarks)) for page in doc.pages)
        parts.append(LaidOutPart({"print-shop": written(doc, "print-shop")}, (), (), bookmarks))
    joined = tmp_path / "joined.pdf"
    joined.write_bytes(join_parts(parts, job, edition="print-shop"))
    inputs = Inputs(pdf=read_pdf_facts(joined), epub=None, content=None, edition=read_edition_facts(joined))
    results = {r.check: [str(p) for p in r.problems] for r in run_checks(inputs, PRINT_SHOP_CHECKS)}
    assert (results["pdfx-claim"], results["pdfx-file"]) == ([], [])
    with pikepdf.open(joined) as pdf:
        assert len(pdf.pages) == 2
        assert [str(i.OutputConditionIdentifier) for i in pdf.Root.OutputIntents] == ["FOGRA39"]


def test_the_cmyk_profile_is_the_one_its_provenance_describes() -> None:
    folder = ROOT / "folio" / "pdf" / "profiles"
    profile = (folder / "fogra39l-folio.icc").read_bytes()
    provenance = (folder / "fogra39l-folio.txt").read_text(encoding="utf-8")
    assert hashlib.sha256(profile).hexdigest() in provenance
    assert f"{len(profile):,} bytes" in provenance
    header = (profile[12:16], profile[16:20], profile[20:24], profile[36:40])
    assert header == (b"prtr", b"CMYK", b"Lab ", b"acsp")  # an output profile, CMYK to Lab
    assert int.from_bytes(profile[:4], "big") == len(profile)
    script = (ROOT / "scripts" / "make-cmyk-profile").read_text(encoding="utf-8")
    data_sha = provenance.split("SHA-256 ")[2].split()[0]  # the profile's, then the data's
    assert data_sha in script
