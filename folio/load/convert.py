"""markdown-it tokens -> the model's blocks, inlines and notes; what the model cannot hold is an
error at its line."""

from __future__ import annotations

import difflib
import re
from pathlib import Path

from markdown_it.token import Token

from folio.errors import SourceLocation
from folio.load.diagnostics import Diagnostics
from folio.load.figures import figure_parts, read_figure
from folio.load.ids import Ids
from folio.load.markdown import SOURCE_SCHEME
from folio.load.tables import bind_captions, read_table
from folio.model import (
    Block,
    BlockQuote,
    Code,
    CrossRef,
    Emphasis,
    Figure,
    Heading,
    Inline,
    LineBreak,
    Link,
    ListBlock,
    Note,
    NoteRef,
    Paragraph,
    Source,
    Strong,
    Text,
    plain_text,
    slugify,
)

HEADING_ID = re.compile(r"\s*\{#([A-Za-z][\w.:-]*)\}\s*$")  # Pandoc's "## Title {#id}"
MAX_NESTING = 16  # emphasis within emphasis: deeper is a slip (or "*" x 5,000), not writing
UNDEFINED_NOTE = re.compile(r"\[\^([^\]\s]+)\]")
UNDEFINED_SOURCE = re.compile(r"\[([^\[\]]+)\]\[([^\[\]]+)\]")
INLINE_NOTE = re.compile(r"\^\[")


