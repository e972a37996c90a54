"""pikepdf's objects -> texts and numbers (pdf_values): a text string in each encoding a PDF
writes, and what a string that is none of them gives."""

from __future__ import annotations

from decimal import Decimal

import pikepdf
import pytest

from folio.verify.pdf_values import decoded_text, number, object_number, text_of, text_string
from tests.verify.unusual import TITLE, TITLES


@pytest.mark.parametrize("encoding", list(TITLES))
def test_a_text_string_reads_the_same_in_each_encoding(encoding: str) -> None:
    assert text_string(TITLES[encoding]) == TITLE


def test_names_and_numbers_read_as_written() -> None:
    assert text_string(b"fn-505") == "fn-505"
    assert text_string(b"\x18\x19") == "\u02d8\u02c7"  # PDFDocEncoding's breve and caron, below the space
    assert text_of(pikepdf.Name.Link) == "/Link"
    assert text_of(pikepdf.String("Note 505")) == "Note 505"
    assert text_of(12) == "12"


def test_bytes_that_are_no_text_string_keep_one_character_each() -> None:
    assert decoded_text(b"a\x7fb") is None  # 0x7f is undefined in PDFDocEncoding
    assert text_string(b"a\x7fb") == "a\x7fb"
    assert decoded_text(b"\xfe\xff\xd8\x00") is None  # a lone surrogate: no UTF-16
    # marked as UTF-8 but not UTF-8: PDFDocEncoding, the mark's bytes as its characters
    assert text_string(b"\xef\xbb\xbf\xff") == "ï»¿ÿ"


def test_numbers_are_ints_or_floats_and_nothing_else_is_one() -> None:
    assert number(3) == 3 and isinstance(number(3), int)
    assert number(Decimal("650.5")) == 650.5
    assert number(True) is None
    assert number(pikepdf.String("12")) is None
    assert number(None) is None


def test_an_object_number_is_that_of_an_indirect_object_only() -> None:
    pdf = pikepdf.new()
    indirect = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Annot))
    assert object_number(indirect) == indirect.objgen[0] > 0
    assert object_number(pikepdf.Dictionary()) is None
    assert object_number(7) is None
