"""Edition facts -> what keeps the print-shop edition from being the PDF/X-4 a print shop trims.

The rules of ISO 15930-7 (PDF/X-4) that a reading of the file can decide, checked without
trusting the writer (no PDF/X validator runs offline here):

- pdfx-claim: the XMP claims PDF/X-4 (pdfxid:GTS_PDFXVersion), with the properties PDF/X-4
  asks of it (the dates, xmpMM:DocumentID, VersionID, RenditionClass; dc:title is
  `tags-document`'s, as on every edition); the document
  is declared untrapped, /Trapped /False in its information (and pdf:Trapped False in the XMP
  when there), and a GTS_PDFXVersion in the information says what the XMP says.
- pdfx-file: the header says PDF 1.6 or 1.7 (PDF/X-4 is of PDF 1.6; a PDF 2.0 file is PDF/X-6's);
  no encryption; one PDF/X output intent (/GTS_PDFX) naming its printing condition
  (/OutputConditionIdentifier, /Info) with an embedded ICC output profile ('prtr' class) of CMYK
  data (/N 4); no device RGB drawn (`folio.verify.pdf_colours`): an `rg`/`RG` colour only where
  the stream's resources give an ICC-based /DefaultRGB, no image, shading, group or colour-space
  resource in /DeviceRGB.
- print-boxes: every page has a TrimBox (the page as trimmed, the size the other editions
  print) and a BleedBox, each inside the next (TrimBox in BleedBox in MediaBox), with bleed
  beyond the TrimBox on all four sides.
- crop-marks: at each of the four corners of every page's TrimBox, a horizontal mark on the
  line of its top or bottom edge and a vertical one on the line of its left or right edge,
  drawn outside the TrimBox and inside the MediaBox (where the trimmer's knife goes).

Fonts embedded (PDF/X-4, 6.3.5) are the `document` check's, which runs on every edition. Not
checked: what else PDF/X-4 forbids that WeasyPrint never writes (transfer functions, halftones,
PostScript XObjects, actions, optional content); whether annotations lie in the BleedBox (the
links, which PDF/UA asks for, draw nothing: no appearance).

The checks that read the page's geometry (`geometry`, `body-geometry`, the running texts'
bands) read it in the TrimBox (`folio.verify.pdf_text`), so they run on this edition as on the
others.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from folio.errors import Mark, Problem
from folio.verify.pdf_claims import EditionFacts, OutputIntent, PageBoxes
from folio.verify.pdf_drawings import Box, outside
from folio.verify.pdf_facts import PdfFacts
from folio.verify.registry import Family

CHECKS = Family()

SLACK = 0.5  # points: how far a mark's line may lie from the edge it extends (its own width)
PDFXID, PDF_SCHEMA = "http://www.npes.org/pdfx/ns/id/", "http://ns.adobe.com/pdf/1.3/"
XMP_BASIC, XMP_MM = "http://ns.adobe.com/xap/1.0/", "http://ns.adobe.com/xap/1.0/mm/"
# What PDF/X-4 asks of the XMP besides its version (ISO 15930-7, 6.7.2) and dc:title (which
# `tags-document` asks of every edition).
REQUIRED_XMP = (
    ((XMP_BASIC, "CreateDate"), "xmp:CreateDate"),
    ((XMP_BASIC, "ModifyDate"), "xmp:ModifyDate"),
    ((XMP_BASIC, "MetadataDate"), "xmp:MetadataDate"),
    ((XMP_MM, "DocumentID"), "xmpMM:DocumentID"),
    ((XMP_MM, "VersionID"), "xmpMM:VersionID"),
    ((XMP_MM, "RenditionClass"), "xmpMM:RenditionClass"),
)
SIDES = ("left", "bottom", "right", "top")
CORNERS = (("top", "left"), ("top", "right"), ("bottom", "left"), ("bottom", "right"))


def claim_figures(edition: EditionFacts) -> dict[str, int]:
    return {"xmp properties": len(edition.xmp.values) if edition.xmp else 0}


@CHECKS.check("pdfx-claim", needs=("pdf", "edition"), figures=claim_figures)
def check_pdfx_claim(pdf: PdfFacts, edition: EditionFacts) -> Iterator[Problem]:
    """The XMP claims PDF/X-4 with what PDF/X-4 asks of it; the document is declared untrapped."""
    xmp = edition.xmp
    if xmp is None or xmp.error is not None:
        why = "no XMP metadata" if xmp is None else f"XMP metadata that is no XML ({xmp.error})"
        yield Problem(pdf.path, f"the print-shop edition has {why}", "pdfx-claim")
        return
    version = xmp.values.get((PDFXID, "GTS_PDFXVersion"))
    if version != "PDF/X-4":
        message = f"the XMP claims {version or 'no PDF/X version'} (pdfxid:GTS_PDFXVersion), not PDF/X-4"
        yield Problem(pdf.path, message, "pdfx-claim")
    for prop, name in REQUIRED_XMP:
        if not xmp.values.get(prop):
            yield Problem(pdf.path, f"the XMP has no {name}, which PDF/X-4 asks for", "pdfx-claim")
    given = edition.info.get("/GTS_PDFXVersion")
    if given is not None and given != version:
        message = f"the document information's GTS_PDFXVersion is {given!r}, the XMP's {version!r}"
        yield Problem(pdf.path, message, "pdfx-claim")
    trapped = edition.info.get("/Trapped")
    if trapped != "/False":
        message = f"the document information's /Trapped is {trapped or 'missing'}, not /False"
        yield Problem(pdf.path, message, "pdfx-claim")
    said = xmp.values.get((PDF_SCHEMA, "Trapped"))
    if said is not None and said != "False":
        yield Problem(pdf.path, f"the XMP's pdf:Trapped is {said!r}, not False", "pdfx-claim")


def file_figures(edition: EditionFacts) -> dict[str, int]:
    return {"output intents": len(edition.intents), "colour uses": sum(edition.colour_spaces.values())}


@CHECKS.check("pdfx-file", needs=("pdf", "edition"), figures=file_figures)
def check_pdfx_file(pdf: PdfFacts, edition: EditionFacts) -> Iterator[Problem]:
    """PDF 1.6 or 1.7, not encrypted, a CMYK PDF/X output intent, no device RGB, no interpolation."""
    header = re.match(rb"%PDF-(\d\.\d)", edition.header)
    version = header.group(1).decode() if header else "unreadable"
    if version not in ("1.6", "1.7"):
        yield Problem(pdf.path, f"the header's PDF version is {version}, not 1.6 or 1.7", "pdfx-file")
    if edition.encrypted:
        yield Problem(pdf.path, "the file is encrypted", "pdfx-file")
    intents = [intent for intent in edition.intents if intent.subtype == "/GTS_PDFX"]
    if len(intents) != 1:
        message = f"there are {len(intents)} PDF/X output intents (/GTS_PDFX), not one"
        yield Problem(pdf.path, message, "pdfx-file")
    for intent in intents[:1]:
        yield from (Problem(pdf.path, m, "pdfx-file") for m in intent_problems(intent))
    for page, what in edition.device_rgb:
        where = pdf.label(page) if page is not None else None
        yield Problem(pdf.path, f"{what}: PDF/X-4 forbids device RGB", "pdfx-file", page=where)
    for page in edition.interpolated:
        where = pdf.label(page) if page is not None else None
        yield Problem(pdf.path, "an image is interpolated (/Interpolate true)", "pdfx-file", page=where)


def intent_problems(intent: OutputIntent) -> Iterator[str]:
    """What keeps the intent from naming a printing condition with a CMYK output profile."""
    if not intent.condition:
        yield "the output intent names no printing condition (/OutputConditionIdentifier)"
    if not intent.info:
        yield "the output intent says nothing of its printing condition (/Info)"
    header = intent.profile
    if header is None:
        yield "the output intent has no embedded profile (/DestOutputProfile)"
        return
    if len(header) < 128 or header[36:40] != b"acsp":
        yield "the output intent's profile is no ICC profile (no 'acsp' signature)"
        return
    size = int.from_bytes(header[:4], "big")
    wrong = (
        (size != intent.profile_size, "is cut short (its header gives another size)"),
        (header[12:16] != b"prtr", f"is of class {header[12:16]!r}, not an output profile ('prtr')"),
        (header[16:20] != b"CMYK", f"is of colour space {header[16:20]!r}, not CMYK"),
        (intent.components != 4, f"has /N {intent.components}, not the 4 of CMYK"),
    )
    yield from (f"the output intent's profile {message}" for failed, message in wrong if failed)


def box_figures(edition: EditionFacts) -> dict[str, int]:
    return {"pages": len(edition.boxes), "trimmed": sum(1 for b in edition.boxes if b.trim is not None)}


@CHECKS.check("print-boxes", needs=("pdf", "edition"), figures=box_figures)
def check_print_boxes(pdf: PdfFacts, edition: EditionFacts) -> Iterator[Problem]:
    """Trim and bleed boxes on every page, nested, with bleed on every side."""
    for index, boxes in enumerate(edition.boxes):
        problem = box_problem(boxes)
        if problem is not None:
            mark = Mark(index, boxes.trim or boxes.media)
            yield Problem(pdf.path, problem, "print-boxes", page=pdf.label(index), marks=(mark,))


def box_problem(boxes: PageBoxes) -> str | None:
    if boxes.trim is None or boxes.bleed is None:
        return f"the page has no {'TrimBox' if boxes.trim is None else 'BleedBox'}"
    if not contains(boxes.bleed, boxes.trim):
        return "its TrimBox is not inside its BleedBox"
    if not contains(boxes.media, boxes.bleed):
        return "its BleedBox is not inside its MediaBox"
    for side, trim, bleed in zip(SIDES, boxes.trim, boxes.bleed, strict=True):
        beyond = trim - bleed if side in ("left", "bottom") else bleed - trim
        if beyond <= 0:
            return f"it has no bleed at its {side} edge (its BleedBox ends where its TrimBox does)"
    return None


def contains(outer: Box, inner: Box, *, slack: float = 0.01) -> bool:
    return (
        outer[0] <= inner[0] + slack
        and outer[1] <= inner[1] + slack
        and outer[2] >= inner[2] - slack
        and outer[3] >= inner[3] - slack
    )


def mark_figures(edition: EditionFacts) -> dict[str, int]:
    return {"paths outside the trim": sum(len(paths) for paths in edition.outside)}


@CHECKS.check("crop-marks", needs=("pdf", "edition"), figures=mark_figures)
def check_crop_marks(pdf: PdfFacts, edition: EditionFacts) -> Iterator[Problem]:
    """Two crop marks at each corner of every page's TrimBox, in the bleed."""
    for index, boxes in enumerate(edition.boxes):
        if boxes.trim is None:
            continue  # print-boxes names the page
        paths = edition.outside[index] if index < len(edition.outside) else ()
        missing = [
            f"{kind} at its {vertical}-{horizontal} corner"
            for vertical, horizontal in CORNERS
            for kind in ("horizontal", "vertical")
            if not any(is_mark(path, boxes, vertical, horizontal, kind) for path in paths)
        ]
        if missing:
            lacks = "none at any corner" if len(missing) == len(CORNERS) * 2 else ", ".join(missing)
            message = f"the page has no crop marks ({lacks}) in its bleed"
            marks = (Mark(index, boxes.trim),)
            yield Problem(pdf.path, message, "crop-marks", page=pdf.label(index), marks=marks)


def is_mark(path: Box, boxes: PageBoxes, vertical: str, horizontal: str, kind: str) -> bool:
    """Whether `path` is the corner's mark of `kind`: a line on the extension of one of the
    corner's edges, outside the TrimBox on the corner's side, drawn (at least in part) inside
    the MediaBox."""
    assert boxes.trim is not None
    left, bottom, right, top = boxes.trim
    if outside(path, boxes.media):
        return False
    x = left if horizontal == "left" else right
    y = top if vertical == "top" else bottom
    if kind == "horizontal":  # along the top or bottom edge, beside the page
        on_line = path[1] - SLACK <= y <= path[3] + SLACK and path[3] - path[1] <= 2 * SLACK + 1
        beside = path[2] <= x + SLACK if horizontal == "left" else path[0] >= x - SLACK
        return on_line and beside
    on_line = path[0] - SLACK <= x <= path[2] + SLACK and path[2] - path[0] <= 2 * SLACK + 1
    beside = path[1] >= y - SLACK if vertical == "top" else path[3] <= y + SLACK
    return on_line and beside
