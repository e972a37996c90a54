"""What WeasyPrint may fetch while laying out the print edition: the project's own files only.

Takes the folders a build may read (styles/, templates/) and the files of content/ it may show
(the images of its figures); gives `ProjectFetcher`, WeasyPrint's `url_fetcher`: it serves
`file:` URLs of those files and under those folders (and inline `data:` URLs) and refuses
everything else, a file elsewhere, an `http(s)://` address, without ever opening a connection.
Each refusal is kept as a `Diagnostic`, located where possible at the line of templates/ or
styles/ that refers to it. Each file served is kept with its SHA-256 (`fetched`): what a layout
read, so that a part laid out earlier is reused only while those files are unchanged
(folio.pdf.reuse).
"""

from __future__ import annotations

import hashlib
import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from weasyprint.urls import URLFetcher, URLFetcherResponse

from folio.errors import Diagnostic
from folio.references import find_reference


class ResourceRefused(ValueError):
    """A resource outside the project's own folders; WeasyPrint logs it, we report it."""


class ProjectFetcher(URLFetcher):  # type: ignore[misc]
    """Serves files under `roots` only; never touches the network.

    A subclass of WeasyPrint's own fetcher because WeasyPrint reads its private
    `_fail_on_errors` attribute from whatever fetcher it is given.
    """

    def __init__(
        self,
        *,
        roots: tuple[Path, ...],
        searched: tuple[Path, ...] = (),
        files: frozenset[Path] = frozenset(),
    ) -> None:
        super().__init__(timeout=1, allowed_protocols=("file", "data"), allow_redirects=False)
        self.roots = tuple(root.resolve() for root in roots)
        self.files = frozenset(file.resolve() for file in files)
        self.searched = searched or roots
        self.refused: list[Diagnostic] = []
        self.fetched: dict[str, str] = {}  # path -> SHA-256 of the bytes served

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        scheme = urlsplit(url).scheme.lower()
        if scheme == "data":
            return super().fetch(url, headers)  # inline bytes: nothing is read from anywhere
        path = allowed_path(url, self.roots, self.files)
        if isinstance(path, str):
            self.refused.append(Diagnostic(path, find_reference(url, self.searched)))
            raise ResourceRefused(path)
        media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        data = path.read_bytes()
        self.fetched[str(path)] = hashlib.sha256(data).hexdigest()
        return URLFetcherResponse(path.as_uri(), data, {"Content-Type": media_type})


def allowed_path(url: str, roots: tuple[Path, ...], files: frozenset[Path] = frozenset()) -> Path | str:
    """The local file `url` names when it is one of `files` or lies under one of `roots`, else
    why it is refused."""
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
    if path in files:
        return path
    if not any(path.is_relative_to(root) for root in roots):
        return f"resource refused: {path} is outside {folders}"
    if not path.is_file():
        return f"resource not found: {path}"
    return path
