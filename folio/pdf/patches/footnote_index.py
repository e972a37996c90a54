"""A speed-up of WeasyPrint 70's footnote layout: constant-time "is this note still waiting?".

Takes WeasyPrint's `LayoutContext`; `install()` makes every new one start with a `WaitingNotes`
list, `remove()` gives it its own `__init__` back (applied through `folio.pdf.patches.apply()`).

WeasyPrint keeps the notes not yet placed in the list `LayoutContext.footnotes` and, for
every line it lays out, asks `footnote in context.footnotes` for each note called on that
line: a linear scan of every note of the document still waiting. With thousands of notes
that scan grows with the document, so layout grows faster than the text.

`WaitingNotes` is that list plus a mirror of its members (how many times it holds each box, by
the box's id: a box's equality is identity, as the list's own `in` is for boxes), kept exact by
overriding every method WeasyPrint 70 uses (`append`, `remove`, `copy`, `in`) and refusing,
loudly, every other way of changing it, so a future use cannot make the mirror silently wrong.
"""

from __future__ import annotations

import inspect
from collections import Counter
from collections.abc import Iterable
from typing import Any, NoReturn

from weasyprint.layout import LayoutContext

WAITING_LIST = "self.footnotes = []"


class WaitingNotes(list[Any]):
    """A list whose `in` is O(1): a multiset mirror follows every change."""

    def __init__(self, items: Iterable[Any] = ()) -> None:
        super().__init__(items)
        # id -> how many times the list holds it, never 0. A plain dict: WeasyPrint asks `in` of
        # every box of every line, mostly of None, and a Counter answers a missing key in Python,
        # through `__missing__` (`in` was 2 % of the layout at 3,000 notes; 40 % less a call now).
        self.members: dict[int, int] = dict(Counter(id(item) for item in self))

    def __contains__(self, item: object) -> bool:
        return id(item) in self.members

    def append(self, item: Any) -> None:
        super().append(item)
        self.members[id(item)] = self.members.get(id(item), 0) + 1

    def remove(self, item: Any) -> None:
        held = self.members.get(id(item), 0)
        if not held:
            raise ValueError("WaitingNotes.remove(x): x not in list")
        super().remove(item)  # boxes compare by identity, so this removes that very box
        if held == 1:
            del self.members[id(item)]
        else:
            self.members[id(item)] = held - 1

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


def misfit() -> str | None:
    if WAITING_LIST not in inspect.getsource(original_init):
        return "WeasyPrint's LayoutContext no longer starts its waiting notes as a list"
    return None


def installed() -> bool:
    return LayoutContext.__init__ is patched_init


def install() -> None:
    LayoutContext.__init__ = patched_init


def remove() -> None:
    LayoutContext.__init__ = original_init
