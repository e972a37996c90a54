"""Minimal reproductions of the problems the patches here correct in WeasyPrint 70.

Run with WeasyPrint 70.0 alone (no folio patch): `python repro.py waiting|kept|area|freed|pseudo|keys`.

- waiting: layout time per footnote grows with the document (every line scans the list of all
  footnotes still waiting): the seconds per 1,000 footnotes rise with the count.
- kept: a line that orphans forbid breaking before does not fit; WeasyPrint moves footnote one
  to page 2 to make room, and never lays out footnote two.
- area: each footnote added to a page lays out again every footnote already there: the number
  of footnote layouts for a page of k footnotes is k(k+1)/2 + k, not k.
- freed: the pages of a document that is let go stay in memory until the cycle collector runs.
- pseudo: six pseudo-element styles are computed for every element, though none gets a box.
- keys: computed styles hold property names built at run time, a string of their own in each.
"""

from __future__ import annotations

import gc
import sys
import time
import weakref
from typing import Any

import weasyprint
import weasyprint.layout
from weasyprint.css import get_all_computed_styles
from weasyprint.formatting_structure import boxes
from weasyprint.layout import block

STYLE = "<style>@page { size: 100px 100px; margin: 0 } .fn { float: footnote }</style>"
KEPT = """<style>
@page { size: 100px 100px; margin: 0; @footnote { margin: 0; padding: 0 } }
html { font: 10px/10px sans-serif; orphans: 2; widows: 2 } body { margin: 0 } p { margin: 0 }
.fn { float: footnote; footnote-policy: line }
</style>
<p>x<span class="fn" id="n1">one</span><br>a<br>a<br>a<br>a<br>a<br>a</p>
<p>b<br>c<span class="fn" id="n2">two</span><br>d<br>e<br>f</p>"""


def footnotes_waiting() -> None:
    style = "<style>@page { size: A5 } .fn { float: footnote }</style>"
    for count in (500, 1000, 2000):
        html = style + "".join(f"<p>Some text {n}<span class=fn>note {n}</span>.</p>" for n in range(count))
        start = time.perf_counter()
        weasyprint.HTML(string=html).render()
        print(f"{count} footnotes: {(time.perf_counter() - start) / count * 1000:.2f} s per 1,000")


def footnotes_kept() -> None:
    for number, page in enumerate(weasyprint.HTML(string=KEPT).render().pages, start=1):
        print(f"page {number}: footnotes {[a for a in page.anchors if a.startswith('n')]}")
    print("expected: page 1: ['n1'], page 2: ['n2']")


def footnote_area() -> None:
    laid_out = []
    original = block.block_level_layout

    def counting(context: Any, box: Any, bottom_space: Any, skip_stack: Any, parent: Any, *args: Any) -> Any:
        if isinstance(parent, boxes.FootnoteAreaBox):
            laid_out.append(box)
        return original(context, box, bottom_space, skip_stack, parent, *args)

    # Both names WeasyPrint calls it by (the patched version calls the second for footnotes).
    block.block_level_layout = weasyprint.layout.block_level_layout = counting
    for k in (2, 4, 8):
        laid_out.clear()
        html = STYLE.replace("100px 100px", "400px 2000px") + "".join(
            f"<p>a<span class=fn>note {n}</span></p>" for n in range(k)
        )
        weasyprint.HTML(string=html).render()
        print(f"a page of {k} footnotes: {len(laid_out)} footnote layouts")


def layout_freed() -> None:
    gc.disable()  # as a program that runs the collector seldom has it
    document = weasyprint.HTML(string=STYLE + "<p>a<span class=fn>note</span></p>" * 20).render()
    pages = [weakref.ref(page._page_box) for page in document.pages]
    del document
    print(f"{sum(page() is not None for page in pages)} of {len(pages)} pages alive after the document went")
    print(f"the cycle collector then frees {gc.collect()} objects")


def pseudo_styles() -> None:
    for count in (100, 1000):
        html = weasyprint.HTML(string="".join(f"<p>paragraph {n}</p>" for n in range(count)))
        style_for = get_all_computed_styles(html)
        pseudo = sum(1 for _, pseudo_type in style_for.get_computed_styles() if pseudo_type)
        print(f"{count} paragraphs, no list, no footnote: {pseudo} pseudo-element styles computed")


def style_keys() -> None:
    html = "<style>p { border: 1px solid; border-radius: 2px }</style>" + "<p>paragraph</p>" * 1000
    document = weasyprint.HTML(string=html).render()
    held = own = 0
    pending = [page._page_box for page in document.pages]
    seen: set[int] = set()
    while pending:
        box = pending.pop()
        pending.extend(getattr(box, "children", ()))
        if id(box.style) in seen:
            continue
        seen.add(id(box.style))
        for key in box.style:
            held += 1
            own += sys.intern(key) is not key
    own_share = f"{own} of their {held} names are strings of their own"
    print(f"{len(seen)} styles of 1,000 bordered paragraphs: {own_share}")


if __name__ == "__main__":
    {
        "waiting": footnotes_waiting,
        "kept": footnotes_kept,
        "area": footnote_area,
        "freed": layout_freed,
        "pseudo": pseudo_styles,
        "keys": style_keys,
    }[sys.argv[1]]()
