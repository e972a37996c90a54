"""folio.pdf.patches.one_pass_write: pydyf's compressed PDF written with each object serialised
once, byte for byte the file pydyf 0.13.0 writes (a whole WeasyPrint PDF: test_memory_savings)."""

from __future__ import annotations

import io
import tracemalloc
import weakref
from typing import Any

import pydyf
import pytest

from folio.pdf.patches import one_pass_write


class Counted(pydyf.Dictionary):  # type: ignore[misc]  # pydyf has no type hints
    """A dictionary that counts how often it is serialised."""

    serialised = 0

    @property
    def data(self) -> bytes:
        Counted.serialised += 1
        return bytes(super().data)


class CountedStream(pydyf.Stream):  # type: ignore[misc]
    """A content stream that counts how often it is serialised (deflated)."""

    serialised = 0

    @property
    def data(self) -> bytes:
        CountedStream.serialised += 1
        return bytes(super().data)


def document() -> Any:
    """A small PDF of every kind of object pydyf writes: pages, a content stream, an info
    dictionary, strings, arrays, and counted dictionaries."""
    pdf = pydyf.PDF()
    pdf.info["Title"] = pydyf.String("A report")
    for number in range(3):
        content = CountedStream(compress=True)
        content.begin_text()
        content.show_text(pydyf.String(f"page {number}").data)
        content.end_text()
        pdf.add_object(content)
        page = pydyf.Dictionary(
            {"Type": "/Page", "Parent": pdf.pages.reference, "Contents": content.reference}
        )
        pdf.add_page(page)
        pdf.add_object(Counted({"Kids": pydyf.Array([page.reference]), "N": number}))
    return pdf


def written(write: Any, **options: Any) -> bytes:
    output = io.BytesIO()
    write(document(), output, **options)
    return output.getvalue()


def test_the_patch_is_in_place() -> None:
    assert one_pass_write.installed() is True
    assert one_pass_write.misfit() is None


@pytest.mark.parametrize(
    "options",
    [
        {"version": b"1.7", "identifier": b"folio-1", "compress": True},
        {"version": "1.7", "identifier": True, "compress": True},
        {"version": b"2.0", "identifier": False, "compress": True},
        {"version": b"1.7", "identifier": b"folio-1", "compress": False},  # pydyf's own route
        {"version": b"1.4", "identifier": b"folio-1", "compress": True},  # no object streams
    ],
)
def test_the_file_is_pydyf_s_byte_for_byte(options: dict[str, Any]) -> None:
    ours = written(one_pass_write.write, **options)
    assert ours == written(one_pass_write.ORIGINAL, **options)
    if options["compress"] and options["version"] != b"1.4":
        assert b"/ObjStm" in ours


def large_document(objects: int) -> Any:
    """A PDF of `objects` small dictionaries and a page: offsets of three bytes and an object
    stream of more than 65,535 objects, so the cross-references' two wide fields take three
    bytes each."""
    pdf = pydyf.PDF()
    content = pydyf.Stream([b"BT ET"], compress=True)
    pdf.add_object(content)
    pdf.add_page(
        pydyf.Dictionary({"Type": "/Page", "Parent": pdf.pages.reference, "Contents": content.reference})
    )
    for number in range(objects):
        pdf.add_object(pydyf.Dictionary({"N": number, "Name": pydyf.String(f"object {number}")}))
    return pdf


def test_a_file_of_70_000_objects_is_pydyf_s_byte_for_byte() -> None:
    files = []
    for write in (one_pass_write.write, one_pass_write.ORIGINAL):
        output = io.BytesIO()
        write(large_document(70_000), output, identifier=True, compress=True)
        files.append(output.getvalue())
    assert files[0] == files[1]
    assert b"/W [1 3 3]" in files[0]


def test_the_cross_references_are_written_without_a_list_of_their_entries() -> None:
    pdf = large_document(70_000)
    object_stream = one_pass_write.write_objects(pdf, io.BytesIO(), None)
    tracemalloc.start()
    try:
        one_pass_write.write_cross_references(pdf, io.BytesIO(), object_stream, False, None)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # the entries: 7 bytes each, 490 KB, held twice at most (the buffer and its bytes), and deflated;
    # as a list of tuples and of each field's bytes, joined, they took 33.8 MB here
    assert peak < 2_000_000


def test_each_object_is_serialised_once_where_pydyf_serialises_it_twice() -> None:
    for write, times in ((one_pass_write.write, 1), (one_pass_write.ORIGINAL, 2)):
        Counted.serialised = CountedStream.serialised = 0
        written(write, identifier=b"folio-1", compress=True)
        # pydyf: once into the file, once more for the identifier
        assert (Counted.serialised, CountedStream.serialised) == (3 * times, 3 * times)


def test_each_object_written_is_let_go_and_only_its_cross_reference_kept() -> None:
    pdf = document()
    pages = [weakref.ref(pdf.objects[int(reference.split()[0])]) for reference in pdf.page_references]
    numbers = [(o.number, o.generation, o.compressible) for o in pdf.objects]
    one_pass_write.write(pdf, io.BytesIO(), identifier=b"folio-1", compress=True)
    assert [page() for page in pages] == [None, None, None]
    assert (pdf.objects[0].free, pdf.objects[0].generation) == ("f", 65535)  # the free object, as it was
    assert isinstance(pdf.objects[-2], one_pass_write.ObjectStream)  # added after the loop, before the xref
    written = pdf.objects[1 : len(numbers)]
    assert all(isinstance(o, one_pass_write.Written) for o in written)
    assert [(o.number, o.generation, o.compressible) for o in written] == numbers[1:]
    assert [o.offset > 0 for o in written] == [not compressible for _, _, compressible in numbers[1:]]


def test_the_object_stream_lets_its_items_go_and_keeps_its_bytes() -> None:
    items = ["1 0 2 4", b"<<>>", b"[1]"]
    stream = one_pass_write.ObjectStream(items, {"Type": "/ObjStm", "N": 2, "First": 8})
    plain = pydyf.Stream(list(items), {"Type": "/ObjStm", "N": 2, "First": 8}, compress=True)
    assert stream.data == plain.data
    assert stream.stream == [] and items == [None, None, None]
    assert stream.data == plain.data  # made once, given again


def test_another_pydyf_or_another_source_is_a_misfit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(one_pass_write, "WRITE_SOURCE", "0" * 64)
    assert (
        one_pass_write.misfit() == "pydyf's PDF.write or Stream.data is not the source it was written against"
    )
    monkeypatch.setattr(pydyf, "__version__", "0.14.0")
    assert one_pass_write.misfit() == "it was written for pydyf 0.13.0, this is 0.14.0"
