"""A PDF file + some of its pages -> what each of those pages draws besides text: its images, paths
and form XObjects, each with its bounds (PDFium's page objects).

A PNG or JPEG figure is an image object; an SVG figure, as WeasyPrint draws it, is paths (and
text) in the page's own content, or a form XObject when it is transparent. Coordinates as in
`folio.verify.pdf_text`: points, origin at the bottom left.
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
