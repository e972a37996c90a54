"""PDF facts + EPUB facts (+ the content's figures and tables) -> a figure printed without its
image, an EPUB figure without its image or its description, and a caption (with its number)
that the two editions do not print alike.

In the PDF, a figure's image is drawn between the figure's top and its end mark on its page: a
PNG or JPEG as an image object, an SVG as paths, text or a form. What figures there should be
comes from the content when it is known, else from the EPUB and the PDF themselves.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator

from folio.errors import Problem
from folio.verify.epub_facts import EpubFacts
from folio.verify.epub_structure import EpubFigure
from folio.verify.expectation import Expectation, normalise
from folio.verify.pdf_facts import PdfFacts
from folio.verify.pdf_layout import SLACK
from folio.verify.pdf_structure import PdfFigure
from folio.verify.registry import Family

CHECKS = Family()
RASTER = ("image/png", "image/jpeg")


def figure_figures(pdf: PdfFacts) -> dict[str, int]:
    return {"figures": len(pdf.figures)}


def epub_figure_figures(epub: EpubFacts) -> dict[str, int]:
    return {"figures": len(epub.figures)}


def caption_figures(pdf: PdfFacts) -> dict[str, int]:
    captions = [c for c in (*(t.caption for t in pdf.tables), *(f.caption for f in pdf.figures)) if c]
    return {"captions": len(captions)}


def image_type(figure: EpubFigure, epub: EpubFacts) -> str | None:
    """The media type of the figure's (first) image in the package, if it is there."""
    if not figure.images:
        return None
    src = figure.images[0][0].partition("#")[0]
    return epub.media_types.get(posixpath.normpath(posixpath.join(posixpath.dirname(figure.document), src)))


def wanted_types(pdf: PdfFacts, epub: EpubFacts | None, content: Expectation | None) -> dict[str, str | None]:
    """Each figure there must be -> its image's media type (None: not known)."""
    if content is not None and content.figures is not None:
        return {figure.id: figure.media_type for figure in content.figures}
    wanted: dict[str, str | None] = {figure.id: None for figure in pdf.figures}
    if epub is not None:
        for figure in epub.figures:
            wanted[figure.id] = image_type(figure, epub)
    return wanted


def drawn_inside(pdf: PdfFacts, figure: PdfFigure) -> list[str]:
    """The kinds of what the page draws inside the figure's image box."""
    return [
        drawing.kind
        for drawing in pdf.drawings.get(figure.page, ())
        if figure.bottom - SLACK <= (drawing.top + drawing.bottom) / 2 <= figure.top + SLACK
        and drawing.right >= figure.left - SLACK
    ]


@CHECKS.check("figure-images", needs=("pdf",), figures=figure_figures)
def check_figure_images(
    pdf: PdfFacts, epub: EpubFacts | None, content: Expectation | None
) -> Iterator[Problem]:
    """Every figure is printed on one page with its caption, its image drawn in its place."""
    printed = {figure.id: figure for figure in pdf.figures}
    for name, media_type in wanted_types(pdf, epub, content).items():
        figure = printed.get(name)
        if figure is None:
            yield Problem(pdf.path, f"figure {name} is not in the PDF", "figure-images")
            continue
        label = pdf.label(figure.page)
        if figure.end_page != figure.page or figure.top - figure.bottom < 1:
            ends = pdf.label(figure.end_page)
            message = f"figure {name}'s image does not stand whole on its page (it ends on page {ends})"
            yield Problem(pdf.path, message, "figure-images", page=label)
            continue
        if figure.caption_page not in (None, figure.page):
            message = (
                f"figure {name}'s caption is on page {pdf.label(figure.caption_page)}, not with its image"
            )
            yield Problem(pdf.path, message, "figure-images", page=label)
        kinds = drawn_inside(pdf, figure)
        if media_type in RASTER and "image" not in kinds:
            yield Problem(
                pdf.path,
                f"figure {name}'s image ({media_type}) is not drawn on its page",
                "figure-images",
                page=label,
            )
        elif not kinds:
            yield Problem(
                pdf.path,
                f"figure {name}'s image is not drawn: its place on the page is empty",
                "figure-images",
                page=label,
            )


@CHECKS.check("epub-figures", needs=("epub",), figures=epub_figure_figures)
def check_epub_figures(epub: EpubFacts, content: Expectation | None) -> Iterator[Problem]:
    """Every figure shows one image of the package, with its description as alt text."""
    alts = (
        {f.id: f.alt for f in content.figures}
        if content is not None and content.figures is not None
        else None
    )
    shown = {figure.id: figure for figure in epub.figures}
    for name in sorted(set(alts or ()) - set(shown)):
        yield Problem(epub.path, f"figure {name} is not in the EPUB", "epub-figures")
    for figure in epub.figures:
        where = f"{figure.document}: figure {figure.id or '(no id)'}"
        if len(figure.images) != 1:
            yield Problem(epub.path, f"{where} shows {len(figure.images)} images, not 1", "epub-figures")
            continue
        src, alt = figure.images[0]
        media_type = image_type(figure, epub)
        if media_type is None or not media_type.startswith("image/"):
            message = f"{where}: its image '{src}' is not an image of the package"
            yield Problem(epub.path, message, "epub-figures")
        described = " ".join((alt or "").split())
        if not described:
            yield Problem(epub.path, f"{where}: its image has no alt text", "epub-figures")
        elif alts is not None and figure.id in alts and described != alts[figure.id]:
            message = f"{where}: its alt text is '{described[:60].rstrip()}', not the content's"
            yield Problem(epub.path, message, "epub-figures")


@CHECKS.check("pdf-epub-captions", needs=("pdf", "epub"), figures=caption_figures)
def check_same_captions(pdf: PdfFacts, epub: EpubFacts, content: Expectation | None) -> Iterator[Problem]:
    """Each table's and figure's caption, its number first, printed alike in both editions and as
    the content gives it (without the content: the PDF's as the EPUB's)."""
    printed = {t.id: (t.caption, t.page) for t in pdf.tables} | {
        f.id: (f.caption, f.page) for f in pdf.figures
    }
    shown = {t.id: t.caption for t in epub.tables} | {f.id: f.caption for f in epub.figures}
    wanted = dict(shown)
    if content is not None and content.tables is not None and content.figures is not None:
        wanted = {t.id: t.caption for t in content.tables} | {f.id: f.caption for f in content.figures}
        for name in wanted.keys() & shown.keys():
            if not same_caption(shown[name], wanted[name]):
                yield Problem(
                    epub.path, caption_message(name, shown[name], wanted[name]), "pdf-epub-captions"
                )
    for name in wanted.keys() & printed.keys():
        caption, page = printed[name]
        if not same_caption(caption, wanted[name]):
            message = caption_message(name, caption, wanted[name])
            yield Problem(pdf.path, message, "pdf-epub-captions", page=pdf.label(page))


def same_caption(found: str | None, wanted: str | None) -> bool:
    return (found is None) == (wanted is None) and normalise(found or "") == normalise(wanted or "")


def caption_message(name: str, found: str | None, wanted: str | None) -> str:
    def shown(text: str | None) -> str:
        return "no caption" if text is None else f"'{text[:100]}'"

    return f"{name}'s caption is {shown(found)}, not {shown(wanted)}"
