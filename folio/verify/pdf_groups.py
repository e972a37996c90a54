"""A page's content stream -> the drawing group of each text-showing operation, in order.

WeasyPrint draws each child of a page, the body (the root element's box), the footnote area and
each margin box (running header, footer lines, folio), as a stacking context of its own: a
`q … Q` group of the page's content stream. The page's own wrappers are one group each; so the
shallowest depth at which the page's texts fall in different groups is the depth of the page's
children, and a text's group there tells a running text from the body and the notes, whatever
the number of lines of a header or footer. PDFium (`pdf_text`) reads one run per text-showing
operation, in the same order, so the n-th group here is the n-th run's. WeasyPrint (pydyf), and
pypdf when it rewrites a stream, write one operator a line; a stream written otherwise gives
another count than PDFium's, and `pdf_layout` reads that page by drawing order alone. A page's
contents given as an array of streams (pikepdf reads and decodes them) are read as one, each
stream ending a line.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pikepdf

SHOWS = (b"Tj", b"TJ", b"'", b'"')  # the operators that show text


def page_groups(pdf: pikepdf.Pdf) -> Iterator[tuple[int, ...]]:
    """For each page, the group of each of its text-showing operations."""
    for page in pdf.pages:
        yield text_groups(page_content(page.obj))


def page_content(page: Any) -> bytes:
    """The page's content stream, decoded; an array of them joined, each ending a line (no
    operator runs on into the next stream's)."""
    contents = page.get("/Contents")
    if isinstance(contents, pikepdf.Stream):
        return contents.read_bytes()
    if not isinstance(contents, pikepdf.Array):
        return b""
    data = bytearray()
    for part in contents:
        if part is None:
            continue
        if isinstance(part, pikepdf.Stream):
            data += part.read_bytes()
        if not data.endswith(b"\n"):
            data += b"\n"
    return bytes(data)


def text_groups(content: bytes) -> tuple[int, ...]:
    """The group, at the depth of the page's children, each text-showing operation draws in
    (groups are numbered as they open; 0 for text outside any group at that depth)."""
    opened: list[int] = []  # groups opened so far at each depth (index 0: depth 1)
    depth = 0
    paths: list[tuple[int, ...]] = []  # each text's group at every depth down to its own
    for line in content.splitlines():  # WeasyPrint (pydyf) and pypdf write one operator a line
        operator = line.rstrip()
        if operator == b"q":
            if depth == len(opened):
                opened.append(0)
            opened[depth] += 1
            depth += 1
        elif operator == b"Q":
            depth = max(0, depth - 1)
        elif operator[-1:] in (b"j", b"J", b"'", b'"') and shows_text(operator):
            paths.append(tuple(opened[:depth]))
    level = children_depth(paths)
    return tuple(path[level] if level < len(path) else 0 for path in paths)


def shows_text(line: bytes) -> bool:
    """Whether the line ends with a text-showing operator, standing as a token of its own."""
    operator = next((op for op in SHOWS if line.endswith(op)), None)
    return operator is not None and line[-len(operator) - 1 : -len(operator)] in (b"", b" ", b"]", b">", b")")


def children_depth(paths: list[tuple[int, ...]]) -> int:
    """The shallowest depth (0-based) at which the texts are not all in one group."""
    deepest = max((len(path) for path in paths), default=0)
    for level in range(deepest):
        if len({path[level] if level < len(path) else 0 for path in paths}) > 1:
            return level
    return deepest
