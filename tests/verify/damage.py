"""Damaging copies of the sample's PDF and EPUB, for the checks to catch.

A PDF is damaged with pypdf: its names, links, labels, and the operations of a page's content
stream, each text-showing operation found by the text PDFium reads from it (a page's text
objects are its text-showing operations, in order). An EPUB is damaged with text edits.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pikepdf
import pypdf
from pypdf.generic import (
    ArrayObject,
    ContentStream,
    DictionaryObject,
    FloatObject,
    NameObject,
    TextStringObject,
)

from folio.verify.expectation import Expectation
from folio.verify.outputs import verify_outputs
from folio.verify.pdf_text import read_page_texts
from folio.verify.report import Report
from tests.conftest import Built

SHOWS = (b"Tj", b"TJ", b"'", b'"')
Operations = list[tuple[Any, bytes]]
SECTION = "EPUB/s-3-2-russia.xhtml"
NAV = "EPUB/nav.xhtml"
NCX = "EPUB/toc.ncx"


def verify(expected: Expectation | None, *, pdf: Path | None = None, epub: Path | None = None) -> Report:
    return verify_outputs(pdf=pdf, epub=epub, content=expected, run_epubcheck=False)


def found(report: Report) -> list[tuple[str, str | None, int | None]]:
    return [(p.check, p.page, p.note) for p in report.problems]


def damaged_pdf(built: Built, tmp_path: Path, damage: Callable[[pypdf.PdfWriter], None]) -> Path:
    """A copy of the sample PDF after `damage`, with the original's header version kept."""
    reader = pypdf.PdfReader(built.result.pdf)
    writer = pypdf.PdfWriter(clone_from=reader)
    writer.pdf_header = reader.pdf_header
    damage(writer)
    path = tmp_path / "damaged.pdf"
    with path.open("wb") as out:
        writer.write(out)
    assert path.read_bytes().startswith(reader.pdf_header.encode())
    return path


def page_of(writer: pypdf.PdfWriter, label: str) -> int:
    """The index of the page labelled `label` (the sample's body starts after its front)."""
    return list(writer.page_labels).index(label)


def dests(writer: pypdf.PdfWriter) -> ArrayObject:
    names = writer.root_object["/Names"]["/Dests"]["/Names"]  # type: ignore[index]
    assert isinstance(names, ArrayObject)
    return names


def rename_destination(writer: pypdf.PdfWriter, old: str, new: str | None) -> None:
    names = dests(writer)
    index = [str(n) for n in names[0::2]].index(old)
    if new is None:
        del names[2 * index : 2 * index + 2]
    else:
        names[2 * index] = TextStringObject(new)


def move_destination(writer: pypdf.PdfWriter, name: str, page: int | None = None, *, up: float = 0) -> None:
    """The named destination `name` onto the page of index `page` (same place on it), and `up`
    points higher."""
    names = dests(writer)
    index = [str(n) for n in names[0::2]].index(name)
    target = names[2 * index + 1].get_object()
    array = target["/D"] if isinstance(target, DictionaryObject) else target
    assert isinstance(array, ArrayObject)
    if page is not None:
        array[0] = writer.pages[page].indirect_reference
    array[3] = FloatObject(float(array[3]) + up)


def swap_texts(writer: pypdf.PdfWriter, page: int, first: int, second: int) -> None:
    """The text-showing operations at `first` and `second` show each other's glyphs, each at its
    own place (the text is glyph ids: it cannot be rewritten as characters)."""

    def swap(operations: Operations) -> None:
        (a, op_a), (b, op_b) = operations[first], operations[second]
        operations[first], operations[second] = (b, op_a), (a, op_b)

    edit_stream(writer, page, swap)


def link_annots(writer: pypdf.PdfWriter, on: str | None = None) -> list[pypdf.generic.DictionaryObject]:
    """The link annotations of the PDF, or of the page labelled `on`."""
    pages = writer.pages if on is None else [writer.pages[page_of(writer, on)]]
    return [
        ref.get_object()
        for page in pages
        for ref in page.get("/Annots") or ()
        if ref.get_object().get("/Subtype") == "/Link"
    ]


