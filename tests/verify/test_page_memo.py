"""The page memo: a page's key follows every byte PDFium reads of it, and nothing else; what the
memo gives is what PDFium reads; a damaged page is read again, and its damage found."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pikepdf
import pypdf

from folio.verify.expectation import Expectation
from folio.verify.outputs import verify_outputs
from folio.verify.page_memo import (
    FILE,
    FOLDER,
    HEADER,
    PageMemo,
    PageReading,
    page_keys,
    read_memo,
    read_remembered_pages,
)
from folio.verify.pdf_groups import page_groups
from folio.verify.pdf_text import read_page_texts
from tests.conftest import Built
from tests.verify.damage import blank_text, damaged_pdf, found, note_text_operation, page_of


def keys_of(path: Path) -> tuple[str, ...]:
    with pikepdf.open(path) as pdf:
        return page_keys(pdf)


def changed(first: tuple[str, ...], second: tuple[str, ...]) -> list[int]:
    assert len(first) == len(second)
    return [index for index, (a, b) in enumerate(zip(first, second, strict=True)) if a != b]


def cut_note_514(writer: pypdf.PdfWriter) -> None:
    page = page_of(writer, "41")
    line = note_text_operation(writer, page, "‘long-term and strategic ties’ with post-Assad Syr")
    blank_text(writer, page, line)


def same_stream(pdf: pikepdf.Pdf, stream: Any) -> pikepdf.Object:
    """Another stream object of the same bytes and dictionary (its filters too)."""
    copy = pikepdf.Stream(pdf, stream.read_raw_bytes())
    for key, value in stream.stream_dict.items():
        if key != "/Length":
            copy[key] = value
    return pdf.make_indirect(copy)


def test_the_keys_do_not_follow_object_numbers(built: Built, tmp_path: Path) -> None:
    """Written again in another order (linearised: other object numbers), every page keeps its key."""
    again = tmp_path / "renumbered.pdf"
    with pikepdf.open(built.result.pdf) as pdf:
        numbers = [page.obj.objgen for page in pdf.pages]
        pdf.save(again, linearize=True, object_stream_mode=pikepdf.ObjectStreamMode.disable)
    with pikepdf.open(again) as pdf:
        assert [page.obj.objgen for page in pdf.pages] != numbers
    assert keys_of(again) == keys_of(built.result.pdf)
    assert len(set(keys_of(again))) == len(keys_of(again))  # no two pages of the sample alike


def test_a_page_s_content_changed_changes_its_key_only(built: Built, tmp_path: Path) -> None:
    damaged = damaged_pdf(built, tmp_path, cut_note_514)
    with pikepdf.open(built.result.pdf) as pdf:
        page = next(i for i, p in enumerate(pdf.pages) if p.label == "41")
    assert changed(keys_of(built.result.pdf), keys_of(damaged)) == [page]


def test_a_changed_unicode_map_changes_the_key_of_the_page_using_it(built: Built, tmp_path: Path) -> None:
    """Page 1 given its own copies of its resources and fonts (other objects, the same content)
    keeps its key; a changed ToUnicode map in one of those copies changes page 1's key alone."""
    copied, edited = tmp_path / "copied.pdf", tmp_path / "edited.pdf"
    with pikepdf.open(built.result.pdf) as pdf:
        page: Any = pdf.pages[1].obj
        resources: Any = pdf.make_indirect(pikepdf.Dictionary(page.Resources))
        fonts = pikepdf.Dictionary(resources.Font)
        font: Any
        for name, font in list(fonts.items()):
            copy = pikepdf.Dictionary(font)
            copy.ToUnicode = same_stream(pdf, font.ToUnicode)
            fonts[name] = pdf.make_indirect(copy)
        resources.Font = fonts
        page.Resources = resources
        pdf.save(copied)
        first = next(iter(fonts.values()))
        first.ToUnicode.write(first.ToUnicode.read_bytes() + b"\n% another map\n")
        pdf.save(edited)
    original = keys_of(built.result.pdf)
    assert keys_of(copied) == original
    assert changed(original, keys_of(edited)) == [1]


def test_inherited_resources_count_as_the_page_s_own(built: Built, tmp_path: Path) -> None:
    """Resources moved up to the page tree keep the key; other resources there change it."""
    moved, other = tmp_path / "moved.pdf", tmp_path / "other.pdf"
    with pikepdf.open(built.result.pdf) as pdf:
        page = pdf.pages[1].obj
        page.Parent.Resources = page.Resources
        del page["/Resources"]
        pdf.save(moved)
        another = pikepdf.Dictionary(page.Parent.Resources)
        another.Font = pikepdf.Dictionary()  # none: the page draws with fonts it no longer has
        page.Parent.Resources = another
        pdf.save(other)
    original = keys_of(built.result.pdf)
    assert 1 not in changed(original, keys_of(moved))
    assert 1 in changed(original, keys_of(other))


