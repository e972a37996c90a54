"""A PDF file + some of its pages -> what each of those pages draws besides text: its images, paths
and form XObjects, each with its bounds (PDFium's page objects).

A PNG or JPEG figure is an image object; an SVG figure, as WeasyPrint draws it, is paths (and
text) in the page's own content, or a form XObject when it is transparent. Coordinates as in
`folio.verify.pdf_text`: points, origin at the bottom left. `read_paths_outside` looks into
form XObjects too, for the paths drawn outside each page's TrimBox (crop marks: WeasyPrint
draws them as an SVG, a form over the whole bleed).
"""

from __future__ import annotations

import ctypes
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pypdfium2
import pypdfium2.raw as pdfium

KINDS = {
    pdfium.FPDF_PAGEOBJ_IMAGE: "image",
    pdfium.FPDF_PAGEOBJ_PATH: "path",
    pdfium.FPDF_PAGEOBJ_FORM: "form",
    pdfium.FPDF_PAGEOBJ_SHADING: "shading",
}


Box = tuple[float, float, float, float]  # left, bottom, right, top
Matrix = tuple[float, float, float, float, float, float]  # a, b, c, d, e, f
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
MAX_FORM_DEPTH = 16  # forms within forms: deeper than any drawing, shallower than a loop


@dataclass(frozen=True, slots=True)
class Drawing:
    kind: str  # "image", "path", "form", "shading"
    left: float
    bottom: float
    right: float
    top: float


def read_drawings(pdf: Path, pages: Iterable[int]) -> dict[int, tuple[Drawing, ...]]:
    """The drawings of each page of `pages` (indexes), in the order the page draws them."""
    wanted = sorted(set(pages))
    if not wanted:
        return {}
    document = pypdfium2.PdfDocument(pdf)
    bounds = [ctypes.c_float() for _ in range(4)]
    found: dict[int, tuple[Drawing, ...]] = {}
    try:
        for index in wanted:
            if not 0 <= index < len(document):
                continue
            page = document[index]
            try:
                found[index] = tuple(page_drawings(page, bounds))
            finally:
                page.close()
    finally:
        document.close()
    return found


def page_drawings(page: pypdfium2.PdfPage, bounds: list[ctypes.c_float]) -> list[Drawing]:
    drawings = []
    left, bottom, right, top = bounds
    for i in range(pdfium.FPDFPage_CountObjects(page.raw)):
        drawn = pdfium.FPDFPage_GetObject(page.raw, i)
        kind = KINDS.get(pdfium.FPDFPageObj_GetType(drawn))
        if kind is not None and pdfium.FPDFPageObj_GetBounds(drawn, left, bottom, right, top):
            drawings.append(Drawing(kind, left.value, bottom.value, right.value, top.value))
    return drawings


def read_paths_outside(pdf: Path, trims: list[Box | None]) -> tuple[tuple[Box, ...], ...]:
    """For each page with a TrimBox in `trims`, the page-space bounds of every path it draws
    (in its content or in a form, at any depth) that lies wholly outside that box."""
    document = pypdfium2.PdfDocument(pdf)
    found: list[tuple[Box, ...]] = []
    try:
        for index, trim in enumerate(trims):
            if trim is None or index >= len(document):
                found.append(())
                continue
            page = document[index]
            try:
                objects = [
                    pdfium.FPDFPage_GetObject(page.raw, i)
                    for i in range(pdfium.FPDFPage_CountObjects(page.raw))
                ]
                paths = page_space_paths(objects, IDENTITY, depth=0)
                found.append(tuple(box for box in paths if outside(box, trim)))
            finally:
                page.close()
    finally:
        document.close()
    return tuple(found)


def page_space_paths(objects: list[object], matrix: Matrix, *, depth: int) -> list[Box]:
    """The bounds of the paths among `objects`, through `matrix` (the forms' they are in)."""
    bounds = [ctypes.c_float() for _ in range(4)]
    boxes: list[Box] = []
    for drawn in objects:
        kind = pdfium.FPDFPageObj_GetType(drawn)
        if kind == pdfium.FPDF_PAGEOBJ_PATH and pdfium.FPDFPageObj_GetBounds(drawn, *bounds):
            left, bottom, right, top = (b.value for b in bounds)
            boxes.append(transformed((left, bottom, right, top), matrix))
        elif kind == pdfium.FPDF_PAGEOBJ_FORM and depth < MAX_FORM_DEPTH:
            own = pdfium.FS_MATRIX()
            pdfium.FPDFPageObj_GetMatrix(drawn, own)
            inner = multiplied((own.a, own.b, own.c, own.d, own.e, own.f), matrix)
            children = [
                pdfium.FPDFFormObj_GetObject(drawn, i) for i in range(pdfium.FPDFFormObj_CountObjects(drawn))
            ]
            boxes += page_space_paths(children, inner, depth=depth + 1)
    return boxes


def multiplied(first: Matrix, then: Matrix) -> Matrix:
    """`first` followed by `then`, as PDF concatenates matrices."""
    a, b, c, d, e, f = first
    a2, b2, c2, d2, e2, f2 = then
    return (
        a * a2 + b * c2,
        a * b2 + b * d2,
        c * a2 + d * c2,
        c * b2 + d * d2,
        e * a2 + f * c2 + e2,
        e * b2 + f * d2 + f2,
    )


def transformed(box: Box, matrix: Matrix) -> Box:
    a, b, c, d, e, f = matrix
    left, bottom, right, top = box
    xs, ys = [], []
    for x, y in ((left, bottom), (left, top), (right, bottom), (right, top)):
        xs.append(a * x + c * y + e)
        ys.append(b * x + d * y + f)
    return (min(xs), min(ys), max(xs), max(ys))


def outside(box: Box, trim: Box, *, slack: float = 0.01) -> bool:
    """Whether `box` has no area inside `trim` (a mark may touch its edge's line)."""
    left, bottom, right, top = box
    t_left, t_bottom, t_right, t_top = trim
    return (
        right <= t_left + slack
        or left >= t_right - slack
        or top <= t_bottom + slack
        or bottom >= t_top - slack
    )