class Converter:
    """markdown-it tokens -> model blocks and notes, reporting what the model cannot hold."""

    def __init__(
        self,
        shown: str,
        numbers: dict[str, int],
        sources: dict[str, Source],
        problems: Diagnostics,
        *,
        taken_ids: set[str],
        lines: list[str] | None = None,
        path: Path | None = None,
        content_dir: Path | None = None,
    ) -> None:
        self.shown = shown
        self.numbers = numbers
        self.sources = sources
        self.problems = problems
        self.taken_ids = taken_ids  # the ids of the whole publication so far
        self.ids = Ids(taken_ids, shown=shown, problems=problems)
        self.lines = lines or []  # the file's lines: a table's rows are counted in them
        self.path = path or Path(shown)  # the file: a figure's image is found beside it
        self.content_dir = content_dir or self.path.parent
        self.calls: dict[int, int] = {}
        self.paragraphs = 0
        self.stem = slugify(shown.rsplit("/", 1)[-1].removesuffix(".md"))  # in each paragraph's id
        self.cited: list[str] = []  # the sources the note being read cites
        self.cross_references: list[
            tuple[str, SourceLocation]
        ] = []  # (target id, where), checked by the load

    def unique_id(self, wanted: str) -> str:
        return self.ids.unique_id(wanted)

    def convert(self, tokens: list[Token]) -> tuple[list[Block], dict[str, Note]]:
        body_end = next((i for i, t in enumerate(tokens) if t.type == "footnote_block_open"), len(tokens))
        blocks, _ = self.blocks(tokens, 0, body_end, closing=None)
        notes = self.notes(tokens[body_end:])
        return blocks, notes

    def location(self, token: Token) -> SourceLocation:
        return SourceLocation(self.shown, token.map[0] + 1 if token.map else None)

    def blocks(
        self, tokens: list[Token], start: int, end: int, closing: str | None
    ) -> tuple[list[Block], int]:
        blocks: list[Block] = []
        i = start
        while i < end:
            token = tokens[i]
            if token.type == closing:
                return self.captioned(blocks), i + 1
            if token.type == "paragraph_open":
                paragraph = self.paragraph(token, tokens[i + 1])
                blocks.extend((paragraph,) if paragraph is not None else ())
                i += 3
            elif token.type == "table_open":
                table, i = read_table(
                    tokens,
                    i,
                    read_cell=self.cell,
                    lines=self.lines,
                    location=self.at_line,
                    problems=self.problems,
                )
                blocks.append(table)
            elif token.type == "heading_open":
                blocks.append(self.heading(token, tokens[i + 1]))
                i += 3
            elif token.type == "blockquote_open":
                children, i = self.blocks(tokens, i + 1, end, "blockquote_close")
                blocks.append(BlockQuote(tuple(children), self.location(token)))
            elif token.type in ("bullet_list_open", "ordered_list_open"):
                block, i = self.list_block(tokens, i, end)
                blocks.append(block)
            else:
                self.problems.error(f"{describe(token)} is not supported here", self.location(token))
                i = skip(tokens, i)
        return self.captioned(blocks), i

    def captioned(self, blocks: list[Block]) -> list[Block]:
        """The blocks of one container with each table joined to its caption."""
        return bind_captions(blocks, ids=self.ids, problems=self.problems)

    def at_line(self, index: int | None) -> SourceLocation:
        return SourceLocation(self.shown, index + 1 if index is not None else None)

    def cell(self, inline: Token, no_calls: str | None) -> tuple[Inline, ...]:
        return self.inlines(inline, no_calls=no_calls)

    def heading(self, opening: Token, inline: Token) -> Heading:
        """A heading, with Pandoc's `{#id}` at its end as its id, else one made from its text."""
        explicit = HEADING_ID.search(inline.content)
        last = inline.children[-1] if inline.children else None
        if explicit is not None and last is not None and last.type == "text":
            last.content = HEADING_ID.sub("", last.content)
        inlines = self.inlines(inline, no_calls="a heading")
        if explicit is None:
            return Heading(
                int(opening.tag[1]), inlines, self.unique_id(heading_id(inlines)), self.location(opening)
            )
        wanted = explicit.group(1)
        if wanted in self.taken_ids:
            self.problems.error(
                f"the id '{wanted}' is given to another heading already", self.location(opening)
            )
        self.taken_ids.add(wanted)
        return Heading(int(opening.tag[1]), inlines, wanted, self.location(opening))

    def list_block(self, tokens: list[Token], start: int, end: int) -> tuple[ListBlock, int]:
        opening = tokens[start]
        closing = opening.type.replace("_open", "_close")
        items: list[tuple[Block, ...]] = []
        i = start + 1
        while i < end and tokens[i].type != closing:
            item, i = self.blocks(tokens, i + 1, end, "list_item_close")
            items.append(tuple(item))
        ordered = opening.type == "ordered_list_open"
        start = int(opening.attrs.get("start", 1)) if ordered else 1
        return ListBlock(ordered, tuple(items), self.location(opening), start=start), i + 1

    def paragraph(self, opening: Token, inline: Token) -> Paragraph | Figure | None:
        """A paragraph; or a figure, when it is one image (None when the figure is in error)."""
        parts = figure_parts(inline)
        if parts is not None:
            image, attributes = parts
            return read_figure(
                image,
                attributes,
                caption=lambda token: self.inlines(inline, within=token.children or []),
                where=self.location(opening),
                section=self.path,
                content_dir=self.content_dir,
                ids=self.ids,
                problems=self.problems,
            )
        self.paragraphs += 1
        return Paragraph(self.inlines(inline), f"p-{self.stem}-{self.paragraphs}", self.location(opening))

    def notes(self, tokens: list[Token]) -> dict[str, Note]:
        notes: dict[str, Note] = {}
        label = ""
        blocks: list[Paragraph] = []
        location = SourceLocation(self.shown)
        for i, token in enumerate(tokens):
            if token.type == "footnote_open":
                label, blocks = token.meta["label"], []
                location = self.location(tokens[i + 1])
                self.cited = []
            elif token.type == "paragraph_open":
                inline = tokens[i + 1]
                blocks.append(Paragraph(self.inlines(inline, no_calls="a note"), "", self.location(token)))
            elif token.type == "footnote_close":
                number = self.numbers[label]
                calls = self.calls.get(number, 1)
                cites = tuple(dict.fromkeys(self.cited))
                notes[label] = Note(number, tuple(blocks), location, calls=calls, cites=cites)
            elif token.type.endswith("_open") and token.type not in ("footnote_block_open",):
                self.problems.error(
                    f"a footnote holds paragraphs only, not {describe(token)}", self.location(token)
                )
        return notes

    def inlines(
        self, inline: Token, *, no_calls: str | None = None, within: list[Token] | None = None
    ) -> tuple[Inline, ...]:
        """The inlines of one paragraph or heading (or of the tokens `within` it: an image's caption);
        `no_calls` names a place that may not call notes."""
        stack: list[tuple[Token | None, list[Inline]]] = [(None, [])]
        tokens = (inline.children or []) if within is None else within
        for index, child in enumerate(tokens):
            kind = child.type
            if kind == "text":
                self.check_leftovers(child.content, inline)
                stack[-1][1].append(Text(child.content))
            elif kind == "softbreak":
                stack[-1][1].append(Text(" "))
            elif kind == "hardbreak":
                stack[-1][1].append(LineBreak())
            elif kind == "code_inline":
                stack[-1][1].append(Code(child.content))
            elif kind == "footnote_ref" and no_calls is not None:
                message = f"{no_calls} cannot call a note ([^{child.meta['label']}]): call it from the text"
                self.problems.error(message, self.line_of(inline, f"[^{child.meta['label']}]"))
            elif kind == "footnote_ref":
                stack[-1][1].append(self.note_ref(child.meta["label"]))
            elif kind in ("em_open", "strong_open", "link_open") and len(stack) > MAX_NESTING:
                message = f"emphasis and links nested more than {MAX_NESTING} deep: write it flatter"
                self.problems.error(message, self.location(inline))
                return ()
            elif kind in ("em_open", "strong_open", "link_open"):
                after = tokens[index + 1].content if index + 1 < len(tokens) else ""
                if kind == "link_open" and not after.startswith("^"):  # [^a label]: reported as such
                    self.check_link(str(child.attrs.get("href", "")), inline)
                stack.append((child, []))
            elif kind in ("em_close", "strong_close", "link_close"):
                opening, children = stack.pop()
                assert opening is not None
                stack[-1][1].extend(self.wrap(opening, tuple(merge_text(children)), inline))
            else:
                self.problems.error(f"{describe(child)} is not supported here", self.location(inline))
        return tuple(merge_text(stack[0][1]))

    def wrap(self, opening: Token, children: tuple[Inline, ...], inline: Token) -> list[Inline]:
        """The model's inline for a closed emphasis, strong emphasis or link."""
        if opening.type == "em_open":
            return [Emphasis(children)]
        if opening.type == "strong_open":
            return [Strong(children)]
        href = str(opening.attrs.get("href", ""))
        if href.startswith("#"):
            self.cross_references.append((href[1:], self.location(inline)))
            return [CrossRef(href[1:], children)]
        if href.startswith(SOURCE_SCHEME):
            source = self.sources[href.removeprefix(SOURCE_SCHEME)]
            self.cited.append(source.key)
            return [Link(source.url, children)] if source.url else list(children)  # no address yet
        return [Link(href, children)]

    def note_ref(self, label: str) -> NoteRef:
        number = self.numbers[label]
        self.calls[number] = self.calls.get(number, 0) + 1
        return NoteRef(number, self.calls[number])

    def check_link(self, href: str, inline: Token) -> None:
        """A link leads to a web address; a local path would point into the reader's own disk."""
        if not href.startswith((SOURCE_SCHEME, "#", "https://", "http://", "mailto:")):
            message = (
                f"link to '{href}': a link must be a web address (https://...), a source ([url][key]) "
                "or a heading of the book (#id)"
            )
            self.problems.error(message, self.location(inline))

    def check_leftovers(self, text: str, inline: Token) -> None:
        """Text that looks like a call or a source link but resolved to nothing."""
        for match in UNDEFINED_NOTE.finditer(text):
            line = self.line_of(inline, match.group(0))
            self.problems.error(f"footnote [^{match.group(1)}] is referenced but never defined", line)
        for match in INLINE_NOTE.finditer(text):
            message = "inline notes ^[...] are not supported: write text[^label] and define [^label]: below"
            self.problems.error(message, self.line_of(inline, match.group(0)))
        for match in UNDEFINED_SOURCE.finditer(text):
            line = self.line_of(inline, match.group(0))
            key = match.group(2)
            close = difflib.get_close_matches(key, list(self.sources), n=1)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            self.problems.error(f"unknown source '{key}' (add it to sources.yaml){hint}", line)

    def line_of(self, inline: Token, needle: str) -> SourceLocation:
        first = inline.map[0] + 1 if inline.map else 1
        offset = inline.content.find(needle)
        return SourceLocation(self.shown, first + inline.content.count("\n", 0, max(offset, 0)))


def heading_id(inlines: tuple[Inline, ...]) -> str:
    """The id a heading is given from its text: "3.2. Russia" -> "h-3-2-russia"."""
    return "h-" + slugify(plain_text(inlines))


def merge_text(items: list[Inline]) -> list[Inline]:
    merged: list[Inline] = []
    for item in items:
        previous = merged[-1] if merged else None
        if isinstance(item, Text) and isinstance(previous, Text):
            merged[-1] = Text(previous.text + item.text)
        else:
            merged.append(item)
    return merged


def describe(token: Token) -> str:
    names = {
        "image": "an image inside text (a figure is an image alone in its paragraph)",
        "hr": "a thematic break (---)",
        "fence": "a code block",
        "code_block": "a code block",
    }
    return names.get(token.type, f"'{token.type.removesuffix('_open')}'")


def skip(tokens: list[Token], i: int) -> int:
    """Index after the token at i and, for an opening token, after its closing partner."""
    token = tokens[i]
    if token.nesting != 1:
        return i + 1
    depth = 0
    for j in range(i, len(tokens)):
        depth += tokens[j].nesting
        if depth == 0:
            return j + 1
    return len(tokens)
