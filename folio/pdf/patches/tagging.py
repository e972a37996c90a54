"""Corrections to WeasyPrint 70's tagged PDF (`pdf_tags`, `pdf/ua-1`): notes, links, running texts.

Takes WeasyPrint's `weasyprint.pdf.tags`, `weasyprint.pdf` and `weasyprint.draw` modules;
`install()` wraps `_build_box_tree`, `add_tags` and `draw_stacking_context`, `remove()` puts the
originals back (applied through `folio.pdf.patches.apply()`). An untagged PDF is written as
before: every wrapper hands over to WeasyPrint's own function when nothing is tagged.

What WeasyPrint 70 writes, and what the wrappers write instead:

1. Running headers, footers and folios (the page's margin boxes) are marked content that no
   structure element reaches. Here they are drawn as pagination artifacts
   (`/Artifact <</Type /Pagination /Subtype /Header>> BDC`, `/Footer` at the foot) and kept out
   of the structure tree.
2. A footnote is a `Span` inside a `NonStruct` (the footnote area) after the page's whole body.
   Here it is a `Note` whose `/ID` is its HTML id, placed in the reading order right after the
   link that calls it: the call the note's first link leads back to, else the first link on
   the page to the note. A note whose call is not on its page stays where WeasyPrint put it,
   after the page's body. The note's number (its first link, or WeasyPrint's
   `::footnote-marker`) is a `Lbl`. The structure tree's `/IDTree` names every note.
3. A `::footnote-call` or `::footnote-marker` with no content (folio's calls and numbers are
   links of their own) makes an empty `NonStruct`: left out.
4. A link annotation's `/Contents`, what a screen reader says for it, is its target ("fn-505").
   Here it is the link's `aria-label` or `title`, else its text, with the address for a link
   out of the book.
5. Every box inside a link (a `<span>` in an `<a>`, a leader, an `a::after`) gets an annotation
   of its own, held by a `Span` or `NonStruct` (PDF/UA wants a `Link`), or by a `Link` nested
   in the link: a contents entry was five links to a screen reader, four not links to PDF/UA.
   Here an annotation that leads where the link around it leads, within that link's area, is
   left out (the page's `/Annots` lose it), and a nested `a::after` is a `Span` of the link.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pydyf
from weasyprint import draw
from weasyprint import pdf as weasyprint_pdf
from weasyprint.formatting_structure import boxes
from weasyprint.layout import page as page_layout
from weasyprint.layout.absolute import AbsolutePlaceholder
from weasyprint.pdf import anchors, tags

ORIGINAL_BUILD = tags._build_box_tree
ORIGINAL_ADD_TAGS = weasyprint_pdf.add_tags
ORIGINAL_DRAW = draw.draw_stacking_context

# What the corrections rely on in WeasyPrint's source, each found exactly as written.
RELIED_ON: tuple[tuple[Callable[..., Any], str], ...] = (
    (ORIGINAL_BUILD, "elif isinstance(box, boxes.MarginBox):"),
    (ORIGINAL_BUILD, "if box.link_annotation:"),
    (ORIGINAL_BUILD, "yield from _build_box_tree("),
    (ORIGINAL_ADD_TAGS, "elements = _build_box_tree("),
    (anchors.add_links, "box.link_annotation['Contents'] = pydyf.String(link_target)"),
    (page_layout.make_page, "page.children = [root_box, footnote_area, note_area]"),
    (weasyprint_pdf.generate_pdf, "add_tags(pdf, document, options['pdf_version'], page_streams)"),
)

EMPTY_PSEUDOS = ("::footnote-call", "::footnote-marker")
ARTIFACT_SUBTYPES = {"@top": "/Header", "@bottom": "/Footer"}


@dataclass
class PageTags:
    """What one page's tree needs to put its notes after their calls."""

    links_by_id: dict[str, tuple[Any, Any]] = field(default_factory=dict)  # element id -> (Link, parent)
    links_to: dict[str, tuple[Any, Any]] = field(default_factory=dict)  # first link to each target
    notes: list[tuple[str, str | None, list[Any]]] = field(default_factory=list)  # id, call id, elements


