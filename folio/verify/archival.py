"""Edition facts -> what keeps the archival edition from being the PDF/A-2u it claims to be.

The rules of ISO 19005-2 (PDF/A-2) that a reading of the file can decide, level U, checked
without trusting the writer (no full PDF/A validator, such as veraPDF, runs offline here):

- archival-claim: the XMP claims PDF/A-2u (pdfaid:part 2, conformance U), and PDF/UA-1 as the
  accessible edition does; every XMP property is of a schema PDF/A-2 predefines or one that a
  PDF/A extension schema in the packet declares (6.6.2.3: pdfuaid is not predefined); the
  document information says what the XMP says (6.6.3: title, author, subject, keywords,
  creator, producer, dates).
- archival-file: the header's version (at most 1.7) and binary comment (6.1.2), no encryption
  (6.1.3), a trailer /ID (6.1.3); a PDF/A output intent whose profile is an ICC profile of the
  colour space its /N says (6.2.3), and no device colour the intent does not cover
  (DeviceCMYK with an RGB profile, 6.2.4.3); no interpolated image (6.2.8); no action that
  runs or plays something, no JavaScript, no additional actions, no embedded file that is no
  PDF, every annotation printed (6.3, 6.5, 6.6.1, 6.8).

Fonts embedded (6.2.11) are the `document` check's, which runs on every edition; transparency
PDF/A-2 allows, with the output intent these checks ask for (6.2.10).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator

from folio.errors import Problem
from folio.verify.pdf_claims import EditionFacts, OutputIntent, Property, Xmp
from folio.verify.pdf_facts import PdfFacts
from folio.verify.registry import Family

CHECKS = Family()

PDFAID = "http://www.aiim.org/pdfa/ns/id/"
PDFUAID = "http://www.aiim.org/pdfua/ns/id/"
DC, XMP_BASIC, PDF_SCHEMA = (
    "http://purl.org/dc/elements/1.1/",
    "http://ns.adobe.com/xap/1.0/",
    "http://ns.adobe.com/pdf/1.3/",
)
# The schemas of XMP 2004 and PDF/A's own, which a PDF/A-2 file may use undeclared (6.6.2.3.1).
PREDEFINED = frozenset(
    {
        DC,
        XMP_BASIC,
        "http://ns.adobe.com/xap/1.0/rights/",
        "http://ns.adobe.com/xap/1.0/mm/",
        "http://ns.adobe.com/xap/1.0/bj/",
        "http://ns.adobe.com/xap/1.0/t/pg/",
        "http://ns.adobe.com/xmp/1.0/DynamicMedia/",
        PDF_SCHEMA,
        "http://ns.adobe.com/photoshop/1.0/",
        "http://ns.adobe.com/camera-raw-settings/1.0/",
        "http://ns.adobe.com/tiff/1.0/",
        "http://ns.adobe.com/exif/1.0/",
        "http://ns.adobe.com/exif/1.0/aux/",
        PDFAID,
        "http://www.aiim.org/pdfa/ns/extension/",
        "http://www.aiim.org/pdfa/ns/schema#",
        "http://www.aiim.org/pdfa/ns/property#",
        "http://www.aiim.org/pdfa/ns/type#",
        "http://www.aiim.org/pdfa/ns/field#",
    }
)
# The document information entries and the XMP properties that must say the same (6.6.3).
EQUIVALENT: tuple[tuple[str, Property], ...] = (
    ("/Title", (DC, "title")),
    ("/Author", (DC, "creator")),
    ("/Subject", (DC, "description")),
    ("/Keywords", (PDF_SCHEMA, "Keywords")),
    ("/Creator", (XMP_BASIC, "CreatorTool")),
    ("/Producer", (PDF_SCHEMA, "Producer")),
)
DATES = (("/CreationDate", (XMP_BASIC, "CreateDate")), ("/ModDate", (XMP_BASIC, "ModifyDate")))
ICC_SPACES = {b"RGB ": 3, b"CMYK": 4, b"GRAY": 1}
COVERED = {3: {"/DeviceRGB", "/DeviceGray"}, 4: {"/DeviceCMYK", "/DeviceGray"}, 1: {"/DeviceGray"}}
PDF_DATE = re.compile(r"^D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(Z|[+-]\d{2}'?\d{2}'?)?")


def claim_figures(edition: EditionFacts) -> dict[str, int]:
    return {"xmp properties": len(edition.xmp.values) if edition.xmp else 0}


@CHECKS.check("archival-claim", needs=("pdf", "edition"), figures=claim_figures)
def check_archival_claim(pdf: PdfFacts, edition: EditionFacts) -> Iterator[Problem]:
    """The XMP claims PDF/A-2u and PDF/UA-1, in schemas PDF/A knows, and the information agrees."""
    xmp = edition.xmp
    if xmp is None or xmp.error is not None:
        why = "no XMP metadata" if xmp is None else f"XMP metadata that is no XML ({xmp.error})"
        yield Problem(pdf.path, f"the archival edition has {why}", "archival-claim")
        return
    for key, wanted in (("part", "2"), ("conformance", "U")):
        found = xmp.values.get((PDFAID, key))
        if found != wanted:
            message = f"the XMP claims pdfaid:{key} {found or 'nothing'}, not {wanted} (PDF/A-2u)"
            yield Problem(pdf.path, message, "archival-claim")
    if xmp.values.get((PDFUAID, "part")) != "1":
        yield Problem(pdf.path, "the XMP does not claim PDF/UA-1 (pdfuaid:part)", "archival-claim")
    yield from undeclared(pdf.path, xmp)
    yield from disagreements(pdf.path, edition.info, xmp)


def undeclared(path: str, xmp: Xmp) -> Iterator[Problem]:
    for namespace, name in sorted(xmp.values):
        if namespace not in PREDEFINED and (namespace, name) not in xmp.declared:
            message = (
                f"the XMP property {name} of {namespace} is in no schema PDF/A-2 predefines, and no "
                "PDF/A extension schema in the packet declares it"
            )
            yield Problem(path, message, "archival-claim")


def disagreements(path: str, info: dict[str, str], xmp: Xmp) -> Iterator[Problem]:
    for key, prop in EQUIVALENT:
        given, said = info.get(key), xmp.values.get(prop)
        if given is not None and given != said:
            message = f"the document information's {key[1:]} is {given!r}, the XMP's {prop[1]} {said!r}"
            yield Problem(path, message, "archival-claim")
    for key, prop in DATES:
        given, said = info.get(key), xmp.values.get(prop)
        if given is not None and (said is None or pdf_date(given) != xmp_date(said)):
            message = f"the document information's {key[1:]} is {given!r}, the XMP's {prop[1]} {said!r}"
            yield Problem(path, message, "archival-claim")


def pdf_date(value: str) -> datetime.datetime | None:
    """`D:20250301000000Z`, `D:20250301120000+01'00'` -> the moment it names."""
    match = PDF_DATE.match(value)
    if match is None:
        return None
    year, month, day, hour, minute, second, zone = match.groups()
    offset = datetime.timedelta()
    if zone and zone != "Z":
        digits = zone.replace("'", "")
        offset = datetime.timedelta(hours=int(digits[1:3]), minutes=int(digits[3:5]))
        offset = -offset if digits[0] == "-" else offset
    hours, minutes, seconds = (int(field) if field else 0 for field in (hour, minute, second))
    zone_of = datetime.timezone(offset)
    return datetime.datetime(
        int(year), int(month or 1), int(day or 1), hours, minutes, seconds, tzinfo=zone_of
    )


def xmp_date(value: str) -> datetime.datetime | None:
    try:
        moment = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=datetime.UTC)


def file_figures(edition: EditionFacts) -> dict[str, int]:
    return {"output intents": len(edition.intents), "colour uses": sum(edition.colour_spaces.values())}


@CHECKS.check("archival-file", needs=("pdf", "edition"), figures=file_figures)
def check_archival_file(pdf: PdfFacts, edition: EditionFacts) -> Iterator[Problem]:
    """What PDF/A-2 asks of the file itself: header, trailer, output intent, colours, images, actions."""
    path = pdf.path
    header = re.match(rb"%PDF-1\.([0-7])\r?\n?\r?%(.{4})", edition.header, re.DOTALL)
    if header is None or any(byte < 128 for byte in header.group(2)):
        yield Problem(path, "the header is not %PDF-1.0 to 1.7 and a binary comment", "archival-file")
    if edition.encrypted:
        yield Problem(path, "the file is encrypted", "archival-file")
    if not edition.identified:
        yield Problem(path, "the trailer has no /ID", "archival-file")
    yield from intent_problems(path, edition)
    for page in edition.interpolated:
        where = pdf.label(page) if page is not None else None
        yield Problem(path, "an image is interpolated (/Interpolate true)", "archival-file", page=where)
    for page, what in edition.forbidden:
        where = pdf.label(page) if page is not None else None
        yield Problem(path, f"{what}: PDF/A-2 forbids it", "archival-file", page=where)


def intent_problems(path: str, edition: EditionFacts) -> Iterator[Problem]:
    """One PDF/A output intent, an ICC profile of the colour space its /N says, covering every
    device colour the file draws with."""
    intents = [intent for intent in edition.intents if intent.subtype == "/GTS_PDFA1"]
    if not intents:
        yield Problem(path, "there is no PDF/A output intent (/GTS_PDFA1)", "archival-file")
        return
    components = profile_components(intents[0])
    if isinstance(components, str):
        yield Problem(path, f"the output intent's profile {components}", "archival-file")
        return
    for space, uses in sorted(edition.colour_spaces.items()):
        if space not in COVERED[components]:
            message = f"{space} colours ({uses}) with an output intent of {components} components"
            yield Problem(path, message, "archival-file")


def profile_components(intent: OutputIntent) -> int | str:
    """The components of the intent's ICC profile, or what is wrong with it."""
    header = intent.profile
    if header is None:
        return "is missing (no /DestOutputProfile)"
    if len(header) < 128 or header[36:40] != b"acsp":
        return "is no ICC profile (no 'acsp' signature)"
    components = ICC_SPACES.get(header[16:20])
    size = int.from_bytes(header[:4], "big")
    wrong = (
        (size != intent.profile_size, "is cut short (its header gives another size)"),
        (
            header[12:16] not in (b"mntr", b"prtr"),
            f"is of class {header[12:16]!r}, not for a screen or a printer",
        ),
        (header[8] > 4, f"is of ICC version {header[8]}, past the 4 PDF/A-2 knows"),
        (components is None, f"is of colour space {header[16:20]!r}, not RGB, CMYK or grey"),
        (intent.components != components, f"has {components} components, its /N says {intent.components}"),
    )
    return next((message for failed, message in wrong if failed), components or 0)
