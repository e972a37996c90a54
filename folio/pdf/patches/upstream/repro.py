"""Minimal reproductions of the three WeasyPrint 70 footnote problems the patches here correct.

Run with WeasyPrint 70.0 alone (no folio patch): `python repro.py waiting|kept|area`.

- waiting: layout time per footnote grows with the document (every line scans the list of all
  footnotes still waiting): the seconds per 1,000 footnotes rise with the count.
- kept: a line that orphans forbid breaking before does not fit; WeasyPrint moves footnote one
  to page 2 to make room, and never lays out footnote two.
- area: each footnote added to a page lays out again every footnote already there: the number
  of footnote layouts for a page of k footnotes is k(k+1)/2 + k, not k.
"""

from __future__ import annotations

import sys
import time
from typing import Any

import weasyprint
import weasyprint.layout
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


if __name__ == "__main__":
    {"waiting": footnotes_waiting, "kept": footnotes_kept, "area": footnote_area}[sys.argv[1]]()
