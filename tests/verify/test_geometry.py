"""Geometry: a note line moved past the page foot, a note reaching up into the body, a body line
past the edge; a footer that wraps is the footer's, not a note past the foot."""

from __future__ import annotations

from pathlib import Path

import pypdf
import pytest
from pypdf.generic import FloatObject

from folio.load import load_publication
from folio.pipeline import build
from folio.verify.expectation import Expectation, expect_from_content, normalise
from folio.verify.pdf_facts import read_pdf_facts
from folio.verify.pdf_text import read_page_texts
from tests.conftest import Built, write_content
from tests.verify.damage import (
    damaged_pdf,
    dests,
    found,
    lower_text,
    note_text_operation,
    page_of,
    shift_text,
    verify,
)


def test_a_note_line_moved_past_the_foot_of_the_page(
    built: Built, tmp_path: Path, expected: Expectation
) -> None:
    def lower(writer: pypdf.PdfWriter) -> None:
        page = page_of(writer, "41")
        line = note_text_operation(writer, page, "AP, Russian government")
        lower_text(writer, page, line, 20)

    report = verify(expected, pdf=damaged_pdf(built, tmp_path, lower))
    assert found(report) == [("geometry", "41", 521)]
    assert report.problems[0].message.startswith(
        "note 521 runs past the foot of the page ('AP, Russian government"
    )


def test_a_note_reaching_up_into_the_body(built: Built, tmp_path: Path, expected: Expectation) -> None:
    def raise_note(writer: pypdf.PdfWriter) -> None:
        names = dests(writer)
        index = [str(n) for n in names[0::2]].index("fn-505")
        names[2 * index + 1][3] = FloatObject(600)

    report = verify(expected, pdf=damaged_pdf(built, tmp_path, raise_note))
    assert found(report) == [("geometry", "41", 505)]
    assert report.problems[0].message == "note 505 reaches up into the body text"


def test_a_body_line_moved_past_the_right_edge(built: Built, tmp_path: Path, expected: Expectation) -> None:
    def push(writer: pypdf.PdfWriter) -> None:
        page = page_of(writer, "42")
        shift_text(writer, page, note_text_operation(writer, page, "have begun to transport"), 700)

    report = verify(expected, pdf=damaged_pdf(built, tmp_path, push))
    assert ("body-geometry", "42", None) in found(report)
    body = next(p for p in report.problems if p.check == "body-geometry")
    assert body.message.startswith("text runs past the edge of the page ('have begun to transport")


def test_an_unbreakable_word_that_runs_off_the_page_fails_the_build(tmp_path: Path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    write_content(content, f"## A\n\nText before {'x' * 3000} after.\n")
    result = build(content, tmp_path / "dist", say=lambda _: None)
    assert [(p.check, p.page) for p in result.problems] == [("body-geometry", "1")]


FOOTER = (
    "Reproduction is authorised provided the source is acknowledged; licensed under Creative "
    "Commons Attribution-NonCommercial-NoDerivs (CC BY-NC-ND 2.0)"
)


@pytest.fixture(scope="module")
def wrapped(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """A book whose footer wraps to two lines: notes on its first page, none on the second,
    whose last paragraph runs on to the third."""
    root = tmp_path_factory.mktemp("wrapped-footer")
    sentence = "The text runs on for a while so that the page fills with words. "
    noted = "\n\n".join(f"{sentence * 5}[^{n}]" for n in range(1, 7))
    plain = "\n\n".join([sentence * 9] * 16)
    notes = "\n".join(f"[^{n}]: Note {n}, a citation of one line." for n in range(1, 7))
    (root / "content").mkdir()
    write_content(root / "content", f"## 1. Wrapped\n\n{noted}\n\n{plain}\n\n{notes}\n", footer=FOOTER)
    result = build(root / "content", root / "dist", say=lambda _: None)
    return Built(result, root / "dist", ())


def test_a_footer_that_wraps_is_running_text_not_a_note_s(wrapped: Built) -> None:
    """It made every page with notes fail: 'note N runs past the foot of the page ('NC-ND 2.0)')',
    the footer's second line read as the last note's text."""
    assert wrapped.result.ok, [str(p) for p in wrapped.result.problems]
    labels = read_pdf_facts(wrapped.result.pdf).labels or ()
    pages = list(read_page_texts(wrapped.result.pdf))[labels.index("1") :]  # the body's
    assert len(pages) >= 3
    for page in pages:
        footer = [r for r in page.runs if r.y < 60 and not r.text.strip().isdigit()]  # under the notes
        assert len({round(r.y) for r in footer}) == 2  # the footer's two lines
        assert normalise("".join(r.text for r in footer)) == normalise(FOOTER)


def test_a_note_past_the_foot_is_found_under_a_footer_that_wraps(wrapped: Built, tmp_path: Path) -> None:
    def lower(writer: pypdf.PdfWriter) -> None:
        page = page_of(writer, "1")
        lower_text(writer, page, note_text_operation(writer, page, "Note 6, a citation"), 20)

    expected = expect_from_content(load_publication(wrapped.out.parent / "content").publication)
    report = verify(expected, pdf=damaged_pdf(wrapped, tmp_path, lower))
    assert found(report) == [("geometry", "1", 6)]
    assert (
        report.problems[0].message
        == "note 6 runs past the foot of the page ('Note 6, a citation of one line')"
    )
