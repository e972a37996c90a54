"""Recognised blocks and notes -> the files of a content/ folder, as text.

Last stage of `folio.importer`. Takes headings, paragraphs with calls, tables (as GFM pipe
tables, `folio.importer.gfm`), notes and metadata, and gives (relative path, text) pairs:
publication.yaml, sources.yaml (one entry per distinct cited source, its `url` left empty: an
address is never guessed) and one Markdown file per top-level section with Pandoc-style
footnotes. Text is escaped so that Markdown reads it back as the same words.
"""

from __future__ import annotations

import calendar
import json
import re
import textwrap
from collections.abc import Iterable
from dataclasses import dataclass

from folio.importer.gfm import pipe_table
from folio.importer.records import (
    FoundNote,
    ImportedBlock,
    ImportedHeading,
    ImportedTable,
    block_parts,
)
from folio.model import slugify

WIDTH = 96
MONTHS = tuple(calendar.month_name)[1:]  # "January" ... "December" (the C locale)
CITED = re.compile(r", (?:(\d{1,2}) (" + "|".join(MONTHS) + r") (\d{4}), )?url\b")
INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<])")
ENTITY = re.compile(r"&(?=#?\w+;)")
LINE_START = re.compile(r"^(\d{0,9})([#>+=|~-]|(?<=\d)[.)](?=\s|$))")


@dataclass(frozen=True, slots=True)
class Metadata:
    title: str
    publisher: str
    date: str
    language: str
    identifier: str
    rights: str
    first_note: int
    first_page: int
    footer: str
    placeholders: tuple[str, ...]  # fields the editor must fill in


@dataclass(frozen=True, slots=True)
class SourceEntry:
    key: str
    title: str
    url: str = ""  # only an address the document itself gave: never a guess


@dataclass(frozen=True, slots=True)
class SectionFile:
    path: str  # "sections/3.2-russia.md"
    blocks: tuple[ImportedBlock, ...]
    notes: tuple[FoundNote, ...]


def split_sections(
    blocks: tuple[ImportedBlock, ...], notes: tuple[FoundNote, ...]
) -> tuple[SectionFile, ...]:
    """One file per heading of the highest level; each note goes with the section that calls it."""
    levels = [b.level for b in blocks if isinstance(b, ImportedHeading)]
    top = min(levels, default=2)
    groups: list[list[ImportedBlock]] = []
    for block in blocks:
        if not groups or (isinstance(block, ImportedHeading) and block.level == top):
            groups.append([])
        groups[-1].append(block)
    if not groups:
        groups.append([])
    called = {
        part: g
        for g, group in enumerate(groups)
        for b in group
        for part in block_parts(b)
        if isinstance(part, int)
    }
    by_group: dict[int, list[FoundNote]] = {}
    for note in notes:
        by_group.setdefault(called.get(note.number, len(groups) - 1), []).append(note)
    files: list[SectionFile] = []
    names: set[str] = set()
    for g, group in enumerate(groups):
        name = section_name(group[0] if group else None, g + 1)
        while name in names:
            name = name.removesuffix(".md") + "-2.md"
        names.add(name)
        files.append(SectionFile(f"sections/{name}", tuple(group), tuple(by_group.get(g, ()))))
    return tuple(files)


def section_name(first: ImportedBlock | None, position: int) -> str:
    if not isinstance(first, ImportedHeading):
        return f"section-{position}.md"
    number, _, title = first.text.partition(" ")
    if number[:1].isdigit():
        return f"{number.rstrip('.')}-{slugify(title)}.md"
    return f"{slugify(first.text) or position}.md"


def cite_sources(
    notes: tuple[FoundNote, ...],
) -> tuple[dict[int, tuple[str | SourceEntry, ...]], tuple[SourceEntry, ...]]:
    """Each note as text and source references (its word "url"), and the distinct sources."""
    keys: dict[tuple[str, str], SourceEntry] = {}
    parts_of: dict[int, tuple[str | SourceEntry, ...]] = {}
    for note in notes:
        parts: list[str | SourceEntry] = []
        done = 0
        for match in CITED.finditer(note.text):
            begin = citation_start(note.text, done)
            title = note.text[begin : match.start()].strip()
            if not title:
                continue
            date = iso_date(match) if match.group(1) else ""
            entry = keys.get((title, date))
            if entry is None:
                entry = SourceEntry(unique_key(source_key(title, date), keys.values()), title)
                keys[(title, date)] = entry
            url_at = match.end() - 3
            parts.extend([note.text[done:url_at], entry])
            done = match.end()
        parts.append(note.text[done:])
        parts_of[note.number] = tuple(p for p in parts if p != "")
    return parts_of, tuple(sorted(keys.values(), key=lambda e: e.key))


def citation_start(text: str, done: int) -> int:
    """A citation starts after the previous one's "url" and the "; " that follows it."""
    if done == 0:
        return 0
    semicolon = text.find(";", done)
    return semicolon + 1 if semicolon >= 0 else done


