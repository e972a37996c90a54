"""A PDF's /PageLabels number tree (pikepdf) -> the label of each page (PDF 2.0 §12.4.2).

Each range starts at a key of the tree: its /S style (D 1 2 3, R I II, r i ii, A A..Z AA..ZZ,
a a..z aa..zz; none: the prefix alone), /P prefix and /St first number (1 when not given). A
page whose range cannot label it gets its position (index + 1), as in pypdf, which read these
facts before: a number below 1 or a roman numeral above 3,999, an unknown style, a key that is
no number, a label over 512 characters, a page no leaf of the tree holds.
"""

from __future__ import annotations

import string
from collections.abc import Callable, Sequence
from typing import Any

import pikepdf

from folio.verify.pdf_values import decoded_text, number

MAX_ROMAN = 3_999
MAX_LABEL = 512
MAX_DEPTH = 100
ROMAN = (
    (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
    (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
)  # fmt: skip


def page_labels(pdf: pikepdf.Pdf, count: int) -> tuple[str, ...] | None:
    """Each of the first `count` pages' labels; None when the PDF has no /PageLabels."""
    if "/PageLabels" not in pdf.Root:
        return None
    tree = pdf.Root.PageLabels
    positions = tuple(str(index + 1) for index in range(count))
    if not isinstance(tree, pikepdf.Dictionary):
        return positions
    if "/Nums" in tree:
        nums = tree.Nums
        return labels_from_nums(nums, range(count)) if isinstance(nums, pikepdf.Array) else positions
    if tree.get("/Kids") is not None:
        return labels_from_kids(tree, count)
    return positions


def labels_from_kids(tree: Any, count: int) -> tuple[str, ...]:
    """The labels of a tree of /Kids: each page's from the leaf that holds it."""
    labels = []
    for index in range(count):
        nums = leaf_nums(tree, index)
        labels.append(labels_from_nums(nums, [index])[0] if nums is not None else str(index + 1))
    return tuple(labels)


def leaf_nums(tree: Any, index: int) -> Any:
    """The /Nums array of the leaf that labels page `index`: the first kid whose /Limits hold it,
    else the last kid that starts before it; None when there is none."""
    node = tree
    for _ in range(MAX_DEPTH):
        kids = node.get("/Kids")
        if not isinstance(kids, pikepdf.Array):
            return None
        chosen = preceding = None
        for kid in kids:
            low, high = kid_limits(kid)
            if low is None or high is None:
                continue
            if low <= index <= high:
                chosen = kid
                break
            if low <= index:
                preceding = kid
        chosen = chosen if chosen is not None else preceding
        if chosen is None:
            return None
        if chosen.get("/Kids") is None:
            nums = chosen.get("/Nums")
            return nums if isinstance(nums, pikepdf.Array) else None
        node = chosen
    return None


def kid_limits(kid: Any) -> tuple[int | float | None, int | float | None]:
    limits = kid.get("/Limits") if isinstance(kid, pikepdf.Dictionary) else None
    if not isinstance(limits, pikepdf.Array) or len(limits) < 2:
        return None, None
    return number(limits[0]), number(limits[1])


def labels_from_nums(nums: Any, indexes: Sequence[int]) -> tuple[str, ...]:
    """The labels of increasing page indexes from a /Nums array `[key style key style ...]`:
    each page's range is the pair of the last key at or before it (the first pair before the
    first key)."""
    entries = [key_or_value(entry) for entry in nums]
    labels = []
    pair, start, style = 0, None, None
    for index in indexes:
        malformed = False
        while pair + 1 < len(entries):
            start, style = entries[pair], entries[pair + 1]
            if pair + 2 == len(entries):
                break
            following = entries[pair + 2]
            if not is_key(following):
                malformed = True
                break
            if following > index:
                break
            pair += 2
        labels.append(str(index + 1) if malformed else label_of(style, start, index))
    return tuple(labels)


def key_or_value(entry: Any) -> Any:
    """A /Nums entry: a number as an int or a float, anything else as it is."""
    found = number(entry)
    return found if found is not None else entry


def is_key(entry: Any) -> bool:
    return isinstance(entry, int | float) and not isinstance(entry, bool)


def label_of(style: Any, start: Any, index: int) -> str:
    """Page `index`'s label in the range that starts at page `start` with `style`."""
    if not isinstance(style, pikepdf.Dictionary):
        return str(index + 1)
    numbering = numbering_of(style.get("/S"))
    first = number(style.get("/St", 1))
    prefix = style.get("/P", pikepdf.String(""))
    text = decoded_text(bytes(prefix)) if isinstance(prefix, pikepdf.String) else None
    text = str(prefix) if isinstance(prefix, pikepdf.Name) else text
    if numbering is None or text is None or first is None or not is_key(start):
        return str(index + 1)
    try:
        label = text + numbering(index - start + first)
    except (TypeError, ValueError):
        return str(index + 1)
    return label if len(label) <= MAX_LABEL else str(index + 1)


def numbering_of(style: Any) -> Callable[[Any], str] | None:
    """The numbering of a /S style (none: no number, the prefix alone); None for an unknown one."""
    if style is None:
        return lambda _: ""
    name = str(style) if isinstance(style, pikepdf.Name | pikepdf.String) else None
    return NUMBERINGS.get(name) if name is not None else None


def decimal(value: Any) -> str:
    if value <= 0:
        raise ValueError("no page number below 1")
    return str(value)


def roman(value: Any) -> str:
    if not 0 < value <= MAX_ROMAN:
        raise ValueError("no roman numeral for it")
    parts = []
    for worth, symbol in ROMAN:
        count, value = divmod(value, worth)
        parts.append(symbol * count)
    return "".join(parts)


def letters(value: Any) -> str:
    if value <= 0:
        raise ValueError("no letter for it")
    repetitions, position = divmod(value - 1, 26)
    if repetitions + 1 > MAX_LABEL:
        raise ValueError("too long a label")
    return str(string.ascii_uppercase[position] * (repetitions + 1))


NUMBERINGS: dict[str, Callable[[Any], str]] = {
    "/D": decimal,
    "/R": roman,
    "/r": lambda value: roman(value).lower(),
    "/A": letters,
    "/a": lambda value: letters(value).lower(),
}
