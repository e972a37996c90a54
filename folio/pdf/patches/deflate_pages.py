"""A memory saving in WeasyPrint 70's writing of a PDF: each page's content stream is deflated
as soon as the page is drawn, instead of every page's drawing operations waiting, as Python
objects, for pydyf to deflate them all when the file is written.

Takes WeasyPrint's `Page` (the laid-out page `generate_pdf` draws into a pydyf content stream);
`install()` gives it a `paint` that draws as WeasyPrint's own does and then deflates the
stream it drew, `remove()` WeasyPrint's own back (applied through `folio.pdf.patches.apply()`).

WeasyPrint's drawing appends each operator and operand of a page to its stream's list (`BT`,
a font, a position, a string of glyphs: several hundred items per page of notes); pydyf joins
that list by newlines and deflates it at level 9 only in `Stream.data`, when the PDF is written.
So every page's operations lived from their page's drawing until the end of the writing,
beside the PDF's other objects (at 3,000 notes the build's peak is about 20 MiB lower without
them). Here the list is joined and deflated as pydyf's `Stream.data` does it, at once, and the
stream holds only the deflated bytes, marked as pydyf marks them (`Filter /FlateDecode` before
`Length`); pydyf then writes those bytes as they are. The file written is the same, byte for
byte: the same bytes deflated with the same settings (zlib's deflate is deterministic for one
input and level).

That holds while nothing changes a page's stream after `page.paint`: its list (operators, and
the marked-content dictionaries it holds, serialised only when joined), its `extra` or its
`compress`. `generate_pdf` adds nothing to it after painting, and what reads it later (the
tags, from `stream._tags`) does not read its operations; folio's finishers (`editions.py`)
touch only the metadata, images and colour spaces. A finisher that drew on a page afterwards
(a watermark) would be refused loudly, not written wrong: the deflated stream's list is a
tuple, which has no `append`. `misfit()` says when `Page.paint`, `generate_pdf` or pydyf's
`Stream.data` is another source than the one this was written against (their SHA-256), or
pydyf another version. A stream made without compression (`compress=False`, or the
`uncompressed_pdf` option) is left as it is.
"""

from __future__ import annotations

import zlib
from typing import Any

import pydyf
from weasyprint import document
from weasyprint import pdf as weasyprint_pdf

from folio.pdf.patches.one_pass_write import PINNED as PYDYF_PINNED
from folio.pdf.patches.one_pass_write import STREAM_DATA_SOURCE, source_sha256

# The SHA-256 of the sources this rests on: `Page.paint`, which it wraps, and `generate_pdf`,
# which must add nothing to a page's stream after painting it.
PAINT_SOURCE = "b2f0dcbda755b5d5bd3969e12620c743cdd57fd6d4855685793e128175714410"
GENERATE_SOURCE = "626343ef25c396e8521948cadbe2b7544331c161040da80ed4e338fadac3efa9"

ORIGINAL = document.Page.paint


def misfit() -> str | None:
    if pydyf.__version__ != PYDYF_PINNED:
        return f"it was written for pydyf {PYDYF_PINNED}, this is {pydyf.__version__}"
    if source_sha256(pydyf.Stream.data.fget) != STREAM_DATA_SOURCE:
        return "pydyf's Stream.data is not the source it was written against"
    if source_sha256(ORIGINAL) != PAINT_SOURCE:
        return "WeasyPrint's Page.paint is not the source it was written against"
    if source_sha256(weasyprint_pdf.generate_pdf) != GENERATE_SOURCE:
        return "WeasyPrint's generate_pdf is not the source it was written against"
    return None


def installed() -> bool:
    return document.Page.paint is paint


def install() -> None:
    document.Page.paint = paint


def remove() -> None:
    document.Page.paint = ORIGINAL


def paint(self: Any, stream: Any, scale: float = 1) -> None:
    """WeasyPrint's `Page.paint`, then the page's stream deflated (the module's docstring)."""
    ORIGINAL(self, stream, scale)
    deflate(stream)


def deflate(stream: Any) -> None:
    """`stream`'s operations joined and deflated as pydyf's `Stream.data` would, once; the
    stream left holding the deflated bytes (in a tuple: nothing can be drawn after them),
    marked as deflated, and no longer compressing."""
    if not stream.compress:
        return
    joined = b"\n".join(pydyf._to_bytes(item) for item in stream.stream)
    deflater = zlib.compressobj(level=9)
    stream.stream = (deflater.compress(joined) + deflater.flush(),)  # drawing more: an error
    stream.extra["Filter"] = "/FlateDecode"
    stream.compress = False
