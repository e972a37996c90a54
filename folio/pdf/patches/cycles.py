"""A memory saving in WeasyPrint 70: the two reference cycles that keep a finished layout in
memory are broken when the layout is done, so that what is let go is freed at once.

Takes WeasyPrint's `document` module; `install()` gives it a `layout_document` that lays out
as WeasyPrint's own does and then breaks the cycles, `remove()` WeasyPrint's own back (applied
through `folio.pdf.patches.apply()`).

- The layout context holds itself: `LayoutContext.get_image_from_uri` is a `partial` of it.
  So the context, and with it every computed style (131,000 at 3,000 notes) and every page's
  state, outlives `Document._render`, which is its only user.
- Each page's footnote area holds its page (`FootnoteAreaBox.page`), which holds the area
  among its children (the note area is a plain block: it holds no page). So every laid-out
  page outlives its document.

Both are used only while the pages are laid out (`FootnoteAreaBox.page` in the footnote area's
layout, `get_image_from_uri` in building boxes), and `layout_document` has laid out every page
when its last page has been taken. Only Python's cycle collector could free them, and a folio
build runs it seldom (`folio.pipeline.rare_collections`): the context stayed through the PDF's
writing, and the pages through the verification, which allocated beside them.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterator
from typing import Any

from weasyprint import document
from weasyprint.formatting_structure.boxes import FootnoteAreaBox
from weasyprint.layout import LayoutContext

SELF_PARTIAL = "self.get_image_from_uri = partial(get_image_from_uri, context=self)"
AREA_HOLDS_PAGE = "self.page = page"
ORIGINAL = document.layout_document
CONTEXT_INIT = LayoutContext.__init__  # as imported: footnote_index, once installed, wraps it


def layout_document(html: Any, root_box: Any, context: Any, max_loops: int = 8) -> Iterator[Any]:
    """WeasyPrint's `layout_document`, page for page, then the cycles broken."""
    pages = []
    for page in ORIGINAL(html, root_box, context, max_loops):
        pages.append(page)
        yield page
    del context.get_image_from_uri
    for page in pages:
        for child in page.children:
            if isinstance(child, FootnoteAreaBox) and child.page is page:
                child.page = None


def misfit() -> str | None:
    if SELF_PARTIAL not in inspect.getsource(CONTEXT_INIT):
        return "WeasyPrint's LayoutContext no longer holds itself as it did"
    if AREA_HOLDS_PAGE not in inspect.getsource(FootnoteAreaBox.__init__):
        return "WeasyPrint's FootnoteAreaBox no longer holds its page as it did"
    if list(inspect.signature(ORIGINAL).parameters) != ["html", "root_box", "context", "max_loops"]:
        return "WeasyPrint's layout_document no longer takes the values it did"
    return None


def installed() -> bool:
    return document.layout_document is layout_document


def install() -> None:
    document.layout_document = layout_document


def remove() -> None:
    document.layout_document = ORIGINAL
