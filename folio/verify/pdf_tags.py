"""A PDF file -> `TagFacts`: what its tags say (structure tree, marked content, link descriptions).

pikepdf (qpdf) reads the catalog's accessibility entries (`/MarkInfo`, `/ViewerPreferences`,
`/Lang`, the XMP packet), walks the structure tree from `/StructTreeRoot` (every element
reached, in reading order, with its marked contents and the annotations it holds) and reads
each page's link annotations and parent tree entry; PDFium (`folio.verify.pdf_text`, which
reads every page's objects anyway) says in which marked content each object is drawn (an
`/MCID`, an artifact, or neither). Nothing here trusts the parent tree to find an element: it
is only compared with what the walk reached.
"""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

import pikepdf

from folio.verify.pdf_text import MarkedDrawing, MarkedObjects, read_page_texts

MAX_DEPTH = 200  # deeper than any structure a document has: a loop in the tree, not depth


@dataclass(frozen=True, slots=True)
class Element:
    """A structure element reached from the root, in reading order."""

    depth: int
    role: str  # "/Note", "/P", ...
    id: str | None
    page: int | None
    marks: tuple[tuple[int, int], ...]  # the marked contents it holds itself: page, MCID
    links: tuple[str, ...]  # the /Contents of the link annotations it holds (OBJR)
    first: str | None = None  # the role of its first child element
    after: str | None = None  # a Note's: the destination of the Link element right before it
    alt: str | None = None  # its /Alt, the text that stands in for it (a Figure's description)
    bbox: tuple[float, float, float, float] | None = None  # its layout /BBox: left, bottom, right, top
    scope: str | None = None  # a table cell's /Scope ("/Column", "/Row", "/Both")
    headers: tuple[str, ...] = ()  # a table cell's /Headers: the /ID of each header cell it has

    def __reduce__(self) -> tuple[type[Element], tuple[Any, ...]]:
        """Pickled as its values in order: the walk's copy sends some 40,000 of them at 3,000
        notes, and a slotted dataclass's own `__getstate__` and `__setstate__` (a list of fields
        looked up for every element) took 0.4 s to send them and 0.3 s to take them back, on
        the verification's path; this takes half of each."""
        return (Element, tuple(map(self.__getattribute__, ELEMENT_FIELDS)))


ELEMENT_FIELDS = tuple(element_field.name for element_field in fields(Element))


@dataclass(frozen=True, slots=True)
class LinkAnnotation:
    page: int
    contents: str | None
    dest: str | None  # an internal link's destination name; None for an address
    tagged: bool  # held by a Link structure element reached from the root


@dataclass(frozen=True, slots=True)
class PageMarks:
    page: int
    marked: int  # tagged marked contents (an /MCID) objects are drawn in
    unreached: int  # of those, owned by no element reached from the root
    misfiled: int  # of those, filed under another element (or none) in the parent tree
    unmarked: int  # objects drawn neither in tagged marked content nor as an artifact
    artifacts: int  # objects drawn as artifacts
    drawn: tuple[MarkedDrawing, ...] = ()  # what each tagged object draws, in order


@dataclass(frozen=True, slots=True)
class TagFacts:
    tree: bool  # a /StructTreeRoot with elements
    marked: bool  # /MarkInfo /Marked true
    display_title: bool  # /ViewerPreferences /DisplayDocTitle true
    language: str | None
    xmp_title: str | None
    ua_part: str | None  # pdfuaid:part in the XMP
    elements: tuple[Element, ...] = ()
    links: tuple[LinkAnnotation, ...] = ()
    pages: tuple[PageMarks, ...] = ()
    loops: int = 0  # elements met again below themselves, or past MAX_DEPTH

    @property
    def roles(self) -> Counter[str]:
        return Counter(element.role for element in self.elements)

    @property
    def notes(self) -> dict[str, Element]:
        return {e.id: e for e in self.elements if e.role == "/Note" and e.id is not None}


