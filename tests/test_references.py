"""What the project's files refer to, and where a refused reference is written."""

from __future__ import annotations

from pathlib import Path

from folio.errors import SourceLocation, display_path
from folio.references import css_references, find_reference


def test_css_references_read_url_and_import_in_every_quoting() -> None:
    css = "a { background: url(a.png) } b { src: url('b.ttf') } @import \"c.css\"; @import 'd.css';"
    assert list(css_references(css)) == ["a.png", "b.ttf", "c.css", "d.css"]


def test_an_import_in_the_stylesheet_is_located_there_not_where_a_template_names_the_file(
    tmp_path: Path,
) -> None:
    """The nav template names "epub.css" too; the whole address is written only in the stylesheet."""
    templates, styles = tmp_path / "templates", tmp_path / "styles"
    templates.mkdir()
    styles.mkdir()
    (templates / "nav.xhtml.j2").write_text(
        '<link rel="stylesheet" href="style/epub.css"/>\n', encoding="utf-8"
    )
    (styles / "epub.css").write_text(
        'p { margin: 0 }\n@import "https://cdn.example/epub.css";\n', encoding="utf-8"
    )
    assert find_reference("https://cdn.example/epub.css", (templates, styles)) == SourceLocation(
        display_path(styles / "epub.css"), 2
    )
