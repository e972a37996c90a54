"""The parallel join's fonts: each font embedded once, every page drawing and reading as before."""

from __future__ import annotations

import io
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pikepdf
import pypdfium2
import pytest
import uharfbuzz as hb
from fontTools import subset as subsetter
from fontTools.pens.recordingPen import DecomposingRecordingPen
from fontTools.ttLib import TTFont

from folio.pdf import join, split
from folio.pdf.join_fonts import (
    components,
    drawn_glyphs,
    glyph_bytes,
    merged_program,
    read_to_unicode,
    same_drawing,
    share_fonts,
    to_unicode_stream,
)
from folio.verify import expect_from_content, verify_pdf
from tests.pdf.test_split import Case, make_case


@dataclass(frozen=True)
class Routes:
    case: Case
    single: bytes  # one render
    shared: bytes  # the parallel route's join
    unshared: bytes  # the same join, each part keeping its fonts


@pytest.fixture(scope="module")
def routes(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Routes]:
    """Three sections, each a chapter: the front and three parts, each embedding the fonts."""
    case = make_case(tmp_path_factory.mktemp("fonts"), section_break=True, notes=60, bibliography=True)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(split, "MIN_NOTES", 0)
        single, shared = case.render(workers=1).pdf, case.render(workers=3).pdf
        patch.setattr(join, "share_fonts", lambda pdf: None)
        unshared = case.render(workers=3).pdf
    yield Routes(case, single, shared, unshared)


def programs(pdf: bytes) -> dict[str, set[tuple[int, int]]]:
    """Each font's embedded programs (by /BaseFont), as the pages reach them."""
    found: dict[str, set[tuple[int, int]]] = {}
    with pikepdf.open(io.BytesIO(pdf)) as document:
        for page in document.pages:
            for font in page.Resources.Font.values():
                program = font.DescendantFonts[0].FontDescriptor.FontFile2
                found.setdefault(str(font.BaseFont), set()).add(program.objgen)
    return found


def test_each_font_is_embedded_once(routes: Routes) -> None:
    before, after = programs(routes.unshared), programs(routes.shared)
    assert before.keys() == after.keys() and len(before) >= 2
    assert all(len(copies) == 4 for copies in before.values())  # the front's and three parts'
    assert all(len(copies) == 1 for copies in after.values())


def test_every_page_has_the_same_text(routes: Routes) -> None:
    shared, unshared = pypdfium2.PdfDocument(routes.shared), pypdfium2.PdfDocument(routes.unshared)
    assert len(shared) == len(unshared) > 8
    for index in range(len(shared)):
        text = shared[index].get_textpage().get_text_range()
        assert text == unshared[index].get_textpage().get_text_range(), f"page {index + 1}"


def test_every_page_draws_the_same_pixels_in_pdfium(routes: Routes) -> None:
    shared, unshared = pypdfium2.PdfDocument(routes.shared), pypdfium2.PdfDocument(routes.unshared)
    for index in range(len(shared)):
        drawn = shared[index].render(scale=100 / 72).to_pil().tobytes()
        assert drawn == unshared[index].render(scale=100 / 72).to_pil().tobytes(), f"page {index + 1}"


