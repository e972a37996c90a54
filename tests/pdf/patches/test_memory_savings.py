"""The memory savings among the patches (`deflate_pages`, `one_pass_write`, `pseudo_styles`,
`style_keys`) change no byte: the tagged PDF of the sample and of a generated report, with its
identifier as a build gives it, is the one plain WeasyPrint 70 (and pydyf 0.13.0) writes without
each."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import weasyprint

from bench.synthetic import generate_publication
from folio.fonts import only_these_fonts
from folio.load import load_publication
from folio.pdf.patches import deflate_pages, one_pass_write, pseudo_styles, style_keys
from folio.pipeline import ROOT, Project
from folio.render import render_print_html

SAVINGS = pytest.mark.parametrize(
    "remove",
    [deflate_pages.remove, one_pass_write.remove, pseudo_styles.remove, style_keys.remove],
    ids=["deflate_pages", "one_pass_write", "pseudo_styles", "style_keys"],
)


def tagged_pdf(html: str) -> bytes:
    """The PDF/UA-1 WeasyPrint writes of `html`, with the project's stylesheet and fonts."""
    with only_these_fonts(Project().fonts):
        stylesheet = weasyprint.CSS(filename=str(Project().styles / "print.css"))
        laid_out = weasyprint.HTML(string=html, base_url=str(ROOT))
        pdf = laid_out.write_pdf(stylesheets=[stylesheet], pdf_variant="pdf/ua-1", pdf_identifier=b"folio")
        return bytes(pdf)


def print_html(content: Path) -> str:
    publication = load_publication(content).publication
    return render_print_html(publication, templates_dir=Project().templates, created=publication.modified)


def with_and_without(remove: Callable[[], None], html: str) -> tuple[bytes, bytes]:
    """`tagged_pdf(html)` with every patch, then without the one `remove` takes out."""
    patched = tagged_pdf(html)
    remove()
    return patched, tagged_pdf(html)


@SAVINGS
def test_the_sample_s_tagged_pdf_is_byte_for_byte_plain_weasyprint_s(remove: Callable[[], None]) -> None:
    patched, plain = with_and_without(remove, print_html(ROOT / "content"))
    assert patched == plain


@SAVINGS
def test_a_generated_report_s_tagged_pdf_is_byte_for_byte_plain_weasyprint_s(
    remove: Callable[[], None], tmp_path: Path
) -> None:
    generate_publication(tmp_path / "content", notes=200, seed=7)
    patched, plain = with_and_without(remove, print_html(tmp_path / "content"))
    assert patched == plain
