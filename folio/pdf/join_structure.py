"""The structure trees of a tagged PDF's parts -> one tree: the parallel route keeps the tags.

Takes the joined PDF (the first part's, with the later parts' pages appended already) and one
later part; appends that part's structure to the joined one, as one render of the whole book
tags it: the part's top-level elements after the joined document's, its parent tree (the
structure element of every marked content and of every link) after the joined one's with its
keys shifted (each appended page's `/StructParents` and each of its links' `/StructParent`
with them), and its notes' ids in the `/IDTree` (with a `StructureJoin`, once at the end:
merged part by part, the tree was rebuilt each time, and a join of 15 parts took minutes).
The part's elements refer to its pages, its links and its marked contents; qpdf copies them
with the pages already appended, so each reference finds its copy. An untagged part adds
nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pikepdf


@dataclass(slots=True)
class StructureJoin:
    """What the joined tree holds so far, kept as the parts are appended, so that each part
    costs its own size, not the book's: the parent tree's first free key and every id of the
    `/IDTree`, written once at the end (`finish_structure`)."""

    next_key: int | None = None
    ids: list[tuple[str, Any]] = field(default_factory=list)


def start_structure(joined: pikepdf.Pdf) -> StructureJoin:
    """The joined PDF's (the first part's) tree as a `StructureJoin`; its ids are taken out."""
    tree = joined.Root.get("/StructTreeRoot")
    if tree is None:
        return StructureJoin()
    return StructureJoin(next_key(tree.ParentTree), id_pairs(tree) if "/IDTree" in tree else [])


def append_structure(
    joined: pikepdf.Pdf, part: pikepdf.Pdf, *, first_page: int, so_far: StructureJoin | None = None
) -> None:
    """Append `part`'s structure tree to `joined`'s, whose pages from `first_page` are `part`'s;
    with `so_far`, the ids wait for `finish_structure`."""
    tree, part_tree = joined.Root.get("/StructTreeRoot"), part.Root.get("/StructTreeRoot")
    if tree is None or part_tree is None:
        return
    shift = next_key(tree.ParentTree) if so_far is None or so_far.next_key is None else so_far.next_key
    copied = joined.copy_foreign(part_tree)
    document = as_list(tree.K)[0]
    for element in as_list(as_list(copied.K)[0].K):
        element.P = document
        document.K.append(element)
    numbers = copied.ParentTree.Nums
    entries: list[Any] = []
    for index in range(0, len(numbers), 2):
        entries += [int(numbers[index]) + shift, numbers[index + 1]]
    tree.ParentTree.Nums.extend(entries)  # at once: an extend a pair made the join quadratic
    for page in joined.pages[first_page:]:
        shift_parent_keys(page.obj, shift)
    if so_far is not None:
        so_far.next_key = shift + next_key(copied.ParentTree)
        so_far.ids += id_pairs(copied) if "/IDTree" in copied else []
    elif "/IDTree" in copied:
        merge_ids(tree, copied.IDTree)


def finish_structure(joined: pikepdf.Pdf, so_far: StructureJoin) -> None:
    """The `/IDTree` of every part's ids, flat and sorted, written once."""
    tree = joined.Root.get("/StructTreeRoot")
    if tree is not None and so_far.ids:
        tree.IDTree = pikepdf.Dictionary(Names=sorted_names(so_far.ids))


def id_pairs(tree: Any) -> list[tuple[str, Any]]:
    names = tree.IDTree.Names
    return [(str(names[i]), names[i + 1]) for i in range(0, len(names), 2)]


def sorted_names(pairs: list[tuple[str, Any]]) -> pikepdf.Array:
    """A name tree's flat `/Names` array, sorted, made at once (not a pair at a time)."""
    return pikepdf.Array(
        [
            item
            for name, value in sorted(pairs, key=lambda pair: pair[0])
            for item in (pikepdf.String(name), value)
        ]
    )


def as_list(kids: Any) -> list[Any]:
    return list(kids) if isinstance(kids, pikepdf.Array) else [kids]


def next_key(parent_tree: Any) -> int:
    """The parent tree's first free key (WeasyPrint writes one flat `/Nums` array)."""
    numbers = parent_tree.Nums
    return max((int(numbers[i]) for i in range(0, len(numbers), 2)), default=-1) + 1


def shift_parent_keys(page: Any, shift: int) -> None:
    if "/StructParents" in page:
        page.StructParents = int(page.StructParents) + shift
    for annotation in page.get("/Annots", ()):
        if "/StructParent" in annotation:
            annotation.StructParent = int(annotation.StructParent) + shift


def merge_ids(tree: Any, more: Any) -> None:
    """One flat, sorted `/IDTree` of both trees' ids (ids are unique across the book)."""
    pairs = (id_pairs(tree) if "/IDTree" in tree else []) + [
        (str(more.Names[i]), more.Names[i + 1]) for i in range(0, len(more.Names), 2)
    ]
    tree.IDTree = pikepdf.Dictionary(Names=sorted_names(pairs))
