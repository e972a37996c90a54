"""Where a build may read resources from: the project's content/, styles/ and templates/ only.

`ProjectFetcher` is WeasyPrint's `url_fetcher` for the print edition: it serves `file:` URLs
under those folders (and inline `data:` URLs) and refuses everything else, a file elsewhere, an
`http(s)://` address, without ever opening a connection. Each refusal is kept as a
`Diagnostic`, located where possible at the line of templates/ or styles/ that refers to it.
`check_epub_package` applies the same rule to the EPUB: every resource a document or
stylesheet refers to must be a file inside the package, and no document holds a script, an
event handler or a `javascript:` link.
"""

from __future__ import annotations

import mimetypes
import posixpath
import re
import zipfile
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from lxml import etree
from weasyprint.urls import URLFetcher, URLFetcherResponse

from folio.errors import Diagnostic, SourceLocation, display_path
from folio.stylesheets import css_references

RESOURCE_ATTRIBUTES = ("src", "data", "poster", "srcset")
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
SEARCHED_SUFFIXES = (".css", ".j2", ".html", ".xhtml", ".md", ".yaml")


class ResourceRefused(ValueError):
    """A resource outside the project's own folders; WeasyPrint logs it, we report it."""


class ProjectFetcher(URLFetcher):  # type: ignore[misc]
    """Serves files under `roots` only; never touches the network.

    A subclass of WeasyPrint's own fetcher because WeasyPrint reads its private
    `_fail_on_errors` attribute from whatever fetcher it is given.
    """

    def __init__(self, *, roots: tuple[Path, ...], searched: tuple[Path, ...] = ()) -> None:
        super().__init__(timeout=1, allowed_protocols=("file", "data"), allow_redirects=False)
        self.roots = tuple(root.resolve() for root in roots)
        self.searched = searched or roots
        self.refused: list[Diagnostic] = []

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        scheme = urlsplit(url).scheme.lower()
        if scheme == "data":
            return super().fetch(url, headers)  # inline bytes: nothing is read from anywhere
        path = allowed_path(url, self.roots)
        if isinstance(path, str):
            self.refused.append(Diagnostic(path, find_reference(url, self.searched)))
            raise ResourceRefused(path)
        media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": media_type})


def allowed_path(url: str, roots: tuple[Path, ...]) -> Path | str:
    """The local file `url` names when it lies under one of `roots`, else why it is refused."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    folders = "the project's content/, styles/ and templates/ folders"
    if scheme in ("http", "https"):
        return (
            f"remote resource refused: {url} (a build never uses the network; "
            "copy the file into content/ or styles/ and refer to it by a relative path)"
        )
    if scheme != "file" or parts.netloc not in ("", "localhost"):
        return f"resource refused: {url} (only files in {folders} may be used)"
    path = Path(url2pathname(unquote(parts.path))).resolve()
    if not any(path.is_relative_to(root) for root in roots):
        return f"resource refused: {path} is outside {folders}"
    if not path.is_file():
        return f"resource not found: {path}"
    return path


def find_reference(url: str, searched: tuple[Path, ...]) -> SourceLocation | None:
    """The first line of the project's own files that names the resource (its last segment)."""
    name = unquote(url.rstrip("/").rsplit("/", 1)[-1])
    needles = [
        re.compile(rf"(?<![\w.-]){re.escape(needle)}(?![\w.-])")
        for needle in dict.fromkeys((url, name))
        if needle
    ]
    for folder in searched:
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            if path.suffix not in SEARCHED_SUFFIXES or not path.is_file():
                continue
            lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
            for number, line in enumerate(lines, start=1):
                if any(needle.search(line) for needle in needles):
                    return SourceLocation(display_path(path), number)
    return None


def check_epub_package(data: bytes, *, searched: tuple[Path, ...]) -> list[Diagnostic]:
    """What in the EPUB breaks the resource rule: a reference leaving the package, a script."""
    found: list[Diagnostic] = []
    with zipfile.ZipFile(BytesIO(data)) as package:
        names = set(package.namelist())
        for name in sorted(names):
            if name.endswith((".xhtml", ".html")):
                references = document_references(package.read(name), name, found)
            elif name.endswith(".css"):
                references = css_references(package.read(name).decode("utf-8", errors="replace"))
            else:
                continue
            for reference in references:
                reason = package_refusal(reference, name, names)
                if reason:
                    found.append(Diagnostic(f"EPUB {name}: {reason}", find_reference(reference, searched)))
    return found


def document_references(data: bytes, name: str, found: list[Diagnostic]) -> Iterator[str]:
    """Resources an XHTML document loads; scripts, event handlers and `javascript:` links go to `found`."""
    root = etree.fromstring(data, parser=etree.XMLParser(resolve_entities=False, no_network=True))
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        tag = etree.QName(element).localname
        if tag == "script":
            found.append(Diagnostic(f"EPUB {name}: contains a script"))
        for attribute, value in element.attrib.items():
            local = etree.QName(attribute).localname
            if local.lower().startswith("on"):
                found.append(Diagnostic(f"EPUB {name}: <{tag}> has an event handler '{local}'"))
            elif local == "href" and value.strip().lower().startswith("javascript:"):
                found.append(Diagnostic(f"EPUB {name}: <{tag}> links to javascript:"))
        yield from element_references(element, tag)


def element_references(element: Any, tag: str) -> Iterator[str]:
    for attribute in RESOURCE_ATTRIBUTES:
        value = element.get(attribute)
        if value:
            yield from (part.split()[0] for part in value.split(",")) if attribute == "srcset" else (value,)
    if tag == "link" and element.get("href"):
        yield element.get("href")
    if tag == "image" and (element.get("href") or element.get(XLINK_HREF)):
        yield element.get("href") or element.get(XLINK_HREF)
    if element.get("style"):
        yield from css_references(element.get("style"))
    if tag == "style" and element.text:
        yield from css_references(element.text)


def package_refusal(reference: str, document: str, names: set[str]) -> str | None:
    """Why `reference` (made in `document`) does not name a file of the package, or None."""
    parts = urlsplit(reference)
    if parts.scheme or parts.netloc:
        return f"resource '{reference}' refused: an EPUB loads nothing from outside the package"
    if not parts.path:
        return None  # a fragment of the same document
    if parts.path.startswith("/"):
        return f"resource '{reference}' refused: an absolute path"
    target = posixpath.normpath(posixpath.join(posixpath.dirname(document), unquote(parts.path)))
    if target.startswith("../") or target == "..":
        return f"resource '{reference}' refused: it leaves the package"
    if target not in names:
        return f"resource '{reference}' is not in the package"
    return None
