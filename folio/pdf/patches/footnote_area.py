"""A speed-up of WeasyPrint 70's footnote layout: each note of a page is laid out once.

Takes WeasyPrint's `LayoutContext._update_footnote_area`, `layout.page.make_page` and
`layout.block.block_level_layout`; `install()` puts in place the first two recompiled with one
expression replaced (the copy of the footnote area) and a `block_level_layout` that hands back
a note's earlier layout; `remove()` gives all three originals back (applied through
`folio.pdf.patches.apply()`).

Every time a line calls a note (and every time a note is taken back or moved to the next page)
WeasyPrint 70 deep-copies the page's whole footnote area, every note in it, and lays it all
out again, only to learn the area's new height; `make_page` then does it once more for the
page itself. With k notes on a page that is about k^2/2 note layouts instead of k: 40 % of the
layout time of a report with 10 notes a page.

The area is still laid out by WeasyPrint's own code, child after child, so its height is the
same number, computed by the same operations. What changes is each note's layout: a note's
layout in the area depends only on where it starts (its position and the margins it collapses
with, which the notes before it decide) and on the page, so the first result is kept, per page
made, and handed back whenever the note is laid out again from the same start (by the next
update or by `make_page`); a note whose start moved (a note before it was taken back) is laid
out again, from a fresh copy. The copy of a note the area's copy holds is made once a page
instead of once an update. Where that reasoning does not hold (a note that is not a plain
block, holds floats, positioned boxes, columns, running elements, named strings or notes of its
own, or floats on the page beside the area), the area is laid out as WeasyPrint does, and the
layout says so once, on stderr.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from math import inf
from typing import Any

from weasyprint.formatting_structure import boxes, build
from weasyprint.layout import LayoutContext, block, page

from folio.pdf.patches.recompile import occurrences, recompiled

WHOLE_COPY = """build.create_anonymous_boxes(
                self.current_footnote_area.deepcopy())"""
COPY_ONCE = """folio_footnote_area_copy(  # folio.pdf.patches.footnote_area
                self, self.current_footnote_area)"""
FINAL_COPY = "footnote_area = build.create_anonymous_boxes(footnote_area.deepcopy())"
FINAL_ONCE = "footnote_area = folio_footnote_area_copy(context, footnote_area)  # folio.pdf.patches"
CHILD_LAYOUT = """block_level_layout(
         context, child, bottom_space, skip_stack, box, page_is_empty_with_no_children,
         absolute_boxes, fixed_boxes, adjoining_margins, first_letter_style,
         first_line_style, discard, max_lines)"""
COPY_NAME = "folio_footnote_area_copy"  # the name the recompiled method calls, in its module
ORIGINAL_UPDATE = LayoutContext._update_footnote_area
ORIGINAL_MAKE_PAGE = page.make_page
ORIGINAL_LAYOUT = block.block_level_layout
Layout = tuple[Any, Any, dict[str, Any], list[float], bool, int | None]


class PageNotes:
    """One page's footnote area while the page is made: each note's copy and its layouts."""

    def __init__(self, area: Any) -> None:
        self.area = area  # the context's current_footnote_area: a new one for every page made
        self.shell: Any = None  # the copy of the area being laid out
        self.copies: dict[int, tuple[Any, str | None]] = {}  # id(note) -> its copy, why not plain
        self.notes: dict[int, Any] = {}  # id(copy) -> note
        self.layouts: dict[tuple[Any, ...], Layout] = {}

    def copy_of(self, note: Any) -> tuple[Any, str | None]:
        """The note as the area's deep copy holds it (anonymous boxes made), made once, and why
        its layout may depend on more than where it starts (None: it does not)."""
        if id(note) not in self.copies:
            copy = build.create_anonymous_boxes(note.deepcopy())
            self.copies[id(note)] = (copy, not_plain(copy))
            self.notes[id(copy)] = note
        return self.copies[id(note)]


def area_copy(context: Any, area: Any) -> Any:
    """What `create_anonymous_boxes(area.deepcopy())` gives, from notes copied once a page."""
    notes = page_notes(context, area)
    copies = [notes.copy_of(note) for note in area.children]
    reason = next((why for _, why in copies if why is not None), None)
    if reason is not None:
        say_once(context, reason)
        notes.shell = None
        return build.create_anonymous_boxes(area.deepcopy())
    notes.shell = area.copy()
    notes.shell.children = [note_copy for note_copy, _ in copies]
    return notes.shell


def page_notes(context: Any, area: Any) -> PageNotes:
    """The notes of the page whose footnote area this is; a new page, or a page made again,
    has a new area and starts afresh."""
    notes: PageNotes | None = getattr(context, "folio_footnote_area_notes", None)
    if notes is None or notes.area is not area:
        notes = PageNotes(area)
        context.folio_footnote_area_notes = notes
    return notes


def block_level_layout(
    context: Any, box: Any, bottom_space: float, skip_stack: Any, containing_block: Any, *args: Any
) -> Any:
    """WeasyPrint's, except for a note in a footnote area copied by `area_copy`."""
    notes: PageNotes | None = getattr(context, "folio_footnote_area_notes", None)
    if notes is None or containing_block is not notes.shell or len(args) != 8 or id(box) not in notes.notes:
        return ORIGINAL_LAYOUT(context, box, bottom_space, skip_stack, containing_block, *args)
    key = note_start(context, box, containing_block, (bottom_space, skip_stack, *args))
    if key is None or key not in notes.layouts:
        # A fresh copy of the note, as WeasyPrint lays out a fresh copy of the whole area.
        fresh = build.create_anonymous_boxes(notes.notes[id(box)].deepcopy())
        fresh.position_x, fresh.position_y = box.position_x, box.position_y
        placeholders = len(args[1]) + len(args[2])
        laid_out = ORIGINAL_LAYOUT(context, fresh, bottom_space, skip_stack, containing_block, *args)
        if key is None or laid_out[1] is not None or len(args[1]) + len(args[2]) != placeholders:
            return laid_out  # broken, or with positioned boxes to place: not a result to keep
        notes.layouts[key] = laid_out
    # The caller extends the margins and may fill in the next page: its own list and dict.
    new_box, resume_at, next_page, margins, collapsing_through, max_lines = notes.layouts[key]
    return new_box, resume_at, dict(next_page), list(margins), collapsing_through, max_lines


