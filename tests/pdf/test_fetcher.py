"""Resources come only from content/, styles/ and templates/; nothing is fetched from the network.

The fetcher is exercised directly and through WeasyPrint (a stylesheet and a template that
reach outside).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from folio.errors import BuildError
from folio.pdf import ProjectFetcher, ResourceRefused, render_document
from tests.conftest import ROOT

OUTSIDE = "the project's content/, styles/ and templates/ folders"
REMOTE = (
    "(a build never uses the network; "
    "copy the file into content/ or styles/ and refer to it by a relative path)"
)


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
