"""pikepdf's objects -> the Python values the PDF facts hold: texts, numbers, object numbers.

A PDF text string is UTF-16 or UTF-8 after a byte order mark, else PDFDocEncoding (PDF 2.0
§7.9.2.2); like pypdf, which read these facts before, a string that starts with a zero byte, or
has one second, is read as UTF-16 without its mark, and a string that is none of these keeps its
bytes, one character each. pikepdf gives a number as an int or a Decimal; here a real is a float.
"""

from __future__ import annotations

import codecs
import contextlib
import re
from decimal import Decimal
from typing import Any

import pikepdf
import pikepdf.codec  # registers the "pdfdoc" codec

NOT_PDFDOC = (b"\x00", b"\x16")  # bytes PDFDocEncoding leaves undefined that the codec accepts
PRINTABLE_ASCII = re.compile(rb"[\x20-\x7e]*")  # the same characters in PDFDocEncoding: most names


def text_string(raw: bytes) -> str:
    """A string's text; a string that is no text string, its bytes as Latin-1 characters."""
    decoded = decoded_text(raw)
    return decoded if decoded is not None else raw.decode("latin-1")


def decoded_text(raw: bytes) -> str | None:
    """A text string's text, or None when the bytes are no text string in any encoding."""
    if PRINTABLE_ASCII.fullmatch(raw):
        return raw.decode("ascii")
    try:
        if raw.startswith(codecs.BOM_UTF8):
            with contextlib.suppress(UnicodeDecodeError):  # not UTF-8: PDFDocEncoding, mark and all
                return raw[len(codecs.BOM_UTF8) :].decode("utf-8")
        codec = utf16_codec(raw)
        if codec is not None:
            return raw.decode(codec)
        return None if any(byte in raw for byte in NOT_PDFDOC) else raw.decode("pdfdoc")
    except UnicodeDecodeError:
        return None


def utf16_codec(raw: bytes) -> str | None:
    """How a UTF-16 string is read: after its mark; without one, by where its first zero byte is."""
    if raw.startswith((codecs.BOM_UTF16_BE, codecs.BOM_UTF16_LE)):
        return "utf-16"
    if raw.startswith(b"\x00"):
        return "utf-16-be"
    if raw[1:2] == b"\x00":
        return "utf-16-le"
    return None


def text_of(value: Any) -> str:
    """What a string says, a name with its slash ("/Link"), a number in figures."""
    if isinstance(value, pikepdf.String):
        return text_string(bytes(value))
    return str(value)


def number(value: Any) -> int | float | None:
    """A number's value (an integer stays one); None for anything else, a boolean too."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, Decimal | float):
        return float(value)
    return None


def object_number(value: Any) -> int | None:
    """The number of the indirect object `value` is; None for a direct object or a plain value."""
    if isinstance(value, pikepdf.Object) and value.is_indirect:
        return int(value.objgen[0])
    return None
