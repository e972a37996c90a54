"""Right-to-left text: Arabic and Hebrew in the body, in notes and in a source title verify, and
an Arabic word lost from the page is caught; PDFium's visual order is read back in reading order."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest

from folio.load import load_publication
from folio.pipeline import BuildResult, build
from folio.verify.expectation import Expectation, expect_from_content, missing
from folio.verify.outputs import verify_outputs
from folio.verify.pdf_text import TextRun, in_reading_order
from tests.conftest import CONTENT

ARABIC_NOTE = "Enab Baladi, عنب بلدي، هل انتهى دور روسيا, 7 January 2025; "
BODY = "had limited resources (מקורות מוגבלים, موارد محدودة)"


def run(text: str, x: float, y: float = 100.0) -> TextRun:
    return TextRun(x, y, 8.5, 10.0, text)


def test_words_drawn_right_to_left_in_one_run_read_in_reading_order() -> None:
    (read,) = in_reading_order([run("روسيا دور انتهى هل ،بلدي عنب", 140)])
    assert read.text == "عنب بلدي، هل انتهى دور روسيا"


def test_right_to_left_runs_of_one_line_read_in_reading_order() -> None:
    runs = [
        run("resources (", 68),
        run("محدودة ", 191),
        run("موارد ", 227),
        run("מוגבלים ", 255),
        run("מקורות ", 295),
    ]
    assert [r.text.strip() for r in in_reading_order(runs)] == [
        "resources (",
        "מקורות",
        "מוגבלים",
        "موارد",
        "محدودة",
    ]


def test_latin_text_keeps_its_order() -> None:
    runs = [run("Enab Baladi, ", 88), run("7 January", 140), run("2025", 180, y=90)]
    assert in_reading_order(runs) == tuple(runs)


def test_a_number_the_bidi_algorithm_moves_across_arabic_still_matches() -> None:
    """UBA W2: "7" after Arabic letters joins the right-to-left run and prints to its left."""
    printed = "Enab Baladi, 7 , عنب بلدي، هل انتهى دور روسيا January 2025"
    assert missing("Enab Baladi, عنب بلدي، هل انتهى دور روسيا, 7 January 2025", printed) is None


def test_a_lost_arabic_word_is_named() -> None:
    printed = "Enab Baladi, 7 , عنب بلدي، هل انتهى روسيا January 2025"
    assert (
        missing("Enab Baladi, عنب بلدي، هل انتهى دور روسيا, 7 January 2025", printed)
        == "'دور' is not printed"
    )


@pytest.fixture(scope="module")
def rtl_built(tmp_path_factory: pytest.TempPathFactory) -> tuple[BuildResult, Path]:
    root = tmp_path_factory.mktemp("rtl")
    content = root / "content"
    shutil.copytree(CONTENT, content)
    section = content / "sections" / "3.2-russia.md"
    text = section.read_text(encoding="utf-8")
    text = text.replace("[^505]: ", f"[^505]: {ARABIC_NOTE}", 1).replace("had limited resources", BODY, 1)
    section.write_text(text, encoding="utf-8")
    sources = content / "sources.yaml"
    sources.write_text(
        sources.read_text(encoding="utf-8").replace(
            'title: "AP, Turkey', 'title: "AP (أسوشيتد برس), Turkey', 1
        ),
        encoding="utf-8",
    )
    result = build(content, root / "dist", say=lambda _: None)
    return result, content


def test_arabic_and_hebrew_in_body_notes_and_sources_build_and_verify(
    rtl_built: tuple[BuildResult, Path],
) -> None:
    result, _ = rtl_built
    assert result.ok, [str(p) for p in result.problems]


def test_an_arabic_word_the_pdf_does_not_print_fails_the_check(rtl_built: tuple[BuildResult, Path]) -> None:
    """The damage: the content expects an Arabic word more than the page prints."""
    result, content = rtl_built
    expected = expect_from_content(load_publication(content).publication)
    assert expected.note_texts is not None
    notes = dict(expected.note_texts)
    notes[505] = notes[505].replace("دور", "دور جديد")
    damaged: Expectation = dataclasses.replace(expected, note_texts=notes)
    report = verify_outputs(pdf=result.pdf, epub=None, content=damaged, run_epubcheck=False)
    assert [(p.check, p.note) for p in report.problems] == [("completeness", 505)]
    assert report.problems[0].message == "note 505 is incomplete: 'جديد' is not printed"
