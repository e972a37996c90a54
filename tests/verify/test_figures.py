"""The figure checks: each passes on the example's build (an SVG figure) and on a build with a PNG
figure, and fails on its own damage: an image not drawn, an EPUB image without its alt text or
with another one, an image that is not in the package, a figure caption that differs."""

from __future__ import annotations

import io
from pathlib import Path

import pypdf
import pytest
from PIL import Image

from folio.load import load_publication
from folio.pipeline import build
from folio.verify.expectation import Expectation, expect_from_content
from folio.verify.pdf_facts import read_pdf_facts
from tests.conftest import TABLES_EXAMPLE, Built, write_content
from tests.verify.damage import (
    Operations,
    damaged_epub,
    damaged_pdf,
    dests,
    edit_stream,
    found,
    replace_once,
    verify,
)

DOCUMENT = "EPUB/s-russia-in-tables.xhtml"
PAINTING = {b"f", b"F", b"f*", b"S", b"s", b"B", b"B*", b"b", b"b*"}
FIGURE_CHECKS = ("figure-images", "epub-figures", "pdf-epub-captions")


@pytest.fixture(scope="module")
def example() -> Expectation:
    return expect_from_content(load_publication(TABLES_EXAMPLE).publication)


def unpaint(writer: pypdf.PdfWriter, page: int) -> None:
    """The page draws no path, shading, image or form: paths are ended unpainted (`n`)."""

    def erase(operations: Operations) -> None:
        operations[:] = [
            ([], b"n") if operator in PAINTING else (operands, operator)
            for operands, operator in operations
            if operator not in (b"Do", b"sh")
        ]

    edit_stream(writer, page, erase)


def figure_page(built: Built) -> int:
    (figure,) = read_pdf_facts(built.result.pdf).figures
    return figure.page


def test_the_example_s_figure_is_drawn_and_described(
    built_tables_example: Built, example: Expectation
) -> None:
    report = verify(example, pdf=built_tables_example.result.pdf, epub=built_tables_example.result.epub)
    results = {r.check: r for r in report.results}
    assert [results[name].status for name in FIGURE_CHECKS] == ["passed"] * 3
    assert dict(results["figure-images"].figures) == {"figures": 1}
    assert dict(results["pdf-epub-captions"].figures) == {"captions": 3}


def test_an_svg_figure_not_drawn(built_tables_example: Built, tmp_path: Path, example: Expectation) -> None:
    page = figure_page(built_tables_example)
    path = damaged_pdf(built_tables_example, tmp_path, lambda w: unpaint(w, page))
    report = verify(example, pdf=path, epub=built_tables_example.result.epub)
    assert [p for p in found(report) if p[0] in FIGURE_CHECKS] == [
        ("figure-images", read_pdf_facts(built_tables_example.result.pdf).label(page), None)
    ]
    assert (
        report.problems[0].message
        == "figure fig-timeline's image is not drawn: its place on the page is empty"
    )


def test_an_epub_image_without_alt_text_or_with_another(
    built_tables_example: Built, tmp_path: Path, example: Expectation
) -> None:
    def without_alt(text: str) -> str:
        start = text.index(' alt="A time line')
        return text[:start] + text[text.index('"', start + 6) + 1 :]

    report = verify(example, epub=damaged_epub(built_tables_example, tmp_path, {DOCUMENT: without_alt}))
    assert [p.message for p in report.problems if p.check == "epub-figures"] == [
        f"{DOCUMENT}: figure fig-timeline: its image has no alt text"
    ]
    other = damaged_epub(
        built_tables_example, tmp_path, {DOCUMENT: replace_once(' alt="A time line', ' alt="A line')}
    )
    assert [p.message for p in verify(example, epub=other).problems if p.check == "epub-figures"] == [
        f"{DOCUMENT}: figure fig-timeline: its alt text is 'A line from December 2024 to January "
        "2025. Four bands, each', not the content's"
    ]


def test_an_epub_image_that_is_not_in_the_package(built_tables_example: Built, tmp_path: Path) -> None:
    path = damaged_epub(
        built_tables_example, tmp_path, {DOCUMENT: replace_once("images/image-1.svg", "images/gone.svg")}
    )
    assert [p.message for p in verify(None, epub=path).problems if p.check == "epub-figures"] == [
        f"{DOCUMENT}: figure fig-timeline: its image 'images/gone.svg' is not an image of the package"
    ]


def test_a_figure_caption_that_differs(
    built_tables_example: Built, tmp_path: Path, example: Expectation
) -> None:
    path = damaged_epub(built_tables_example, tmp_path, {DOCUMENT: replace_once("Figure 1:", "Figure 2:")})
    report = verify(example, pdf=built_tables_example.result.pdf, epub=path)
    assert [p.message for p in report.problems] == [
        "fig-timeline's caption is 'Figure 2: The reports of Table 1 that the text dates, December "
        "2024 – January 2025', not 'Figure 1: The reports of Table 1 that the text dates, December "
        "2024 – January 2025'"
    ]


@pytest.fixture(scope="module")
def built_png(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """A one-page book with a PNG figure."""
    content = tmp_path_factory.mktemp("png-content")
    write_content(
        content, '## A\n\nText.\n\n![A chart](chart.png){#fig-chart fig-alt="Three bars"}\n\nMore.\n'
    )
    buffer = io.BytesIO()
    Image.new("RGB", (120, 60), "#1f5c99").save(buffer, "PNG")
    (content / "chart.png").write_bytes(buffer.getvalue())
    out = tmp_path_factory.mktemp("png-dist")
    lines: list[str] = []
    return Built(build(content, out, say=lines.append), out, tuple(lines))


def test_a_png_figure_is_an_image_drawn_in_its_place(built_png: Built) -> None:
    assert built_png.result.ok, built_png.result.problems
    facts = read_pdf_facts(built_png.result.pdf)
    (figure,) = facts.figures
    images = [d for d in facts.drawings[figure.page] if d.kind == "image"]
    assert len(images) == 1
    assert figure.bottom - 1 <= images[0].bottom < images[0].top <= figure.top + 1
    assert figure.caption == "Figure 1: A chart"


def test_a_png_figure_whose_image_is_not_drawn(built_png: Built, tmp_path: Path) -> None:
    def undraw(writer: pypdf.PdfWriter) -> None:
        page = figure_page(built_png)
        edit_stream(
            writer, page, lambda ops: ops.__setitem__(slice(None), [op for op in ops if op[1] != b"Do"])
        )

    report = verify(None, pdf=damaged_pdf(built_png, tmp_path, undraw), epub=built_png.result.epub)
    assert [p.message for p in report.problems] == [
        "figure fig-chart's image (image/png) is not drawn on its page"
    ]


def test_a_figure_caption_on_another_page_than_its_image(built_tables_example: Built, tmp_path: Path) -> None:
    page = figure_page(built_tables_example)

    def move_caption(writer: pypdf.PdfWriter) -> None:
        names = dests(writer)
        index = [str(n) for n in names[0::2]].index("fig-timeline-caption")
        names[2 * index + 1].get_object()[0] = writer.pages[page - 1].indirect_reference

    report = verify(
        None,
        pdf=damaged_pdf(built_tables_example, tmp_path, move_caption),
        epub=built_tables_example.result.epub,
    )
    assert [p.message for p in report.problems if p.check == "figure-images"] == [
        f"figure fig-timeline's caption is on page "
        f"{read_pdf_facts(built_tables_example.result.pdf).label(page - 1)}, not with its image"
    ]
