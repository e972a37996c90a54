"""The Markdown dialect of content/: CommonMark, Pandoc-style footnotes, no raw HTML.

`parse_markdown` gives markdown-it tokens; `folio.load` turns them into the model.
Sources (content/sources.yaml) are link reference definitions, so a note writes
`[url][enab-baladi-2025-01-07]` and the address lives in one place.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.common.utils import normalizeReference
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin

# A source link `[url][key]` leads here first; the load looks the key up in sources.yaml and
# links to its address (or, while it has none, prints the word as plain text).
SOURCE_SCHEME = "folio-source:"


def create_markdown() -> MarkdownIt:
    # html=False: raw HTML is text, so content can never inject markup or scripts.
    options = {"html": False, "typographer": True}
    # inline=False: Pandoc's inline notes `^[...]` have no label to number; folio.load reports them.
    # table: GFM pipe tables, as Pandoc reads them (pipe_tables).
    md = MarkdownIt("commonmark", options).enable(["replacements", "smartquotes", "table"])
    return md.use(footnote_plugin, inline=False)


MARKDOWN = create_markdown()


def parse_markdown(text: str, sources: Iterable[str]) -> tuple[list[Token], dict[str, Any]]:
    """Tokens and markdown-it's env (which holds the footnote list) for one section."""
    # A fresh mapping each time: a section's own reference definitions are added to it.
    env: dict[str, Any] = {"references": dict(source_references(tuple(sources)))}
    return MARKDOWN.parse(text, env), env


@functools.lru_cache(maxsize=1)
def source_references(keys: tuple[str, ...]) -> dict[str, dict[str, str]]:
    """markdown-it's reference of each source key, made once for all the sections of a load
    (normalising thousands of keys for each section was a tenth of the load). Not to be changed:
    markdown-it only reads a reference it finds."""
    return {normalizeReference(key): {"href": SOURCE_SCHEME + key, "title": ""} for key in keys}