def iso_date(match: re.Match[str]) -> str:
    day, month, year = match.group(1), match.group(2), match.group(3)
    return f"{year}-{MONTHS.index(month) + 1:02d}-{int(day):02d}"


def source_key(title: str, date: str) -> str:
    who = title.split(",", maxsplit=1)[0].replace("(The)", "")
    words = slugify(who).split("-")[:4]
    return "-".join([w for w in words if w] + ([date] if date else [])) or "source"


def unique_key(key: str, taken: Iterable[SourceEntry]) -> str:
    used = {entry.key for entry in taken}
    candidate, n = key, 2
    while candidate in used:
        candidate, n = f"{key}-{n}", n + 1
    return candidate


def escape(text: str) -> str:
    """Text as Markdown that reads back as the same characters."""
    return ENTITY.sub(r"\\&", INLINE_SPECIAL.sub(r"\\\1", text))


def wrap(text: str, *, first: str = "", indent: str = "") -> str:
    """Lines of at most WIDTH columns; no line may start what Markdown takes for a block."""
    lines = textwrap.wrap(
        text,
        WIDTH,
        initial_indent=first,
        subsequent_indent=indent,
        break_long_words=False,
        break_on_hyphens=False,
    )
    shown: list[str] = []
    for n, line in enumerate(lines):
        head = first if n == 0 else indent
        body = line[len(head) :]
        if n > 0 or not first:
            body = LINE_START.sub(r"\1\\\2", body, count=1)  # "1\. of", "\# x"
        shown.append(head + body)
    return "\n".join(shown)


def paragraph_markdown(parts: tuple[str | int, ...]) -> str:
    out: list[str] = []
    for i, part in enumerate(parts):
        if isinstance(part, int):
            out.append(f"[^{part}]")
        else:
            text = escape(part)
            if i > 0 and isinstance(parts[i - 1], int) and text.startswith(":"):
                text = "\\" + text  # "[^5]:" at a line start would define a note
            out.append(text)
    return "".join(out)


def note_markdown(number: int, parts: tuple[str | SourceEntry, ...]) -> str:
    text = "".join(f"[url][{p.key}]" if isinstance(p, SourceEntry) else escape(p) for p in parts)
    return wrap(text, first=f"[^{number}]: ", indent="    ")


def section_markdown(section: SectionFile, cited: dict[int, tuple[str | SourceEntry, ...]]) -> str:
    chunks: list[str] = []
    for block in section.blocks:
        if isinstance(block, ImportedHeading):
            chunks.append("#" * min(block.level, 6) + " " + escape(block.text))
        elif isinstance(block, ImportedTable):
            rows = [[paragraph_markdown(cell) for cell in row] for row in block.rows]
            chunks.append(pipe_table([paragraph_markdown(c) for c in block.header], rows, ()))
        else:
            chunks.append(wrap(paragraph_markdown(block.parts)))
    for note in section.notes:
        chunks.append(note_markdown(note.number, cited[note.number]))
    return "\n\n".join(chunks) + "\n"


def quoted(value: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is YAML's)."""
    return json.dumps(value, ensure_ascii=False)


def publication_yaml(
    meta: Metadata,
    sections: tuple[SectionFile, ...],
    *,
    with_sources: bool,
    origin: str = "text extracted from a PDF",
) -> str:
    todo = set(meta.placeholders)

    def field(name: str, value: str | int) -> str:
        shown = str(value) if isinstance(value, int) else quoted(value)
        note = "  # TODO: not found in the document; fill in" if name in todo else ""
        return f"{name}: {shown}{note}"

    lines = [
        f"# The publication, imported from {origin} by `build.py import`.",
        field("title", meta.title),
        field("publisher", meta.publisher),
        field("date", meta.date),
        field("language", meta.language),
        field("identifier", meta.identifier),
    ]
    if meta.rights:
        lines.append(field("rights", meta.rights))
    lines.append("# Footnotes are numbered through the whole report, from this number.")
    lines.append(field("first_note", meta.first_note))
    lines.append("# The folio printed on the first page of this edition.")
    lines.append(field("first_page", meta.first_page))
    if meta.footer:
        lines.append(field("footer", meta.footer))
    if with_sources:
        lines.append("# Every cited source: notes link to them as [url][key].")
        lines.append("sources: sources.yaml")
    lines.append("sections:")
    lines.extend(f"  - {section.path}" for section in sections)
    return "\n".join(lines) + "\n"


def sources_yaml(entries: tuple[SourceEntry, ...]) -> str:
    lines = [
        "# Cited sources, one per key. A note cites a source as [url][key]; while `url` is empty the",
        '# word "url" prints as plain text. Fill in here the addresses the import did not find.',
    ]
    for entry in entries:
        url = f" {quoted(entry.url)}" if entry.url else ""
        lines.extend([f"{entry.key}:", f"  title: {quoted(entry.title)}", f"  url:{url}"])
    return "\n".join(lines) + "\n"