@dataclass
class Walk:
    """What the walk of the tree has found so far."""

    pages: dict[tuple[int, int], int]  # page object -> index
    elements: list[Element] = field(default_factory=list)
    owners: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)  # (page, mcid) -> element
    tagged_annotations: set[tuple[int, int]] = field(default_factory=set)
    on_path: set[tuple[int, int]] = field(default_factory=set)
    loops: int = 0


@dataclass(frozen=True, slots=True)
class Walked:
    """What the walk of the structure tree found, as plain values: another process may walk it."""

    elements: tuple[Element, ...]
    owners: dict[tuple[int, int], tuple[int, int]]  # (page, mcid) -> the element claiming it first
    tagged_annotations: frozenset[tuple[int, int]]  # held by a Link element
    loops: int


def read_tag_facts(path: Path | bytes, *, marks: Sequence[MarkedObjects] | None = None) -> TagFacts:
    """The tags of the PDF at `path` (or in memory); `marks`: each page's, when already read."""
    if marks is None:
        marks = [page.marks for page in read_page_texts(path)]
    with pikepdf.open(io.BytesIO(path) if isinstance(path, bytes) else path) as pdf:
        return tag_facts(pdf, marks)


def walk_file(path: Path) -> Walked:
    """The walk of the structure tree of the PDF at `path` (`walk_tree`)."""
    with pikepdf.open(path) as pdf:
        return walk_tree(pdf)


def walk_tree(pdf: pikepdf.Pdf) -> Walked:
    """Every element reached from `/StructTreeRoot`, in reading order (`visit`)."""
    walk = Walk({page.obj.objgen: index for index, page in enumerate(pdf.pages)})
    tree = pdf.Root.get("/StructTreeRoot")
    if tree is not None:
        for kid in kids_of(tree):
            if isinstance(kid, pikepdf.Dictionary):
                visit(walk, kid, role_of(kid), depth=0, after=None)
    return Walked(tuple(walk.elements), walk.owners, frozenset(walk.tagged_annotations), walk.loops)


def tag_facts(pdf: pikepdf.Pdf, marks: Sequence[MarkedObjects], *, walked: Walked | None = None) -> TagFacts:
    """The tags of an open PDF, whose pages' marked contents PDFium read as `marks`; `walked`:
    its structure tree's walk, when made already (by another process: `pdf_facts`)."""
    root = pdf.Root
    metadata = pdf.open_metadata()
    walk = walked if walked is not None else walk_tree(pdf)
    parents = parent_tree(root.get("/StructTreeRoot"))
    return TagFacts(
        tree=bool(walk.elements),
        marked=catalog_flag(root, "/MarkInfo", "/Marked"),
        display_title=catalog_flag(root, "/ViewerPreferences", "/DisplayDocTitle"),
        language=str(root.Lang) if "/Lang" in root and str(root.Lang).strip() else None,
        xmp_title=metadata.get("dc:title") or None,
        ua_part=metadata.get("pdfuaid:part") or None,
        elements=walk.elements,
        links=tuple(link_annotations(pdf, walk)),
        pages=tuple(page_marks(pdf, walk, parents, marks)),
        loops=walk.loops,
    )


def catalog_flag(root: Any, dictionary: str, key: str) -> bool:
    """Whether the catalog's `dictionary` sets `key` to true."""
    value = root.get(dictionary, pikepdf.Dictionary()).get(key)
    return isinstance(value, bool) and value


def kids_of(node: Any) -> Iterable[Any]:
    """What an element (or the root) holds: its `/K` array's items, or the one object it is."""
    kids = node.get("/K")
    if kids is None:
        return ()
    return kids.as_list() if isinstance(kids, pikepdf.Array) else (kids,)


Kids = tuple[
    list[tuple[int, int]],  # the marked contents it holds itself: page, MCID
    list[tuple[str, str | None]],  # the annotation of each /OBJR: its /Contents, its destination
    list[tuple[Any, str]],  # each child element and its role
]


