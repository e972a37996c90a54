"""A time and memory saving in pydyf 0.13.0's writing of a compressed PDF: each object is
serialised once and let go once written, and neither the uncompressed object stream, nor the
identifier's input, nor the cross-reference entries are joined whole.

Takes pydyf's `PDF` (the PDF writer WeasyPrint 70 hands its objects to); `install()` gives it a
`write` that takes the compressed route itself (PDF 1.5 and later with `compress`, as WeasyPrint
writes by default) and hands every other call to pydyf's own, `remove()` puts pydyf's back
(applied through `folio.pdf.patches.apply()`).

pydyf's compressed route serialises every object (`obj.data`: a page's content stream joined
and deflated at level 9, a dictionary written out), keeps the object stream's part as a list of
the bytes of every small object, joins that list into one string and deflates it; then, for the
file identifier WeasyPrint asks for, serialises every object again, the object stream and every
page's content deflated again, and joins all of it into one string to take its MD5. At 3,000
notes that is about 58,500 PDF objects, a string of the written file and every small object
uncompressed held beside the rest, and the writing of every object done twice. Here the MD5 is
fed object by object as each is serialised, in the order pydyf feeds it (object number, the
object stream last), and the object stream is deflated item by item from the same list, each
item let go once deflated. Each object, once written, is replaced in `PDF.objects` by the five
values the cross-reference stream needs of it (`Written`), so that what only the writer held
(most objects: the page dictionaries and the tags; a link's annotation stays with its box) is
freed while the file is written, and the memory it held is there for the object stream and the
verification after it; a `PDF` is thus written once (WeasyPrint's `write_pdf` writes each `PDF`
it makes once). The bytes written are the same: the same objects in the same order, the same
offsets, the same deflate stream (zlib's deflate does not depend on how its input is cut, as zlib 1.2.13 was
checked to hold on random inputs; its API does not promise it), the same identifier, as long as
an object's bytes are the same each time they are made (pydyf's own write assumes it too).
`misfit()` says when pydyf is another version, or its `PDF.write` or `Stream.data` another source
than the one this was written against (their SHA-256).
"""

from __future__ import annotations

import hashlib
import inspect
import zlib
from math import ceil, log
from typing import Any

import pydyf

PINNED = "0.13.0"
# The SHA-256 of the source this replaces: `PDF.write`, and `Stream.data`, which it repeats for
# the object stream.
WRITE_SOURCE = "242cd38f92ecd33f831159f8eb560487bf2e18d746ff8a7666954f2a8d519ba0"
STREAM_DATA_SOURCE = "bdc2bc513f286de7b7a7220a43e6085daa6ed0056d9c04e3c9b5abe40f3ecf81"

ORIGINAL = pydyf.PDF.write


def source_sha256(function: Any) -> str:
    return hashlib.sha256(inspect.getsource(function).encode()).hexdigest()


def misfit() -> str | None:
    if pydyf.__version__ != PINNED:
        return f"it was written for pydyf {PINNED}, this is {pydyf.__version__}"
    if source_sha256(ORIGINAL) != WRITE_SOURCE or source_sha256(pydyf.Stream.data.fget) != STREAM_DATA_SOURCE:
        return "pydyf's PDF.write or Stream.data is not the source it was written against"
    return None


def installed() -> bool:
    return pydyf.PDF.write is write


def install() -> None:
    pydyf.PDF.write = write


def remove() -> None:
    pydyf.PDF.write = ORIGINAL


class ObjectStream(pydyf.Stream):  # type: ignore[misc]  # pydyf has no type hints
    """The object stream, deflated item by item (as `Stream.data` deflates them joined by
    newlines), each item let go once deflated; its bytes made once and kept."""

    stream: list[Any]

    def __init__(self, items: list[Any], extra: dict[str, Any]) -> None:
        super().__init__(items, extra, compress=True)
        self.made: bytes | None = None

    @property
    def data(self) -> bytes:
        if self.made is None:
            deflate = zlib.compressobj(level=9)
            items: list[Any] = self.stream
            self.stream = []
            chunks = []
            for index, item in enumerate(items):
                if index:
                    chunks.append(deflate.compress(b"\n"))
                chunks.append(deflate.compress(pydyf._to_bytes(item)))
                items[index] = None
            chunks.append(deflate.flush())
            stream = b"".join(chunks)
            extra = pydyf.Dictionary(self.extra.copy())
            extra["Filter"] = "/FlateDecode"
            extra["Length"] = len(stream)
            self.made = b"\n".join((extra.data, b"stream", stream, b"endstream"))
        return self.made


