"""A PDF file -> what each page prints, where and how large: `PageText`s of `TextRun`s.

The checks need where each string is drawn and its Unicode text, not reflowed lines. PDFium
(pypdfium2) reads the page: each text object (one string-showing operator of the content
stream, in drawing order) becomes a run, with its text as PDFium's text page maps it (ToUnicode,
ligatures as their letters, right-to-left words put back in reading order where PDFium gives
them in the page's visual order; the order of the words of a right-to-left phrase is not relied
on: the checks compare right-to-left words as a multiset, `expectation.rtl_words`), the origin
of its baseline,
its font size as drawn and its width. Coordinates are the page's user space: origin at the
bottom left, y up, in points. The page's size is its TrimBox's, where it has one (the
print-shop edition: the MediaBox adds the bleed round it), else its CropBox's or MediaBox's.
PDFium's C functions are called directly, with buffers made once per document: through
pypdfium2's helper objects the reading took twice as long.
"""

from __future__ import annotations

import ctypes
import dataclasses
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pypdfium2
import pypdfium2.raw as pdfium

DRAWN_KINDS = {
    pdfium.FPDF_PAGEOBJ_IMAGE: "image",
    pdfium.FPDF_PAGEOBJ_PATH: "path",
    pdfium.FPDF_PAGEOBJ_FORM: "form",
    pdfium.FPDF_PAGEOBJ_SHADING: "shading",
}
BUFFER_CHARACTERS = 4096  # UTF-16 units: longer than any line; a longer text gets its own buffer


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
class MarkedObjects:
    """How a page's objects (text, paths, images) are marked, for the tags' checks."""

    mcids: frozenset[int] = frozenset()  # the tagged marked contents they are drawn in
    artifacts: int = 0  # objects drawn as artifacts
    unmarked: int = 0  # objects neither tagged (an /MCID) nor an artifact
    drawn: tuple[MarkedDrawing, ...] = ()  # each object drawn in tagged marked content, in order


@dataclass(frozen=True, slots=True)
class MarkedDrawing:
    """An object drawn in tagged marked content: its /MCID, its kind, its bounds and its text."""

    mcid: int
    kind: str  # "text", "image", "path", "form", "shading"
    box: tuple[float, float, float, float]  # left, bottom, right, top
    text: str = ""


@dataclass(frozen=True, slots=True)
class PageText:
    width: float  # of the trimmed page
    height: float
    runs: tuple[TextRun, ...]
    marks: MarkedObjects = MarkedObjects()
    left: float = 0.0  # where the trimmed page starts in user space (WeasyPrint: 0, 0)
    bottom: float = 0.0


