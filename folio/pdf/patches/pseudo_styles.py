"""A memory saving in WeasyPrint 70's styles: a pseudo-element's style computed when it is asked for.

Takes WeasyPrint's `StyleFor`; `install()` gives it a recompiled `__init__` and `__call__`,
`remove()` its own back (applied through `folio.pdf.patches.apply()`).

WeasyPrint's stylesheet for HTML gives every element six pseudo-elements (`::marker`,
`::footnote-call`, `::footnote-marker`, `::note-call`, `::note-marker`, `::note-callback`: the
rules have no selector but the pseudo-element), and `StyleFor.__init__` makes a `ComputedStyle`
for each of them, for every element, whether a box ever asks for it or not. A page of a
report draws a few hundred elements and a few of their markers and calls, and holds all six
of every element: at 3,000 notes, 131,000 computed styles, about 100 MiB of the layout's
600, built and kept for nothing.

The recompiled `__init__` keeps, for each pseudo-element, the cascaded declarations it would
have made its style of (they are kept as they were: the style held them), and the first time
`StyleFor.__call__` asks for the style, WeasyPrint's own `set_computed_styles` makes it, from
the same declarations and the same element, root, base URL and target collector. A style's
values are computed lazily by WeasyPrint anyway, from those inputs only, so the style is the
one made before, made later. A pseudo-element whose declarations set an
`anchor` is made at once, as before: its anchor must be known before the layout.
"""

from __future__ import annotations

from typing import Any

from weasyprint import css
from weasyprint.css import StyleFor

from folio.pdf.patches.recompile import occurrences, recompiled

EVERY_PSEUDO_STYLE = """                self.set_computed_styles(
                    element, pseudo_type=pseudo_type,
                    # The pseudo-element inherits from the element.
                    root=html.etree_element, parent=element,
                    base_url=html.base_url, target_collector=target_collector)"""
PSEUDO_STYLE_KEPT = """                folio_keep_pseudo_style(
                    self, element, pseudo_type,
                    # The pseudo-element inherits from the element.
                    html.etree_element,
                    html.base_url, target_collector)"""
STYLE_LOOKED_UP = "        if style := self._computed_styles.get((element, pseudo_type)):"
STYLE_MADE_WHEN_ASKED = "        if style := folio_computed_style(self, element, pseudo_type):"
# `made_style` hands the kept declarations to `set_computed_styles`, which reads them here.
CASCADE_READ = "cascaded = cascaded_styles.get((element, pseudo_type), {})"
ORIGINAL_INIT = StyleFor.__init__
ORIGINAL_CALL = StyleFor.__call__
KEPT = "folio_kept_pseudo_styles"  # the StyleFor's attribute: (element, pseudo_type) -> declarations
INPUTS = "folio_pseudo_style_inputs"  # and the root, base URL and target collector, the same for all


def keep_pseudo_style(  # noqa: PLR0917 (called where WeasyPrint had these values)
    style_for: Any, element: Any, pseudo_type: str, root: Any, base_url: str | None, collector: Any
) -> None:
    """What `style_for` needs to make the style of `element`'s `pseudo_type` when asked for."""
    style_for.__dict__[INPUTS] = (root, base_url, collector)
    cascaded = style_for.get_cascaded_styles()[element, pseudo_type]
    if "anchor" in cascaded:  # the layout must know the anchor before it starts: made now
        set_pseudo_style(style_for, element, pseudo_type)
        return
    style_for.__dict__.setdefault(KEPT, {})[element, pseudo_type] = cascaded


def computed_style(style_for: Any, element: Any, pseudo_type: str | None) -> Any:
    """The style `StyleFor.__call__` looked up, made now if it was kept for later."""
    styles = style_for.get_computed_styles()
    key = (element, pseudo_type)
    if key in styles or pseudo_type is None:
        return styles.get(key)
    cascaded = style_for.__dict__.get(KEPT, {}).pop(key, None)
    if cascaded is None:
        return None
    # The cascade was cleared at the end of `__init__`: its declarations are put back for
    # WeasyPrint's own `set_computed_styles` to read, and taken out again.
    cascaded_styles = style_for.get_cascaded_styles()
    cascaded_styles[key] = cascaded
    try:
        set_pseudo_style(style_for, element, pseudo_type)
    finally:
        del cascaded_styles[key]
    return styles[key]


def set_pseudo_style(style_for: Any, element: Any, pseudo_type: str) -> None:
    """`set_computed_styles` as `__init__` called it for a pseudo-element."""
    root, base_url, collector = style_for.__dict__[INPUTS]
    style_for.set_computed_styles(
        element,
        pseudo_type=pseudo_type,
        root=root,
        parent=element,
        base_url=base_url,
        target_collector=collector,
    )


def misfit() -> str | None:
    if occurrences(ORIGINAL_INIT, EVERY_PSEUDO_STYLE) != 1:
        return "WeasyPrint's StyleFor.__init__ no longer makes every pseudo-element's style as it did"
    if occurrences(ORIGINAL_CALL, STYLE_LOOKED_UP) != 1:
        return "WeasyPrint's StyleFor.__call__ no longer looks its styles up as it did"
    if occurrences(StyleFor.set_computed_styles, CASCADE_READ) != 1:
        return "WeasyPrint's StyleFor.set_computed_styles no longer reads the cascade as it did"
    return None


def installed() -> bool:
    return getattr(StyleFor.__init__, "folio_pseudo_styles", False) is True


def install() -> None:
    """Put the recompiled `__init__` and `__call__` in place (once)."""
    if installed():
        return
    css.folio_keep_pseudo_style = keep_pseudo_style
    css.folio_computed_style = computed_style
    init = recompiled(ORIGINAL_INIT, EVERY_PSEUDO_STYLE, PSEUDO_STYLE_KEPT)
    init.folio_pseudo_styles = True  # type: ignore[attr-defined]
    StyleFor.__init__ = init
    StyleFor.__call__ = recompiled(ORIGINAL_CALL, STYLE_LOOKED_UP, STYLE_MADE_WHEN_ASKED)


def remove() -> None:
    StyleFor.__init__ = ORIGINAL_INIT
    StyleFor.__call__ = ORIGINAL_CALL
