"""Pandoc's JSON AST of a document -> Markdown in folio's content format, and its words.

Used by `folio.importer.docx`. `Renderer` turns Pandoc's blocks and inlines into the Markdown a
section file holds: headings at their level, paragraphs, lists (ordered ones keep their start),
quotes, emphasis, links to web addresses, and each footnote as a call `[^n]` numbered from the
report's first note, its text (every paragraph of it) collected for the section's end. What the
content format has no place for (an image, a cross-reference, a superscript number typed by
hand) keeps its words as text and becomes a doubt. A table is a GFM table with its caption
(`folio.importer.pandoc_tables`), or, where none holds it faithfully, a paragraph per cell.
Pandoc's own attributes (Word's bookmark ids, style names) never reach the text, so no
`{#_Toc12}` or `\\[url\\]` debris.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from folio.importer.emit import (
    CITED,
    SourceEntry,
    citation_start,
    escape,
    iso_date,
    source_key,
    unique_key,
    wrap,
)
from folio.importer.pandoc_tables import (
    header_text,
    table_grid,
    table_markdown,
    table_signature,
    why_no_table,
)

Node = dict[str, Any]
WEB = re.compile(r"^https?://", re.IGNORECASE)
# A citation written in folio's own convention inside the document: "[url][key]".
SOURCE_REFERENCE = re.compile(r"\[url\]\[([A-Za-z0-9][\w.-]*)\]")
QUOTES = {"SingleQuote": ("‘", "’"), "DoubleQuote": ("“", "”")}
PLAIN_WRAPPERS = ("Underline", "SmallCaps", "Strikeout", "Subscript", "Span")


@dataclass
class Renderer:
    """Renders blocks in reading order, numbering notes as it meets them."""

    next_note: int
    notes: list[tuple[int, list[str]]] = field(default_factory=list)  # (number, Markdown chunks)
    sources: dict[str, SourceEntry] = field(default_factory=dict)
    doubts: list[str] = field(default_factory=list)
    note_text: list[str] | None = None  # the plain text of the note being rendered, so far
    # Each table's column alignments as Word's XML gives them, by the table's `table_signature`.
    alignments: dict[str, list[tuple[str, ...]]] = field(default_factory=dict)
    tables: int = 0  # met so far
    captions: int = 0  # written, each "Table: …"

    def blocks(self, items: list[Node]) -> list[str]:
        """Markdown chunks (to join by blank lines) for a list of blocks."""
        chunks: list[str] = []
        for item in items:
            chunks.extend(self.block(item))
        return chunks

    def block(self, item: Node) -> list[str]:
        kind: str = item["t"]
        content: Any = item.get("c")
        if kind in ("Para", "Plain"):
            text = self.inlines(content).strip()
            return [wrap(text)] if text else []
        if kind == "Header":
            return [f"{'#' * min(content[0], 6)} {self.inlines(content[2]).strip()}"]
        if kind in ("BulletList", "OrderedList", "BlockQuote"):
            return [self.container(kind, content)]
        if kind == "Table":
            return self.table(item)
        if kind in ("HorizontalRule", "Null"):
            return []
        return self.flattened(kind, item)

    def container(self, kind: str, content: Any) -> str:
        """A list (an ordered one keeps its start number) or a quote, its blocks inside."""
        if kind == "BulletList":
            return self.list_items(content, lambda _: "- ")
        if kind == "OrderedList":
            start = content[0][0]
            return self.list_items(content[1], lambda k: f"{start + k}. ")
        quoted = "\n\n".join(self.blocks(content)).split("\n")
        return "\n".join(f"> {line}" if line else ">" for line in quoted)

    def flattened(self, kind: str, item: Node) -> list[str]:
        """A block folio has no shape for (a table, a code block, raw markup): its text, as
        paragraphs, and a doubt."""
        if kind == "Div":
            return self.blocks(item["c"][1])
        if kind in ("CodeBlock", "RawBlock"):
            self.doubts.append(f"a {kind} became a paragraph of plain text: '{item['c'][1][:40]}'")
            return [escape(" ".join(item["c"][1].split()))]
        self.doubts.append(f"a {kind} (its layout has no place in the content) became paragraphs")
        return [wrap(text) for run in inline_runs(item["c"]) if (text := self.inlines(run).strip())]

    def table(self, item: Node) -> list[str]:
        """A GFM table with its caption, each thing GFM holds only in its nearest form a doubt; a
        table no GFM table holds faithfully, one paragraph per cell, with the doubt of why."""
        self.tables += 1
        found = self.alignments.get(table_signature(item), [])
        grid = table_grid(item, found.pop(0) if found else ())
        name = f"table {self.tables} ('{header_text(grid)[:40]}')"
        reason = why_no_table(grid) if self.note_text is None else "it is in a note, which holds paragraphs"
        if reason:
            texts = [wrap(text) for run in inline_runs(item["c"]) if (text := self.inlines(run).strip())]
            shown = f"its cells became {len(texts)} paragraphs, row by row"
            self.doubts.append(f"{name}: {shown}: {reason}")
            return texts
        chunks, doubts = table_markdown(grid, self.inlines)
        self.captions += len(chunks) - 1
        self.doubts.extend(f"{name}: {doubt}" for doubt in doubts)
        return chunks

    def list_items(self, items: list[list[Node]], marker: Callable[[int], str]) -> str:
        rendered: list[str] = []
        for k, item in enumerate(items):
            head = marker(k)
            body = "\n\n".join(self.blocks(item)) or escape("")
            lines = body.split("\n")
            pad = " " * len(head)
            rendered.append(
                "\n".join([head + lines[0], *((pad + line) if line else "" for line in lines[1:])])
            )
        return "\n".join(rendered)

    def inlines(self, items: list[Node]) -> str:
        return "".join(self.inline(item) for item in items)

    def inline(self, item: Node) -> str:
        kind: str = item["t"]
        content: Any = item.get("c")
        if kind in ("Str", "Space", "SoftBreak", "LineBreak"):
            return self.text(content if kind == "Str" else " ")
        if kind in ("Emph", "Strong"):
            return emphasis("*" if kind == "Emph" else "**", self.inlines(content))
        if kind == "Quoted":
            opening, closing = QUOTES[content[0]["t"]]
            return self.text(opening) + self.inlines(content[1]) + self.text(closing)
        if kind in PLAIN_WRAPPERS:  # folio prints no underline, small capitals or strikeout
            return self.inlines(content[1] if kind == "Span" else content)
        return self.special(kind, content)

    def special(self, kind: str, content: Any) -> str:
        if kind == "Superscript":
            return self.superscript(content)
        if kind == "Link":
            return self.link(content[1], content[2][0])
        if kind == "Note":
            return self.note(content)
        if kind == "Cite":
            return self.inlines(content[1])
        if kind == "Image":
            self.doubts.append(f"an image ('{content[2][0]}') is not imported: its description stays as text")
            return self.inlines(content[1])
        # Code, Math, RawInline: [attributes or kind, text]
        return self.text(content[1])

    def text(self, value: str) -> str:
        """Text as Markdown; in a note, "[url][key]" written in the document is a source."""
        if self.note_text is None:
            return escape(value)
        out: list[str] = []
        done = 0
        for match in SOURCE_REFERENCE.finditer(value):
            out.append(self.text(value[done : match.start()]))
            out.append(self.source(match.group(1), ""))
            done = match.end()
        self.note_text.append(value[done:])
        out.append(escape(value[done:]))
        return "".join(out)

    def superscript(self, content: list[Node]) -> str:
        shown = "".join(plain_words(content))
        if shown.strip().isdigit():
            self.doubts.append(
                f"a superscript '{shown}' typed in the text is not a Word footnote: kept as text"
            )
        return self.inlines(content)

    def link(self, inlines: list[Node], address: str) -> str:
        label = self.inlines(inlines)
        if (
            self.note_text is not None
            and "".join(plain_words(inlines)).strip() == "url"
            and WEB.match(address)
        ):
            self.note_text.pop()  # the word "url" itself is the source reference
            return self.source(None, address)
        if (WEB.match(address) or address.startswith("mailto:")) and label.strip():
            return f"[{label}](<{address}>)"
        self.doubts.append(f"a link to '{address}' (not a web address) kept as its text: '{label[:40]}'")
        return label

    def source(self, key: str | None, address: str) -> str:
        """A citation's "url": a source whose title is the citation's text before it (and after
        the citation before it), its date out of the key as the text import makes keys."""
        assert self.note_text is not None
        written = "".join(self.note_text) + "url"
        found = list(CITED.finditer(written))
        last = found[-1] if found and found[-1].end() == len(written) else None
        before = [m for m in found if m is not last]
        begin = citation_start(written, before[-1].end() if before else 0)
        title = written[begin : last.start() if last else len(written) - 3].strip(" ,;")
        date = iso_date(last) if last and last.group(1) else ""
        key = key or self.source_for(title, date, address)
        self.sources.setdefault(key, SourceEntry(key, title or key, address))
        self.note_text.append("url")
        return f"[url][{key}]"

    def source_for(self, title: str, date: str, address: str) -> str:
        same = (e.key for e in self.sources.values() if (e.title, e.url) == (title, address))
        return next(same, None) or unique_key(source_key(title, date), self.sources.values())

    def note(self, blocks: list[Node]) -> str:
        number, self.next_note = self.next_note, self.next_note + 1
        outer, self.note_text = self.note_text, []
        chunks = self.blocks(blocks)
        self.note_text = outer
        if not chunks:
            self.doubts.append(f"note {number} is empty in the document")
        self.notes.append((number, chunks))
        return f"[^{number}]"


def emphasis(mark: str, inner: str) -> str:
    """`*text*` with the spaces Word leaves inside a run moved outside it."""
    core = inner.strip()
    if not core:
        return inner
    return inner[: len(inner) - len(inner.lstrip())] + mark + core + mark + inner[len(inner.rstrip()) :]


def inline_runs(node: Any) -> Iterator[list[Node]]:
    """The inline lists inside any block: paragraphs, table cells, a line block's lines."""
    if isinstance(node, dict):
        if node.get("t") in ("Para", "Plain"):
            yield node["c"]
        elif node.get("t") == "LineBlock":
            yield from node["c"]
        else:
            yield from inline_runs(node.get("c"))
    elif isinstance(node, list):
        for child in node:
            yield from inline_runs(child)


def plain_words(node: Any, numbers: Iterator[int] | None = None) -> Iterator[str]:
    """The text of any part of the AST, as a reader sees it (no addresses, no attributes); with
    `numbers`, each note as the number of its call and its label, then its text."""
    if isinstance(node, list):
        for child in node:
            yield from plain_words(child, numbers)
        return
    if not isinstance(node, dict):
        return
    kind: Any = node.get("t")
    content: Any = node.get("c")
    if kind == "Str":
        yield content
    elif kind in ("Space", "SoftBreak", "LineBreak"):
        yield " "
    elif kind in ("Code", "Math", "RawInline", "CodeBlock", "RawBlock"):
        yield " " + content[1] + " "
    elif kind in ("Link", "Image"):
        yield from plain_words(content[1], numbers)
    elif kind == "Note" and numbers is not None:
        number = next(numbers)
        yield f" {number} {number} "
        yield from plain_words(content, numbers)
    else:
        yield from plain_words(content, numbers)
        if kind in ("Para", "Plain", "Header"):
            yield "\n"
