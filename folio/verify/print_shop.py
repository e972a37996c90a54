"""Edition facts -> what keeps the print-shop edition from being what a print shop trims.

- print-boxes: every page has a TrimBox (the page as trimmed, the size the other editions
  print) and a BleedBox, each inside the next (TrimBox in BleedBox in MediaBox), with bleed
  beyond the TrimBox on all four sides; and the file claims no PDF/X, which it is not (no
  PDF/X output intent, no GTS_PDFXVersion in its information or XMP: see the README).
- crop-marks: at each of the four corners of every page's TrimBox, a horizontal mark on the
  line of its top or bottom edge and a vertical one on the line of its left or right edge,
  drawn outside the TrimBox and inside the MediaBox (where the trimmer's knife goes).

The checks that read the page's geometry (`geometry`, `body-geometry`, the running texts'
bands) read it in the TrimBox (`folio.verify.pdf_text`), so they run on this edition as on the
others.
"""

from __future__ import annotations

from collections.abc import Iterator

from folio.errors import Mark, Problem
from folio.verify.pdf_claims import EditionFacts, PageBoxes
from folio.verify.pdf_drawings import Box, outside
from folio.verify.pdf_facts import PdfFacts
from folio.verify.registry import Family

CHECKS = Family()

SLACK = 0.5  # points: how far a mark's line may lie from the edge it extends (its own width)
PDFX = ("http://www.npes.org/pdfx/ns/id/", "http://ns.adobe.com/pdfx/1.3/")
SIDES = ("left", "bottom", "right", "top")
CORNERS = (("top", "left"), ("top", "right"), ("bottom", "left"), ("bottom", "right"))


def box_figures(edition: EditionFacts) -> dict[str, int]:
    return {"pages": len(edition.boxes), "trimmed": sum(1 for b in edition.boxes if b.trim is not None)}


@CHECKS.check("print-boxes", needs=("pdf", "edition"), figures=box_figures)
def check_print_boxes(pdf: PdfFacts, edition: EditionFacts) -> Iterator[Problem]:
    """Trim and bleed boxes on every page, nested, with bleed on every side; no PDF/X claim."""
    for index, boxes in enumerate(edition.boxes):
        problem = box_problem(boxes)
        if problem is not None:
            mark = Mark(index, boxes.trim or boxes.media)
            yield Problem(pdf.path, problem, "print-boxes", page=pdf.label(index), marks=(mark,))
    yield from pdfx_claims(pdf.path, edition)


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


def pdfx_claims(path: str, edition: EditionFacts) -> Iterator[Problem]:
    """Folio makes no PDF/X (no CMYK output profile to claim one with): a claim is false."""
    claims = [f"an output intent {i.subtype}" for i in edition.intents if i.subtype == "/GTS_PDFX"]
    claims += [f"/{key[1:]} in its information" for key in edition.info if key.startswith("/GTS_PDFX")]
    if edition.xmp is not None:
        claims += [f"{name} in its XMP" for ns, name in sorted(edition.xmp.values) if ns in PDFX]
    for claim in claims:
        yield Problem(path, f"the print-shop edition claims PDF/X ({claim}), which it is not", "print-boxes")


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
