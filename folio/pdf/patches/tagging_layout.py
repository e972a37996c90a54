"""Corrections to WeasyPrint 70's tagged PDF, continued from `folio.pdf.patches.tagging` (which
installs, removes and calls these): what the page draws but a reader must not be given, and
where a figure is.

6. A `leader()` (the contents' and lists' dot leaders) is text: each dot a `Span` of its own,
   some seventy an entry, that a screen reader reads out ("dot dot dot ..."). Here it is drawn
   as a layout artifact (`/Artifact <</Type /Layout>> BDC`) and left out of the tree: an entry
   reads as its text and its page number.
7. A decorative image (`alt=""`, the title page's cover: the title says it) is a `Figure`
   without `/Alt`, which PDF/UA forbids (WeasyPrint logs it as an error and writes it). Here it
   is an artifact, out of the tree, as HTML means it.
8. A box of nothing tagged (the empty `div` that marks a figure's end, the `::after` that held
   only a leader) is an empty `Div` or `NonStruct`: left out. A table's parts stay, empty or not.
9. A `Figure`'s `/BBox` (its layout attribute, where the image stands) is in CSS pixels from the
   page's top left; a reader of the PDF takes it in the page's user space. Here it is: points,
   from the bottom left.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pydyf
from weasyprint import draw
from weasyprint.formatting_structure import boxes
from weasyprint.formatting_structure import build as box_build
from weasyprint.layout.absolute import AbsolutePlaceholder
from weasyprint.pdf import tags
from weasyprint.pdf.stream import Stream

ORIGINAL_INLINE = draw.draw_inline_level
ORIGINAL_MARKED = Stream.marked

RELIED_ON: tuple[tuple[Callable[..., Any], str], ...] = (
    (box_build.compute_content_list, "leader_box.is_leader = True"),
    (draw.draw_inline_level, "with stream.marked(child, 'Span'):"),
    (draw.draw_inline_level, "draw_inline_level(\n                        stream, page, child,"),
    (draw.draw_block_level, "with stream.marked(block, 'Figure'):"),
    (tags._build_box_tree, "x2, y2 = x1 + box.width, y1 + box.height"),
    (tags._build_box_tree, "elif alt := box.element.attrib.get('alt'):"),
)
TABLE_TAGS = ("table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption")


def install() -> None:
    draw.draw_inline_level = draw_inline_level
    Stream.marked = marked


def remove() -> None:
    draw.draw_inline_level = ORIGINAL_INLINE
    Stream.marked = ORIGINAL_MARKED


def installed() -> bool:
    return draw.draw_inline_level is draw_inline_level and Stream.marked is marked


def draw_inline_level(stream: Any, page: Any, box: Any, *args: Any, **kwargs: Any) -> None:
    """A leader of a tagged PDF drawn as a layout artifact, nothing inside it marked."""
    if stream._tags is None or not getattr(box, "is_leader", False):
        ORIGINAL_INLINE(stream, page, box, *args, **kwargs)
        return
    with artifact(stream, pydyf.Dictionary({"Type": "/Layout"})):
        ORIGINAL_INLINE(stream, page, box, *args, **kwargs)


@contextmanager
def marked(stream: Any, box: Any, tag: str) -> Iterator[None]:
    """WeasyPrint's `Stream.marked`, but a decorative image is drawn as an artifact."""
    if stream._tags is not None and is_decorative(box):
        with artifact(stream, None):
            yield
        return
    with ORIGINAL_MARKED(stream, box, tag):
        yield


@contextmanager
def artifact(stream: Any, properties: Any) -> Iterator[None]:
    marks, stream._tags = stream._tags, None  # nothing inside is marked as content
    stream.begin_marked_content("Artifact", properties)
    try:
        yield
    finally:
        stream.end_marked_content()
        stream._tags = marks


def is_decorative(box: Any) -> bool:
    """An `<img alt="">`: an image that says nothing the text does not."""
    if not isinstance(box, boxes.ReplacedBox) or box.element is None or box.element_tag != "img":
        return False
    alt = box.element.get("alt")
    return alt is not None and not alt.strip()


def is_artifact(box: Any) -> bool:
    """Whether the page draws the box as an artifact: a leader or a decorative image."""
    return bool(getattr(box, "is_leader", False)) or is_decorative(box)


def tags_nothing(box: Any, dropped: Callable[[Any], bool]) -> bool:
    """Whether nothing of the box is tagged: an artifact, or a box of nothing but artifacts (or of
    nothing), with no form field and no link but those `dropped` says leave (the ones repeating
    the link around them), and not a part of a table."""
    real = box._box if isinstance(box, AbsolutePlaceholder) else box
    if is_artifact(real):
        return True
    if isinstance(real, boxes.TextBox | boxes.ReplacedBox):
        return False
    if real.widget_annotation is not None:
        return False
    if real.link_annotation is not None and not dropped(real.link_annotation):
        return False
    if real.element is not None and real.element_tag in TABLE_TAGS:
        return False
    return all(tags_nothing(child, dropped) for child in getattr(real, "children", ()))


def drop_artifact_links(pdf: Any, page_number: int, box: Any, dropped: Callable[[Any], bool]) -> None:
    """The link annotations in a box of nothing tagged, that repeat the link around them, leave
    the page: the link's own annotation holds that area already."""
    real = box._box if isinstance(box, AbsolutePlaceholder) else box
    annotation = real.link_annotation
    if annotation is not None and dropped(annotation):
        pdf.objects[int(pdf.page_references[page_number].split()[0])]["Annots"].remove(annotation.reference)
        real.link_annotation = None
    for child in getattr(real, "children", ()):
        drop_artifact_links(pdf, page_number, child, dropped)


def place_figures(pdf: Any, document: Any) -> None:
    """Every `Figure`'s `/BBox` in its page's user space, as the page's matrix maps CSS pixels:
    x * scale, height * scale - y * scale (the scale read from the page's size)."""
    pages = list(pdf.page_references)
    for element in struct_elements(pdf, pdf.catalog["StructTreeRoot"]):
        bbox = element.get("A", {}).get("BBox") if element.get("S") == "/Figure" else None
        if bbox is None or element.get("Pg") not in pages:
            continue
        page = document.pages[pages.index(element["Pg"])]
        media = [float(value) for value in pdf.objects[int(element["Pg"].split()[0])]["MediaBox"]]
        scale = (media[3] - media[1]) / (page.height + page.bleed["top"] + page.bleed["bottom"])
        x1, y1, x2, y2 = (float(value) for value in bbox)
        top = page.height * scale
        element["A"]["BBox"] = pydyf.Array((x1 * scale, top - y2 * scale, x2 * scale, top - y1 * scale))


def struct_elements(pdf: Any, reference: bytes) -> Iterator[Any]:
    """The structure elements below the one `reference` names, each once."""
    seen: set[bytes] = set()
    pending = [reference]
    while pending:
        current = pending.pop()
        if current in seen:
            continue
        seen.add(current)
        node = pdf.objects[int(current.split()[0])]
        if node.get("Type") == "/StructElem":
            yield node
        for kid in node.get("K", ()):
            if isinstance(kid, bytes) and kid.endswith(b" R"):
                pending.append(kid)