def test_the_document_s_optional_content_is_in_every_key(built: Built, tmp_path: Path) -> None:
    """What optional content shows is the document's: declaring it changes every page's key."""
    layered = tmp_path / "layered.pdf"
    with pikepdf.open(built.result.pdf) as pdf:
        layer = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.OCG, Name="Notes"))
        pdf.Root.OCProperties = pikepdf.Dictionary(
            OCGs=pikepdf.Array([layer]), D=pikepdf.Dictionary(OFF=pikepdf.Array([layer]))
        )
        pdf.save(layered)
    original = keys_of(built.result.pdf)
    assert changed(original, keys_of(layered)) == list(range(len(original)))


def remembered(path: Path, memo: PageMemo) -> tuple[PageReading, ...]:
    with pikepdf.open(path) as pdf:
        return read_remembered_pages(path, memo, pdf=pdf)


def read_afresh(path: Path) -> tuple[PageReading, ...]:
    """What PDFium and the drawing groups read of each page, without a memo."""
    with pikepdf.open(path) as pdf:
        groups = tuple(page_groups(pdf))
    return tuple(PageReading(t, g) for t, g in zip(read_page_texts(path), groups, strict=True))


def test_the_memo_gives_what_the_verifier_reads(built: Built, tmp_path: Path) -> None:
    memo = PageMemo.beside(built.out)  # the build kept what it read
    pages = read_afresh(built.result.pdf)
    assert any(page.groups for page in pages)
    assert remembered(built.result.pdf, memo) == pages
    assert memo.hits == len(pages)
    damaged = damaged_pdf(built, tmp_path, cut_note_514)
    again = PageMemo.beside(built.out)
    assert remembered(damaged, again) == read_afresh(damaged)
    assert again.hits == len(pages) - 1


def test_a_damaged_page_is_found_through_the_memo(
    built: Built, tmp_path: Path, expected: Expectation
) -> None:
    damaged = damaged_pdf(built, tmp_path, cut_note_514)
    memo = PageMemo.beside(built.out)
    report = verify_outputs(pdf=damaged, epub=None, content=expected, run_epubcheck=False, memo=memo)
    assert found(report) == [("completeness", "41", 514)]
    assert memo.hits == len(keys_of(damaged)) - 1


def test_a_build_keeps_exactly_the_pages_it_read(built: Built, tmp_path: Path) -> None:
    kept = read_memo(built.out / FOLDER / FILE)
    assert set(kept) == set(keys_of(built.result.pdf))
    assert (built.out / FOLDER / ".gitignore").read_text(encoding="utf-8").endswith("*\n")
    memo = PageMemo(tmp_path / FOLDER, kept)
    remembered(damaged_pdf(built, tmp_path, cut_note_514), memo)
    memo.save()
    assert set(read_memo(tmp_path / FOLDER / FILE)) == set(keys_of(tmp_path / "damaged.pdf"))


def test_a_memo_that_cannot_be_read_is_empty(built: Built, tmp_path: Path) -> None:
    folder = tmp_path / FOLDER
    folder.mkdir()
    key = keys_of(built.result.pdf)[0]
    for text in ("{not json", json.dumps({"format": 1, "pages": {key: []}}), f"{HEADER}x\n{key} []"):
        (folder / FILE).write_text(text, encoding="utf-8")
        assert PageMemo.beside(tmp_path).found == {}
    (folder / FILE).write_text(f"{HEADER}\n{key} [1, 2]\n", encoding="utf-8")
    memo = PageMemo.beside(tmp_path)
    assert memo.get(key) is None  # a line that cannot be decoded: a page read again
    assert remembered(built.result.pdf, memo) == read_afresh(built.result.pdf)
    assert memo.hits == 0


def test_the_memo_keeps_found_lines_as_they_were(built: Built, tmp_path: Path) -> None:
    """A page found is written back as it was read; the earlier format's file goes."""
    lines = (built.out / FOLDER / FILE).read_text(encoding="utf-8").splitlines()
    (tmp_path / FOLDER).mkdir()
    (tmp_path / FOLDER / "pages.json").write_text("{}", encoding="utf-8")
    memo = PageMemo(tmp_path / FOLDER, read_memo(built.out / FOLDER / FILE))
    remembered(built.result.pdf, memo)
    memo.save()
    assert sorted((tmp_path / FOLDER / FILE).read_text(encoding="utf-8").splitlines()) == sorted(lines)
    assert not (tmp_path / FOLDER / "pages.json").exists()