def role_of(node: Any) -> str:
    """The element's `/S` ("/P", "/Note", ...), "" if it has none."""
    role = node.get("/S")  # faster than .get("/S", ""): it is nearly always there
    return "" if role is None else str(role)


def keys_of(node: Any) -> set[str]:
    """The keys of a dictionary (or stream), read once: pikepdf's look-up of a key that is not
    there is slow. Another object has none (pikepdf's `.get` treats it as empty)."""
    return node.keys() if isinstance(node, pikepdf.Dictionary | pikepdf.Stream) else set()


def visit(walk: Walk, node: Any, role: str, *, depth: int, after: str | None) -> str | None:
    """One element (whose `/S` is `role`) and, in order, everything below it; a Link's
    destination (for the element after it, which a Note is when it follows its call)."""
    key = node.objgen
    if key in walk.on_path or depth > MAX_DEPTH:
        walk.loops += 1
        return None
    walk.on_path.add(key)
    keys = node.keys()  # read once (see `keys_of`)
    page = walk.pages.get(node.get("/Pg").objgen) if "/Pg" in keys else None
    kids = kids_held(walk, node, key, role, page) if "/K" in keys else ([], [], [])
    walk.elements.append(element_of(node, keys, role, depth, page, kids, after))
    _, links, children = kids
    before: str | None = None
    for child, child_role in children:
        link = before if child_role == "/Note" else None
        before = visit(walk, child, child_role, depth=depth + 1, after=link)
    walk.on_path.discard(key)
    return links[0][1] if links and role == "/Link" else None


def kids_held(walk: Walk, node: Any, key: tuple[int, int], role: str, page: int | None) -> Kids:
    """What the element `node` (object `key`) holds, in order: marked contents (on its `page`
    unless an /MCR says), link annotations (/OBJR) and child elements."""
    marks: list[tuple[int, int]] = []
    links: list[tuple[str, str | None]] = []
    children: list[tuple[Any, str]] = []
    for kid in kids_of(node):
        if isinstance(kid, int):
            own(walk, marks, key, page, kid)
            continue
        if not isinstance(kid, pikepdf.Dictionary):
            continue
        kind = kid.get("/Type")
        if kind == "/MCR":
            found = kid.get("/Pg")
            own(walk, marks, key, walk.pages.get(found.objgen) if found is not None else page, int(kid.MCID))
        elif kind == "/OBJR":
            annotation = kid.Obj
            if role == "/Link":  # held by a Span, it is not a link to a reader
                walk.tagged_annotations.add(annotation.objgen)
            held = keys_of(annotation)
            contents = str(annotation.get("/Contents")) if "/Contents" in held else ""
            links.append((contents, annotation_destination(annotation, held)))
        else:
            children.append((kid, role_of(kid)))
    return marks, links, children


def element_of(  # noqa: PLR0917 (what the walk found of it)
    node: Any, keys: set[str], role: str, depth: int, page: int | None, kids: Kids, after: str | None
) -> Element:
    """The element `node`, whose keys are `keys`, as the walk found it."""
    marks, links, children = kids
    attributes = attribute_objects(node) if "/A" in keys else []
    box = layout_box(attributes) if attributes else None
    scope, headers = table_attributes(attributes) if attributes else (None, ())
    return Element(
        depth,
        role,
        str(node.get("/ID")) if "/ID" in keys else None,
        page,
        tuple(marks),
        tuple([contents for contents, _ in links]) if links else (),
        children[0][1] if children else None,
        after,
        str(node.get("/Alt")) if "/Alt" in keys else None,
        box,
        scope,
        headers,
    )


def attribute_objects(node: Any) -> list[Any]:
    """The element's attribute objects (its `/A`: a dictionary or an array of them)."""
    attributes = node.get("/A")
    found = list(attributes) if isinstance(attributes, pikepdf.Array) else [attributes]
    return [attribute for attribute in found if isinstance(attribute, pikepdf.Dictionary)]


