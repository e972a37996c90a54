"""A PDF page -> positioned text runs (PDFium): matrices, text operators, strings, ligatures and
right-to-left text as the checks compare them."""

from __future__ import annotations

import io
from collections import Counter

import pypdf
import weasyprint
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

from folio.verify.expectation import normalise, rtl_words
from folio.verify.pdf_text import TextRun, read_page_texts


def runs(stream: bytes) -> list[TextRun]:
    """The runs of a one-page PDF drawing `stream`, with Helvetica as /F1 (a standard font)."""
    writer = pypdf.PdfWriter()
    page = writer.add_blank_page(595.275591, 841.889764)
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
        }
    )
    fonts = DictionaryObject({NameObject("/F1"): writer._add_object(font)})
    page[NameObject("/Resources")] = DictionaryObject({NameObject("/Font"): fonts})
    content = DecodedStreamObject()
    content.set_data(stream)
    page[NameObject("/Contents")] = writer._add_object(content)
    memory = io.BytesIO()
    writer.write(memory)
    [text] = read_page_texts(memory.getvalue())
    assert (round(text.width, 3), round(text.height, 3)) == (595.276, 841.89)
    return list(text.runs)


def test_a_flipped_and_scaled_page_as_weasyprint_writes_it() -> None:
    stream = (
        b"1 0 0 -1 0 841.889764 cm\nq\n0.75 0 0 0.75 0 0 cm\nBT\n1 0 0 -1 90 100 Tm\n/F1 20 Tf\n"
        b"[(Af) -100 (i)] TJ\nET\nQ\n"
    )
    [run] = runs(stream)
    assert run.text == "Afi"
    assert (round(run.x, 3), round(run.y, 3), round(run.size, 3)) == (67.5, 766.89, 15.0)
    assert 15 < run.width < 25  # Helvetica's A, f, i at 15 points, and 100 thousandths apart


def test_text_positioning_operators_and_literal_strings() -> None:
    stream = b"BT /F1 10 Tf 12 TL 100 700 Td (Hello) Tj T* (a \\(b\\) \\101) Tj 0 -20 TD (x) ' ET"
    found = [(r.text.strip(), round(r.x, 3), round(r.y, 3)) for r in runs(stream)]
    assert found == [("Hello", 100.0, 700.0), ("a (b) A", 100.0, 688.0), ("x", 100.0, 648.0)]


def test_the_graphics_state_stack_restores_the_matrix() -> None:
    stream = b"q 2 0 0 2 0 0 cm BT /F1 10 Tf 10 10 Td (a) Tj ET Q BT /F1 10 Tf 10 10 Td (b) Tj ET"
    assert [(r.text.strip(), r.x, r.size) for r in runs(stream)] == [("a", 20.0, 20.0), ("b", 10.0, 10.0)]


def test_strings_outside_text_objects_never_read_as_operators() -> None:
    stream = b"/Span <</MCID 0>> BDC (q Q 1 0 0 1 5 5 cm) pop BT /F1 10 Tf (z) Tj ET EMC"
    [run] = runs(stream)
    assert (run.text.strip(), run.x, run.y) == ("z", 0.0, 0.0)


def test_ligatures_read_as_their_letters_and_right_to_left_text_in_reading_order() -> None:
    """WeasyPrint draws "ffi" as one glyph and Arabic or Hebrew from right to left (a justified
    line word by word from its right edge): each line's runs hold its letters, its left-to-right
    text in order and each right-to-left word whole (whose order among the others of its phrase
    the checks do not rely on: PDFium gives it one way or the other, by how the line is drawn)."""
    lines = (
        "office fluffy financial",
        "مرحبا بالعالم",
        "שלום עולם",
        "Mixed: العربية الفصحى and English",
        "مرحبا بالعالم " * 8,
    )
    paragraphs = "".join(f'<p dir="auto">{line}</p>' for line in lines[:4])
    justified = f'<p dir="rtl" style="text-align: justify; width: 300px">{lines[4]}</p>'
    html = f'<body style="font-family: Carlito; font-size: 20px">{paragraphs}{justified}</body>'
    pdf = weasyprint.HTML(string=html).write_pdf()
    [page] = read_page_texts(pdf)
    read: dict[int, list[str]] = {}
    for run in page.runs:
        read.setdefault(round(run.y), []).append(run.text)
    printed = [" ".join(texts) for texts in read.values()]
    assert [normalise(text) for text in printed[:4]] == [normalise(line) for line in lines[:4]]
    assert [rtl_words(text) for text in printed[:4]] == [rtl_words(line) for line in lines[:4]]
    assert sum((rtl_words(text) for text in printed[4:]), Counter()) == rtl_words(lines[4])
    assert printed[0].split() == lines[0].split()  # the ligatures "ffi", "ffl", "fi" as their letters