def write(
    self: Any, output: Any, version: Any = b"1.7", identifier: Any = False, compress: bool = False
) -> None:
    """pydyf's `PDF.write`, its compressed route taken in one pass (the module's docstring)."""
    version = pydyf._to_bytes(version or b"1.7")
    if not (version >= b"1.5" and compress):
        ORIGINAL(self, output, version, identifier, compress)
        return
    if identifier not in (False, True, None):
        identifier = pydyf._to_bytes(identifier)
    if self.info:
        self.add_object(self.info)
    self.write_line(b"%PDF-" + version, output)
    self.write_line(b"%\xf0\x9f\x96\xa4", output)
    digest = hashlib.md5() if identifier else None
    object_stream = write_objects(self, output, digest)
    write_cross_references(self, output, object_stream, identifier, digest)


class Written:
    """What the cross-reference stream needs of an object once it is written, in its place in
    `PDF.objects`, so that the object itself can go."""

    __slots__ = ("compressible", "free", "generation", "number", "offset")

    def __init__(self, object_: Any) -> None:
        self.number: int = object_.number
        self.offset: int = object_.offset
        self.generation: int = object_.generation
        self.free: str = object_.free
        self.compressible: bool = object_.compressible


def write_objects(pdf: Any, output: Any, digest: Any) -> ObjectStream:
    """Every object written, the small ones into the object stream (written last, as pydyf
    writes them), each serialised once and fed to `digest` in pydyf's order, then replaced in
    `pdf.objects` by what the cross-references need of it (`Written`): an object that nothing
    else holds (most of them: the page dictionaries and the tags) is let go. The object stream's
    header (each small object's number and position) is written into one buffer as it goes, not
    kept as a list of numbers and joined: at 58,500 objects that list held 2.9 MB and its join
    peaked at 11.1 MB of Python objects (`tracemalloc`), the buffer at 1.6 MB."""
    header = bytearray()  # b"number position number position ...", as pydyf's join of them
    items: list[Any] = [None]  # the object stream: its header, then each object's bytes
    position = 0
    objects = pdf.objects
    for index, object_ in enumerate(objects):
        if object_.free == "f":
            continue
        data = object_.data
        if digest is not None:
            digest.update(data)
        if object_.compressible:
            items.append(data)
            header += f"{object_.number} {position} ".encode()  # str() of each, as pydyf's join
            position += len(data) + 1
        else:
            object_.offset = pdf.current_position
            pdf.write_line(
                f"{object_.number} {object_.generation} obj\n".encode() + data + b"\nendobj", output
            )
        objects[index] = Written(object_)
    del header[-1:]  # the last separator
    items[0] = bytes(header)
    del header
    object_stream = ObjectStream(items, {"Type": "/ObjStm", "N": len(items) - 1, "First": len(items[0]) + 1})
    del items
    object_stream.offset = pdf.current_position
    pdf.add_object(object_stream)
    if digest is not None:
        digest.update(object_stream.data)
    pdf.write_line(object_stream.indirect, output)
    return object_stream


def write_cross_references(
    pdf: Any, output: Any, object_stream: ObjectStream, identifier: Any, digest: Any
) -> None:
    """The cross-reference stream and the trailer, as pydyf writes them. Each object's entry
    is written into one buffer, where pydyf makes a tuple of it, then bytes of each of its
    fields, and joins them: 34 MB of Python objects for a moment at 70,000 objects; at 3,000
    notes (58,500 objects) 14 MiB above the resident memory before and after it, the build's
    peak."""
    field2_size = ceil(log(pdf.current_position + 1, 256))
    max_generation = max(object_.generation for object_ in pdf.objects)
    field3_size = ceil(log(max(max_generation, object_stream.extra["N"]) + 1, 256))
    lengths = (1, field2_size, field3_size)
    xref = bytearray()
    dict_index = 0
    for object_ in pdf.objects:
        if object_.compressible:
            entry = (2, object_stream.number, dict_index)
            dict_index += 1
        else:
            entry = (bool(object_.number), object_.offset, object_.generation)
        for size, value in zip(lengths, entry, strict=True):
            xref += value.to_bytes(size, "big")
    for size, value in zip(lengths, (1, pdf.current_position, 0), strict=True):
        xref += value.to_bytes(size, "big")
    xref_stream = bytes(xref)
    del xref
    extra = {
        "Type": "/XRef",
        "Index": pydyf.Array((0, len(pdf.objects) + 1)),
        "W": pydyf.Array(lengths),
        "Size": len(pdf.objects) + 1,
        "Root": pdf.catalog.reference,
    }
    if pdf.info:
        extra["Info"] = pdf.info.reference
    if digest is not None:
        data_hash = digest.hexdigest().encode()
        if identifier is True:
            identifier = data_hash
        extra["ID"] = pydyf.Array((pydyf.String(identifier).data, pydyf.String(data_hash).data))
    dict_stream = pydyf.Stream([xref_stream], extra, True)
    pdf.xref_position = dict_stream.offset = pdf.current_position
    pdf.add_object(dict_stream)
    pdf.write_line(dict_stream.indirect, output)

    pdf.write_line(b"startxref", output)
    pdf.write_line(f"{pdf.xref_position}".encode(), output)
    pdf.write_line(b"%%EOF", output)
