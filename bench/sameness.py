"""Proof that the footnote_area patch changes no layout: every box, with and without it.

`python -m bench.sameness [--sizes 200,1000] [--chapters]` generates synthetic reports
(`bench.synthetic`) and lays out each twice in this process, with every folio patch in place
and with every patch but `footnote_area`, then compares the laid-out pages box by box: each
box's kind, element, position, size and text, on every page, the footnote areas and their
notes included. It prints one line a report (pages, boxes, seconds of each layout) and every
page that differs; exit code 1 if any does.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import weasyprint

from bench.synthetic import generate_publication
from folio.fonts import only_these_fonts
from folio.load import load_publication
from folio.model import Publication
from folio.pdf import patches
from folio.pdf.patches import footnote_area
from folio.pipeline import ROOT, Project
from folio.render import render_print_html

CHAPTERS = "\n.section { break-before: page; }\n"
Box = tuple[Any, ...]


@dataclass(frozen=True, slots=True)
class Comparison:
    pages: int
    boxes: int
    differing_pages: tuple[int, ...]  # 1-based page numbers whose boxes are not all the same
    seconds_with: float
    seconds_without: float


def page_boxes(document: Any) -> list[list[Box]]:
    """Every box of every page: kind, element tag, position, size, text (when it has one)."""
    return [list(boxes_of(page._page_box)) for page in document.pages]


def boxes_of(box: Any) -> Iterator[Box]:
    yield (
        type(box).__name__,
        getattr(box, "element_tag", None),
        box.position_x,
        box.position_y,
        box.width,
        box.height,
        getattr(box, "text", None),
    )
    for child in getattr(box, "children", ()):
        yield from boxes_of(child)


def lay_out(html: str, stylesheet: Path) -> Any:
    """Laid out as a build lays it out: with the project's fonts and no other."""
    css = weasyprint.CSS(filename=str(stylesheet))
    with only_these_fonts(Project().fonts):
        return weasyprint.HTML(string=html, base_url=str(ROOT)).render(stylesheets=[css])


def timed(function: Callable[[], Any]) -> tuple[Any, float]:
    start = time.perf_counter()
    value = function()
    return value, time.perf_counter() - start


def compare(html: str, stylesheet: Path) -> Comparison:
    """The layout with every patch and with every patch but footnote_area, box by box."""
    patches.apply()
    try:
        footnote_area.remove()
        without, seconds_without = timed(lambda: page_boxes(lay_out(html, stylesheet)))
    finally:
        patches.apply()
    with_patch, seconds_with = timed(lambda: page_boxes(lay_out(html, stylesheet)))
    pages = max(len(with_patch), len(without))
    differing = tuple(
        number
        for number in range(1, pages + 1)
        if number > min(len(with_patch), len(without)) or with_patch[number - 1] != without[number - 1]
    )
    boxes = sum(len(page) for page in with_patch)
    return Comparison(len(with_patch), boxes, differing, seconds_with, seconds_without)


@dataclass(frozen=True, slots=True)
class Report:
    publication: Publication
    html: str  # its print HTML
    stylesheet: Path  # print.css, or a copy whose sections start a page


def synthetic_report(folder: Path, *, notes: int, chapters: bool) -> Report:
    """A synthetic report in `folder` (content/, styles/), numbered from note 505 and page 41;
    with `chapters`, every section starts a page."""
    generate_publication(folder / "content", notes=notes, first_note=505, first_page=41)
    styles = folder / "styles"
    shutil.copytree(Project().styles, styles)
    if chapters:
        with (styles / "print.css").open("a", encoding="utf-8") as css:
            css.write(CHAPTERS)
    publication = load_publication(folder / "content").publication
    html = render_print_html(publication, templates_dir=Project().templates, created=publication.modified)
    return Report(publication, html, styles / "print.css")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.sameness", description=__doc__)
    parser.add_argument("--sizes", default="200,1000", help="notes of each report (default: 200,1000)")
    parser.add_argument("--chapters", action="store_true", help="every section starts a new page")
    arguments = parser.parse_args(argv)
    same = True
    for notes in [int(size) for size in arguments.sizes.split(",") if size]:
        with tempfile.TemporaryDirectory(prefix="folio-sameness-") as scratch:
            report = synthetic_report(Path(scratch), notes=notes, chapters=arguments.chapters)
            result = compare(report.html, report.stylesheet)
        same &= not result.differing_pages
        print(
            f"{notes} notes{' (chapters)' if arguments.chapters else ''}: {result.pages} pages, "
            f"{result.boxes:,} boxes, differing pages: {list(result.differing_pages) or 'none'}; "
            f"layout {result.seconds_with:.1f} s with footnote_area, {result.seconds_without:.1f} s without",
            flush=True,
        )
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
