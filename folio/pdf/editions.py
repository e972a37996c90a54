"""The PDF editions, as WeasyPrint writes each from a layout: its variant, and what folio adds.

Takes an edition's name and, while WeasyPrint writes it, the `pydyf.PDF` it has made; gives the
options of `Document.write_pdf` and the corrections of the finished PDF.

  accessible  `pdf/ua-1`: tagged (`patches/tagging` corrects the tags), XMP with pdfuaid:part 1.
  print-shop  `pdf/x-4` with the tags on, from a layout with `print-shop.css` after the other
              stylesheets (bleed and crop marks: WeasyPrint writes each page's MediaBox round
              the bleed, its TrimBox and BleedBox). WeasyPrint writes the PDF/X-4 XMP
              (pdfxid:GTS_PDFXVersion, pdf:Trapped, the xmpMM ids) and /Trapped /False;
              `finish_print_shop` makes the output intent FOGRA39 with folio's CMYK profile
              (`profiles/fogra39l-folio.icc`: its provenance is beside it), draws every device
              RGB colour in sRGB (a /DefaultRGB colour space for the `rg` operators, sRGB
              ICCBased images: PDF/X-4 forbids device RGB under a CMYK intent), turns image
              interpolation off, and adds pdfuaid:part 1 and an xmpMM:DocumentID drawn from
              the publication's identifier.
  archival    `pdf/a-2u` with the tags on: WeasyPrint embeds its sRGB profile as the PDF/A
              output intent, draws in it, and writes pdfaid:part 2 and conformance U in the XMP;
              `finish_archival` adds pdfuaid:part 1 and the PDF/A extension schema that declares
              it (PDF/A-2, 6.6.2.3: the XMP may use only predefined schemas and the ones it
              declares), and turns image interpolation off (PDF/A-2, 6.2.8).

The archival edition's output intent is WeasyPrint's own sRGB profile (`sRGB2014.icc`, which
WeasyPrint ships for this), given by `colour_profiles_for`: left to the variant, WeasyPrint opens
the file and never closes it. The print-shop edition draws in the same profile (its colours are
the accessible edition's, in a space a print shop's RIP converts to CMYK with the intent's
profile). Writing an edition leaves the layout as it was for the next one: the profile, put
among the document's colour profiles for these two editions (where it becomes the default
colour space and WeasyPrint's output intent), is taken out again, and the dates that
WeasyPrint's PDF/X variant sets on the document when it has none are put back.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from importlib.resources import files
from typing import Any
from uuid import NAMESPACE_URL, uuid5
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

VARIANTS = {ACCESSIBLE: "pdf/ua-1", PRINT_SHOP: "pdf/x-4", ARCHIVAL: "pdf/a-2u"}
PRINT_SHOP_STYLESHEET = "print-shop.css"  # of the project's styles, a house style's first
# The archival edition's profile, under a key of its own: WeasyPrint's `output_intent="srgb"`
# would open its file again (and leave it open).
SRGB_PROFILE = "srgb-2014"
CMYK_PROFILE = "fogra39l-folio.icc"  # of `profiles/`, made by scripts/make-cmyk-profile
# The print-shop edition's output intent: the characterization the profile is made of, as the
# ICC's registry names it (a RIP that knows FOGRA39 may use its own profile of it).
FOGRA39 = {
    "OutputConditionIdentifier": "FOGRA39",
    "RegistryName": "http://www.color.org",
    "OutputCondition": "Offset printing, ISO 12647-2:2004/Amd 1, coated paper (paper types 1 and 2)",
    "Info": "Coated FOGRA39 (ISO 12647-2:2004/Amd 1); profile FOGRA39L (folio)",
}

NAMESPACES = {
    "x": "adobe:ns:meta/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "pdfuaid": "http://www.aiim.org/pdfua/ns/id/",
    "xmpMM": "http://ns.adobe.com/xap/1.0/mm/",
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


PDFUA_PART = f"""<rdf:RDF xmlns:rdf="{NAMESPACES["rdf"]}">
<rdf:Description rdf:about="" xmlns:pdfuaid="{NAMESPACES["pdfuaid"]}" pdfuaid:part="1"/>
</rdf:RDF>"""
DRAWN_IN_SRGB = (ARCHIVAL, PRINT_SHOP)  # the editions whose default colour space is the sRGB profile


def write_options(edition: str) -> dict[str, Any]:
    """`Document.write_pdf`'s options for `edition` (besides the identifier and the finisher)."""
    options: dict[str, Any] = {"pdf_variant": VARIANTS[edition]}
    if edition in DRAWN_IN_SRGB:
        options["pdf_tags"] = True  # neither PDF/A-2u nor PDF/X-4 asks for tags; folio keeps them
        options["output_intent"] = SRGB_PROFILE  # `colour_profiles_for` gives it
    return options


def finish_edition(edition: str, pdf: Any, *, identifier: str) -> None:
    """What folio adds to the `pydyf.PDF` of `edition` before WeasyPrint writes it out."""
    if edition == ARCHIVAL:
        finish_archival(pdf)
    elif edition == PRINT_SHOP:
        finish_print_shop(pdf, identifier=identifier)


def finish_archival(pdf: Any) -> None:
    """PDF/UA's part in the XMP, declared for PDF/A; no image interpolated."""
    metadata = pdf.objects[int(pdf.catalog["Metadata"].split()[0])]
    metadata.stream = [with_pdfua(b"".join(metadata.stream))]
    metadata.compress = False  # an archive's tools find the packet without inflating the stream
    turn_interpolation_off(pdf)


