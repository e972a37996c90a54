"""Each test of a patch starts with every patch applied and leaves them so (a test may remove its
own patch to show plain WeasyPrint; a module may name its own `patched` fixture instead); what
the tests of the memory savings share: the computed styles a layout made, and the tagged PDF of
the sample and of a generated report, to compare with plain WeasyPrint's."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import weasyprint
from weasyprint import document

from bench.synthetic import generate_publication
from folio.fonts import only_these_fonts
from folio.load import load_publication
from folio.pdf import patches
from folio.pipeline import ROOT, Project
from folio.render import render_print_html


@pytest.fixture(autouse=True)
def patched() -> Iterator[None]:
    assert patches.apply() == ()
    yield
    assert patches.apply() == ()


@pytest.fixture
def styles_made(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """The StyleFor of each document rendered, for its computed styles after the layout."""
    made: list[Any] = []
    original = document.get_all_computed_styles

    def keeping(*args: Any, **kwargs: Any) -> Any:
        made.append(original(*args, **kwargs))
        return made[-1]

    monkeypatch.setattr(document, "get_all_computed_styles", keeping)
    return made


def tagged_pdf(html: str) -> bytes:
    """The PDF/UA-1 WeasyPrint writes of `html`, with the project's stylesheet and fonts."""
    with only_these_fonts(Project().fonts):
        stylesheet = weasyprint.CSS(filename=str(Project().styles / "print.css"))
        laid_out = weasyprint.HTML(string=html, base_url=str(ROOT))
        return bytes(laid_out.write_pdf(stylesheets=[stylesheet], pdf_variant="pdf/ua-1"))


def print_html(content: Path) -> str:
    publication = load_publication(content).publication
    return render_print_html(publication, templates_dir=Project().templates, created=publication.modified)


def sample_html() -> str:
    return print_html(ROOT / "content")


def generated_html(folder: Path, *, notes: int, seed: int) -> str:
    generate_publication(folder / "content", notes=notes, seed=seed)
    return print_html(folder / "content")