def link_annots_on(writer: pypdf.PdfWriter, page: int) -> list[pypdf.generic.DictionaryObject]:
    annots = writer.pages[page].get("/Annots") or ()
    return [ref.get_object() for ref in annots if ref.get_object().get("/Subtype") == "/Link"]


def retarget(
    writer: pypdf.PdfWriter, old: str, new: str, *, page: int | None = None, on: str | None = None
) -> None:
    """The one link to `old` (on the page of index `page`, or labelled `on`, when given) leads to `new`."""
    annots = link_annots(writer, on) if page is None else link_annots_on(writer, page)
    [annot] = [a for a in annots if str(a.get("/Dest")) == old]
    annot[NameObject("/Dest")] = TextStringObject(new)


def readdress(writer: pypdf.PdfWriter, page: int, old: str, new: str) -> None:
    """The web link to `old` on `page` leads to `new`."""
    actions: list[Any] = [a["/A"].get_object() for a in link_annots_on(writer, page) if "/A" in a]
    [action] = [a for a in actions if str(a.get("/URI")) == old]
    action[NameObject("/URI")] = TextStringObject(new)


def remove_links(
    writer: pypdf.PdfWriter, *dests: str, page: int | None = None, between: tuple[float, float] | None = None
) -> None:
    """Every link annotation to one of `dests` taken off its page (only on `page`, and only
    between the heights `between`, when given)."""
    for index, each in enumerate(writer.pages):
        annots = each.get("/Annots")
        if annots is None or page not in (None, index):
            continue
        kept = [ref for ref in annots if not taken(ref.get_object(), dests, between)]
        each[NameObject("/Annots")] = ArrayObject(kept)


def taken(annot: Any, dests: tuple[str, ...], between: tuple[float, float] | None) -> bool:
    low, high = between or (float("-inf"), float("inf"))
    middle = (float(annot["/Rect"][1]) + float(annot["/Rect"][3])) / 2
    return str(annot.get("/Dest")) in dests and low < middle < high


def destination_top(writer: pypdf.PdfWriter, name: str) -> float:
    names = dests(writer)
    index = [str(n) for n in names[0::2]].index(name)
    destination: Any = names[2 * index + 1].get_object()
    return float(destination[3])


def text_operations(writer: pypdf.PdfWriter, page: int) -> list[tuple[int, str]]:
    """Each text-showing operation of a page's stream (its index), with the text PDFium reads."""
    operations = ContentStream(writer.pages[page].get_contents(), writer).operations
    shows = [index for index, (_, operator) in enumerate(operations) if operator in SHOWS]
    memory = io.BytesIO()
    writer.write(memory)
    runs = list(read_page_texts(memory.getvalue()))[page].runs
    assert len(shows) == len(runs)
    return [(index, run.text) for index, run in zip(shows, runs, strict=True)]


def edit_stream(writer: pypdf.PdfWriter, page: int, edit: Callable[[Operations], None]) -> None:
    content = ContentStream(writer.pages[page].get_contents(), writer)
    operations = content.operations
    edit(operations)
    content.operations = operations
    writer.pages[page].replace_contents(content)


def blank_text(writer: pypdf.PdfWriter, page: int, index: int) -> None:
    """The text-showing operation at `index` shows nothing."""

    def blank(operations: Operations) -> None:
        operations[index] = ([ArrayObject()], b"TJ")

    edit_stream(writer, page, blank)


def lower_text(writer: pypdf.PdfWriter, page: int, index: int, points: float) -> None:
    """The text matrix set before the operation at `index` moves `points` down the page (up the
    flipped user space WeasyPrint draws in)."""

    def lower(operations: Operations) -> None:
        matrix = next(j for j in range(index, -1, -1) if operations[j][1] == b"Tm")
        operands = operations[matrix][0]
        operands[5] = FloatObject(float(operands[5]) + points)

    edit_stream(writer, page, lower)


def shift_text(writer: pypdf.PdfWriter, page: int, index: int, points: float) -> None:
    """The text matrix set before the operation at `index` moves `points` to the right."""

    def shift(operations: Operations) -> None:
        matrix = next(j for j in range(index, -1, -1) if operations[j][1] == b"Tm")
        operands = operations[matrix][0]
        operands[4] = FloatObject(float(operands[4]) + points)

    edit_stream(writer, page, shift)