def table_attributes(attributes: list[Any]) -> tuple[str | None, tuple[str, ...]]:
    """A table cell's `/Scope` and `/Headers`, from its attribute objects."""
    scope: str | None = None
    headers: tuple[str, ...] = ()
    for attribute in attributes:
        if "/Scope" in attribute:
            scope = str(attribute.Scope)
        if isinstance(attribute.get("/Headers"), pikepdf.Array):
            headers = tuple(str(name) for name in attribute.Headers)
    return scope, headers


def layout_box(attributes: list[Any]) -> tuple[float, float, float, float] | None:
    """The element's `/BBox` layout attribute (in its `/A` dictionary, or one of its array)."""
    for attribute in attributes:
        box = attribute.get("/BBox")
        if isinstance(box, pikepdf.Array) and len(box) == 4:
            left, bottom, right, top = (float(value) for value in box)
            return left, bottom, right, top
    return None


def own(walk: Walk, marks: list[tuple[int, int]], key: tuple[int, int], page: int | None, mcid: int) -> None:
    """The marked content `mcid` of `page` is the element's, in `marks` (and its owner's, if the
    first element to claim it)."""
    if page is not None:
        walk.owners.setdefault((page, mcid), key)
        marks.append((page, mcid))


def annotation_destination(annotation: Any, keys: set[str]) -> str | None:
    """The destination of a link annotation whose keys are `keys` (its /Dest, or its GoTo's)."""
    dest = annotation.get("/Dest") if "/Dest" in keys else None
    action = annotation.get("/A") if "/A" in keys else None
    if dest is None and isinstance(action, pikepdf.Dictionary) and action.get("/S") == "/GoTo":
        dest = action.get("/D")
    return str(dest) if isinstance(dest, pikepdf.String | pikepdf.Name) else None


def link_annotations(pdf: pikepdf.Pdf, walk: Walked) -> Iterator[LinkAnnotation]:
    for index, page in enumerate(pdf.pages):
        for annotation in page.obj.get("/Annots", ()):
            keys = keys_of(annotation)
            if "/Subtype" not in keys or annotation.get("/Subtype") != "/Link":
                continue
            contents = str(annotation.get("/Contents")) if "/Contents" in keys else None
            tagged = annotation.objgen in walk.tagged_annotations
            yield LinkAnnotation(index, contents, annotation_destination(annotation, keys), tagged)


def parent_tree(tree: Any) -> dict[int, Any]:
    """The parent tree's entries by key (a flat /Nums array, or a tree of /Kids)."""
    entries: dict[int, Any] = {}
    pending = [tree.get("/ParentTree")] if tree is not None else []
    while pending:
        node = pending.pop()
        if node is None:
            continue
        numbers = node.get("/Nums", pikepdf.Array())
        for index in range(0, len(numbers) - 1, 2):
            entries[int(numbers[index])] = numbers[index + 1]
        pending.extend(node.get("/Kids", ()))
    return entries


def page_marks(
    pdf: pikepdf.Pdf, walk: Walked, parents: dict[int, Any], marks: Sequence[MarkedObjects]
) -> Iterator[PageMarks]:
    """Each page's marked contents: reached from the tree, filed in the parent tree, or neither."""
    for index, (page, marked) in enumerate(zip(pdf.pages, marks, strict=True)):
        filed = parents.get(int(page.obj.StructParents)) if "/StructParents" in page.obj else None
        filed_list = list(filed) if isinstance(filed, pikepdf.Array) else []
        unreached = misfiled = 0
        for mcid in marked.mcids:
            owner = walk.owners.get((index, mcid))
            entry = filed_list[mcid] if 0 <= mcid < len(filed_list) else None
            unreached += owner is None
            filed_here = isinstance(entry, pikepdf.Dictionary) and entry.objgen == owner
            misfiled += owner is not None and not filed_here
        yield PageMarks(
            index, len(marked.mcids), unreached, misfiled, marked.unmarked, marked.artifacts, marked.drawn
        )
