"""A speed-up of WeasyPrint 70's footnote layout: constant-time "is this note still waiting?".

WeasyPrint keeps the notes not yet placed in the list `LayoutContext.footnotes` and, for
every line it lays out, asks `footnote in context.footnotes` for each note called on that
line: a linear scan of every note of the document still waiting. With thousands of notes
that scan grows with the document, so layout grows faster than the text (measured: 0.85x the
layout time at 1,000 notes with this index).

`WaitingNotes` is that list plus a mirror of its members (a `Counter` keyed by the box object,
whose equality is identity, as the list's own `in` is for boxes), kept exact by overriding
every method WeasyPrint 70 uses (`append`, `remove`, `copy`, `in`) and refusing, loudly,
every other way of changing it, so a future use cannot make the mirror silently wrong.
`install()` makes every new `LayoutContext` start with one; it does nothing unless the pinned
WeasyPrint 70.0 is the one installed (the patch was written against its source), or when
FOLIO_PLAIN_WEASYPRINT=1 asks for the unpatched library (for benchmarks).
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable
from typing import Any, NoReturn

import weasyprint
from weasyprint.layout import LayoutContext

PATCHED_VERSION = "70.0"


class WaitingNotes(list[Any]):
    """A list whose `in` is O(1): a multiset mirror follows every change."""

    def __init__(self, items: Iterable[Any] = ()) -> None:
        super().__init__(items)
        self.members: Counter[int] = Counter(id(item) for item in self)

    def __contains__(self, item: object) -> bool:
        return self.members[id(item)] > 0

    def append(self, item: Any) -> None:
        super().append(item)
        self.members[id(item)] += 1

    def remove(self, item: Any) -> None:
        if self.members[id(item)] <= 0:
            raise ValueError("WaitingNotes.remove(x): x not in list")
        super().remove(item)  # boxes compare by identity, so this removes that very box
        self.members[id(item)] -= 1

    def copy(self) -> WaitingNotes:
        return WaitingNotes(self)

    def refuse(self, *_args: object, **_kwargs: object) -> NoReturn:
        raise NotImplementedError("WaitingNotes mirrors only the list operations WeasyPrint 70 uses")

    # Every other way of changing a list would leave the mirror behind: refuse it.
    extend = insert = pop = clear = sort = reverse = refuse
    __setitem__ = __delitem__ = __iadd__ = __imul__ = refuse


original_init = LayoutContext.__init__


def patched_init(self: Any, *args: Any, **kwargs: Any) -> None:
    original_init(self, *args, **kwargs)
    self.footnotes = WaitingNotes(self.footnotes)


def install() -> bool:
    """Give WeasyPrint's layout the indexed list; True when it is (now) in place."""
    if weasyprint.__version__ != PATCHED_VERSION or os.environ.get("FOLIO_PLAIN_WEASYPRINT") == "1":
        return False
    LayoutContext.__init__ = patched_init
    return True