@dataclass
class Tagging:
    """One PDF's tagging: the notes named so far, the page being tagged, the label looked for."""

    ids: list[tuple[str, bytes]] = field(default_factory=list)
    page: PageTags | None = None
    label: Any = None  # the box of the note being tagged that is its number
    label_target: str | None = None
    label_element: Any = None  # the Lbl made of it
    links: list[Any] = field(default_factory=list)  # the annotations of the links being tagged


TAGGING: list[Tagging] = []  # the PDF being tagged (WeasyPrint writes one PDF at a time)


def misfit() -> str | None:
    for function, text in RELIED_ON:
        if inspect.getsource(function).count(text) != 1:
            return f"WeasyPrint's {function.__name__} no longer holds {text!r}"
    return None


def installed() -> bool:
    return weasyprint_pdf.add_tags is add_tags


def install() -> None:
    # Each is called through its module's global: generate_pdf calls add_tags, add_tags and
    # _build_box_tree itself call _build_box_tree, draw_page and its children call
    # draw_stacking_context.
    weasyprint_pdf.add_tags = add_tags
    tags._build_box_tree = build_box_tree
    draw.draw_stacking_context = draw_stacking_context


def remove() -> None:
    weasyprint_pdf.add_tags = ORIGINAL_ADD_TAGS
    tags._build_box_tree = ORIGINAL_BUILD
    draw.draw_stacking_context = ORIGINAL_DRAW


def add_tags(pdf: Any, document: Any, pdf_version: Any, page_streams: Any) -> None:
    """WeasyPrint's tree, corrected as it is built; then the `/IDTree` of the notes."""
    tagging = Tagging()
    TAGGING.append(tagging)
    try:
        ORIGINAL_ADD_TAGS(pdf, document, pdf_version, page_streams)
    finally:
        TAGGING.remove(tagging)
    if tagging.ids:
        names = pydyf.Array()
        for name, reference in sorted(tagging.ids):
            names.extend([pydyf.String(name), reference])
        id_tree = pydyf.Dictionary({"Names": names})
        pdf.add_object(id_tree)
        indirect(pdf, pdf.catalog["StructTreeRoot"])["IDTree"] = id_tree.reference


def indirect(pdf: Any, reference: bytes) -> Any:
    """The object of a pydyf reference (b"12 0 R")."""
    return pdf.objects[int(reference.split()[0])]


def build_box_tree(  # noqa: PLR0917 (WeasyPrint's own signature, called positionally)
    box: Any, parent: Any, pdf: Any, page_number: int, nums: Any, annotations: Any, marks: Any
) -> Iterator[Any]:
    """WeasyPrint's `_build_box_tree` for one box, with the corrections of the module's docstring."""
    arguments = (pdf, page_number, nums, annotations, marks)
    tagging = TAGGING[-1] if TAGGING else None
    real = box._box if isinstance(box, AbsolutePlaceholder) else box
    if tagging is None:
        yield from ORIGINAL_BUILD(box, parent, *arguments)
    elif isinstance(real, boxes.MarginBox):
        return  # drawn as an artifact: nothing of it is in the tree
    elif isinstance(real, boxes.PageBox):
        yield from page_tree(tagging, box, parent, arguments)
    elif isinstance(real, boxes.FootnoteAreaBox) and tagging.page is not None:
        collect_notes(tagging, tagging.page, real, parent, arguments)
    elif is_empty_call(real):
        return
    elif real is tagging.label:
        yield label(tagging, box, parent, arguments)
    elif real.link_annotation is not None:
        yield from link_tree(tagging, box, parent, arguments)
    else:
        yield from ORIGINAL_BUILD(box, parent, *arguments)


def link_tree(tagging: Tagging, box: Any, parent: Any, arguments: tuple[Any, ...]) -> Iterator[Any]:
    """A box with a link annotation: described and recorded, or, inside a link that leads to
    the same place, without it."""
    real = box._box if isinstance(box, AbsolutePlaceholder) else box
    annotation = real.link_annotation
    if tagging.links and repeats(tagging.links[-1], annotation):
        yield from inner_link(box, parent, arguments)
        return
    tagging.links.append(annotation)
    try:
        elements = list(ORIGINAL_BUILD(box, parent, *arguments))
    finally:
        tagging.links.pop()
    describe_link(real)
    if tagging.page is not None and elements:
        record_link(tagging.page, real, elements[-1], parent)
    yield from elements


