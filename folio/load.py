"""content/ -> Publication. Every input error is raised here, with the editor's file and line.

Reads publication.yaml, sources.yaml and the section Markdown files it lists; collects all
problems of a run and raises them together as one `BuildError`; returns warnings beside the
model.
"""

from __future__ import annotations

import difflib
import itertools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from markdown_it.token import Token

from folio.errors import BuildError, Diagnostic, SourceLocation, display_path
from folio.fonts import FontFolder, font_coverage, missing_glyphs, printed_texts
from folio.markdown import UNKNOWN_SOURCE, parse_markdown
from folio.model import (
    Block,
    BlockQuote,
    Code,
    Emphasis,
    Heading,
    Inline,
    LineBreak,
    Link,
    ListBlock,
    Note,
    NoteRef,
    Paragraph,
    Publication,
    Section,
    Source,
    Strong,
    Text,
    plain_text,
    slugify,
)

REQUIRED_FIELDS = (
    "title",
    "publisher",
    "date",
    "language",
    "identifier",
    "first_note",
    "first_page",
    "sections",
)
OPTIONAL_FIELDS = ("subtitle", "rights", "footer", "sources")
INTEGER_FIELDS = ("first_note", "first_page")
PRINTED_FIELDS = ("title", "footer")  # on every page, in the running header and footer
DEFINITION = re.compile(r"^ {0,3}\[\^([^\]\s]+)\]:", re.MULTILINE)
UNDEFINED_NOTE = re.compile(r"\[\^([^\]\s]+)\]")
UNDEFINED_SOURCE = re.compile(r"\[([^\[\]]+)\]\[([^\[\]]+)\]")
INLINE_NOTE = re.compile(r"\^\[")
DATE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])(-\d{2})?$")


@dataclass(frozen=True, slots=True)
class Loaded:
    publication: Publication
    warnings: tuple[Diagnostic, ...]


class Problems:
    """Collects diagnostics so a run reports every problem, not only the first."""

    def __init__(self) -> None:
        self.items: list[Diagnostic] = []

    def error(self, message: str, location: SourceLocation | None) -> None:
        self.items.append(Diagnostic(message, location))

    def warn(self, message: str, location: SourceLocation | None) -> None:
        self.items.append(Diagnostic(message, location, warning=True))

    @property
    def errors(self) -> list[Diagnostic]:
        return [item for item in self.items if not item.warning]

    @property
    def warnings(self) -> tuple[Diagnostic, ...]:
        return tuple(item for item in self.items if item.warning)

    def raise_errors(self) -> None:
        if self.errors:
            raise BuildError.collect(self.errors + list(self.warnings))


def load_publication(content_dir: Path, *, fonts: FontFolder | None = None) -> Loaded:
    """The publication in `content_dir`; with `fonts`, a character they cannot print is an error."""
    problems = Problems()
    meta_path = content_dir / "publication.yaml"
    meta, lines = read_yaml_mapping(meta_path, display_path(meta_path))
    check_fields(meta, lines, display_path(meta_path), problems)
    problems.raise_errors()
    sources_at = SourceLocation(display_path(meta_path), lines.get("sources"))
    sources = load_sources(content_dir, meta.get("sources"), problems, listed_at=sources_at)
    sections = load_sections(
        content_dir,
        meta=meta,
        lines=lines,
        sources=sources,
        meta_shown=display_path(meta_path),
        problems=problems,
    )
    problems.raise_errors()
    publication = Publication(
        title=str(meta["title"]),
        subtitle=str(meta.get("subtitle") or ""),
        publisher=str(meta["publisher"]),
        date=str(meta["date"]),
        language=str(meta["language"]),
        identifier=str(meta["identifier"]),
        rights=str(meta.get("rights") or ""),
        first_note=meta["first_note"],
        first_page=meta["first_page"],
        footer=str(meta.get("footer") or ""),
        sections=sections,
        sources=tuple(sources.values()),
    )
    if fonts is not None:
        shown = display_path(meta_path)
        fields = [
            (str(meta.get(name) or ""), SourceLocation(shown, lines.get(name))) for name in PRINTED_FIELDS
        ]
        printed = itertools.chain(fields, printed_texts(publication))
        problems.items.extend(missing_glyphs(printed, font_coverage(fonts), fonts=display_path(fonts.path)))
        problems.raise_errors()
    return Loaded(publication, problems.warnings)


