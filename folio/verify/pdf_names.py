"""A PDF's catalog (pikepdf) -> its named destinations and its outline, each with the page led to.

The named destinations are those of the catalog's /Dests dictionary (PDF 1.1; its names with
their slash, in the order of their keys) when it has one, else those of the /Names /Dests name
tree, in its order (a node's /Kids before its /Names). A destination is an array
`[page /XYZ left top zoom]`, or a dictionary holding one as its /D. Where a fit sets no left or
top (/Fit; /FitH's left, /FitV's top; a null; a fit given too few or too many), it is 0; an
array too short to be a destination leads nowhere, and one of an unknown fit to the first page,
as pypdf (which read these facts before) had them. An outline item leads where its /A GoTo
action's /D says, else its /Dest: a destination, or the name of a named destination.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pikepdf

from folio.verify.pdf_values import number, object_number, text_of

MAX_DEPTH = 200  # deeper than any name tree or outline a document has: a loop, not depth
FITS_WITH_TOP = ("/FitH", "/FitBH")
FITS_WITH_LEFT = ("/FitV", "/FitBV")
FITS_WITHOUT_PLACE = ("/Fit", "/FitB")


@dataclass(frozen=True, slots=True)
class Target:
    """Where a destination leads: its page's object number (None: no page object), left, top."""

    page: int | None
    left: float = 0.0
    top: float = 0.0


NOWHERE = Target(None)


@dataclass
class NameWalk:
    """The named destinations found so far, and the tree's nodes already read."""

    first_page: int | None  # the object number of the first page
    found: dict[str, Target] = field(default_factory=dict)
    visited: set[int] = field(default_factory=set)


def named_destinations(pdf: pikepdf.Pdf, first_page: int | None) -> dict[str, Target]:
    """Every named destination, in the order of the tree (a name given twice: its last)."""
    root = pdf.Root
    tree: Any = None
    if "/Dests" in root:
        tree = root.Dests
    elif isinstance(root.get("/Names"), pikepdf.Dictionary) and "/Dests" in root.Names:
        tree = root.Names.Dests
    walk = NameWalk(first_page)
    if isinstance(tree, pikepdf.Dictionary):
        read_names(walk, tree, depth=0)
    return walk.found


def read_names(walk: NameWalk, node: Any, *, depth: int) -> None:
    if not isinstance(node, pikepdf.Dictionary):
        return
    if depth > MAX_DEPTH:
        raise ValueError(f"the named destinations' tree nests deeper than {MAX_DEPTH} levels")
    key = object_number(node)
    if key is not None and key in walk.visited:
        return  # a loop in the tree
    if key is not None:
        walk.visited.add(key)
    if "/Kids" in node:
        kids = node.Kids
        for kid in kids if isinstance(kids, pikepdf.Array) else ():
            read_names(walk, kid, depth=depth + 1)
    elif "/Names" in node:
        if isinstance(node.Names, pikepdf.Array):
            read_leaf(walk, list(node.Names))
    else:  # the catalog's /Dests dictionary: each key a name (with its slash)
        for name, value in node.items():
            if holds_destination(value):
                walk.found[name] = destination_target(destination_in(value), walk.first_page)


def read_leaf(walk: NameWalk, names: list[Any]) -> None:
    """A leaf's names and values, in pairs; a key that is no string is passed over alone."""
    index = 0
    while index < len(names):
        key = names[index]
        index += 1
        if not isinstance(key, pikepdf.String | pikepdf.Name):
            continue
        if index >= len(names):
            break
        value = names[index]
        index += 1
        if holds_destination(value):
            walk.found[text_of(key)] = destination_target(destination_in(value), walk.first_page)


def holds_destination(value: Any) -> bool:
    """Whether `value` is a destination, or a dictionary with one as its /D."""
    return not isinstance(value, pikepdf.Dictionary) or "/D" in value


def destination_in(value: Any) -> Any:
    """The destination a dictionary holds as its /D; anything else as it is."""
    return value.D if isinstance(value, pikepdf.Dictionary) and "/D" in value else value


def destination_target(array: Any, first_page: int | None) -> Target:
    """Where a destination array leads (PDF 2.0 §12.3.2.2)."""
    if not isinstance(array, pikepdf.Array) or len(array) < 2:
        return NOWHERE
    page, fit, *arguments = list(array)
    values = [coordinate(argument) for argument in arguments]
    kind = str(fit)
    left = top = None
    if kind == "/XYZ":
        left = values[0] if values else None
        top = values[1] if len(values) > 1 else None
    elif not values or kind in FITS_WITHOUT_PLACE:
        pass
    elif kind == "/FitR":
        left, top = (values[0], values[3]) if len(values) == 4 else (None, None)
    elif kind in FITS_WITH_TOP:
        top = values[0] if len(values) == 1 else None
    elif kind in FITS_WITH_LEFT:
        left = values[0] if len(values) == 1 else None
    else:
        return Target(first_page)
    return Target(object_number(page), left or 0.0, top or 0.0)


def coordinate(value: Any) -> float | None:
    """A destination's coordinate: None for null; what is no number, 0 (a string of figures, its value)."""
    if value is None:
        return None
    found = number(value)
    if found is not None:
        return float(found)
    if isinstance(value, pikepdf.String):
        try:
            return float(str(value))
        except ValueError:
            return 0.0
    return 0.0


def outline_items(
    pdf: pikepdf.Pdf, named: dict[str, Target], first_page: int | None
) -> Iterator[tuple[str, int | None]]:
    """Every outline item, each before the items under it: its title and its page's object number."""
    outlines = pdf.Root.get("/Outlines")
    if isinstance(outlines, pikepdf.Dictionary) and "/First" in outlines:
        yield from outline_chain(outlines.First, named, first_page, visited=set(), depth=0)


def outline_chain(
    node: Any, named: dict[str, Target], first_page: int | None, *, visited: set[int], depth: int
) -> Iterator[tuple[str, int | None]]:
    """An item, its next ones and, after each, the items under it (a loop ends the chain)."""
    if depth > MAX_DEPTH:
        raise ValueError(f"the outline nests deeper than {MAX_DEPTH} levels")
    while isinstance(node, pikepdf.Dictionary):
        key = object_number(node)
        if key is not None and key in visited:
            break
        if key is not None:
            visited.add(key)
        title = node.get("/Title")
        yield (text_of(title) if title is not None else ""), outline_target(node, named, first_page).page
        if "/First" in node:
            yield from outline_chain(node.First, named, first_page, visited=set(visited), depth=depth + 1)
        if "/Next" not in node:
            break
        node = node.Next


def outline_target(node: Any, named: dict[str, Target], first_page: int | None) -> Target:
    dest: Any = None
    if "/A" in node:
        action = node.A
        if isinstance(action, pikepdf.Dictionary) and action.get("/S") == "/GoTo" and "/D" in action:
            dest = action.D
    elif "/Dest" in node:
        dest = destination_in(node.Dest)
    if isinstance(dest, pikepdf.Array):
        return destination_target(dest, first_page)
    if isinstance(dest, pikepdf.String | pikepdf.Name):
        return named.get(text_of(dest), NOWHERE)
    return NOWHERE