class RunReader:
    """Reads text objects into runs, through buffers kept from one object to the next."""

    def __init__(self) -> None:
        self.matrix = pdfium.FS_MATRIX()
        self.size = ctypes.c_float()
        self.box = [ctypes.c_float() for _ in range(4)]  # left, bottom, right, top
        self.text = (ctypes.c_ushort * BUFFER_CHARACTERS)()
        self.name = (ctypes.c_ushort * 64)()
        self.name_length = ctypes.c_ulong()

    def read_page(self, page: pypdfium2.PdfPage) -> PageText:
        text_page = page.get_textpage()
        try:
            left, bottom, right, top = page.get_trimbox()  # else the CropBox, else the MediaBox
            count = pdfium.FPDFPage_CountObjects(page.raw)
            objects = [pdfium.FPDFPage_GetObject(page.raw, i) for i in range(count)]
            kinds = [pdfium.FPDFPageObj_GetType(o) for o in objects]
            texts = (o for o, kind in zip(objects, kinds, strict=True) if kind == pdfium.FPDF_PAGEOBJ_TEXT)
            runs = [self.read_run(o, text_page.raw) for o in texts]
            marks = self.read_marks(objects, kinds, runs)
            return PageText(right - left, top - bottom, in_reading_order(runs), marks, left, bottom)
        finally:
            text_page.close()

    def read_run(self, text_object: object, text_page: object) -> TextRun:
        pdfium.FPDFPageObj_GetMatrix(text_object, self.matrix)
        pdfium.FPDFTextObj_GetFontSize(text_object, self.size)
        left, bottom, right, top = self.box
        pdfium.FPDFPageObj_GetBounds(text_object, left, bottom, right, top)
        m = self.matrix
        scale = (m.c**2 + m.d**2) ** 0.5  # the text matrix and the page's, combined
        text = self.read_text(text_object, text_page)
        return TextRun(m.e, m.f, self.size.value * scale, right.value - left.value, text)

    def read_marks(self, objects: list[object], kinds: list[int], runs: list[TextRun]) -> MarkedObjects:
        """Each object's marked content: tagged (an /MCID), an artifact, or neither; and what
        each tagged one draws (`runs`: the text objects', in order)."""
        mcids: set[int] = set()
        drawn: list[MarkedDrawing] = []
        artifacts = unmarked = 0
        texts = iter(runs)
        for page_object, kind in zip(objects, kinds, strict=True):
            run = next(texts) if kind == pdfium.FPDF_PAGEOBJ_TEXT else None
            mcid = pdfium.FPDFPageObj_GetMarkedContentID(page_object)
            if mcid >= 0:
                mcids.add(mcid)
                drawn.append(self.marked_drawing(page_object, mcid, kind, run))
            elif self.is_artifact(page_object):
                artifacts += 1
            else:
                unmarked += 1
        return MarkedObjects(frozenset(mcids), artifacts, unmarked, tuple(drawn))

    def marked_drawing(self, page_object: object, mcid: int, kind: int, run: TextRun | None) -> MarkedDrawing:
        if run is not None:
            return MarkedDrawing(mcid, "text", (run.x, run.y, run.right, run.y + run.size), run.text)
        left, bottom, right, top = self.box
        pdfium.FPDFPageObj_GetBounds(page_object, left, bottom, right, top)
        bounds = (left.value, bottom.value, right.value, top.value)
        return MarkedDrawing(mcid, DRAWN_KINDS.get(kind, "other"), bounds)

    def is_artifact(self, page_object: object) -> bool:
        for index in range(pdfium.FPDFPageObj_CountMarks(page_object)):
            mark = pdfium.FPDFPageObj_GetMark(page_object, index)
            size = ctypes.sizeof(self.name)
            if pdfium.FPDFPageObjMark_GetName(mark, self.name, size, ctypes.byref(self.name_length)):
                length = max(0, min(self.name_length.value, size) - 2)  # bytes, less the NUL
                if ctypes.string_at(self.name, length).decode("utf-16-le", "replace") == "Artifact":
                    return True
        return False

    def read_text(self, text_object: object, text_page: object) -> str:
        """The object's characters, as the text page maps them to Unicode."""
        size = ctypes.sizeof(self.text)
        length = pdfium.FPDFTextObj_GetText(text_object, text_page, self.text, size)  # bytes, with a NUL
        if length > size:
            buffer = (ctypes.c_ushort * (length // 2))()
            pdfium.FPDFTextObj_GetText(text_object, text_page, buffer, length)
            return bytes(buffer)[: length - 2].decode("utf-16-le", "replace")
        return ctypes.string_at(self.text, max(0, length - 2)).decode("utf-16-le", "replace")


RIGHT_TO_LEFT = ("R", "AL")  # the strong right-to-left classes: Hebrew, Arabic


def direction(text: str) -> str:
    """ "rtl" for text whose strong characters are all right-to-left (Arabic, Hebrew), "ltr" when
    they are all left-to-right (digits count as such), "" for text with none (spaces, commas)."""
    if text.isascii():  # ASCII's letters are L, its digits EN, nothing else in it is strong
        return "ltr" if any(c.isalnum() for c in text) else ""
    kinds = {unicodedata.bidirectional(c) for c in text} & {"L", "R", "AL", "EN", "AN"}
    if not kinds:
        return ""
    return "rtl" if kinds <= {"R", "AL"} else "ltr"


def in_reading_order(runs: list[TextRun]) -> tuple[TextRun, ...]:
    """The runs with right-to-left text put back in reading order. A page draws an Arabic or
    Hebrew phrase word by word from left to right (the last word first), each word's letters in
    their own order: so the words of a right-to-left stretch, in one run or in several runs on
    one line, are read in reverse, and the neutral mark a word begins with (Arabic's comma)
    goes back to its end."""
    ordered = [dataclasses.replace(run, text=words_in_order(run.text)) for run in runs]
    index = 0
    while index < len(ordered):
        end = index
        while end < len(ordered) and right_to_left_neighbours(ordered, index, end):
            end += 1
        if end - index > 1:
            ordered[index:end] = reversed(ordered[index:end])
        index = max(end, index + 1)
    return tuple(ordered)


def right_to_left_neighbours(runs: list[TextRun], start: int, index: int) -> bool:
    """Whether runs[index] continues the right-to-left stretch that starts at runs[start]."""
    run = runs[index]
    same_line = abs(run.y - runs[start].y) < 1 and abs(run.size - runs[start].size) < 0.5
    kind = direction(run.text)
    continues = kind == "rtl" or (kind == "" and index > start)
    return same_line and continues and direction(runs[start].text) == "rtl"


def words_in_order(text: str) -> str:
    if text.isascii() or not any(unicodedata.bidirectional(c) in RIGHT_TO_LEFT for c in text):
        return text  # no right-to-left letter: nothing to reorder (asked of every run, per letter)
    words = text.split(" ")
    result: list[str] = []
    index = 0
    while index < len(words):
        end = index
        while end < len(words) and direction(words[end]) in ("rtl", ""):
            end += 1
        stretch = words[index:end]
        if any(direction(word) == "rtl" for word in stretch):
            result += [leading_mark_last(word) for word in reversed(stretch)]
            index = end
        else:
            result.append(words[index])
            index += 1
    return " ".join(result)


def leading_mark_last(word: str) -> str:
    """ "،بلدي" -> "بلدي،": drawn first, written last."""
    marks = len(word) - len(word.lstrip("،؛؟.,;:!?)]("))
    return word[marks:] + word[:marks] if 0 < marks < len(word) else word


def read_page_texts(pdf: Path | bytes, pages: Iterable[int] | None = None) -> Iterator[PageText]:
    """Every page's runs (of `pages` only, by index, when given), in the order the page draws
    them; of a file, or of a PDF in memory."""
    try:
        document = pypdfium2.PdfDocument(pdf)
    except pypdfium2.PdfiumError as error:  # a file pypdf could open, PDFium cannot
        raise ValueError(f"PDFium cannot read it: {error}") from error
    reader = RunReader()
    try:
        for index in range(len(document)) if pages is None else pages:
            page = document[index]
            try:
                yield reader.read_page(page)
            finally:
                page.close()
    finally:
        document.close()
