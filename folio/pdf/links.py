"""Links between parts: a part's link to an anchor in another part is kept when its PDF is written.

Takes the print HTML of each part; gives, for each, the ids it links to that another part holds
(`links_to_other_parts`), and in a worker puts in place a `resolve_links` that keeps those
links (`keep_links_to`).

WeasyPrint writes an internal link as a link to a named destination (`/Dest (id)`), and the
join puts every part's destinations into one name tree, so such a link works in the joined PDF
as it does in the single layout. But when a part's PDF is written, WeasyPrint 70's
`resolve_links` (weasyprint/pdf/anchors.py) drops every link whose anchor is not in that
document, logging an error nobody sees in a worker: a cross-reference to the next chapter, or
the bibliography's links back to the notes, vanished from a PDF laid out in parts, and its
verification passed. `keep_links_to` is that function with one more condition: a link to one
of the given ids is kept. It is put in place only in a worker, whose process ends with its part.
"""

from __future__ import annotations

import html as markup
import re
from collections.abc import Iterator
from typing import Any

import weasyprint.pdf
from weasyprint.logger import LOGGER

ID = re.compile(r'\sid="([^"]*)"')
INTERNAL_HREF = re.compile(r'\shref="#([^"]*)"')


def ids_in(html: str) -> set[str]:
    return {markup.unescape(found) for found in ID.findall(html)}


def links_to_other_parts(htmls: list[str]) -> list[frozenset[str]]:
    """For each part, the ids it links to that are not its own but another part's."""
    own = [ids_in(html) for html in htmls]
    every = set().union(*own)
    return [
        frozenset(({markup.unescape(t) for t in INTERNAL_HREF.findall(html)} - ids) & every)
        for html, ids in zip(htmls, own, strict=True)
    ]


def keep_links_to(elsewhere: frozenset[str]) -> None:
    """In this process, PDFs keep internal links to `elsewhere` (see the module's docstring)."""

    def resolve_links(pages: list[Any]) -> Iterator[tuple[list[Any], list[Any]]]:
        # WeasyPrint 70's resolve_links, but for `elsewhere`.
        anchors: set[str] = set()
        paged_anchors: list[list[Any]] = []
        for page in pages:
            paged_anchors.append([])
            for anchor_name, (point_x, point_y, _, _) in page.anchors.items():
                if anchor_name not in anchors:
                    paged_anchors[-1].append((anchor_name, point_x, point_y))
                    anchors.add(anchor_name)
        for page in pages:
            page_links = []
            for link in page.links:
                link_type, anchor_name, _, _ = link
                if link_type != "internal" or anchor_name in anchors or anchor_name in elsewhere:
                    page_links.append(link)
                else:
                    LOGGER.error("No anchor #%s for internal URI reference", anchor_name)
            yield page_links, paged_anchors.pop(0)

    if elsewhere:
        weasyprint.pdf.resolve_links = resolve_links
