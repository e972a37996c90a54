"""folio.pdf.patches.deflate_pages: each page's content stream deflated once it is drawn, its
operations let go, written as pydyf 0.13.0 writes it (a whole WeasyPrint PDF: test_memory_savings)."""

from __future__ import annotations

import zlib
from typing import Any

import pydyf
import pytest
import weasyprint

from folio.pdf.patches import deflate_pages

TWO_PAGES = "<p>One page</p><p style='break-before: page'>and <b>another</b></p>"


def test_the_patch_is_in_place() -> None:
    assert deflate_pages.installed() is True
    assert deflate_pages.misfit() is None


def test_each_drawn_page_s_stream_holds_only_its_operations_deflated(monkeypatch: pytest.MonkeyPatch) -> None:
    drawn: list[tuple[bytes, Any]] = []
    deflate = deflate_pages.deflate

    def recording(stream: Any) -> None:
        operations = b"\n".join(pydyf._to_bytes(item) for item in stream.stream)
        deflate(stream)
        drawn.append((operations, stream))

    monkeypatch.setattr(deflate_pages, "deflate", recording)
    weasyprint.HTML(string=TWO_PAGES).write_pdf()
    assert len(drawn) == 2
    for operations, stream in drawn:
        assert b"BT" in operations and b"TJ" in operations
        assert isinstance(stream.stream, tuple) and len(stream.stream) == 1
        assert zlib.decompress(stream.stream[0]) == operations
        assert (stream.compress, stream.extra["Filter"]) == (False, "/FlateDecode")
        with pytest.raises(AttributeError):  # drawing after the deflation: refused, not written wrong
            stream.begin_text()


def test_a_deflated_stream_is_written_as_pydyf_writes_it_undeflated() -> None:
    marked = pydyf.Dictionary({"MCID": 0})  # serialised only when the stream is joined
    operations = [b"/P", marked, b"BDC", b"BT", "/F1 12 Tf", 3.5, 72, b"Td", b"(a report) Tj", b"ET", b"EMC"]
    stream = pydyf.Stream(list(operations), {"Type": "/XObject"}, compress=True)
    deflate_pages.deflate(stream)
    assert len(stream.stream) == 1
    assert stream.data == pydyf.Stream(operations, {"Type": "/XObject"}, compress=True).data


def test_a_stream_made_without_compression_is_left_as_it_is() -> None:
    stream = pydyf.Stream([b"BT", b"ET"], compress=False)
    deflate_pages.deflate(stream)
    assert (stream.stream, stream.extra, stream.compress) == ([b"BT", b"ET"], {}, False)
    options = {"uncompressed_pdf": True, "pdf_identifier": b"folio"}
    patched = weasyprint.HTML(string=TWO_PAGES).write_pdf(**options)
    deflate_pages.remove()
    assert patched == weasyprint.HTML(string=TWO_PAGES).write_pdf(**options)


def test_another_source_or_another_pydyf_is_a_misfit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(deflate_pages, "GENERATE_SOURCE", "0" * 64)
    assert deflate_pages.misfit() == "WeasyPrint's generate_pdf is not the source it was written against"
    monkeypatch.setattr(deflate_pages, "PAINT_SOURCE", "0" * 64)
    assert deflate_pages.misfit() == "WeasyPrint's Page.paint is not the source it was written against"
    monkeypatch.setattr(pydyf, "__version__", "0.14.0")
    assert deflate_pages.misfit() == "it was written for pydyf 0.13.0, this is 0.14.0"
