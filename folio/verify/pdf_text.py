"""A PDF file -> what each page prints, where and how large: `PageText`s of `TextRun`s.

The checks need where each string is drawn and its Unicode text, not reflowed lines. PDFium
(pypdfium2) reads the page: each text object (one string-showing operator of the content
stream, in drawing order) becomes a run, with its text as PDFium's text page maps it (ToUnicode,
ligatures as their letters), the origin of its baseline, its font size as drawn and its width.
Coordinates are the page's user space: origin at the bottom left, y up, in points.
"""

from __future__ import annotations

import ctypes
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pypdfium2
import pypdfium2.raw as pdfium


@dataclass(frozen=True, slots=True)
class TextRun:
    x: float  # where the baseline starts
    y: float
    size: float  # the font size as drawn (text size times the scale of the matrices)
    width: float
    text: str

    @property
    def right(self) -> float:
        return self.x + self.width


@dataclass(frozen=True, slots=True)
class PageText:
    width: float
    height: float
    runs: tuple[TextRun, ...]


def read_page_texts(pdf: Path | bytes) -> Iterator[PageText]:
    """Every page's runs, in the order the page draws them; of a file, or of a PDF in memory."""
    try:
        document = pypdfium2.PdfDocument(pdf)
    except pypdfium2.PdfiumError as error:  # a file pypdf could open, PDFium cannot
        raise ValueError(f"PDFium cannot read it: {error}") from error
    try:
        for index in range(len(document)):
            page = document[index]
            text_page = page.get_textpage()
            try:
                width, height = page.get_size()
                runs = tuple(read_run(o, text_page) for o in page.get_objects((pdfium.FPDF_PAGEOBJ_TEXT,)))
                yield PageText(width, height, runs)
            finally:
                text_page.close()
                page.close()
    finally:
        document.close()


def read_run(text_object: pypdfium2.PdfObject, text_page: pypdfium2.PdfTextPage) -> TextRun:
    matrix = text_object.get_matrix()
    size = ctypes.c_float()
    pdfium.FPDFTextObj_GetFontSize(text_object.raw, size)
    left, _bottom, right, _top = text_object.get_bounds()
    scale = (matrix.c**2 + matrix.d**2) ** 0.5  # the text matrix and the page's, combined
    return TextRun(matrix.e, matrix.f, size.value * scale, right - left, object_text(text_object, text_page))


def object_text(text_object: pypdfium2.PdfObject, text_page: pypdfium2.PdfTextPage) -> str:
    """The object's characters, as the text page maps them to Unicode."""
    length = pdfium.FPDFTextObj_GetText(text_object.raw, text_page.raw, None, 0)  # bytes, with a NUL
    if length <= 2:
        return ""
    buffer = (ctypes.c_ushort * (length // 2))()
    pdfium.FPDFTextObj_GetText(text_object.raw, text_page.raw, buffer, length)
    return bytes(buffer)[: length - 2].decode("utf-16-le", "replace")
