"""folio.pdf.patches.trailing_space: a text that fits but for its trailing space keeps its line;
plain WeasyPrint 70 keeps only its first word there (the sample's bibliography showed it)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import weasyprint
from weasyprint.layout import inline
from weasyprint.text import line_break

from folio.fonts import only_these_fonts
from folio.pdf.patches import trailing_space
from folio.pipeline import Project

# On an A4 line of print.css, "... (cited in note " reaches past the end by less than its space.
ENTRY = (
    '<section class="section" id="s-bibliography"><p>Shahbazov, F., What Turkey Hopes to Gain From '
    "the HTS Offensive in Syria, Stimson Center (cited in note "
    '<a class="xref" href="#fn-506">506</a>)</p></section>'
)


def lines(html: str) -> list[str]:
    def text(box: Any) -> str:
        return getattr(box, "text", None) or "".join(text(child) for child in getattr(box, "children", ()))

    def walk(box: Any) -> Iterator[str]:
        if type(box).__name__ == "LineBox":
            yield text(box)
            return
        for child in getattr(box, "children", ()):
            yield from walk(child)

    with only_these_fonts(Project().fonts):
        css = weasyprint.CSS(filename=str(Project().styles / "print.css"))
        page = weasyprint.HTML(string=html).render(stylesheets=[css]).pages[0]
    body = next(box for box in page._page_box.children if type(box).__name__ == "BlockBox")
    return list(walk(body))  # the page's body: not the running header, which repeats the entry


def test_the_line_breaks_before_the_inline_box_not_after_the_first_word() -> None:
    assert trailing_space.installed() and trailing_space.misfit() is None
    assert inline.split_first_line is line_break.split_first_line  # every caller has the correction
    first = "Shahbazov, F., What Turkey Hopes to Gain From the HTS Offensive in Syria, Stimson Center"
    assert lines(ENTRY) == [f"{first} (cited in note", "506)"]
    trailing_space.remove()
    assert lines(ENTRY) == ["Shahbazov,", f"{first.removeprefix('Shahbazov, ')} (cited in note 506)"]


def test_a_text_too_long_for_the_line_still_breaks() -> None:
    words = " ".join(["reconstruction"] * 30)
    assert len(lines(f'<p>{words} <a href="#x">end</a></p>')) > 2


def test_it_is_left_out_when_the_source_changes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(trailing_space, "FIT_TEST", "a test WeasyPrint no longer has")
    assert trailing_space.misfit() == "WeasyPrint's split_first_line no longer holds the test it corrects"
