"""A PDF and the verifier's problems -> a proof: its pages as PNG, each problem drawn where it is.

Takes the PDF, the problems found in it (`Problem.marks`: the page's index and a box in the
page's points) and the folder to write (`NAME.proof/` beside the outputs). PDFium (pypdfium2)
renders each page; Pillow draws each mark in red, a note outlined, a call circled, with its
label beside it (the page the call's note went to). `index.html` lists every problem under its
page, each with its check, above the page's image; a problem without a page comes first. The
pages rendered: those with a problem (a failed build's proof, so that the editor sees why at
once), or every page (`every_page`).
"""

from __future__ import annotations

import html
import json
import shutil
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pypdfium2
from PIL import Image, ImageDraw, ImageFont

from folio.errors import Mark, Problem

DPI = 100
RED = (215, 25, 32)
LINE = 3  # pixels
CIRCLE_MARGIN = 5.0  # points round a call's box
LABEL_SIZE = 15  # pixels


@dataclass(frozen=True, slots=True)
class ProofPage:
    index: int  # from 0
    label: str  # as printed
    image: str  # the file's name in the proof folder
    problems: tuple[Problem, ...]


@dataclass(frozen=True, slots=True)
class Proof:
    folder: Path
    pages: tuple[ProofPage, ...]
    unplaced: tuple[Problem, ...]  # problems of no one page

    @property
    def index(self) -> Path:
        return self.folder / "index.html"


def write_proof(pdf: Path, problems: Iterable[Problem], folder: Path, *, every_page: bool = False) -> Proof:
    """Render the proof of `pdf` into `folder` (replaced whole: no page of an older proof stays)."""
    problems = tuple(problems)
    scratch = folder.with_name(f".{folder.name}.tmp")
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir(parents=True)
    document = pypdfium2.PdfDocument(pdf)
    try:
        labels = [page_label(document, index) for index in range(len(document))]
        on_page = problems_by_page(problems, labels)
        wanted = range(len(document)) if every_page else sorted(on_page)
        pages = tuple(
            render_page(document, index, labels[index], on_page.get(index, ()), scratch) for index in wanted
        )
    finally:
        document.close()
    placed = {id(p) for page in pages for p in page.problems}
    proof = Proof(folder, pages, tuple(p for p in problems if id(p) not in placed))
    (scratch / "index.html").write_text(index_html(proof, pdf.name), encoding="utf-8")
    shutil.rmtree(folder, ignore_errors=True)
    scratch.replace(folder)
    return proof