def note_text_operation(writer: pypdf.PdfWriter, page: int, starts: str) -> int:
    return next(index for index, text in text_operations(writer, page) if text.startswith(starts))


def damaged_epub(
    built: Built, tmp_path: Path, edits: dict[str, Callable[[str], str]], *, order: bool = True
) -> Path:
    """A copy of the sample EPUB with text edits to some of its files."""
    source = zipfile.ZipFile(built.result.epub)
    path = tmp_path / "damaged.epub"
    with zipfile.ZipFile(path, "w") as target:
        infos = source.infolist() if order else source.infolist()[::-1]
        for info in infos:
            data = source.read(info.filename)
            if info.filename in edits:
                data = edits[info.filename](data.decode("utf-8")).encode("utf-8")
            target.writestr(info, data)
    return path


def replace_once(old: str, new: str) -> Callable[[str], str]:
    def edit(text: str) -> str:
        assert text.count(old) >= 1, old
        return text.replace(old, new, 1)

    return edit


def remove_aside(number: int) -> Callable[[str], str]:
    def remove(text: str) -> str:
        return re.sub(rf'<aside [^>]*id="fn-{number}".*?</aside>', "", text, count=1, flags=re.DOTALL)

    return remove


def drop_element(tag: str, attributes: str = "") -> Callable[[str], str]:
    """Without the first `tag` element (whose start tag holds `attributes`, when given)."""
    pattern = rf"<{tag}\b[^>]*{re.escape(attributes)}.*?</{tag}>\s*"
    return lambda text: re.sub(pattern, "", text, count=1, flags=re.DOTALL)


def swap_texts_of(first: str, second: str) -> Callable[[str], str]:
    """`first` where `second` was, and the other way round."""
    return lambda text: text.replace(first, "\0").replace(second, first).replace("\0", second)


def draw_an_image(pdf: pikepdf.Pdf, colour_space: str, *, page: int = 3, **extra: object) -> None:
    """A 2×2 image in `colour_space` (/DeviceRGB, /DeviceGray), drawn as an artifact on the
    page of that index (the sample's 41), with `extra` entries in its dictionary."""
    samples = {"/DeviceRGB": b"\xff\x00\x00", "/DeviceGray": b"\x80"}[colour_space] * 4
    image = pikepdf.Stream(
        pdf,
        zlib.compress(samples),
        Type=pikepdf.Name.XObject,
        Subtype=pikepdf.Name.Image,
        Width=2,
        Height=2,
        ColorSpace=pikepdf.Name(colour_space),
        BitsPerComponent=8,
        Filter=pikepdf.Name.FlateDecode,
        **extra,
    )
    resources = pdf.pages[page].Resources
    if "/XObject" not in resources:
        resources.XObject = pikepdf.Dictionary()
    resources.XObject.Im9 = image
    pdf.pages[page].contents_add(pikepdf.Stream(pdf, b"/Artifact BMC q 10 0 0 10 20 20 cm /Im9 Do Q EMC"))


PikeDamage = Callable[[pikepdf.Pdf], None]  # a damage done to an edition's file, in pikepdf


def pike_damaged(built: Built, tmp_path: Path, damage: PikeDamage) -> Path:
    """A copy of the built PDF after `damage`, done in pikepdf (the structure tree, content
    streams, name trees: what pypdf's writer would rewrite)."""
    path = tmp_path / "damaged.pdf"
    with pikepdf.open(built.result.pdf) as pdf:
        damage(pdf)
        pdf.save(path)
    return path


def set_xmp(**changes: str | None) -> PikeDamage:
    """The XMP's properties (`pdfxid__GTS_PDFXVersion` for pdfxid:GTS_PDFXVersion) set, or
    removed where None."""

    def damage(pdf: pikepdf.Pdf) -> None:
        with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
            for key, value in changes.items():
                name = key.replace("__", ":")
                if value is None:
                    del meta[name]
                else:
                    meta[name] = value

    return damage


def drop_output_intent(pdf: pikepdf.Pdf) -> None:
    del pdf.Root["/OutputIntents"]
