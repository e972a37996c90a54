"""PDF facts (their `TagFacts`) + the content's figures -> problems with the figures' tags, as
PDF/UA-1 asks (ISO 14289-1 7.3): tags-figures.

Every figure of the content is a `Figure` element whose `/Alt` is the figure's description in
the content (`fig-alt`), exactly (spacing aside), and which holds the marked content that draws
the figure's image in its place on its page (a PNG or JPEG an image object, an SVG what it
draws); its `/BBox`, when it has one, holds what it draws. No `Figure` of the tree goes without
an `/Alt`. The figure's place is read from the page (`PdfFigure`: from the figure's top to its
end mark), the marked contents drawn there by PDFium, the elements holding them from the tree.
"""

from __future__ import annotations

from collections.abc import Iterator

from folio.errors import Problem
from folio.verify.expectation import Expectation, ExpectedFigure
from folio.verify.pdf_facts import PdfFacts
from folio.verify.pdf_layout import SLACK
from folio.verify.pdf_structure import PdfFigure
from folio.verify.pdf_tags import Element, TagFacts
from folio.verify.pdf_text import MarkedDrawing
from folio.verify.registry import Family

CHECKS = Family()
RASTER = ("image/png", "image/jpeg")
Mark = tuple[int, int]  # page index, MCID


def figure_elements(pdf: PdfFacts) -> dict[str, int]:
    tags = pdf.tags
    return {"figures": sum(e.role == "/Figure" for e in tags.elements) if tags is not None else 0}


def drawings(tags: TagFacts) -> dict[Mark, list[MarkedDrawing]]:
    found: dict[Mark, list[MarkedDrawing]] = {}
    for page in tags.pages:
        for drawing in page.drawn:
            found.setdefault((page.page, drawing.mcid), []).append(drawing)
    return found


def in_place(drawing: MarkedDrawing, figure: PdfFigure) -> bool:
    """Whether the drawing stands in the figure's image box (its middle between top and end)."""
    _, bottom, right, top = drawing.box
    return figure.bottom - SLACK <= (top + bottom) / 2 <= figure.top + SLACK and right >= figure.left - SLACK


@CHECKS.check("tags-figures", needs=("pdf",), figures=figure_elements)
def check_figures(pdf: PdfFacts, content: Expectation | None) -> Iterator[Problem]:
    """Every figure a `Figure` with its description as `/Alt` over its image; no `Figure` without."""
    tags = pdf.tags
    if tags is None or not tags.tree:
        return  # tags-tree says the PDF is not tagged
    drawn = drawings(tags)
    owners: dict[Mark, int] = {}
    for index, element in enumerate(tags.elements):
        for mark in element.marks:
            owners.setdefault(mark, index)
    printed = {figure.id: figure for figure in pdf.figures}
    named: set[int] = set()  # the Figure elements found for a figure of the content
    for wanted in content.figures or () if content is not None else ():
        place = printed.get(wanted.id)
        if place is None:
            continue  # figure-images says it is not in the PDF
        marks = [m for m, ds in drawn.items() if m[0] == place.page and any(in_place(d, place) for d in ds)]
        holders = sorted({owners[m] for m in marks if m in owners})
        named.update(i for i in holders if tags.elements[i].role == "/Figure")
        found = [tags.elements[i] for i in holders]
        problem = figure_problem(wanted, place.page, found, drawn)
        if problem is not None:
            yield Problem(pdf.path, problem, "tags-figures", page=pdf.label(place.page))
    for index, element in enumerate(tags.elements):
        if element.role == "/Figure" and index not in named and not (element.alt or "").strip():
            where = pdf.label(element.page) if element.page is not None else None
            message = "a Figure element has no alternate text (/Alt)"
            yield Problem(pdf.path, message, "tags-figures", page=where)


def figure_problem(
    wanted: ExpectedFigure, page: int, holders: list[Element], drawn: dict[Mark, list[MarkedDrawing]]
) -> str | None:
    """What is wrong with the tags of one figure of the content (`holders`: the elements holding
    what is drawn in its place on `page`), or None."""
    name = wanted.id
    figures = [element for element in holders if element.role == "/Figure"]
    if not figures:
        roles = sorted({element.role.lstrip("/") for element in holders})
        held = f"held by {', '.join(roles)}" if roles else "not tagged"
        return f"figure {name}'s image is not a Figure element of the structure tree ({held})"
    if len(figures) > 1:
        return f"figure {name}'s image is held by {len(figures)} Figure elements, not one"
    [element] = figures
    own = [d for mark in element.marks if mark[0] == page for d in drawn.get(mark, ())]
    if wanted.media_type in RASTER and not any(d.kind == "image" for d in own):
        return f"figure {name}'s Figure element draws no image ({wanted.media_type}) on its page"
    if element.bbox is not None and own and not holds(element.bbox, own):
        return f"figure {name}'s Figure element's /BBox is not where its image is drawn"
    return alt_problem(name, element, wanted.alt)


def alt_problem(name: str, element: Element, wanted: str) -> str | None:
    alt = " ".join((element.alt or "").split())
    if not alt:
        return f"figure {name}'s Figure element has no alternate text (/Alt)"
    if alt != wanted:
        return f"figure {name}'s alternate text (/Alt) is '{alt[:60].rstrip()}…', not its fig-alt"
    return None


def holds(bbox: tuple[float, float, float, float], drawn: list[MarkedDrawing]) -> bool:
    """Whether the box holds the drawings (within SLACK; a drawing clipped to the box, as an
    SVG's is, may reach past it: its middle must be inside)."""
    left, bottom, right, top = bbox
    return all(
        left - SLACK <= (d.box[0] + d.box[2]) / 2 <= right + SLACK
        and bottom - SLACK <= (d.box[1] + d.box[3]) / 2 <= top + SLACK
        for d in drawn
    )
