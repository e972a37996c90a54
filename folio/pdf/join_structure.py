"""The structure trees of a tagged PDF's parts -> one tree: the parallel route keeps the tags.

Takes the joined PDF (the first part's, with the later parts' pages appended already) and one
later part; appends that part's structure to the joined one, as one render of the whole book
tags it: the part's top-level elements after the joined document's, its parent tree (the
structure element of every marked content and of every link) after the joined one's with its
keys shifted (each appended page's `/StructParents` and each of its links' `/StructParent`
with them), and its notes' ids in the `/IDTree`. The part's elements refer to its pages, its
links and its marked contents; qpdf copies them with the pages already appended, so each
reference finds its copy. An untagged part adds nothing.
"""

from __future__ import annotations

from typing import Any

import pikepdf


def append_structure(joined: pikepdf.Pdf, part: pikepdf.Pdf, *, first_page: int) -> None:
    """Append `part`'s structure tree to `joined`'s, whose pages from `first_page` are `part`'s."""
    tree, part_tree = joined.Root.get("/StructTreeRoot"), part.Root.get("/StructTreeRoot")
    if tree is None or part_tree is None:
        return
    shift = next_key(tree.ParentTree)
    copied = joined.copy_foreign(part_tree)
    document = as_list(tree.K)[0]
    for element in as_list(as_list(copied.K)[0].K):
        element.P = document
        document.K.append(element)
    numbers = copied.ParentTree.Nums
    for index in range(0, len(numbers), 2):
        entry: list[Any] = [int(numbers[index]) + shift, numbers[index + 1]]
        tree.ParentTree.Nums.extend(entry)
    for page in joined.pages[first_page:]:
        shift_parent_keys(page.obj, shift)
    if "/IDTree" in copied:
        merge_ids(tree, copied.IDTree)


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
    pairs: list[tuple[str, Any]] = []
    for names in (tree.IDTree.Names if "/IDTree" in tree else pikepdf.Array(), more.Names):
        pairs += [(str(names[i]), names[i + 1]) for i in range(0, len(names), 2)]
    array = pikepdf.Array()
    for name, element in sorted(pairs, key=lambda pair: pair[0]):
        array.extend([pikepdf.String(name), element])
    tree.IDTree = pikepdf.Dictionary(Names=array)