def render_pages(pdf: Path, folder: Path) -> None:
    """Every page of `pdf` as `page-NNNN.png` in `folder`, without marks, each file in place at
    once (written aside, then renamed); first `pages.json`: each page's label and height in
    points, for the marks drawn later (`mark_page`). What the preview's renderer process does."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        count = len(document)
        pages = [
            {"label": page_label(document, i), "height": document.get_page_size(i)[1]} for i in range(count)
        ]
        write_in_place(folder / "pages.json", json.dumps(pages).encode())
        for index in range(count):
            page = document[index]
            try:
                image = page.render(scale=DPI / 72).to_pil().convert("RGB")
            finally:
                page.close()
            scratch = folder / f".page-{index + 1:04d}.png"
            image.save(scratch, format="PNG", compress_level=1)
            scratch.replace(folder / f"page-{index + 1:04d}.png")
    finally:
        document.close()


def write_in_place(path: Path, data: bytes) -> None:
    scratch = path.with_name(f".{path.name}")
    scratch.write_bytes(data)
    scratch.replace(path)


def mark_page(png: Path, marks: list[Mark], *, page_height: float, out: Path) -> None:
    """A rendered page with `marks` drawn, written to `out` (Pillow only: no PDFium)."""
    with Image.open(png) as plain:
        image = plain.convert("RGB")
    draw_marks(image, marks, page_height=page_height)
    scratch = out.with_name(f".{out.name}")
    image.save(scratch, format="PNG", compress_level=1)
    scratch.replace(out)


def page_label(document: pypdfium2.PdfDocument, index: int) -> str:
    return document.get_page_label(index) or str(index + 1)


def problems_by_page(problems: tuple[Problem, ...], labels: list[str]) -> dict[int, tuple[Problem, ...]]:
    """Each problem under every page it marks, else under the page its label names."""
    index_of = {label: index for index, label in reversed(list(enumerate(labels)))}
    found: dict[int, list[Problem]] = {}
    for problem in problems:
        pages = {mark.page for mark in problem.marks if 0 <= mark.page < len(labels)}
        if not pages and problem.page is not None and problem.page in index_of:
            pages = {index_of[problem.page]}
        for page in sorted(pages):
            found.setdefault(page, []).append(problem)
    return {page: tuple(items) for page, items in found.items()}


def render_page(
    document: pypdfium2.PdfDocument, index: int, label: str, problems: tuple[Problem, ...], folder: Path
) -> ProofPage:
    page = document[index]
    try:
        # PDFium renders the CropBox (else the MediaBox), which the bleed of a print-shop
        # edition puts to the left of and below the user space's origin.
        left, bottom, _, top = page.get_cropbox()
        image = page.render(scale=DPI / 72).to_pil().convert("RGB")
    finally:
        page.close()
    marks = [
        shifted(mark, -left, -bottom) for problem in problems for mark in problem.marks if mark.page == index
    ]
    if marks:
        draw_marks(image, marks, page_height=top - bottom)
    name = f"page-{index + 1:04d}.png"
    image.save(folder / name, compress_level=1)  # the quickest: a proof is looked at, not kept
    return ProofPage(index, label, name, problems)


def shifted(mark: Mark, dx: float, dy: float) -> Mark:
    left, bottom, right, top = mark.box
    return Mark(mark.page, (left + dx, bottom + dy, right + dx, top + dy), mark.shape, mark.label)


def pixel_box(box: tuple[float, float, float, float], *, page_height: float) -> tuple[float, ...]:
    """A box in the page's points (origin bottom left, y up) -> the image's pixels (top left, y down)."""
    scale = DPI / 72
    left, bottom, right, top = box
    return (left * scale, (page_height - top) * scale, right * scale, (page_height - bottom) * scale)


def draw_marks(image: Image.Image, marks: list[Mark], *, page_height: float) -> None:
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=LABEL_SIZE)
    for mark in merged(marks):
        left, bottom, right, top = mark.box
        if mark.shape == "circle":
            grown = (left - CIRCLE_MARGIN, bottom - CIRCLE_MARGIN, right + CIRCLE_MARGIN, top + CIRCLE_MARGIN)
            box = pixel_box(grown, page_height=page_height)
            draw.ellipse(box, outline=RED, width=LINE)
        else:
            box = inside(
                pixel_box((left - 2, bottom - 2, right + 2, top + 2), page_height=page_height), image
            )
            draw.rectangle(box, outline=RED, width=LINE)
        if mark.label:
            draw_label(draw, font, mark.label, box, width=image.width)


def merged(marks: list[Mark]) -> list[Mark]:
    """One mark for each place and shape, its labels joined: two problems of one note."""
    by_place: dict[tuple[tuple[float, ...], str], list[str]] = {}
    for mark in marks:
        labels = by_place.setdefault((tuple(round(v, 1) for v in mark.box), mark.shape), [])
        if mark.label and mark.label not in labels:
            labels.append(mark.label)
    first = {(tuple(round(v, 1) for v in m.box), m.shape): m for m in reversed(marks)}
    return [Mark(m.page, m.box, m.shape, "; ".join(by_place[key])) for key, m in first.items()]


def inside(box: tuple[float, ...], image: Image.Image) -> tuple[float, ...]:
    """A box cut to the image: the outline of a note that runs off the page shows at its edge."""
    left, top, right, bottom = box
    high, wide = image.height - 1, image.width - 1
    return (
        min(max(left, 0), wide),
        min(max(top, 0), high),
        min(max(right, 0), wide),
        min(max(bottom, 0), high),
    )


def draw_label(
    draw: ImageDraw.ImageDraw,
    font: ImageFont.ImageFont | ImageFont.FreeTypeFont,
    text: str,
    box: tuple[float, ...],
    *,
    width: int,
) -> None:
    """The label above the mark (below it at the page's top), kept inside the page, on white."""
    text_box = draw.textbbox((0, 0), text, font=font)
    text_width, text_height = text_box[2] - text_box[0], text_box[3] - text_box[1]
    x = min(max(box[0], 2), width - text_width - 6)
    y = box[1] - text_height - 8 if box[1] > text_height + 10 else box[3] + 4
    draw.rectangle((x - 3, y - 2, x + text_width + 3, y + text_height + 4), fill=(255, 255, 255), outline=RED)
    draw.text((x, y - text_box[1]), text, fill=RED, font=font)


STYLE = """
body { font: 15px/1.45 system-ui, sans-serif; margin: 0 auto; max-width: 980px; padding: 1em; color: #222; }
h1 { font-size: 1.4em; } h2 { font-size: 1.1em; margin: 1.5em 0 0.3em; }
.ok { color: #1a7f37; } .problems li { color: #b3141c; } .check { color: #666; font-size: 0.9em; }
img { max-width: 100%; border: 1px solid #bbb; box-shadow: 0 1px 4px #0002; }
"""


def index_html(proof: Proof, pdf_name: str) -> str:
    """The proof's index: the problems, page by page, each above its page's image."""
    count = len(proof.unplaced) + len({id(p) for page in proof.pages for p in page.problems})
    summary = (
        f'<p class="ok">No problems: every check passed on {html.escape(pdf_name)}.</p>'
        if not count
        else f"<p>{count} problem(s) in {html.escape(pdf_name)}, drawn in red on their pages.</p>"
    )
    parts = [f"<h1>Proof of {html.escape(pdf_name)}</h1>", summary]
    if proof.unplaced:
        parts.append("<h2>Not on one page</h2>" + problem_list(proof.unplaced))
    for page in proof.pages:
        parts.append(f'<h2 id="page-{page.index + 1}">Page {html.escape(page.label)}</h2>')
        parts.append(problem_list(page.problems))
        parts.append(f'<img src="{page.image}" alt="page {html.escape(page.label)}" loading="lazy">')
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>Proof of {html.escape(pdf_name)}</title><style>{STYLE}</style></head>\n<body>\n"
        + "\n".join(parts)
        + "\n</body></html>\n"
    )


def problem_list(problems: tuple[Problem, ...]) -> str:
    if not problems:
        return ""
    items = "".join(
        f'<li>{html.escape(p.message)} <span class="check">({html.escape(p.check)})</span></li>'
        for p in problems
    )
    return f'<ul class="problems">{items}</ul>'


if __name__ == "__main__":  # the preview's renderer: python -m folio.proof PDF FOLDER
    render_pages(Path(sys.argv[1]), Path(sys.argv[2]))