def read_text(path: Path, shown: str) -> str:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise BuildError("file not found", SourceLocation(shown)) from None
    except OSError as exc:
        raise BuildError(f"cannot read: {exc.strerror}", SourceLocation(shown)) from exc
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        message = f"not UTF-8 text (byte 0x{data[exc.start]:02x}); save the file as UTF-8"
        raise BuildError(message, SourceLocation(shown, line)) from None


def read_yaml_mapping(path: Path, shown: str) -> tuple[dict[str, Any], dict[str, int]]:
    """The mapping at the top of a YAML file, and the line each of its keys is on."""
    text = read_text(path, shown)
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise yaml_error(exc, text, shown) from None
    if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
        raise BuildError("expected a mapping of fields (name: value)", SourceLocation(shown, 1))
    lines = {str(key.value): key.start_mark.line + 1 for key, _ in node.value}
    for key, value in node.value:  # "sections[1]": the line of a list's item, for its errors
        if isinstance(value, yaml.SequenceNode):
            lines.update(
                {f"{key.value}[{i}]": item.start_mark.line + 1 for i, item in enumerate(value.value)}
            )
    return data, lines


def yaml_error(exc: yaml.YAMLError, text: str, shown: str) -> BuildError:
    """PyYAML's complaint at the line where it noticed it, with the line where the construct
    it was reading began when that differs (an unclosed bracket is noticed lines later)."""
    if isinstance(exc, yaml.reader.ReaderError):
        at = text.count("\n", 0, exc.position) + 1
        return BuildError(
            f"malformed YAML: character {exc.character:#06x} is not allowed", SourceLocation(shown, at)
        )
    if not isinstance(exc, yaml.MarkedYAMLError):
        return BuildError(f"malformed YAML: {exc}", SourceLocation(shown))
    line = exc.problem_mark.line + 1 if exc.problem_mark else None
    message = f"malformed YAML: {exc.problem}"
    if exc.context and exc.context_mark and exc.context_mark.line + 1 != line:
        message += f" ({exc.context} that starts on line {exc.context_mark.line + 1})"
    return BuildError(message, SourceLocation(shown, line))


def check_fields(meta: dict[str, Any], lines: dict[str, int], shown: str, problems: Problems) -> None:
    known = REQUIRED_FIELDS + OPTIONAL_FIELDS
    for name in REQUIRED_FIELDS:
        if meta.get(name) in (None, ""):
            problems.error(f"missing required field '{name}'", SourceLocation(shown, 1))
    for name in meta:
        if name not in known:
            close = difflib.get_close_matches(str(name), known, n=1)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            problems.warn(f"unknown field '{name}'{hint}", SourceLocation(shown, lines.get(str(name))))
    for name in INTEGER_FIELDS:
        value = meta.get(name)
        if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 1):
            problems.error(f"'{name}' must be a whole number from 1", SourceLocation(shown, lines[name]))
    date = meta.get("date")
    if date is not None and not DATE.match(str(date)):
        problems.error("'date' must be YYYY-MM or YYYY-MM-DD", SourceLocation(shown, lines["date"]))
    sections = meta.get("sections")
    if sections is not None and (
        not isinstance(sections, list) or not sections or not all(isinstance(s, str) for s in sections)
    ):
        problems.error("'sections' must list section files", SourceLocation(shown, lines["sections"]))
    sources = meta.get("sources")
    if sources is not None and (not isinstance(sources, str) or not sources.strip()):
        problems.error("'sources' must name a file (sources.yaml)", SourceLocation(shown, lines["sources"]))


def load_sources(
    content_dir: Path, name: object, problems: Problems, *, listed_at: SourceLocation
) -> dict[str, Source]:
    if name is None:
        return {}
    path = content_dir / str(name)
    shown = display_path(path)
    unreadable = listed_file_error(path, content_dir, f"sources file '{name}'")
    if unreadable:
        problems.error(unreadable, listed_at)
        return {}
    data, lines = read_yaml_mapping(path, shown)
    sources: dict[str, Source] = {}
    for key, entry in data.items():
        location = SourceLocation(shown, lines.get(str(key)))
        if not isinstance(entry, dict) or not entry.get("title"):
            problems.error(f"source '{key}' needs a title", location)
            continue
        url = entry.get("url")
        if url and not str(url).startswith(("https://", "http://")):
            problems.error(f"source '{key}': url must start with https:// or http://", location)
        sources[str(key)] = Source(str(key), str(entry["title"]), url and str(url), location)
    return sources