def repeats(outer: Any, inner: Any) -> bool:
    """Whether annotation `inner` leads where `outer` does, within `outer`'s area."""
    if destination(outer) != destination(inner):
        return False
    (ox1, ox2), (oy1, oy2) = spans(outer)
    (ix1, ix2), (iy1, iy2) = spans(inner)
    slack = 0.01  # points: rounding in the boxes' positions
    return ox1 - slack <= ix1 and ix2 <= ox2 + slack and oy1 - slack <= iy1 and iy2 <= oy2 + slack


def spans(annotation: Any) -> tuple[list[float], list[float]]:
    """An annotation's /Rect as its x span and its y span, each in increasing order."""
    rect = [float(value) for value in annotation["Rect"]]
    return sorted(rect[0::2]), sorted(rect[1::2])


def destination(annotation: Any) -> tuple[str, str]:
    """Where a link annotation leads: ("Dest", "fn-505") or ("URI", "https://...")."""
    if "Dest" in annotation:
        return "Dest", str(annotation["Dest"].string)
    return "URI", str(annotation["A"]["URI"].string)


def inner_link(box: Any, parent: Any, arguments: tuple[Any, ...]) -> Iterator[Any]:
    """A box inside a link, without the annotation that repeats the link's: tagged as what it
    is (an `a::after` as a `Span`, its text the link's)."""
    pdf, page_number = arguments[0], arguments[1]
    real = box._box if isinstance(box, AbsolutePlaceholder) else box
    annotation, real.link_annotation = real.link_annotation, None
    indirect(pdf, pdf.page_references[page_number])["Annots"].remove(annotation.reference)
    for element in ORIGINAL_BUILD(box, parent, *arguments):
        if element["S"] == "/Link":
            element["S"] = "/Span"
        yield element


def page_tree(tagging: Tagging, box: Any, parent: Any, arguments: tuple[Any, ...]) -> Iterator[Any]:
    """A page's elements, each note after its call; a note whose call is elsewhere comes last."""
    tagging.page = page = PageTags()
    try:
        elements = list(ORIGINAL_BUILD(box, parent, *arguments))
    finally:
        tagging.page = None
    yield from elements
    for note_id, call_id, note_elements in page.notes:
        call = page.links_by_id.get(call_id or "") or page.links_to.get(note_id)
        if call is None:
            yield from note_elements
            continue
        link, holder = call
        kids = holder["K"]
        at = kids.index(link.reference) + 1
        kids[at:at] = [element.reference for element in note_elements]
        for element in note_elements:
            element["P"] = holder.reference


def collect_notes(
    tagging: Tagging, page: PageTags, area: Any, parent: Any, arguments: tuple[Any, ...]
) -> None:
    """The footnote area's notes, each a `Note`, kept for `page_tree` to place after its call."""
    for child in area.children:
        note_id = child.element.get("id") if child.element is not None else None
        tagging.label, tagging.label_target, tagging.label_element = number_box(child), None, None
        try:
            elements = list(ORIGINAL_BUILD(child, parent, *arguments))
        finally:
            tagging.label = None
        if note_id is not None and len(elements) == 1:
            elements[0]["S"] = "/Note"
            elements[0]["ID"] = pydyf.String(note_id)
            tagging.ids.append((note_id, elements[0].reference))
            if tagging.label_element is not None:
                hoist_label(arguments[0], elements[0], tagging.label_element)
        else:  # not a note folio wrote: placed and tagged as WeasyPrint has it
            note_id = None
        page.notes.append((note_id or "", tagging.label_target, elements))


def number_box(note: Any) -> Any:
    """The box that prints a note's number: its first inline, when that is a link or a marker."""
    box = note
    while not (is_number(box) and has_content(box)):
        kids = [child for child in getattr(box, "children", ()) if has_content(child)]
        if not kids or isinstance(kids[0], boxes.TextBox):
            return None
        box = kids[0]
    return box


