"""folio.pdf.patches.footnote_area: each note laid out once a page, and every box where it was."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import weasyprint
from weasyprint.formatting_structure.boxes import FootnoteAreaBox

from bench.sameness import compare, lay_out, page_boxes, synthetic_report
from folio.load import load_publication
from folio.pdf import patches
from folio.pdf.patches import footnote_area
from folio.pipeline import ROOT, Project
from folio.render import render_print_html

NOTES_ON_ONE_PAGE = """<style>
  @page { size: 120mm 200mm; margin: 10mm; }
  .fn { float: footnote; }
</style>
%s"""


def one_page(notes: int, note: str = "a note of a few words") -> str:
    body = "".join(f"<p>Text with a call{n}<span class=fn>{note} {n}</span>.</p>" for n in range(notes))
    return NOTES_ON_ONE_PAGE % body


@pytest.fixture(autouse=True)
def patched() -> None:
    assert patches.apply() == ()


@pytest.fixture
def note_layouts(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Any]]:
    """Every layout of a note's box in a footnote area, with the patch and without it."""
    laid_out: list[Any] = []
    original = footnote_area.ORIGINAL_LAYOUT

    def counting(context: Any, box: Any, bottom_space: Any, skip_stack: Any, area: Any, *args: Any) -> Any:
        if isinstance(area, FootnoteAreaBox):
            laid_out.append(box)
        return original(context, box, bottom_space, skip_stack, area, *args)

    monkeypatch.setattr(footnote_area, "ORIGINAL_LAYOUT", counting)
    yield laid_out
    patches.apply()


def test_the_patch_is_in_place() -> None:
    assert footnote_area.installed() is True
    assert footnote_area.misfit() is None


def test_each_note_is_laid_out_once(note_layouts: list[Any]) -> None:
    (_page,) = weasyprint.HTML(string=one_page(6)).render().pages
    assert len(note_layouts) == 6


def test_plain_weasyprint_lays_out_a_page_of_k_notes_k_squared_over_2_times(note_layouts: list[Any]) -> None:
    """The cost the patch takes away is real in the pinned WeasyPrint (else it is dead code)."""
    footnote_area.remove()
    (_page,) = weasyprint.HTML(string=one_page(6)).render().pages
    assert len(note_layouts) == 6 * 7 // 2 + 6  # each update lays out the page's notes so far, then the page


def test_the_sample_is_laid_out_box_for_box_as_without_the_patch() -> None:
    publication = load_publication(ROOT / "content").publication
    html = render_print_html(publication, templates_dir=Project().templates, created=publication.modified)
    result = compare(html, Project().styles / "print.css")
    assert result.differing_pages == ()
    assert result.boxes > 100


@pytest.mark.parametrize("chapters", [False, True], ids=["run-on sections", "chapters"])
def test_a_generated_report_is_laid_out_box_for_box_as_without_the_patch(
    tmp_path: Path, chapters: bool
) -> None:
    report = synthetic_report(tmp_path, notes=200, chapters=chapters)
    result = compare(report.html, report.stylesheet)
    assert result.pages > 25
    assert result.differing_pages == ()


def test_a_note_it_cannot_reason_about_is_laid_out_as_weasyprint_does(
    capsys: pytest.CaptureFixture[str], note_layouts: list[Any]
) -> None:
    html = one_page(4, note='a note with <span style="position: relative; top: 1px">a nudge</span>')
    patched = page_boxes(weasyprint.HTML(string=html).render())
    said = capsys.readouterr().err.splitlines()
    assert said == [
        "footnote area: a note holding a positioned box or a running element: this page's notes are "
        "laid out again at every change, as WeasyPrint does"
    ]
    assert len(note_layouts) == 4 * 5 // 2 + 4
    assert page_boxes(lay_out_plain(html)) == patched


def lay_out_plain(html: str) -> Any:
    try:
        footnote_area.remove()
        return weasyprint.HTML(string=html).render()
    finally:
        patches.apply()


def test_sameness_is_seen_to_fail_when_a_box_moves(tmp_path: Path) -> None:
    """The comparison itself can tell two layouts apart (else its "none differ" proves nothing)."""
    stylesheet = tmp_path / "print.css"
    stylesheet.write_text("@page { size: 100mm 100mm; }", encoding="utf-8")
    moved = page_boxes(lay_out("<p style='margin-top: 1px'>a</p>", stylesheet))
    assert moved != page_boxes(lay_out("<p>a</p>", stylesheet))


@pytest.mark.parametrize("text", ["WHOLE_COPY", "FINAL_COPY", "CHILD_LAYOUT"])
def test_a_source_that_moved_on_is_left_unpatched(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    monkeypatch.setattr(footnote_area, text, "a line WeasyPrint no longer has")
    said = patches.apply()
    assert len(said) == 1
    assert said[0].startswith("WeasyPrint patch footnote_area not applied: WeasyPrint's ")
    assert not footnote_area.installed()
    assert weasyprint.layout.LayoutContext._update_footnote_area is footnote_area.ORIGINAL_UPDATE
