"""The repository's fonts are the only ones: no system fallback, a missing glyph is an input error."""

from __future__ import annotations

import itertools
import os
from pathlib import Path

import pypdf
import pytest
import weasyprint
from fontTools.ttLib import TTFont

from folio.errors import BuildError
from folio.fonts import FACES, face_coverage, font_coverage, fontconfig_file, needs_glyph, only_these_fonts
from folio.load import load_publication
from folio.pipeline import Project
from tests.conftest import Built, first_body_page, write_content

FONTS = Project().fonts
BODY_SIZE = 11 * 4 / 3  # WeasyPrint writes text sizes in CSS pixels: 11pt


def postscript_names() -> set[str]:
    names = set()
    for face in FONTS.faces + FONTS.fallbacks:
        with TTFont(face, lazy=True) as font:
            names.add(str(font["name"].getDebugName(6)))
    return names


def pdf_font_names(pdf: Path) -> set[str]:
    """Each font a page uses, without its subset tag ("ABCDEF+")."""
    names = set()
    for page in pypdf.PdfReader(pdf).pages:
        resources = page["/Resources"].get_object()
        assert isinstance(resources, pypdf.generic.DictionaryObject)
        fonts = resources["/Font"].get_object()
        assert isinstance(fonts, pypdf.generic.DictionaryObject)
        for font in fonts.values():
            names.add(str(font.get_object()["/BaseFont"]).lstrip("/").split("+")[-1])
    return names


def test_the_faces_and_their_licences_are_in_the_repository() -> None:
    assert [face.name for face in FONTS.faces] == [f"Carlito-{face}.ttf" for face in FACES]
    assert all(face.stat().st_size > 100_000 for face in FONTS.faces)
    assert [face.name for face in FONTS.fallbacks] == [
        "NotoSansArabic-Bold.ttf",
        "NotoSansArabic-Regular.ttf",
        "NotoSansHebrew-Bold.ttf",
        "NotoSansHebrew-Regular.ttf",
    ]
    for licence in FONTS.licences:
        assert "SIL OPEN FONT LICENSE Version 1.1" in licence.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("script", "sample"),
    [
        ("Latin", "Ðéjà vu"),
        ("Cyrillic", "Россия"),
        ("Greek", "Ελλάδα"),
        ("Arabic", "عنب بلدي"),
        ("Hebrew", "ישראל"),
    ],
)
def test_the_fonts_cover_the_scripts_reports_cite(script: str, sample: str) -> None:
    coverage = font_coverage(FONTS)
    assert all(ord(c) in coverage for c in sample if needs_glyph(c)), script


@pytest.mark.parametrize("face", FONTS.faces + FONTS.fallbacks, ids=lambda face: face.name)
def test_a_face_covers_the_code_points_its_cmap_maps_to_a_glyph(face: Path) -> None:
    """Read without naming the glyphs, the coverage is what fontTools' own best cmap has."""
    with TTFont(face, lazy=True) as font:
        cmap = font.getBestCmap()
    assert face_coverage(face, face.stat().st_mtime_ns) == frozenset(cmap)
    assert len(cmap) > 100


def test_the_sample_pdf_uses_only_the_repository_fonts(built: Built) -> None:
    used = pdf_font_names(built.result.pdf)
    assert used == {"Carlito", "Carlito-Bold"}, used
    assert used <= postscript_names()


def test_body_lines_are_evenly_spaced(built: Built) -> None:
    """A hyphen from a fallback font made its line 1 pt taller (15.4 and 16.4 pt gaps)."""
    baselines: set[float] = set()

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if text.strip() and abs(size - BODY_SIZE) < 0.01:
            baselines.add(round(tm[5] * 0.75, 2))  # pixels down the page -> points

    pdf = built.result.pdf
    pypdf.PdfReader(pdf).pages[first_body_page(pdf)].extract_text(visitor_text=visit)
    ordered = sorted(baselines)
    gaps = [round(b - a, 1) for a, b in itertools.pairwise(ordered)]
    line_gaps = [gap for gap in gaps if gap < 11 * 1.4 * 1.3]  # not the space between paragraphs
    assert len(line_gaps) >= 10
    assert set(line_gaps) == {round(11 * 1.4, 1)}, gaps


def test_a_font_only_the_system_has_is_never_used(tmp_path: Path) -> None:
    """DejaVu Sans is installed on the machine, but inside the build fontconfig does not see it."""
    html = "<p style=\"font-family: 'DejaVu Sans'\">Text in DejaVu?</p>"
    with only_these_fonts(FONTS):
        weasyprint.HTML(string=html).write_pdf(tmp_path / "x.pdf")
    assert pdf_font_names(tmp_path / "x.pdf") <= postscript_names()


def test_the_fontconfig_file_names_only_the_fonts_folder() -> None:
    text = fontconfig_file(FONTS).read_text(encoding="utf-8")
    assert f"<dir>{FONTS.path.resolve()}</dir>" in text
    assert text.count("<dir>") == 1 and "<include" not in text


def test_only_these_fonts_restores_the_environment() -> None:
    before = os.environ.get("FONTCONFIG_FILE")
    with only_these_fonts(FONTS):
        assert os.environ["FONTCONFIG_FILE"] == str(fontconfig_file(FONTS))
    assert os.environ.get("FONTCONFIG_FILE") == before


@pytest.mark.parametrize(
    ("text", "character"),
    [("Hangul 한국어 text.", "'한' (U+D55C HANGUL SYLLABLE HAN)"), ("An emoji 🙂.", "'🙂' (U+1F642")],
)
def test_a_character_the_fonts_lack_is_an_error_at_its_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, character: str
) -> None:
    monkeypatch.chdir(tmp_path)
    write_content(tmp_path, f"## A\n\nFine text.\n\n{text}\n")
    with pytest.raises(BuildError) as caught:
        load_publication(Path(), fonts=FONTS)
    first = str(caught.value.diagnostics[0])
    assert first.startswith(f"s.md:5: {character}")
    assert "is not in the fonts" in first and "blank box" in first


def test_each_missing_character_is_reported_once_and_notes_and_the_footer_count(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write_content(tmp_path, "## A\n\nOne 한 two 한.[^1]\n\n[^1]: A note: 글.\n", footer="Footer 말")
    with pytest.raises(BuildError) as caught:
        load_publication(Path(), fonts=FONTS)
    where = [(str(d.location), d.message[:3]) for d in caught.value.diagnostics]
    assert where == [("publication.yaml:9", "'말'"), ("s.md:3", "'한'"), ("s.md:5", "'글'")]


def test_the_sample_prints_with_the_fonts_it_has() -> None:
    assert load_publication(Path(__file__).parent.parent / "content", fonts=FONTS).publication.notes


def test_spaces_and_format_controls_need_no_glyph() -> None:
    assert not any(needs_glyph(c) for c in " \u00a0\u200b\u200d\u2028\n")
    assert needs_glyph("a") and needs_glyph("\u2010")


def test_arabic_and_hebrew_print_with_the_repository_s_noto_faces(tmp_path: Path) -> None:
    html = "<p style='font-family: Carlito'>Enab Baladi, عنب بلدي; Haaretz, הארץ</p>"
    with only_these_fonts(FONTS):
        weasyprint.HTML(string=html).write_pdf(tmp_path / "x.pdf")
    assert pdf_font_names(tmp_path / "x.pdf") == {"Carlito", "Noto-Sans-Arabic", "Noto-Sans-Hebrew"}