def is_number(box: Any) -> bool:
    tag = box.element_tag or ""
    return box.link_annotation is not None or tag.endswith("::footnote-marker") or is_link_element(box)


def is_link_element(box: Any) -> bool:
    return box.element is not None and box.element_tag == "a" and box.element.get("href") is not None


def label(tagging: Tagging, box: Any, parent: Any, arguments: tuple[Any, ...]) -> Any:
    """The note's number as a `Lbl` holding what WeasyPrint makes of it (a `Link`, a marker)."""
    pdf, page_number = arguments[0], arguments[1]
    element = pydyf.Dictionary(
        {
            "Type": "/StructElem",
            "S": "/Lbl",
            "K": pydyf.Array(),
            "Pg": pdf.page_references[page_number],
            "P": parent.reference,
        }
    )
    pdf.add_object(element)
    real = box._box if isinstance(box, AbsolutePlaceholder) else box
    for kid in ORIGINAL_BUILD(box, element, *arguments):
        element["K"].append(kid.reference)
    if real.link_annotation is not None:
        describe_link(real)
        tagging.label_target = link_target(real)
    tagging.label_element = element
    return element


def hoist_label(pdf: Any, note: Any, label: Any) -> None:
    """The `Lbl` as the note's first child: a note whose text has a block in it (a second
    paragraph) has its first line wrapped in an anonymous block, which WeasyPrint tags `Span`.
    The number is the note's first content either way, so the reading order stays."""
    holder = indirect(pdf, label["P"])
    if holder is note:
        return
    holder["K"].remove(label.reference)
    note["K"].insert(0, label.reference)
    label["P"] = note.reference


def is_empty_call(box: Any) -> bool:
    """A `::footnote-call` or `::footnote-marker` that prints nothing (`content: none`): an empty
    element otherwise."""
    return (box.element_tag or "").endswith(EMPTY_PSEUDOS) and not has_content(box)


def has_content(box: Any) -> bool:
    if isinstance(box, boxes.TextBox | boxes.ReplacedBox):
        return True
    return isinstance(box, boxes.ParentBox) and any(has_content(child) for child in box.children)


def link_target(box: Any) -> str | None:
    """The id an internal link leads to ("fn-505"), None for an address."""
    destination = box.link_annotation.get("Dest")
    return str(destination.string) if isinstance(destination, pydyf.String) else None


def record_link(page: PageTags, box: Any, element: Any, parent: Any) -> None:
    target = link_target(box)
    if box.element is not None and box.element.get("id"):
        page.links_by_id.setdefault(box.element.get("id"), (element, parent))
    if target is not None:
        page.links_to.setdefault(target, (element, parent))


def describe_link(box: Any) -> None:
    box.link_annotation["Contents"] = pydyf.String(link_description(box))


def link_description(box: Any) -> str:
    """`aria-label`, else `title`, else the link's text (with the address of a link out)."""
    element = box.element
    for attribute in ("aria-label", "title"):
        given = " ".join((element.get(attribute) or "").split())
        if given:
            return given
    text = " ".join("".join(element.itertext()).split())
    href = (element.get("href") or "").strip()
    if link_target(box) is not None:
        return text or href
    return f"{text} ({href})" if text and text != href else href


def draw_stacking_context(stream: Any, stacking_context: Any) -> None:
    """A margin box of a tagged PDF drawn as a pagination artifact, not as tagged content."""
    box = stacking_context.box
    if stream._tags is None or not isinstance(box, boxes.MarginBox):
        ORIGINAL_DRAW(stream, stacking_context)
        return
    properties = pydyf.Dictionary({"Type": "/Pagination"})
    for prefix, subtype in ARTIFACT_SUBTYPES.items():
        if box.at_keyword.startswith(prefix):
            properties["Subtype"] = subtype
    marks, stream._tags = stream._tags, None  # nothing inside is marked as content
    stream.begin_marked_content("Artifact", properties)
    try:
        ORIGINAL_DRAW(stream, stacking_context)
    finally:
        stream.end_marked_content()
        stream._tags = marks