def load_sections(
    content_dir: Path,
    *,
    meta: dict[str, Any],
    lines: dict[str, int],
    sources: dict[str, Source],
    meta_shown: str,
    problems: Problems,
) -> tuple[Section, ...]:
    sections: list[Section] = []
    next_number = meta["first_note"]
    for index, name in enumerate(meta["sections"]):
        path = content_dir / name
        shown = display_path(path)
        listed_at = SourceLocation(meta_shown, lines.get(f"sections[{index}]", lines["sections"]))
        unreadable = listed_file_error(path, content_dir, f"section file '{name}'")
        if unreadable:
            problems.error(unreadable, listed_at)
            continue
        try:
            section = parse_section(read_text(path, shown), shown, sources, next_number, problems)
        except BuildError as exc:
            problems.items.extend(exc.diagnostics)
            continue
        sections.append(section)
        next_number += len(section.notes)
    return tuple(sections)


def listed_file_error(path: Path, content_dir: Path, what: str) -> str | None:
    """Why a file that publication.yaml lists cannot be read, or None when it can."""
    try:
        if not is_inside(path, content_dir):
            return f"{what} is outside the content folder"
        if not path.is_file():
            return f"{what} is listed but missing"
    except OSError as exc:  # a name too long for the file system, a folder it may not enter
        return f"{what} cannot be read: {exc.strerror}"
    return None


def is_inside(path: Path, folder: Path) -> bool:
    """Whether `path` (after `..` and symbolic links) lies in `folder`: content reads only content."""
    return path.resolve().is_relative_to(folder.resolve())


def parse_section(
    text: str, shown: str, sources: dict[str, Source], first_number: int, problems: Problems
) -> Section:
    """One section file -> Section; notes numbered from `first_number` in order of first call."""
    tokens, env = parse_markdown(text, ((s.key, s.url) for s in sources.values()))
    definitions = definition_lines(text, shown, problems)
    numbers = note_numbers(env, first_number)
    check_labels(numbers, definitions, shown, problems)
    converter = Converter(shown, numbers, sources, problems)
    converted, notes = converter.convert(tokens)
    blocks = tuple(converted)
    if not blocks:
        raise BuildError("the section is empty", SourceLocation(shown, 1))
    title = blocks[0]
    if not isinstance(title, Heading):
        raise BuildError(
            "a section starts with its heading (## 3.2. Title)", SourceLocation(shown, title_line(blocks[0]))
        )
    stem = shown.rsplit("/", 1)[-1].removesuffix(".md")
    return Section(
        id=f"s-{slugify(stem)}",
        title=title.inlines,
        blocks=blocks,
        notes=tuple(notes[label] for label in numbers if label in notes),
        path=shown,
    )


def title_line(block: Block) -> int | None:
    return block.source.line


def definition_lines(text: str, shown: str, problems: Problems) -> dict[str, int]:
    """Line of each `[^label]:` definition; a label defined twice is an error."""
    found: dict[str, int] = {}
    for match in DEFINITION.finditer(text):
        label = match.group(1)
        line = text.count("\n", 0, match.start()) + 1
        if label in found:
            message = f"footnote [^{label}] is defined twice (first on line {found[label]})"
            problems.error(message, SourceLocation(shown, line))
        else:
            found[label] = line
    return found


def note_numbers(env: dict[str, Any], first_number: int) -> dict[str, int]:
    """Printed number of each called note label, in order of first call."""
    footnotes = env.get("footnotes", {}).get("list", {})
    return {footnotes[i]["label"]: first_number + i for i in sorted(footnotes)}


def check_labels(
    numbers: dict[str, int], definitions: dict[str, int], shown: str, problems: Problems
) -> None:
    for label, line in definitions.items():
        location = SourceLocation(shown, line)
        if label not in numbers:
            problems.warn(f"footnote [^{label}] is defined but never referenced; it is left out", location)
        elif label.isdigit() and int(label) != numbers[label]:
            message = (
                f"footnote [^{label}] is printed as {numbers[label]} "
                "(notes are numbered in the order of their first call)"
            )
            problems.warn(message, location)


