"""What WeasyPrint's laid-out boxes say: which ids landed on which page, and which notes run off.

Takes a laid-out `weasyprint.Document`; gives `LaidOutPage` records (the stage's account of
every page, all the rest of folio reads) and the `LostNote`s that run past a page's foot.
The only module that reads WeasyPrint's private page boxes (`page._page_box`) and matches its
box classes by name.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class LaidOutPage:
    label: str  # the printed folio: "41"
    anchors: tuple[str, ...]  # ids of the elements with a box on this page, in reading order
    first_block: str | None  # id of the block whose line opens the page's body text
    first_line: str  # that line's text, without note calls


@dataclass(frozen=True, slots=True)
class LostNote:
    note_id: str  # "fn-505"
    page: str  # the printed folio of the page it would be cut on
    overflow: float  # how far it runs past the page's foot, in CSS px (1/96 in)


def laid_out_pages(document: Any, label: Callable[[int], str]) -> Iterator[LaidOutPage]:
    """Each page's record, labelled with `label` of its index."""
    previous: frozenset[str] = frozenset()  # the ids with a box on the page before
    for index, page in enumerate(document.pages):
        body = next(child for child in page._page_box.children if type(child).__name__ == "BlockBox")
        line = first_line(body, continued=previous)
        block = line.element.get("id") if line is not None and line.element is not None else None
        text = line_text(line) if line is not None else ""
        yield LaidOutPage(label(index), tuple(page.anchors), block, text)
        previous = frozenset(page.anchors)


def first_line(box: Any, *, continued: frozenset[str] = frozenset()) -> Any:
    """The first line box of body text below `box` (notes live in the footnote area, not here).
    The header row a table repeats on a page it continues on (its id among `continued`, the
    ids of the page before) is not where the page's own text begins."""
    if type(box).__name__ == "LineBox":
        return box
    repeats = type(box).__name__ == "TableBox" and element_id(box) in continued
    for child in getattr(box, "children", ()):
        if repeats and getattr(child, "is_header", False):
            continue
        found = first_line(child, continued=continued)
        if found is not None:
            return found
    return None


def element_id(box: Any) -> str | None:
    element = getattr(box, "element", None)
    return element.get("id") if element is not None else None


def line_text(box: Any) -> str:
    """The text of a line as the reader sees it in the body: note calls left out."""
    element = getattr(box, "element", None)
    tag = getattr(box, "element_tag", "")
    if tag.endswith("::footnote-call") or (
        element is not None and tag == "a" and "fn-call" in (element.get("class") or "")
    ):
        return ""
    if hasattr(box, "text"):
        return str(box.text)
    return "".join(line_text(child) for child in getattr(box, "children", ()))


def lost_text(document: Any, label: Callable[[int], str]) -> Iterator[LostNote]:
    """Notes that run past the page's foot. WeasyPrint never splits a note: it draws the rest
    below the page, where nobody sees it, and logs nothing."""
    for index, page in enumerate(document.pages):
        box = page._page_box
        limit = box.margin_height() - box.margin_bottom
        for area in box.children:
            if type(area).__name__ != "FootnoteAreaBox":
                continue
            for note in area.children:
                # The border box: a note's bottom margin may hang past the foot harmlessly.
                bottom = note.position_y + note.margin_height() - note.margin_bottom
                if bottom > limit + 0.5:
                    element_id = note.element.get("id") if note.element is not None else "?"
                    yield LostNote(element_id, label(index), bottom - limit)


# --- Tables wider than the text block (issue #15) --------------------------------------------
@dataclass(frozen=True, slots=True)
class WideTable:
    table_id: str
    page: str  # the printed folio of its first page
    overflow: float  # how much wider than the text block it is, in CSS px


def wide_tables(document: Any, label: Callable[[int], str]) -> Iterator[WideTable]:
    """Tables that run past the right edge of the text block: a column whose longest word does not
    fit makes WeasyPrint widen the table past the page's edge, and log nothing."""
    seen: set[str] = set()
    for index, page in enumerate(document.pages):
        body = next(child for child in page._page_box.children if type(child).__name__ == "BlockBox")
        right = body.content_box_x() + body.width
        for table in block_level(body, "TableBox"):
            table_id = element_id(table) or "?"
            overflow = table.border_box_x() + table.border_width() - right
            if overflow > 0.5 and table_id not in seen:
                seen.add(table_id)
                yield WideTable(table_id, label(index), overflow)


def block_level(box: Any, kind: str) -> Iterator[Any]:
    """The boxes of class `kind` among the block-level boxes below `box` (lines are not entered)."""
    for child in getattr(box, "children", ()):
        name = type(child).__name__
        if name == kind:
            yield child
        elif name != "LineBox":
            yield from block_level(child, kind)