def turn_interpolation_off(pdf: Any) -> None:
    """No image interpolated: PDF/A-2 (6.2.8) and PDF/X forbid it (the printed pixels are the file's)."""
    for pdf_object in pdf.objects:
        image = isinstance(pdf_object, pydyf.Stream) and pdf_object.extra.get("Subtype") == "/Image"
        if image and "Interpolate" in pdf_object.extra:
            pdf_object.extra["Interpolate"] = "false"


def finish_print_shop(pdf: Any, *, identifier: str) -> None:
    """The FOGRA39 output intent, every device RGB colour in sRGB, no image interpolated,
    PDF/UA's part in the XMP."""
    colour_spaces = colour_space_resources(pdf)
    srgb = colour_spaces[SRGB_PROFILE]
    # Each page, form and pattern names this one dictionary as its /ColorSpace resource: with a
    # /DefaultRGB, the `rg`/`RG` colours WeasyPrint writes (text, rules, borders, SVG) are
    # sRGB (ISO 32000-1, 8.6.5.6), as each image's colour space is made below.
    colour_spaces["DefaultRGB"] = srgb
    for pdf_object in pdf.objects:
        image = isinstance(pdf_object, pydyf.Stream) and pdf_object.extra.get("Subtype") == "/Image"
        if image and pdf_object.extra.get("ColorSpace") == "/DeviceRGB":
            pdf_object.extra["ColorSpace"] = srgb
    turn_interpolation_off(pdf)
    profile = pydyf.Stream([cmyk_profile()], pydyf.Dictionary({"N": 4}), compress=True)
    pdf.add_object(profile)
    intent = pydyf.Dictionary({"Type": "/OutputIntent", "S": "/GTS_PDFX"})
    intent.update({key: pydyf.String(value) for key, value in FOGRA39.items()})
    intent["DestOutputProfile"] = profile.reference
    pdf.catalog["OutputIntents"] = pydyf.Array([intent])
    metadata = pdf.objects[int(pdf.catalog["Metadata"].split()[0])]
    document_id = f"xmp.did:{uuid5(NAMESPACE_URL, identifier)}"  # WeasyPrint's is random
    metadata.stream = [with_descriptions(b"".join(metadata.stream), PDFUA_PART, document_id=document_id)]


def colour_space_resources(pdf: Any) -> Any:
    """The one dictionary of named colour spaces (WeasyPrint's Lab spaces, a colour space for
    each of the document's profiles) that every page, form and pattern has as /ColorSpace."""
    for pdf_object in pdf.objects:
        if isinstance(pdf_object, dict) and SRGB_PROFILE in pdf_object and "lab-d50" in pdf_object:
            return pdf_object
    raise ValueError("the print-shop edition has no sRGB colour space: colour_profiles_for adds it")


def cmyk_profile() -> bytes:
    return (files("folio.pdf") / "profiles" / CMYK_PROFILE).read_bytes()


def with_pdfua(packet: bytes) -> bytes:
    """The XMP packet WeasyPrint wrote, with `PDFUA_DESCRIPTIONS` in its rdf:RDF."""
    return with_descriptions(packet, PDFUA_DESCRIPTIONS)


def with_descriptions(packet: bytes, descriptions: str, *, document_id: str | None = None) -> bytes:
    """The XMP packet WeasyPrint wrote, with the rdf:Descriptions of `descriptions` in its
    rdf:RDF (and its xmpMM:DocumentID `document_id`, when given)."""
    start, end = packet.index(b"<x:xmpmeta"), packet.rindex(b"</x:xmpmeta>") + len(b"</x:xmpmeta>")
    meta = ElementTree.fromstring(packet[start:end])
    rdf = meta.find(f"{{{NAMESPACES['rdf']}}}RDF")
    if rdf is None:
        raise ValueError("WeasyPrint's XMP packet has no rdf:RDF")
    rdf.extend(ElementTree.fromstring(descriptions))
    if document_id is not None:
        for element in rdf.iter(f"{{{NAMESPACES['xmpMM']}}}DocumentID"):
            element.text = document_id
    return packet[:start] + ElementTree.tostring(meta, encoding="unicode").encode() + packet[end:]


@contextmanager
def colour_profiles_for(edition: str, document: Any) -> Iterator[None]:
    """The document's colour profiles while `edition` is written (the archival and print-shop
    ones: with the sRGB profile they draw in, WeasyPrint's output intent), and as they were
    before once it is, with the output intent and dates it had."""
    before = dict(document.color_profiles)
    intent, dates = document.output_intent, (document.metadata.created, document.metadata.modified)
    if edition in DRAWN_IN_SRGB:
        document.color_profiles[SRGB_PROFILE] = srgb_profile()
        document.output_intent = SRGB_PROFILE  # not the first of a house style's @color-profile
    try:
        yield
    finally:
        document.color_profiles.clear()
        document.color_profiles.update(before)
        document.output_intent = intent
        document.metadata.created, document.metadata.modified = dates


def srgb_profile() -> Any:
    """WeasyPrint's sRGB profile, as its PDF/A variant would embed it, read from a file closed after."""
    with (files("weasyprint.pdf") / "sRGB2014.icc").open("rb") as icc:
        return ColorProfile(icc, "sRGB2014.icc", "relative-colorimetric", (["r"], ["g"], ["b"]))
