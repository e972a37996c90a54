"""folio.pdf.patches: nothing is patched at import; `apply()` patches once; one version policy."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator

import pytest
import weasyprint
from weasyprint.layout import block, inline
from weasyprint.text import line_break

from folio.load import load_publication
from folio.pdf import PrintJob, lay_out_print_edition, patches
from folio.pdf.patches import footnote_area, footnote_index, keep_notes, tagging, trailing_space
from folio.pipeline import ROOT, Project
from folio.render import render_print_html
from tests.conftest import CONTENT

LEFT_OUT_ON_71 = [
    "WeasyPrint patch cycles not applied: it was written for WeasyPrint 70.0, this is 71.0 "
    "(a finished layout stays in memory until Python's cycle collector runs, seldom in a build)",
    "WeasyPrint patch deflate_pages not applied: it was written for WeasyPrint 70.0, this is 71.0 "
    "(every page's drawing operations wait, undeflated, until the whole PDF is written (about 20 "
    "MiB at 3,000 notes))",
    "WeasyPrint patch footnote_area not applied: it was written for WeasyPrint 70.0, this is 71.0 "
    "(layout time grows with the square of the notes on a page)",
    "WeasyPrint patch footnote_index not applied: it was written for WeasyPrint 70.0, this is 71.0 "
    "(layout time grows faster than the text)",
    "WeasyPrint patch keep_notes not applied: it was written for WeasyPrint 70.0, this is 71.0 "
    "(a note may print a page after its call, or not at all)",
    "WeasyPrint patch one_pass_write not applied: it was written for WeasyPrint 70.0, this is 71.0 "
    "(pydyf writes every object of the PDF twice and holds them all joined at once)",
    "WeasyPrint patch pseudo_styles not applied: it was written for WeasyPrint 70.0, this is 71.0 "
    "(every element's six pseudo-elements get a computed style, drawn or not (about 100 MiB at "
    "3,000 notes))",
    "WeasyPrint patch style_keys not applied: it was written for WeasyPrint 70.0, this is 71.0 "
    "(each computed style keeps its own copies of about a dozen property names (about 26 MiB at "
    "3,000 notes))",
    "WeasyPrint patch tagging not applied: it was written for WeasyPrint 70.0, this is 71.0 "
    "(the tagged PDF's notes are no Note elements, its links say their targets, its running texts "
    "are untagged)",
    "WeasyPrint patch trailing_space not applied: it was written for WeasyPrint 70.0, this is 71.0 "
    "(a line that ends just before an inline box by less than a space may keep only its first word)",
]

IMPORT_ONLY = """
from folio.pdf import patches
import folio.pdf, folio.pdf.split, folio.pdf.render
print([patch.installed() for patch in patches.PATCHES])
patches.apply()
print([patch.installed() for patch in patches.PATCHES])
"""


@pytest.fixture(autouse=True)
def applied_after() -> Iterator[None]:
    """Whatever a test does to the patches, the next one finds them applied."""
    yield
    assert patches.apply() == ()


def test_importing_the_pdf_stage_patches_nothing() -> None:
    run = subprocess.run([sys.executable, "-c", IMPORT_ONLY], capture_output=True, text=True, check=True)
    count = len(patches.PATCHES)
    assert count == 10  # cycles, deflate_pages, footnote_area, footnote_index, keep_notes,
    # one_pass_write, pseudo_styles, style_keys, tagging, trailing_space
    assert run.stdout.splitlines() == [str([False] * count), str([True] * count)]


def test_apply_is_idempotent() -> None:
    assert patches.apply() == ()
    layout, init = block._linebox_layout, weasyprint.layout.LayoutContext.__init__
    assert patches.apply() == ()
    assert (block._linebox_layout, weasyprint.layout.LayoutContext.__init__) == (layout, init)
    assert all(patch.installed() for patch in patches.PATCHES)


def test_on_another_weasyprint_every_patch_is_left_out_with_one_line_each(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert patches.apply() == ()
    monkeypatch.setattr(weasyprint, "__version__", "71.0")
    assert list(patches.apply()) == LEFT_OUT_ON_71
    assert not footnote_index.installed()
    assert not keep_notes.installed()
    assert not footnote_area.installed()
    assert not tagging.installed()
    assert block._linebox_layout is keep_notes.ORIGINAL
    assert block.block_level_layout is footnote_area.ORIGINAL_LAYOUT
    assert not trailing_space.installed()
    assert inline.split_first_line is line_break.split_first_line is trailing_space.ORIGINAL


def test_named_patches_can_be_left_out_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FOLIO_PLAIN_WEASYPRINT", "footnote_area")
    assert patches.apply() == (
        "WeasyPrint patch footnote_area not applied: FOLIO_PLAIN_WEASYPRINT=footnote_area asks for "
        "WeasyPrint without it (layout time grows with the square of the notes on a page)",
    )
    assert [patch.installed() for patch in patches.PATCHES] == [True, True, False, *[True] * 7]
    monkeypatch.delenv("FOLIO_PLAIN_WEASYPRINT")


def test_a_patch_whose_source_moved_on_is_left_out_by_the_same_policy(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(keep_notes, "DRIFTING_DECISION", "a line WeasyPrint no longer has")
    assert patches.apply() == (
        "WeasyPrint patch keep_notes not applied: WeasyPrint's _linebox_layout no longer holds the "
        "decision it corrects (a note may print a page after its call, or not at all)",
    )
    assert footnote_index.installed()
    assert not keep_notes.installed()


def test_the_stage_applies_the_patches_when_it_starts_and_says_what_it_left_out(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    publication = load_publication(CONTENT).publication
    html = render_print_html(publication, templates_dir=Project().templates, created=publication.modified)
    job = PrintJob(
        base_url=ROOT,
        stylesheet=Project().styles / "print.css",
        first_page=publication.first_page,
        identifier=publication.identifier,
    )

    def html_of(part: object) -> str:
        assert part == publication.body, "the sample is laid out in one process, not in parts"
        return html

    for patch in patches.PATCHES:
        patch.remove()
    said: list[str] = []
    lay_out_print_edition(publication, html_of=html_of, job=job, say=said.append)
    assert said == []
    assert all(patch.installed() for patch in patches.PATCHES)
    monkeypatch.setattr(weasyprint, "__version__", "71.0")
    edition = lay_out_print_edition(publication, html_of=html_of, job=job, say=said.append)
    assert said == LEFT_OUT_ON_71
    assert [page.label for page in edition.pages] == ["41", "42", "43"]  # 3.2. Russia, Annex 1
