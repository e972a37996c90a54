"""Resources come only from content/, styles/ and templates/; nothing is fetched from the network.

The fetcher is exercised directly and through WeasyPrint (a stylesheet and a template that
reach outside); the EPUB rule on a package that breaks it in every way it knows.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from folio.errors import BuildError
from folio.pdf import render_document
from folio.resources import ProjectFetcher, ResourceRefused, check_epub_package
from tests.conftest import ROOT

NOTHING_OUTSIDE = "an EPUB loads nothing from outside the package"
OUTSIDE = "the project's content/, styles/ and templates/ folders"
REMOTE = (
    "(a build never uses the network; "
    "copy the file into content/ or styles/ and refer to it by a relative path)"
)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project folder with styles/ and templates/, the working directory of the test."""
    (tmp_path / "styles").mkdir()
    (tmp_path / "templates").mkdir()
    (tmp_path / "styles" / "ok.css").write_text("p { color: red; }\n", encoding="utf-8")
    (tmp_path / "secret.txt").write_text("not for the PDF\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def fetcher(project: Path) -> ProjectFetcher:
    return ProjectFetcher(roots=(project / "styles", project / "templates"))


def refusal(fetch: ProjectFetcher, url: str) -> str:
    with pytest.raises(ResourceRefused) as caught:
        fetch(url)
    return str(caught.value)


def test_a_file_inside_the_project_folders_is_served(project: Path) -> None:
    response = fetcher(project)((project / "styles" / "ok.css").as_uri())
    assert (response.read(), response.content_type) == (b"p { color: red; }\n", "text/css")


def test_a_file_url_elsewhere_is_refused(project: Path) -> None:
    assert (
        refusal(fetcher(project), "file:///etc/passwd")
        == f"resource refused: /etc/passwd is outside {OUTSIDE}"
    )


def test_a_parent_escape_is_refused(project: Path) -> None:
    url = (project / "styles").as_uri() + "/../secret.txt"
    assert (
        refusal(fetcher(project), url) == f"resource refused: {project / 'secret.txt'} is outside {OUTSIDE}"
    )


def test_a_symbolic_link_out_of_the_folders_is_refused(project: Path) -> None:
    (project / "styles" / "link.txt").symlink_to(project / "secret.txt")
    url = (project / "styles" / "link.txt").as_uri()
    assert (
        refusal(fetcher(project), url) == f"resource refused: {project / 'secret.txt'} is outside {OUTSIDE}"
    )


def test_http_and_https_are_refused_without_a_connection(project: Path, no_network: list[object]) -> None:
    fetch = fetcher(project)
    assert refusal(fetch, "https://example.org/font.woff") == (
        f"remote resource refused: https://example.org/font.woff {REMOTE}"
    )
    assert (
        refusal(fetch, "http://example.org/x.png")
        == f"remote resource refused: http://example.org/x.png {REMOTE}"
    )
    assert refusal(fetch, "file://example.org/etc/passwd") == (
        f"resource refused: file://example.org/etc/passwd (only files in {OUTSIDE} may be used)"
    )
    assert no_network == []


def test_a_refusal_is_located_at_the_line_that_names_the_resource(project: Path) -> None:
    (project / "templates" / "page.html.j2").write_text('<p>\n<img src="/etc/passwd">\n', encoding="utf-8")
    fetch = fetcher(project)
    refusal(fetch, "file:///etc/passwd")
    assert [str(d) for d in fetch.refused] == [
        f"templates/page.html.j2:2: resource refused: /etc/passwd is outside {OUTSIDE}"
    ]


@pytest.mark.weasyprint_logs
def test_a_stylesheet_reaching_outside_or_online_fails_the_layout_at_its_lines(
    project: Path, no_network: list[object]
) -> None:
    stylesheet = project / "styles" / "print.css"
    stylesheet.write_text(
        "@import url(https://example.org/remote.css);\n"
        "p { color: black; }\n"
        "h1 { background: url(../secret.txt); }\n"
        "h2 { background: url(/etc/hostname); }\n",
        encoding="utf-8",
    )
    with pytest.raises(BuildError) as caught:
        render_document(
            "<h1>A</h1><h2>B</h2><p>C</p>",
            base_url=project,
            stylesheet=stylesheet,
            first_page=1,
            url_fetcher=fetcher(project),
        )
    assert [str(d) for d in caught.value.diagnostics] == [
        f"styles/print.css:1: remote resource refused: https://example.org/remote.css {REMOTE}",
        f"styles/print.css:3: resource refused: {project / 'secret.txt'} is outside {OUTSIDE}",
        f"styles/print.css:4: resource refused: /etc/hostname is outside {OUTSIDE}",
    ]
    assert no_network == []


@pytest.mark.weasyprint_logs
def test_an_image_outside_the_folders_fails_the_layout(project: Path) -> None:
    (project / "templates" / "page.html.j2").write_text(
        '<p>A</p>\n<img src="../secret.txt">\n', encoding="utf-8"
    )
    with pytest.raises(BuildError) as caught:
        render_document(
            '<p>A</p><img src="../secret.txt">',
            base_url=project / "templates" / "page.html",
            stylesheet=project / "styles" / "ok.css",
            first_page=1,
            url_fetcher=fetcher(project),
        )
    assert [str(d) for d in caught.value.diagnostics] == [
        f"templates/page.html.j2:2: resource refused: {project / 'secret.txt'} is outside {OUTSIDE}"
    ]


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


def test_the_projects_own_stylesheet_loads_its_resources(no_network: list[object]) -> None:
    rendered = render_document(
        "<h1>A</h1><p>B</p>",
        base_url=ROOT,
        stylesheet=ROOT / "styles" / "print.css",
        first_page=1,
        url_fetcher=ProjectFetcher(roots=(ROOT / "styles", ROOT / "templates", ROOT / "content")),
    )
    assert len(rendered.pages) == 1
    assert no_network == []


def epub_with(files: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("mimetype", "application/epub+zip")
        for name, text in files.items():
            package.writestr(name, text)
    return buffer.getvalue()


XHTML = (
    '<html xmlns="http://www.w3.org/1999/xhtml"><head><link rel="stylesheet" href="{css}"/></head>'
    "<body>{body}</body></html>"
)


def test_an_epub_within_the_rules_passes() -> None:
    body = (
        '<p><a href="https://example.org">source</a> <a href="#n1">1</a><img src="images/a.png" alt=""/></p>'
    )
    data = epub_with(
        {
            "EPUB/a.xhtml": XHTML.format(css="style/epub.css", body=body),
            "EPUB/style/epub.css": '@font-face { src: url("../fonts/C.ttf"); }',
            "EPUB/fonts/C.ttf": "",
            "EPUB/images/a.png": "",
        }
    )
    assert check_epub_package(data, searched=()) == []


def test_an_epub_document_with_a_script_handler_or_remote_resource_is_refused() -> None:
    body = (
        '<script>alert(1)</script><p onclick="x()">a</p><a href="javascript:alert(1)">b</a>'
        '<img src="https://example.org/t.png" alt=""/><img src="/etc/passwd" alt=""/>'
    )
    data = epub_with(
        {
            "EPUB/a.xhtml": XHTML.format(css="../../outside.css", body=body),
            "EPUB/style.css": "p { background: url(file:///etc/passwd); } h1 { background: url(gone.png); }",
        }
    )
    assert [str(d) for d in check_epub_package(data, searched=())] == [
        "EPUB EPUB/a.xhtml: resource '../../outside.css' refused: it leaves the package",
        "EPUB EPUB/a.xhtml: contains a script",
        "EPUB EPUB/a.xhtml: <p> has an event handler 'onclick'",
        "EPUB EPUB/a.xhtml: <a> links to javascript:",
        f"EPUB EPUB/a.xhtml: resource 'https://example.org/t.png' refused: {NOTHING_OUTSIDE}",
        "EPUB EPUB/a.xhtml: resource '/etc/passwd' refused: an absolute path",
        f"EPUB EPUB/style.css: resource 'file:///etc/passwd' refused: {NOTHING_OUTSIDE}",
        "EPUB EPUB/style.css: resource 'gone.png' is not in the package",
    ]