def test_sampled_pages_draw_the_same_pixels_in_poppler(routes: Routes, tmp_path: Path) -> None:
    """Poppler (FreeType) too, on the title page (the largest type) and a page of each part."""
    count = len(pypdfium2.PdfDocument(routes.shared))
    for name in ("shared", "unshared"):
        (tmp_path / f"{name}.pdf").write_bytes(getattr(routes, name))
    for page in sorted({1, count // 3, count // 2, count - 1, count}):
        command = ["pdftoppm", "-r", "100", "-f", str(page), "-l", str(page), "-png"]
        drawn = [
            subprocess.run([*command, str(tmp_path / f"{name}.pdf")], capture_output=True, check=True).stdout
            for name in ("shared", "unshared")
        ]
        assert drawn[0] and drawn[0] == drawn[1], f"page {page}"


def test_the_joined_pdf_passes_qpdf_and_the_verifier(routes: Routes, tmp_path: Path) -> None:
    path = tmp_path / "joined.pdf"
    path.write_bytes(routes.shared)
    checked = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True, check=False)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert verify_pdf(path, expect_from_content(routes.case.publication)) == []


def test_the_joined_pdf_is_at_most_a_tenth_larger_than_one_render(routes: Routes) -> None:
    assert len(routes.unshared) > 1.1 * len(routes.single)  # the parts' fonts, their dictionaries
    assert len(routes.shared) <= 1.1 * len(routes.single)


def copies_of(document: pikepdf.Pdf, name: str) -> list[Any]:
    fonts = {f.objgen: f for page in document.pages for f in page.Resources.Font.values()}
    return [font for font in fonts.values() if str(font.BaseFont) == name]


def test_copies_whose_text_disagrees_keep_their_programs(routes: Routes) -> None:
    with pikepdf.open(io.BytesIO(routes.unshared)) as document:
        name = sorted(programs(routes.unshared))[0]
        damaged = copies_of(document, name)[-1]
        text = read_to_unicode(damaged.ToUnicode)
        glyph = next(iter(text))
        text[glyph] = b"0058" if text[glyph] != b"0058" else b"0059"  # another letter
        damaged.ToUnicode.write(to_unicode_stream(damaged.ToUnicode.read_bytes(), text))
        share_fonts(document)
        output = io.BytesIO()
        document.save(output)
    after = programs(output.getvalue())
    assert len(after[name]) == 4
    assert all(len(copies) == 1 for other, copies in after.items() if other != name)


def test_copies_that_draw_a_glyph_differently_keep_their_programs(routes: Routes) -> None:
    with pikepdf.open(io.BytesIO(routes.unshared)) as document:
        name = sorted(programs(routes.unshared))[0]
        first, damaged = copies_of(document, name)[0], copies_of(document, name)[-1]
        common = drawn_glyphs(first.DescendantFonts[0].W) & drawn_glyphs(damaged.DescendantFonts[0].W)
        descriptor = damaged.DescendantFonts[0].FontDescriptor
        program = TTFont(io.BytesIO(descriptor.FontFile2.read_bytes()))
        outlines = [program["glyf"][program.getGlyphName(glyph)] for glyph in sorted(common)]
        next(outline for outline in outlines if outline.numberOfContours > 0).coordinates[0] = (0, 0)
        data = io.BytesIO()
        program.save(data)
        descriptor.FontFile2 = document.make_stream(data.getvalue(), Length1=len(data.getvalue()))
        share_fonts(document)
        output = io.BytesIO()
        document.save(output)
    assert len(programs(output.getvalue())[name]) == 4


def test_widths_name_the_glyphs_of_both_kinds_of_run() -> None:
    assert drawn_glyphs(pikepdf.Array([2, [226, 579], 9, [615], 20, 22, 500])) == {2, 3, 9, 20, 21, 22}


def test_a_to_unicode_written_again_reads_the_same_in_blocks_of_a_hundred() -> None:
    head = b"/CIDInit /ProcSet findresource begin\n1 begincodespacerange\n<0000> <ffff>\nendcodespacerange\n"
    tail = b"endcmap\nend\nend"
    text = {glyph: b"%04x" % (0x41 + glyph % 26) for glyph in range(250)} | {0x8A2: b"00740069"}
    written = to_unicode_stream(head + b"1 beginbfchar\n<0001> <0041>\nendbfchar\n" + tail, text)
    assert written.startswith(head) and written.endswith(tail)
    assert written.count(b"beginbfchar") == 3
    assert list(read_to_unicode(pikepdf.Stream(pikepdf.new(), written)).items()) == list(text.items())


def subset(text: str) -> TTFont:
    """Carlito cut to the glyphs of `text`, keeping glyph ids, as WeasyPrint's subsets are."""
    font = TTFont(CARLITO)
    options = subsetter.Options(retain_gids=True, notdef_outline=True)
    cutter = subsetter.Subsetter(options)
    cutter.populate(text=text)
    cutter.subset(font)
    output = io.BytesIO()
    font.save(output)
    return TTFont(io.BytesIO(output.getvalue()))


def test_the_union_is_built_on_the_copy_with_the_most_glyph_ids() -> None:
    """The first part may draw only low glyph ids (the front's "ab"), a later one higher ("yz")."""
    low, high = subset("ab"), subset("yz")
    assert low["maxp"].numGlyphs < high["maxp"].numGlyphs
    used = [
        {font.getGlyphID(font.getBestCmap()[ord(c)]) for c in text}
        for font, text in ((low, "ab"), (high, "yz"))
    ]
    merged = TTFont(io.BytesIO(merged_program([low, high], used=used)))
    assert merged["maxp"].numGlyphs == high["maxp"].numGlyphs
    for char in "abyz":
        assert merged["glyf"][merged.getBestCmap()[ord(char)]].numberOfContours > 0, char


CARLITO = Path(__file__).parents[2] / "styles" / "fonts" / "Carlito-Regular.ttf"


def test_a_composite_whose_components_two_subsets_number_apart_is_one_glyph() -> None:
    """Carlito's "2" is made of two components, one of a glyph id past the letters: WeasyPrint's
    subset gives that one a new id, another in each subset (past the subset's last drawn glyph)."""
    font = TTFont(CARLITO)
    cmap = font.getBestCmap()
    glyph = {char: font.getGlyphID(cmap[ord(char)]) for char in "2ab"}
    component = max(components(dict(glyph_bytes(font))[glyph["2"]]))
    # a letter whose id lies between the "2" and its component's: a subset that draws it keeps
    # more ids below the component, and numbers the component otherwise
    glyph["b"] = next(
        gid for gid in sorted(map(font.getGlyphID, cmap.values())) if glyph["2"] < gid < component
    )
    parts = [weasyprint_subset({glyph["2"], glyph[char]}) for char in "ab"]
    outlines = [dict(glyph_bytes(part)) for part in parts]
    assert components(outlines[0][glyph["2"]]) != components(outlines[1][glyph["2"]])
    used = [{glyph["2"], glyph[char]} for char in "ab"]
    merged = TTFont(io.BytesIO(merged_program(parts, used=used)))
    for part, char in zip(parts, "ab", strict=True):
        for drawn in ("2", char):  # drawn by the merged program as by the part's own
            assert drawing(merged, glyph[drawn]) == drawing(part, glyph[drawn]), (char, drawn)
    # Within the union, a component whose id reaches another outline draws otherwise
    mine, broken = dict(glyph_bytes(parts[0])), dict(outlines[1])
    assert same_drawing(mine, glyph["2"], broken, glyph["2"])
    broken[components(broken[glyph["2"]])[0]] = broken[glyph["b"]]
    assert not same_drawing(mine, glyph["2"], broken, glyph["2"])


def drawing(font: TTFont, glyph: int) -> list[Any]:
    """The glyph's outline with its components drawn in place (the pen's commands)."""
    pen = DecomposingRecordingPen(font.getGlyphSet())
    font.getGlyphSet()[font.getGlyphName(glyph)].draw(pen)
    return list(pen.value)


def weasyprint_subset(glyphs: set[int]) -> TTFont:
    """Carlito as WeasyPrint 70 subsets it (`pdf/fonts.py`, with HarfBuzz): the glyphs and their
    closure with their ids kept, then every id up to the highest drawn kept and the rest
    dropped, which renumbers the components lying above it."""
    face = hb.Face(hb.Blob(CARLITO.read_bytes()))
    first = hb.SubsetInput()
    first.glyph_set.update(glyphs)
    first.flags = hb.SubsetFlags.RETAIN_GIDS | hb.SubsetFlags.PASSTHROUGH_UNRECOGNIZED
    second = hb.SubsetInput()
    second.glyph_set.update(range(max(glyphs) + 1))
    second.flags = hb.SubsetFlags.PASSTHROUGH_UNRECOGNIZED
    return TTFont(io.BytesIO(hb.subset(hb.subset(face, first), second).blob.data))
