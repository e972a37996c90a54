"""A memory saving in WeasyPrint 70's computed styles: each property name is held once.

Takes WeasyPrint's `weasyprint.css` module; `install()` gives its `ComputedStyle` and
`AnonymousStyle` a recompiled `__missing__`, `remove()` the originals back (applied through
`folio.pdf.patches.apply()`).

A computed style is a dict that computes a property the first time it is asked for, in
`__missing__`, and keeps it under the name it was asked by. Much of WeasyPrint asks by a name it
has just built (`style[f'border_{side}_width']`, the four radii, `break_before`), and a string
built at run time is a new object each time, so each computed style kept about a dozen names of
its own: at 3,000 notes 394,000 strings, about 26 MiB, of some twenty distinct names. The
recompiled `__missing__` stores the value under the interned name (`sys.intern`: one object per
name, for the whole process), so every name a style computes is one shared by all. (The margins
and paddings `StyleFor` sets on a collapsed table's styles are set directly, not computed: those
keep their own.) It reads and computes exactly as before; a lookup by an equal string finds the
same entry.
`misfit()` says when the source no longer holds the line the name is interned in.
"""

from __future__ import annotations

import sys

from weasyprint import css

from folio.pdf.patches.recompile import occurrences, recompiled

# The first line of each `__missing__`, and the same line with the name interned as it is read.
COMPUTED_FIRST = "        if key == 'float':"
COMPUTED_INTERNED = "        if (key := folio_intern(key)) == 'float':"
ANONYMOUS_FIRST = "        if key in INHERITED or key[:2] == '__':"
ANONYMOUS_INTERNED = "        if (key := folio_intern(key)) in INHERITED or key[:2] == '__':"

ORIGINAL_COMPUTED = css.ComputedStyle.__missing__
ORIGINAL_ANONYMOUS = css.AnonymousStyle.__missing__


def misfit() -> str | None:
    first_lines = (
        (ORIGINAL_COMPUTED, COMPUTED_FIRST, "ComputedStyle"),
        (ORIGINAL_ANONYMOUS, ANONYMOUS_FIRST, "AnonymousStyle"),
    )
    for function, line, name in first_lines:
        if occurrences(function, line) != 1:
            return f"WeasyPrint's {name}.__missing__ no longer holds the line it interns the name in"
    return None


def installed() -> bool:
    return all(
        getattr(style.__missing__, "folio_style_keys", False) is True
        for style in (css.ComputedStyle, css.AnonymousStyle)
    )


def install() -> None:
    """Put the recompiled `__missing__` of both kinds of style in place (once)."""
    if installed():
        return
    css.folio_intern = sys.intern  # the recompiled lines' global
    for style, original, first, interned in (
        (css.ComputedStyle, ORIGINAL_COMPUTED, COMPUTED_FIRST, COMPUTED_INTERNED),
        (css.AnonymousStyle, ORIGINAL_ANONYMOUS, ANONYMOUS_FIRST, ANONYMOUS_INTERNED),
    ):
        missing = recompiled(original, first, interned)
        missing.folio_style_keys = True  # type: ignore[attr-defined]
        style.__missing__ = missing


def remove() -> None:
    css.ComputedStyle.__missing__ = ORIGINAL_COMPUTED
    css.AnonymousStyle.__missing__ = ORIGINAL_ANONYMOUS
