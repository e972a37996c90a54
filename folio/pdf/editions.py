"""The PDF editions, as WeasyPrint writes each from a layout: its variant, and what folio adds.

Takes an edition's name and, while WeasyPrint writes it, the `pydyf.PDF` it has made; gives the
options of `Document.write_pdf` and the corrections of the finished PDF.

  accessible  `pdf/ua-1`: tagged (`patches/tagging` corrects the tags), XMP with pdfuaid:part 1.
  print-shop  the same, from a layout with `print-shop.css` after the other stylesheets (bleed
              and crop marks: WeasyPrint writes each page's MediaBox round the bleed, its TrimBox
              and BleedBox). It claims no PDF/X: that needs a CMYK output profile, and none with
              a free licence is packaged where folio installs from (see the README).
  archival    `pdf/a-2u` with the tags on: WeasyPrint embeds its sRGB profile as the PDF/A
              output intent, draws in it, and writes pdfaid:part 2 and conformance U in the XMP;
              `finish_archival` adds pdfuaid:part 1 and the PDF/A extension schema that declares
              it (PDF/A-2, 6.6.2.3: the XMP may use only predefined schemas and the ones it
              declares), and turns image interpolation off (PDF/A-2, 6.2.8).

The archival edition's output intent is WeasyPrint's own sRGB profile (`sRGB2014.icc`, which
WeasyPrint ships for this), given by `colour_profiles_for`: left to the variant, WeasyPrint opens
the file and never closes it. Writing an edition leaves the layout as it was for the next one:
the profile, put among the document's colour profiles for the archival edition (where it
becomes the default colour space and the output intent), is taken out again.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from importlib.resources import files
from typing import Any
from xml.etree import ElementTree

import pydyf
from weasyprint.css import ColorProfile

from folio.model import ACCESSIBLE, ARCHIVAL, PRINT_SHOP

__all__ = [
    "ACCESSIBLE",
    "ARCHIVAL",
    "PRINT_SHOP",
    "PRINT_SHOP_STYLESHEET",
    "colour_profiles_for",
    "finish_edition",
    "write_options",
]

VARIANTS = {ACCESSIBLE: "pdf/ua-1", PRINT_SHOP: "pdf/ua-1", ARCHIVAL: "pdf/a-2u"}
PRINT_SHOP_STYLESHEET = "print-shop.css"  # of the project's styles, a house style's first
# The archival edition's profile, under a key of its own: WeasyPrint's `output_intent="srgb"`
# would open its file again (and leave it open).
SRGB_PROFILE = "srgb-2014"

NAMESPACES = {
    "x": "adobe:ns:meta/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "pdfuaid": "http://www.aiim.org/pdfua/ns/id/",
    "pdfaExtension": "http://www.aiim.org/pdfa/ns/extension/",
    "pdfaSchema": "http://www.aiim.org/pdfa/ns/schema#",
    "pdfaProperty": "http://www.aiim.org/pdfa/ns/property#",
}
for prefix, uri in NAMESPACES.items():
    ElementTree.register_namespace(prefix, uri)

# pdfuaid:part, and the extension schema that declares it to a PDF/A reader (ISO 14289-1, 5).
PDFUA_DESCRIPTIONS = f"""<rdf:RDF xmlns:rdf="{NAMESPACES["rdf"]}">
<rdf:Description rdf:about="" xmlns:pdfuaid="{NAMESPACES["pdfuaid"]}" pdfuaid:part="1"/>
<rdf:Description rdf:about="" xmlns:pdfaExtension="{NAMESPACES["pdfaExtension"]}"
    xmlns:pdfaSchema="{NAMESPACES["pdfaSchema"]}" xmlns:pdfaProperty="{NAMESPACES["pdfaProperty"]}">
 <pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
  <pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
  <pdfaSchema:namespaceURI>{NAMESPACES["pdfuaid"]}</pdfaSchema:namespaceURI>
  <pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
  <pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">
   <pdfaProperty:name>part</pdfaProperty:name>
   <pdfaProperty:valueType>Integer</pdfaProperty:valueType>
   <pdfaProperty:category>internal</pdfaProperty:category>
   <pdfaProperty:description>Indicates which part of ISO 14289 standard is followed</pdfaProperty:description>
  </rdf:li></rdf:Seq></pdfaSchema:property>
 </rdf:li></rdf:Bag></pdfaExtension:schemas>
</rdf:Description>
</rdf:RDF>"""


def write_options(edition: str) -> dict[str, Any]:
    """`Document.write_pdf`'s options for `edition` (besides the identifier and the finisher)."""
    options: dict[str, Any] = {"pdf_variant": VARIANTS[edition]}
    if edition == ARCHIVAL:
        options["pdf_tags"] = True  # PDF/A-2u asks for no tags; folio's archival edition keeps them
        options["output_intent"] = SRGB_PROFILE  # `colour_profiles_for` gives it
    return options


def finish_edition(edition: str, pdf: Any) -> None:
    """What folio adds to the `pydyf.PDF` of `edition` before WeasyPrint writes it out."""
    if edition == ARCHIVAL:
        finish_archival(pdf)


def finish_archival(pdf: Any) -> None:
    """PDF/UA's part in the XMP, declared for PDF/A; no image interpolated."""
    metadata = pdf.objects[int(pdf.catalog["Metadata"].split()[0])]
    metadata.stream = [with_pdfua(b"".join(metadata.stream))]
    metadata.compress = False  # an archive's tools find the packet without inflating the stream
    for pdf_object in pdf.objects:
        image = isinstance(pdf_object, pydyf.Stream) and pdf_object.extra.get("Subtype") == "/Image"
        if image and "Interpolate" in pdf_object.extra:
            pdf_object.extra["Interpolate"] = "false"


def with_pdfua(packet: bytes) -> bytes:
    """The XMP packet WeasyPrint wrote, with `PDFUA_DESCRIPTIONS` in its rdf:RDF."""
    start, end = packet.index(b"<x:xmpmeta"), packet.rindex(b"</x:xmpmeta>") + len(b"</x:xmpmeta>")
    meta = ElementTree.fromstring(packet[start:end])
    rdf = meta.find(f"{{{NAMESPACES['rdf']}}}RDF")
    if rdf is None:
        raise ValueError("WeasyPrint's XMP packet has no rdf:RDF")
    rdf.extend(ElementTree.fromstring(PDFUA_DESCRIPTIONS))
    return packet[:start] + ElementTree.tostring(meta, encoding="unicode").encode() + packet[end:]


@contextmanager
def colour_profiles_for(edition: str, document: Any) -> Iterator[None]:
    """The document's colour profiles while `edition` is written (the archival one: with the
    sRGB profile of its output intent), and as they were before once it is."""
    before = dict(document.color_profiles)
    if edition == ARCHIVAL:
        document.color_profiles[SRGB_PROFILE] = srgb_profile()
    try:
        yield
    finally:
        document.color_profiles.clear()
        document.color_profiles.update(before)


def srgb_profile() -> Any:
    """WeasyPrint's sRGB profile, as its PDF/A variant would embed it, read from a file closed after."""
    with (files("weasyprint.pdf") / "sRGB2014.icc").open("rb") as icc:
        return ColorProfile(icc, "sRGB2014.icc", "relative-colorimetric", (["r"], ["g"], ["b"]))
