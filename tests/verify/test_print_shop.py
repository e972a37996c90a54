"""folio.verify.print_shop: the print-shop edition passes every check of a PDF (its geometry read
in the TrimBox) and its own, and each of its own fails on a copy damaged to break it: the boxes
and marks with pypdf, what PDF/X-4 asks with pikepdf (or bytes, for the header)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

import pikepdf
import pypdf
import pytest
from PIL import Image
from pypdf.generic import ArrayObject, FloatObject, NameObject

from folio.errors import Mark, Problem
from folio.proof import DPI, write_proof
from folio.verify.expectation import Expectation
from folio.verify.outputs import CHECKS, verify_edition
from folio.verify.pdf_claims import read_edition_facts
from folio.verify.pdf_facts import read_pdf_facts
from folio.verify.pdf_text import read_page_texts
from folio.verify.print_shop import check_pdfx_file
from folio.verify.report import Report
from tests.conftest import Built, BuiltEditions
from tests.verify.damage import (
    PikeDamage,
    damaged_pdf,
    draw_an_image,
    drop_output_intent,
    note_text_operation,
    page_of,
    set_xmp,
    shift_text,
)

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
    own = ["pdfx-claim", "pdfx-file", "print-boxes", "crop-marks"]
    assert [r.check for r in report.results] == [*pdf_checks, *own]
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


# --- What PDF/X-4 asks (pdfx-claim, pdfx-file) ------------------------------------------------


def damaged(built: BuiltEditions, tmp_path: Path, damage: PikeDamage) -> Path:
    path = tmp_path / "damaged.print-shop.pdf"
    with pikepdf.open(built.edition("print-shop")) as pdf:
        damage(pdf)
        pdf.save(path)
    return path


def set_info(key: str, value: object) -> PikeDamage:
    def damage(pdf: pikepdf.Pdf) -> None:
        pdf.docinfo[key] = value

    return damage


def set_intent(**changes: object) -> PikeDamage:
    def damage(pdf: pikepdf.Pdf) -> None:
        intent = pdf.Root.OutputIntents[0]
        for key, value in changes.items():
            if value is None:
                del intent[f"/{key}"]
            else:
                intent[f"/{key}"] = value

    return damage


def intent_in_srgb(pdf: pikepdf.Pdf) -> None:
    """The sRGB profile the edition draws in, as the output intent's profile: a screen's, of RGB."""
    srgb = pdf.pages[0].Resources.ColorSpace.DefaultRGB[1]
    pdf.Root.OutputIntents[0].DestOutputProfile = srgb


def drop_default_rgb(pdf: pikepdf.Pdf) -> None:
    del pdf.pages[0].Resources.ColorSpace["/DefaultRGB"]


def draw_rgb_image(pdf: pikepdf.Pdf) -> None:
    """A device RGB image drawn on page 41 (the resources have a /DefaultRGB: an image's own
    colour space is what PDF/X-4 reads)."""
    draw_an_image(pdf, "/DeviceRGB")


def interpolate_an_image(pdf: pikepdf.Pdf) -> None:
    """A grey image drawn on page 41 with /Interpolate true (grey: device RGB is a rule of its own)."""
    draw_an_image(pdf, "/DeviceGray", Interpolate=True)


def name_rgb_space(pdf: pikepdf.Pdf) -> None:
    pdf.pages[0].Resources.ColorSpace.CS9 = pikepdf.Name.DeviceRGB


def blend_in_rgb(pdf: pikepdf.Pdf) -> None:
    form = next(obj for obj in pdf.objects if isinstance(obj, pikepdf.Stream) and "/Group" in obj)
    form.Group.CS = pikepdf.Name.DeviceRGB


# The damage, the check that must catch it (the only one), words of its message.
PdfxCase = tuple[PikeDamage, str, str]
PDFX_CASES: dict[str, PdfxCase] = {
    "claims PDF/X-3": (
        set_xmp(pdfxid__GTS_PDFXVersion="PDF/X-3:2002"),
        "pdfx-claim",
        "the XMP claims PDF/X-3:2002 (pdfxid:GTS_PDFXVersion), not PDF/X-4",
    ),
    "claims no PDF/X": (set_xmp(pdfxid__GTS_PDFXVersion=None), "pdfx-claim", "claims no PDF/X version"),
    "no document id": (set_xmp(xmpMM__DocumentID=None), "pdfx-claim", "no xmpMM:DocumentID"),
    "no metadata date": (set_xmp(xmp__MetadataDate=None), "pdfx-claim", "no xmp:MetadataDate"),
    "trapped": (set_info("/Trapped", pikepdf.Name("/True")), "pdfx-claim", "/Trapped is /True, not /False"),
    "trapped in the XMP": (set_xmp(pdf__Trapped="True"), "pdfx-claim", "pdf:Trapped is 'True'"),
    "another version in the information": (
        set_info("/GTS_PDFXVersion", pikepdf.String("PDF/X-1a:2001")),
        "pdfx-claim",
        "GTS_PDFXVersion is 'PDF/X-1a:2001', the XMP's 'PDF/X-4'",
    ),
    "no output intent": (drop_output_intent, "pdfx-file", "0 PDF/X output intents"),
    "no printing condition": (
        set_intent(OutputConditionIdentifier=None),
        "pdfx-file",
        "names no printing condition",
    ),
    "no Info": (set_intent(Info=None), "pdfx-file", "says nothing of its printing condition"),
    "no profile": (set_intent(DestOutputProfile=None), "pdfx-file", "no embedded profile"),
    "an RGB profile": (intent_in_srgb, "pdfx-file", "of class b'mntr', not an output profile ('prtr')"),
    "device RGB text": (
        drop_default_rgb,
        "pdfx-file",
        "device RGB colours (rg, RG) in the page's content, whose resources have no ICC-based /DefaultRGB",
    ),
    "a device RGB image": (draw_rgb_image, "pdfx-file", "is in device RGB: PDF/X-4 forbids device RGB"),
    "a device RGB colour space": (
        name_rgb_space,
        "pdfx-file",
        "the colour space /CS9 of the page's content's resources is device RGB",
    ),
    "a group blending in device RGB": (blend_in_rgb, "pdfx-file", "blends in device RGB"),
    "an interpolated image": (interpolate_an_image, "pdfx-file", "is interpolated (/Interpolate true)"),
}


@pytest.mark.parametrize("case", PDFX_CASES.values(), ids=PDFX_CASES.keys())
def test_each_pdfx_rule_fails_on_its_damage(
    case: PdfxCase, built_editions: BuiltEditions, expected: Expectation, tmp_path: Path
) -> None:
    damage, check, words = case
    report = verified(damaged(built_editions, tmp_path, damage), expected, built_editions)
    found = [str(p) for p in report.problems]
    assert {p.check for p in report.problems} == {check}, found
    assert any(words in str(p) for p in report.problems), found


def test_a_header_of_pdf_1_4_fails(
    built_editions: BuiltEditions, expected: Expectation, tmp_path: Path
) -> None:
    data = built_editions.edition("print-shop").read_bytes()
    assert data.startswith(b"%PDF-1.6")
    path = tmp_path / "pdf-1.4.pdf"
    path.write_bytes(b"%PDF-1.4" + data[len(b"%PDF-1.6") :])  # same length: offsets hold
    report = verified(path, expected, built_editions)
    assert [(p.check, p.message) for p in report.problems] == [
        ("pdfx-file", "the header's PDF version is 1.4, not 1.6 or 1.7")
    ]


def test_an_encrypted_file_fails(built_editions: BuiltEditions, tmp_path: Path) -> None:
    path = tmp_path / "encrypted.pdf"
    with pikepdf.open(built_editions.edition("print-shop")) as pdf:
        pdf.save(path, encryption=pikepdf.Encryption(owner="owner", user="", R=4, aes=False, metadata=False))
    facts = read_edition_facts(path)
    problems = [p.message for p in check_pdfx_file(read_pdf_facts(path), facts)]
    assert "the file is encrypted" in problems


def test_a_font_not_embedded_fails_the_document_check(
    built_editions: BuiltEditions, expected: Expectation, tmp_path: Path
) -> None:
    """PDF/X-4 asks for every font embedded: the `document` check, which every edition gets."""

    def unembed(pdf: pikepdf.Pdf) -> None:
        font = next(iter(pdf.pages[3].Resources.Font.values()))
        descendant = font.DescendantFonts[0] if "/DescendantFonts" in font else font
        for key in ("/FontFile", "/FontFile2", "/FontFile3"):
            if key in descendant.FontDescriptor:
                del descendant.FontDescriptor[key]

    report = verified(damaged(built_editions, tmp_path, unembed), expected, built_editions)
    assert any(p.check == "document" and "is not embedded" in p.message for p in report.problems)


def test_the_accessible_and_archival_editions_are_no_pdfx(
    built_editions: BuiltEditions, expected: Expectation
) -> None:
    """Held to the print-shop edition's checks, the other editions fail what PDF/X-4 asks: no
    PDF/X claim or intent, device RGB (the accessible one) and no bleed."""
    for path in (built_editions.built.result.pdf, built_editions.edition("archival")):
        report = verified(path, expected, built_editions)
        failed = {r.check for r in report.results if r.status == "failed"}
        assert failed == {"pdfx-claim", "pdfx-file", "print-boxes", "crop-marks"}, path
