"""What the project's files refer to: the one reading of a stylesheet's `url(...)` and
`@import` (for the EPUB's package check and the verifier), and the line of the project's files
that names a refused resource (for both editions' refusals)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote

from folio.errors import SourceLocation, display_path

SEARCHED_SUFFIXES = (".css", ".j2", ".html", ".xhtml", ".md", ".yaml")
CSS_URL = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)\s]*))\s*\)|@import\s+(?:"([^"]*)"|'([^']*)')""")


def css_references(text: str) -> Iterator[str]:
    """Every address a stylesheet (or a style attribute) names, in order."""
    for match in CSS_URL.finditer(text):
        yield next(group for group in match.groups() if group is not None)


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
