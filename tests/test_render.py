"""Template errors name the template's path and line; text is escaped everywhere."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest

from folio.errors import BuildError
from folio.load import load_publication
from folio.model import Publication
from folio.render import render_print_html
from tests.conftest import CONTENT, ROOT


@pytest.fixture(scope="module")
def publication() -> Publication:
    return load_publication(CONTENT).publication


def broken_templates(root: Path, old: str, new: str) -> Path:
    """A copy of templates/ with one line of print/publication.html.j2 changed."""
    templates = root / "templates"
    shutil.copytree(ROOT / "templates", templates)
    page = templates / "print" / "publication.html.j2"
    text = page.read_text(encoding="utf-8")
    assert text.count(old) == 1
    page.write_text(text.replace(old, new), encoding="utf-8")
    return templates


def render_error(publication: Publication, templates: Path) -> list[str]:
    with pytest.raises(BuildError) as caught:
        render_print_html(publication, templates_dir=templates, created=publication.modified)
    return [str(d) for d in caught.value.diagnostics]


def line_of(templates: Path, needle: str) -> int:
    lines = (templates / "print" / "publication.html.j2").read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, start=1) if needle in line)


def test_a_template_syntax_error_names_the_template_and_line(
    publication: Publication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    templates = broken_templates(tmp_path, "{% endfor %}\n{% endblock %}", "{% endfo %}\n{% endblock %}")
    line = line_of(templates, "{% endfo %}")
    assert render_error(publication, templates) == [
        f"templates/print/publication.html.j2:{line}: template syntax error: Encountered unknown tag "
        "'endfo'. Jinja was looking for the following tags: 'endfor' or 'else'. "
        "The innermost block that needs to be closed is 'for'."
    ]


def test_an_undefined_attribute_names_the_template_and_line(
    publication: Publication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    templates = broken_templates(tmp_path, "<title>{{ pub.title }}", "<title>{{ pub.titel }}")
    assert render_error(publication, templates) == [
        f"templates/print/publication.html.j2:{line_of(templates, 'pub.titel')}: template error: "
        "'folio.model.Publication object' has no attribute 'titel'"
    ]


def test_an_undefined_variable_names_the_template_and_line(
    publication: Publication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    templates = broken_templates(tmp_path, "<title>{{ pub.title }}", "<title>{{ headline }}")
    assert render_error(publication, templates) == [
        f"templates/print/publication.html.j2:{line_of(templates, 'headline')}: template error: "
        "'headline' is undefined"
    ]


def test_hostile_metadata_cannot_break_out_of_the_html_or_the_style(publication: Publication) -> None:
    hostile = '</style><script>alert(1)</script>"; } body { display: none } /*'
    html = render_print_html(
        dataclasses.replace(publication, title=hostile, footer=hostile),
        templates_dir=ROOT / "templates",
        created=publication.modified,
    )
    assert "<script>" not in html
    assert html.count("</style>") == 1
    assert "&lt;/style&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in html  # the <title>, as text
    style = html.split("<style>", 1)[1].split("</style>", 1)[0]
    # Inside the CSS string the quote and braces are escapes, so the rule cannot end early.
    assert style.count('\\22 ; \\7d  body \\7b  display: none \\7d  \\2f \\2a "') == 2
