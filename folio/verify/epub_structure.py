"""An EPUB document's tree -> its tables and figures as a reader meets them: per table its caption,
header row and rows of cell texts; per figure its images (where each leads in the package, its
alt text) and its caption. Note calls are left out of every text, as the PDF's body leaves them
out: the number is the call's, not the cell's.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree

EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
X = "{http://www.w3.org/1999/xhtml}"


@dataclass(frozen=True, slots=True)
class EpubTable:
    document: str
    id: str
    caption: str | None  # None: no <caption>
    header: tuple[str, ...]  # the <thead> row's cells
    rows: tuple[tuple[str, ...], ...]  # the <tbody> rows' cells
    unscoped: int  # header cells without scope="col"


@dataclass(frozen=True, slots=True)
class EpubFigure:
    document: str
    id: str
    images: tuple[tuple[str, str | None], ...]  # each <img>: its src as written, its alt (None: none)
    caption: str | None


def shown_text(element: etree._Element) -> str:
    """The element's text without its note calls (and without the asides it may hold)."""
    parts = [element.text or ""]
    for child in element:
        if not isinstance(child.tag, str):
            parts.append(child.tail or "")
            continue
        kind = (child.get(EPUB_TYPE) or "").split()
        if "noteref" not in kind and "footnote" not in kind:
            parts.append(shown_text(child))
        parts.append(child.tail or "")
    return " ".join("".join(parts).split())


def read_tables(document: str, tree: etree._Element) -> Iterator[EpubTable]:
    for table in tree.iter(f"{X}table"):
        caption = table.find(f"{X}caption")
        header_cells = table.findall(f"{X}thead/{X}tr/{X}th")
        rows = tuple(
            tuple(shown_text(cell) for cell in row if cell.tag in (f"{X}td", f"{X}th"))
            for row in table.iterfind(f"{X}tbody/{X}tr")
        )
        yield EpubTable(
            document,
            table.get("id") or "",
            shown_text(caption) if caption is not None else None,
            tuple(shown_text(cell) for cell in header_cells),
            rows,
            sum(1 for cell in header_cells if cell.get("scope") != "col"),
        )


def read_figures(document: str, tree: etree._Element) -> Iterator[EpubFigure]:
    for figure in tree.iter(f"{X}figure"):
        caption = figure.find(f"{X}figcaption")
        images = tuple((img.get("src") or "", img.get("alt")) for img in figure.iter(f"{X}img"))
        yield EpubFigure(
            document, figure.get("id") or "", images, shown_text(caption) if caption is not None else None
        )