class Converter:
    """markdown-it tokens -> model blocks and notes, reporting what the model cannot hold."""

    def __init__(
        self, shown: str, numbers: dict[str, int], sources: dict[str, Source], problems: Problems
    ) -> None:
        self.shown = shown
        self.numbers = numbers
        self.sources = sources
        self.problems = problems
        self.calls: dict[int, int] = {}
        self.paragraphs = 0

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
                return blocks, i + 1
            if token.type == "paragraph_open":
                blocks.append(self.paragraph(token, tokens[i + 1]))
                i += 3
            elif token.type == "heading_open":
                inlines = self.inlines(tokens[i + 1])
                level = int(token.tag[1])
                blocks.append(
                    Heading(level, inlines, "h-" + slugify(plain_text(inlines)), self.location(token))
                )
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
        return blocks, i

    def list_block(self, tokens: list[Token], start: int, end: int) -> tuple[ListBlock, int]:
        opening = tokens[start]
        closing = opening.type.replace("_open", "_close")
        items: list[tuple[Block, ...]] = []
        i = start + 1
        while i < end and tokens[i].type != closing:
            item, i = self.blocks(tokens, i + 1, end, "list_item_close")
            items.append(tuple(item))
        return ListBlock(opening.type == "ordered_list_open", tuple(items), self.location(opening)), i + 1

    def paragraph(self, opening: Token, inline: Token) -> Paragraph:
        self.paragraphs += 1
        stem = slugify(self.shown.rsplit("/", 1)[-1].removesuffix(".md"))
        return Paragraph(self.inlines(inline), f"p-{stem}-{self.paragraphs}", self.location(opening))

    def notes(self, tokens: list[Token]) -> dict[str, Note]:
        notes: dict[str, Note] = {}
        label = ""
        blocks: list[Paragraph] = []
        location = SourceLocation(self.shown)
        for i, token in enumerate(tokens):
            if token.type == "footnote_open":
                label, blocks = token.meta["label"], []
                location = self.location(tokens[i + 1])
            elif token.type == "paragraph_open":
                inline = tokens[i + 1]
                blocks.append(Paragraph(self.inlines(inline), "", self.location(token)))
            elif token.type == "footnote_close":
                number = self.numbers[label]
                notes[label] = Note(number, tuple(blocks), location, calls=self.calls.get(number, 1))
            elif token.type.endswith("_open") and token.type not in ("footnote_block_open",):
                self.problems.error(
                    f"a footnote holds paragraphs only, not {describe(token)}", self.location(token)
                )
        return notes

    def inlines(self, inline: Token) -> tuple[Inline, ...]:
        stack: list[tuple[Token | None, list[Inline]]] = [(None, [])]
        for child in inline.children or []:
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
            elif kind == "footnote_ref":
                stack[-1][1].append(self.note_ref(child.meta["label"]))
            elif kind in ("em_open", "strong_open", "link_open"):
                if kind == "link_open":
                    self.check_link(str(child.attrs.get("href", "")), inline)
                stack.append((child, []))
            elif kind in ("em_close", "strong_close", "link_close"):
                opening, children = stack.pop()
                assert opening is not None
                stack[-1][1].extend(wrap(opening, tuple(merge_text(children))))
            else:
                self.problems.error(f"{describe(child)} is not supported here", self.location(inline))
        return tuple(merge_text(stack[0][1]))

    def note_ref(self, label: str) -> NoteRef:
        number = self.numbers[label]
        self.calls[number] = self.calls.get(number, 0) + 1
        return NoteRef(number, self.calls[number])

    def check_link(self, href: str, inline: Token) -> None:
        """A link leads to a web address; a local path would point into the reader's own disk."""
        if href != UNKNOWN_SOURCE and not href.startswith(("https://", "http://", "mailto:")):
            message = f"link to '{href}': a link must be a web address (https://...) or a source ([url][key])"
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


def wrap(opening: Token, children: tuple[Inline, ...]) -> list[Inline]:
    if opening.type == "em_open":
        return [Emphasis(children)]
    if opening.type == "strong_open":
        return [Strong(children)]
    href = str(opening.attrs.get("href", ""))
    if href == UNKNOWN_SOURCE:
        return list(children)  # address not known yet: "url" stays plain text
    return [Link(href, children)]


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
        "image": "an image",
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
