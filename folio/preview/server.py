"""The preview's HTTP server, on 127.0.0.1 only: the page, its state, the pages, the EPUB's files.

    /                     the preview page (`folio.preview.page`), which polls:
    /state.json           `PreviewState.to_json()`
    /page/B/N.png         page N of build B, with the problems on it drawn (drawn on first
                          request, with Pillow only; the renderer process made the plain page)
    /epub/B/PATH          a file of build B's EPUB (a section's XHTML, its CSS and fonts), sent
                          with a policy that lets it load nothing from elsewhere and run no script

Anything else, or a build no longer shown, is 404. The server is stdlib `http.server`, each
request in a thread of its own; the builds run in the preview's main thread.
"""

from __future__ import annotations

import json
import mimetypes
import re
import threading
import zipfile
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from folio.errors import Mark
from folio.preview.page import PAGE
from folio.preview.state import PreviewState, Shown
from folio.proof import mark_page

PAGE_PATH = re.compile(r"/page/(\d+)/(\d+)\.png")
EPUB_PATH = re.compile(r"/epub/(\d+)/(.+)")
EPUB_POLICY = "default-src 'self' data:; script-src 'none'; object-src 'none'"


class PreviewServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, state: PreviewState, *, port: int = 0) -> None:
        super().__init__(("127.0.0.1", port), Handler)
        self.state = state
        self.marking = threading.Lock()  # one page drawn at a time, and each once

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/"

    def serve_in_background(self) -> threading.Thread:
        thread = threading.Thread(target=self.serve_forever, name="folio-preview-http", daemon=True)
        thread.start()
        return thread


class Handler(BaseHTTPRequestHandler):
    server: PreviewServer

    def do_GET(self) -> None:
        path = unquote(urlsplit(self.path).path)
        if path == "/":
            self.send(PAGE.encode(), "text/html; charset=utf-8")
        elif path == "/state.json":
            self.send(json.dumps(self.server.state.to_json()).encode(), "application/json")
        elif match := PAGE_PATH.fullmatch(path):
            self.send_page(int(match.group(1)), int(match.group(2)))
        elif match := EPUB_PATH.fullmatch(path):
            self.send_epub_file(int(match.group(1)), match.group(2))
        else:
            self.send_error(HTTPStatus.NOT_FOUND)

    def shown(self, build: int) -> Shown | None:
        shown = self.server.state.shown
        return shown if shown is not None and shown.build == build else None

    def send_page(self, build: int, number: int) -> None:
        shown = self.shown(build)
        plain = shown.folder / f"page-{number:04d}.png" if shown else None
        if shown is None or plain is None or not plain.is_file():
            self.send_error(HTTPStatus.NOT_FOUND, "not rendered yet")
            return
        marks = [m for p in self.server.state.problems for m in p.marks if m.page == number - 1]
        image = self.marked(shown, plain, number, marks) if marks else plain
        self.send(image.read_bytes(), "image/png")

    def marked(self, shown: Shown, plain: Path, number: int, marks: list[Mark]) -> Path:
        out = shown.folder / f"marked-{number:04d}.png"  # the problems are those of the shown build
        with self.server.marking:
            if not out.is_file():
                heights = json.loads((shown.folder / "pages.json").read_text(encoding="utf-8"))
                mark_page(plain, marks, page_height=float(heights[number - 1]["height"]), out=out)
        return out

    def send_epub_file(self, build: int, name: str) -> None:
        shown = self.shown(build)
        try:
            with zipfile.ZipFile(shown.epub if shown else "") as package:
                data = package.read(name)
        except (OSError, KeyError, zipfile.BadZipFile):
            self.send_error(HTTPStatus.NOT_FOUND)
            return
        kind = "application/xhtml+xml" if name.endswith(".xhtml") else mimetypes.guess_type(name)[0]
        self.send(data, kind or "application/octet-stream", policy=EPUB_POLICY)

    def send(self, body: bytes, kind: str, *, policy: str | None = None) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        if policy:
            self.send_header("Content-Security-Policy", policy)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass  # the terminal shows the builds, not every poll
