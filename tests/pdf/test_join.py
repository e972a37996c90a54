"""The parallel join's copy of the parts' pages: page by page, the bytes `add_pages_from` gives."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pikepdf
import pytest

from folio.pdf import PrintJob, join, patch_weasyprint, split, workers
from folio.pdf.join import LaidOutPart, PagesCopied, copy_pages
from tests.pdf.test_split import make_case


@dataclass(frozen=True)
class Parts:
    laid_out: list[LaidOutPart]
    job: PrintJob


@pytest.fixture(scope="module")
def parts(tmp_path_factory: pytest.TempPathFactory) -> Parts:
    """Three chapters laid out apart, as the parallel route's workers lay them out."""
    patch_weasyprint(lambda _line: None)  # as the stage does: the tagging patch names the notes
    case = make_case(tmp_path_factory.mktemp("join"), section_break=True, notes=60, bibliography=True)
    publication, job = case.publication, case.job
    cut = split.parallel_parts(publication, html=case.html, html_of=case.html_of, job=job, workers=3)
    assert isinstance(cut, tuple)
    assert len(cut) == 3
    return Parts(workers.lay_out_parts([case.html_of(part) for part in cut], job), job)


@pytest.fixture
def pages_copied_by_pikepdf(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """The number of pages of each `Pdf.add_pages_from` call."""
    calls: list[int] = []
    add_pages_from = pikepdf.Pdf.add_pages_from

    def counted(pdf: pikepdf.Pdf, other: pikepdf.Pdf, *args: Any, **kwargs: Any) -> Any:
        calls.append(len(other.pages))
        return add_pages_from(pdf, other, *args, **kwargs)

    monkeypatch.setattr(pikepdf.Pdf, "add_pages_from", counted)
    yield calls


def test_parts_copied_page_by_page_give_the_bytes_add_pages_from_gives(
    parts: Parts, pages_copied_by_pikepdf: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    by_page = join.join_parts(parts.laid_out, parts.job)
    assert pages_copied_by_pikepdf == []  # WeasyPrint's parts: every one copied page by page
    monkeypatch.setattr(join, "copies_plainly", lambda *_args: False)
    assert join.join_parts(parts.laid_out, parts.job) == by_page
    assert len(pages_copied_by_pikepdf) == 2  # the second and third parts


def linked_page(names: list[str], *, link_to: str | None = None) -> pikepdf.Pdf:
    """A one-page PDF with a named destination on its page for each of `names` (a flat name
    tree, as WeasyPrint writes it), and a link to `link_to`."""
    pdf = pikepdf.new()
    page = pdf.add_blank_page(page_size=(200, 200)).obj
    entries: list[Any] = []
    for name in names:
        entries += [pikepdf.String(name), pikepdf.Array([page, pikepdf.Name.XYZ, 0, 200, 0])]
    pdf.Root.Names = pikepdf.Dictionary(Dests=pikepdf.Dictionary(Names=pikepdf.Array(entries)))
    if link_to is not None:
        link = pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link, Rect=[0, 0, 10, 10])
        link.Dest = pikepdf.String(link_to)
        page.Annots = pdf.make_indirect(pikepdf.Array([pdf.make_indirect(link)]))
    return pdf


def link_destination(pdf: pikepdf.Pdf, page: int) -> str:
    return str(pdf.pages[page].obj.Annots[0].Dest)


def test_a_part_whose_destination_name_is_taken_is_copied_by_add_pages_from(
    pages_copied_by_pikepdf: list[int],
) -> None:
    """pikepdf renames a destination a link of the part leads to when the joined PDF has its
    name already: the join copies that part, and every later one, as pikepdf does."""
    joined = linked_page(["n-1"])
    copied = PagesCopied({"n-1"}, plain=True)
    copy_pages(joined, linked_page(["n-2"], link_to="n-2"), copied)
    assert (pages_copied_by_pikepdf, copied.plain) == ([], True)
    copy_pages(joined, linked_page(["n-1"], link_to="n-1"), copied)
    assert (pages_copied_by_pikepdf, copied.plain) == ([1], False)
    assert link_destination(joined, 2) == "n-1.1"  # pikepdf's renaming, as before this copy
    copy_pages(joined, linked_page(["n-3"]), copied)
    assert pages_copied_by_pikepdf == [1, 1]
    assert copied.names == {"n-1", "n-2", "n-3"}


@pytest.mark.parametrize("key", ["/AcroForm", "/OCProperties", "/Dests"])
def test_a_part_with_a_form_layers_or_legacy_destinations_is_copied_by_add_pages_from(
    key: str, pages_copied_by_pikepdf: list[int]
) -> None:
    """What `add_pages_from` carries besides the pages and named destinations stays its to carry."""
    other = linked_page(["n-2"])
    other.Root[key] = pikepdf.Dictionary()
    copied = PagesCopied(set(), plain=True)
    copy_pages(linked_page([]), other, copied)
    assert (pages_copied_by_pikepdf, copied.plain) == ([1], False)
