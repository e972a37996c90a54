"""One layout: WeasyPrint's messages about the stylesheet become errors at its lines."""

from __future__ import annotations

from pathlib import Path

import pytest

from folio.errors import BuildError
from folio.pdf import render_document


@pytest.mark.weasyprint_logs
def test_a_css_error_names_the_stylesheet_and_line(project: Path) -> None:
    stylesheet = project / "styles" / "print.css"
    stylesheet.write_text(
        "p { color: black; }\n\nh1 {\n  colr: red;\n}\nh2 { margin: 1mm 2mm 3mm 4mm 5mm; }\n"
    )
    with pytest.raises(BuildError) as caught:
        render_document("<h1>A</h1><p>B</p>", base_url=project, stylesheet=stylesheet, first_page=1)
    assert [str(d) for d in caught.value.diagnostics] == [
        "styles/print.css:4: WeasyPrint: Ignored `colr: red` at 4:3, unknown property.",
        "styles/print.css:6: WeasyPrint: Ignored `margin: 1mm 2mm 3mm 4mm 5mm` at 6:6, "
        "Expected 1 to 4 tokens, got 5.",
    ]