def note_start(context: Any, box: Any, area: Any, arguments: tuple[Any, ...]) -> tuple[Any, ...] | None:
    """All a note's layout in the area depends on, or None when it is not known to be all."""
    bottom_space, skip_stack, page_is_empty, _, _, margins, *rest = arguments
    first_letter, first_line, discard, max_lines = rest
    if bottom_space != -inf or skip_stack is not None or first_letter or first_line or discard:
        return None  # not the unbreakable layout of the area's update (never so in WeasyPrint 70)
    if max_lines is not None:
        return None
    if context.excluded_shapes:
        say_once(context, "floats on the page beside the footnote area")
        return None
    return (
        id(box),
        box.position_x,
        box.position_y,
        tuple(margins or ()),
        page_is_empty,
        context.forced_break,
        area.width,
        area.position_x,
    )


NOT_PLAIN: tuple[tuple[Callable[[Any], bool], str], ...] = (
    (lambda box: box.style["float"] not in {"none", "footnote"}, "a note holding a float"),
    (lambda box: box.style["position"] != "static", "a note holding a positioned box or a running element"),
    (lambda box: {box.style["column_width"], box.style["column_count"]} != {"auto"}, "a note in columns"),
    (lambda box: box.style["string_set"] != "none", "a note that sets a named string"),
    (lambda box: getattr(box, "footnote", None) is not None, "a note calling a note"),
)


def not_plain(note: Any) -> str | None:
    """Why a note's layout may depend on more than its start, or None."""
    if not isinstance(note, boxes.BlockBox) or note.internal_table_or_caption:
        return f"a note displayed as {note.style['display']}, not as a block"
    for descendant in descendants(note):
        for test, reason in NOT_PLAIN:
            if test(descendant):
                return reason
    return None


def descendants(box: Any) -> Iterator[Any]:
    yield box
    for child in getattr(box, "children", ()):
        yield from descendants(child)


def say_once(context: Any, reason: str) -> None:
    said: set[str] = context.__dict__.setdefault("folio_footnote_area_said", set())
    if reason not in said:
        said.add(reason)
        print(
            f"footnote area: {reason}: this page's notes are laid out again at every change, "
            "as WeasyPrint does",
            file=sys.stderr,
        )


def misfit() -> str | None:
    if occurrences(ORIGINAL_UPDATE, WHOLE_COPY) != 1:
        return "WeasyPrint's _update_footnote_area no longer copies the whole area as expected"
    if occurrences(ORIGINAL_MAKE_PAGE, FINAL_COPY) != 1:
        return "WeasyPrint's make_page no longer copies the whole footnote area as expected"
    if occurrences(block._in_flow_layout, CHILD_LAYOUT) != 1:
        return "WeasyPrint's _in_flow_layout no longer lays out a child as expected"
    return None


def installed() -> bool:
    return block.block_level_layout is block_level_layout


def install() -> None:
    if installed():
        return
    update: Callable[..., Any] = recompiled(ORIGINAL_UPDATE, WHOLE_COPY, COPY_ONCE)
    make_page = recompiled(ORIGINAL_MAKE_PAGE, FINAL_COPY, FINAL_ONCE)
    for module in (sys.modules[LayoutContext.__module__], page):
        vars(module)[COPY_NAME] = area_copy
    LayoutContext._update_footnote_area = update
    page.make_page = make_page  # called by remake_page, through this module global
    block.block_level_layout = block_level_layout


def remove() -> None:
    LayoutContext._update_footnote_area = ORIGINAL_UPDATE
    page.make_page = ORIGINAL_MAKE_PAGE
    block.block_level_layout = ORIGINAL_LAYOUT
    for module in (sys.modules[LayoutContext.__module__], page):
        vars(module).pop(COPY_NAME, None)
