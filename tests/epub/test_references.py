"""The EPUB may refer only to files inside itself: a package that breaks the rule in every way it knows."""

from __future__ import annotations

import io
import zipfile

from folio.epub.references import check_epub_package

NOTHING_OUTSIDE = "an EPUB loads nothing from outside the package"


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
