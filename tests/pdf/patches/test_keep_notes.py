"""folio.pdf.patches.keep_notes: a note stays on its call's page; plain WeasyPrint 70 moves or loses it."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
import weasyprint
from weasyprint.layout import block

from folio.pdf import patches
from folio.pdf.patches import keep_notes

# Page one holds note one's call; paragraph two's second line (with note two's call) no longer
# fits, and orphans forbid breaking before it: plain WeasyPrint moves note one to page two to
# make room and never lays out note two.
CROWDED_PAGE = """<style>
@page { size: 100px 100px; margin: 0; @footnote { margin: 0; padding: 0 } }
html { font: 10px/10px sans-serif; orphans: 2; widows: 2 } body { margin: 0 } p { margin: 0 }
.fn { float: footnote; footnote-policy: line }
.fn::footnote-call, .fn::footnote-marker { content: none }
</style>
<p>x<a id="r1">1</a><span class="fn" id="n1">note one</span><br>a<br>a<br>a<br>a<br>a<br>a</p>
<p>b<br>c<a id="r2">2</a><span class="fn" id="n2">note two</span><br>d<br>e<br>f</p>"""

PLACEMENTS = """
import json, weasyprint
from folio.pdf import patches
print(json.dumps(patches.apply()))
doc = weasyprint.HTML(string=%r).render()
where = {}
for index, page in enumerate(doc.pages):
    for name in page.anchors:
        where.setdefault(name, index + 1)
print(json.dumps(where))
"""


@pytest.fixture(autouse=True)
def patched() -> None:
    assert patches.apply() == ()


def placements(html: str) -> dict[str, int]:
    where: dict[str, int] = {}
    for index, page in enumerate(weasyprint.HTML(string=html).render().pages):
        for name in page.anchors:
            where.setdefault(name, index + 1)
    return where


def test_the_patch_is_in_place() -> None:
    assert keep_notes.installed() is True
    assert keep_notes.misfit() is None
    corrected, original = block._linebox_layout.__code__, keep_notes.ORIGINAL.__code__
    assert corrected is not original
    # Tracebacks still point at the function's own lines in WeasyPrint's file.
    assert corrected.co_filename == original.co_filename
    assert corrected.co_firstlineno == original.co_firstlineno


def test_every_note_stays_on_its_call_s_page() -> None:
    where = placements(CROWDED_PAGE)
    assert (where["r1"], where["n1"]) == (1, 1)
    assert (where["r2"], where["n2"]) == (2, 2)


def test_plain_weasyprint_moves_one_note_and_loses_the_other() -> None:
    """The bug the patch corrects is real in the pinned WeasyPrint (else the patch is dead code)."""
    environment = dict(os.environ, FOLIO_PLAIN_WEASYPRINT="1")
    script = PLACEMENTS % CROWDED_PAGE
    run = subprocess.run(
        [sys.executable, "-c", script], env=environment, capture_output=True, text=True, check=True
    )
    said, placed = run.stdout.splitlines()
    assert json.loads(said) == [
        f"WeasyPrint patch {patch.name} not applied: FOLIO_PLAIN_WEASYPRINT=1 asks for WeasyPrint as it is "
        f"({patch.without})"
        for patch in patches.PATCHES
    ]
    where = json.loads(placed)
    assert (where["r1"], where["n1"]) == (1, 2)
    assert "r2" in where and "n2" not in where
