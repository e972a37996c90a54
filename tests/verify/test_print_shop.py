"""folio.verify.print_shop: the print-shop edition passes every check of a PDF (its geometry read
in the TrimBox) and its own, and each of its own fails on a copy damaged to break it."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

import pikepdf
import pypdf
import pytest
from PIL import Image
from pypdf.generic import ArrayObject, FloatObject, NameObject, TextStringObject

from folio.errors import Mark, Problem
from folio.proof import DPI, write_proof
from folio.verify.expectation import Expectation
from folio.verify.outputs import CHECKS, verify_edition
from folio.verify.pdf_text import read_page_texts
from folio.verify.report import Report
from tests.conftest import Built, BuiltEditions
from tests.verify.damage import damaged_pdf, note_text_operation, page_of, shift_text

Damage = Callable[[pypdf.PdfWriter], None]
BODY_LINE = "have begun to transport"  # a body line of page 42


def print_shop(built: BuiltEditions) -> Built:
    """The print-shop edition, as `damaged_pdf` takes a build."""
    result = dataclasses.replace(built.built.result, pdf=built.edition("print-shop"))
    return Built(result, built.built.out, ())


def verified(path: Path, expected: Expectation, built: BuiltEditions) -> Report:
    return verify_edition(path, "print-shop", epub=built.built.result.epub, content=expected)


def test_the_print_shop_edition_passes_every_check_of_a_pdf_and_its_own(
    built_editions: BuiltEditions, expected: Expectation
) -> None:
    report = verified(built_editions.edition("print-shop"), expected, built_editions)
    assert [str(p) for p in report.problems] == []
    pdf_checks = [check.name for check in CHECKS if "pdf" in check.needs]
    assert [r.check for r in report.results] == [*pdf_checks, "print-boxes", "crop-marks"]
    assert {r.status for r in report.results} == {"passed"}
    marks = next(r for r in report.results if r.check == "crop-marks")
    assert dict(marks.figures) == {"paths outside the trim": 8 * 6}  # 8 marks on each of 6 pages


def test_its_pages_are_the_main_pdf_s_with_bleed_round_them(built_editions: BuiltEditions) -> None:
    bleed = 3 / 25.4 * 72  # 3 mm in points
    with pikepdf.open(built_editions.edition("print-shop")) as pdf:
        for page in pdf.pages:
            trim, media = (float(v) for v in page.TrimBox), (float(v) for v in page.MediaBox)
            assert [round(t - m, 2) for t, m in zip(trim, media, strict=True)] == [round(bleed, 2)] * 2 + [
                round(-bleed, 2)
            ] * 2
            assert [round(float(v), 2) for v in page.TrimBox] == [0, 0, 595.28, 841.89]  # A4
            assert [float(v) for v in page.BleedBox] == [float(v) for v in page.MediaBox]


def set_box(label: str, name: str, box: list[float] | None) -> Damage:
    def damage(writer: pypdf.PdfWriter) -> None:
        page = writer.pages[page_of(writer, label)]
        if box is None:
            del page[NameObject(name)]
        else:
            page[NameObject(name)] = ArrayObject(FloatObject(v) for v in box)

    return damage


def claim_pdfx(writer: pypdf.PdfWriter) -> None:
    writer.add_metadata({"/GTS_PDFXVersion": TextStringObject("PDF/X-4")})


def drop_crop_marks(writer: pypdf.PdfWriter) -> None:
    """Page 41 draws no form XObject: the marks are the one it draws over its whole bleed."""
    page = writer.pages[page_of(writer, "41")]
    content = pypdf.generic.ContentStream(page.get_contents(), writer)
    forms = [i for i, (_, operator) in enumerate(content.operations) if operator == b"Do"]
    del content.operations[forms[0]]
    page.replace_contents(content)


Case = tuple[Damage, str, str | None, str]
A4 = [0.0, 0.0, 595.275591, 841.889764]
CASES: dict[str, Case] = {
    "no TrimBox": (set_box("41", "/TrimBox", None), "print-boxes", "41", "the page has no TrimBox"),
    "no BleedBox": (set_box("42", "/BleedBox", None), "print-boxes", "42", "the page has no BleedBox"),
    "no bleed": (set_box("41", "/BleedBox", A4), "print-boxes", "41", "it has no bleed at its left edge"),
    "a TrimBox past the bleed": (
        set_box("41", "/TrimBox", [-20.0, 0.0, 595.275591, 841.889764]),
        "print-boxes",
        "41",
        "its TrimBox is not inside its BleedBox",
    ),
    "a PDF/X claim": (claim_pdfx, "print-boxes", None, "claims PDF/X (/GTS_PDFXVersion in its information)"),
    "no crop marks": (drop_crop_marks, "crop-marks", "41", "the page has no crop marks (none at any corner)"),
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_each_rule_fails_on_its_damage(
    case: Case, built_editions: BuiltEditions, expected: Expectation, tmp_path: Path
) -> None:
    damage, check, page, words = case
    report = verified(damaged_pdf(print_shop(built_editions), tmp_path, damage), expected, built_editions)
    found = [(p.check, p.page) for p in report.problems]
    assert (check, page) in found, [str(p) for p in report.problems]
    assert any(words in p.message for p in report.problems if p.check == check)
    # A TrimBox moved moves the page's corners, where the marks no longer are; no other check minds.
    assert {c for c, _ in found} <= {check, "crop-marks"}


def test_a_line_in_the_bleed_runs_past_the_trimmed_page(
    built_editions: BuiltEditions, expected: Expectation, tmp_path: Path
) -> None:
    """A body line pushed 3 pt past the TrimBox, still inside the MediaBox: the geometry checks
    read the page's size in the TrimBox, so it is past the page's edge, as the trimmer cuts it."""
    runs = list(read_page_texts(built_editions.edition("print-shop")))[4].runs
    line = next(run for run in runs if run.text.startswith(BODY_LINE))
    points = 595.28 + 3 - line.right

    def push(writer: pypdf.PdfWriter) -> None:
        page = page_of(writer, "42")
        shift_text(writer, page, note_text_operation(writer, page, BODY_LINE), points / 0.75)  # CSS px

    path = damaged_pdf(print_shop(built_editions), tmp_path, push)
    moved = next(r for r in list(read_page_texts(path))[4].runs if r.text.startswith(BODY_LINE))
    assert 595.28 < moved.right < 595.28 + 8.5  # in the bleed, inside the MediaBox
    report = verified(path, expected, built_editions)
    assert ("body-geometry", "42") in [(p.check, p.page) for p in report.problems]


def test_the_proof_of_a_page_with_bleed_draws_its_marks_in_place(
    built_editions: BuiltEditions, tmp_path: Path
) -> None:
    """PDFium renders the MediaBox, which starts 3 mm left of and below the user space's origin:
    a mark at the TrimBox's corner is drawn 3 mm in from the image's corner."""
    problem = Problem("x.pdf", "a mark", "geometry", marks=(Mark(3, (0.0, 0.0, 20.0, 20.0)),))
    proof = write_proof(built_editions.edition("print-shop"), [problem], tmp_path / "proof")
    [page] = proof.pages
    with Image.open(proof.folder / page.image) as image:
        rgb = image.convert("RGB")
        scale = DPI / 72
        bleed = 3 / 25.4 * 72
        x, y = round((bleed - 2) * scale), round((bleed + 20 + 2) * scale)  # the outline's top left
        y = rgb.height - y
        red, green, _ = rgb.getpixel((x + 1, y + 1))  # type: ignore[misc]  # an RGB image's pixel
        assert red > 180 > green
