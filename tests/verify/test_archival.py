"""folio.verify.archival: the archival edition passes every check of a PDF and its own, and each of
its own fails on a copy damaged to break what PDF/A-2u asks (pikepdf, or bytes for the header)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

import pikepdf
import pytest

from folio.verify.archival import check_archival_file, pdf_date, xmp_date
from folio.verify.expectation import Expectation
from folio.verify.outputs import CHECKS, verify_edition
from folio.verify.pdf_claims import read_edition_facts
from folio.verify.pdf_facts import read_pdf_facts
from folio.verify.report import Report
from tests.conftest import BuiltEditions
from tests.verify.damage import draw_an_image, drop_output_intent, set_xmp

Damage = Callable[[pikepdf.Pdf], None]


def verified(path: Path, expected: Expectation, built: BuiltEditions) -> Report:
    epub = built.built.result.epub
    return verify_edition(path, "archival", epub=epub, content=expected)


def damaged(built: BuiltEditions, tmp_path: Path, damage: Damage) -> Path:
    path = tmp_path / "damaged.archival.pdf"
    with pikepdf.open(built.edition("archival")) as pdf:
        damage(pdf)
        pdf.save(path)
    return path


def test_the_archival_edition_passes_every_check_of_a_pdf_and_its_own(
    built_editions: BuiltEditions, expected: Expectation
) -> None:
    report = verified(built_editions.edition("archival"), expected, built_editions)
    assert [str(p) for p in report.problems] == []
    pdf_checks = [check.name for check in CHECKS if "pdf" in check.needs]
    assert [r.check for r in report.results] == [*pdf_checks, "archival-claim", "archival-file"]
    assert {r.status for r in report.results} == {"passed"}


def drop_extension_schema(pdf: pikepdf.Pdf) -> None:
    """pdfuaid:part stays, the schema that declares it to PDF/A goes."""
    data = pdf.Root.Metadata.read_bytes()
    start = data.index(b"<pdfaExtension:schemas>")
    end = data.index(b"</pdfaExtension:schemas>") + len(b"</pdfaExtension:schemas>")
    pdf.Root.Metadata.write(data[:start] + data[end:])


def retitle_info(pdf: pikepdf.Pdf) -> None:
    pdf.docinfo["/Title"] = pikepdf.String("Another title")


def cut_profile(pdf: pikepdf.Pdf) -> None:
    profile = pdf.Root.OutputIntents[0].DestOutputProfile
    profile.write(profile.read_bytes()[:1000])


def draw_in_cmyk(pdf: pikepdf.Pdf) -> None:
    """A DeviceCMYK colour on a page, which an sRGB output intent does not cover."""
    page = pdf.pages[3]
    page.contents_add(pikepdf.Stream(pdf, b"/Artifact BMC q 0 0 0 1 k 10 10 5 5 re f Q EMC"))


def interpolate_an_image(pdf: pikepdf.Pdf) -> None:
    draw_an_image(pdf, "/DeviceRGB", Interpolate=True)


def add_javascript(pdf: pikepdf.Pdf) -> None:
    pdf.Root.OpenAction = pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert(1)"))


def hide_a_link(pdf: pikepdf.Pdf) -> None:
    pdf.pages[3].Annots[0].F = 0


# The damage, the archival check that must catch it, words of its message, and the checks of every
# PDF that catch it too (the accessible edition's claims, the document's title).
Case = tuple[Damage, str, str, set[str]]
CASES: dict[str, Case] = {
    "claims PDF/A-2b": (
        set_xmp(pdfaid__conformance="B"),
        "archival-claim",
        "pdfaid:conformance B, not U",
        set(),
    ),
    "claims PDF/A-3": (set_xmp(pdfaid__part="3"), "archival-claim", "pdfaid:part 3, not 2", set()),
    "claims no PDF/UA": (
        set_xmp(pdfuaid__part=None),
        "archival-claim",
        "does not claim PDF/UA-1",
        {"tags-document"},
    ),
    "an undeclared schema": (
        drop_extension_schema,
        "archival-claim",
        "property part of http://www.aiim.org/pdfua",
        set(),
    ),
    "information and XMP differ": (retitle_info, "archival-claim", "Title is 'Another title'", {"document"}),
    "no output intent": (drop_output_intent, "archival-file", "no PDF/A output intent", set()),
    "a cut profile": (cut_profile, "archival-file", "is cut short", set()),
    "a CMYK colour": (
        draw_in_cmyk,
        "archival-file",
        "/DeviceCMYK colours (1) with an output intent of 3",
        set(),
    ),
    "an interpolated image": (interpolate_an_image, "archival-file", "an image is interpolated", set()),
    "JavaScript": (add_javascript, "archival-file", "the opening action is a JavaScript action", set()),
    "a link that does not print": (
        hide_a_link,
        "archival-file",
        "a Link annotation that does not print",
        set(),
    ),
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_each_rule_fails_on_its_damage(
    case: Case, built_editions: BuiltEditions, expected: Expectation, tmp_path: Path
) -> None:
    damage, check, words, also = case
    report = verified(damaged(built_editions, tmp_path, damage), expected, built_editions)
    assert {p.check for p in report.problems} == {check} | also, [str(p) for p in report.problems]
    assert any(words in str(p) for p in report.problems if p.check == check)


def test_an_encrypted_file_fails(
    built_editions: BuiltEditions, expected: Expectation, tmp_path: Path
) -> None:
    path = tmp_path / "encrypted.pdf"
    with pikepdf.open(built_editions.edition("archival")) as pdf:
        pdf.save(path, encryption=pikepdf.Encryption(owner="owner", user="", R=4, aes=False, metadata=False))
    facts = read_edition_facts(path)
    problems = [p.message for p in check_archival_file(read_pdf_facts(path), facts)]
    assert "the file is encrypted" in problems


def test_a_header_without_its_binary_comment_fails(
    built_editions: BuiltEditions, expected: Expectation, tmp_path: Path
) -> None:
    data = built_editions.edition("archival").read_bytes()
    first, _, rest = data.partition(b"\n")
    comment, _, rest = rest.partition(b"\n")
    path = tmp_path / "ascii-header.pdf"
    path.write_bytes(first + b"\n%" + b"A" * (len(comment) - 1) + b"\n" + rest)  # same length: offsets hold
    report = verified(path, expected, built_editions)
    assert [(p.check, p.message) for p in report.problems] == [
        ("archival-file", "the header is not %PDF-1.0 to 1.7 and a binary comment")
    ]


def test_a_trailer_without_an_id_fails(built_editions: BuiltEditions) -> None:
    """qpdf writes an /ID whenever it saves: the facts stand for a file another tool wrote."""
    path = built_editions.edition("archival")
    facts = dataclasses.replace(read_edition_facts(path), identified=False)
    assert [p.message for p in check_archival_file(read_pdf_facts(path), facts)] == ["the trailer has no /ID"]


@pytest.mark.parametrize(
    ("pdf", "xmp"),
    [
        ("D:20250301000000Z", "2025-03-01T00:00:00Z"),
        ("D:20250301010000+01'00'", "2025-03-01T00:00:00+00:00"),
        ("D:2025", "2025-01-01T00:00:00Z"),
    ],
)
def test_dates_compare_as_moments(pdf: str, xmp: str) -> None:
    assert pdf_date(pdf) == xmp_date(xmp) is not None


def test_a_wrong_date_is_no_moment() -> None:
    assert pdf_date("March 2025") is None
    assert xmp_date("March 2025") is None
