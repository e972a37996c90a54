"""A section file -> `Section`: its Markdown parsed, its notes numbered in order of first call."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from folio.errors import BuildError, SourceLocation, display_path
from folio.lists import LISTS
from folio.load.bibliography import BIBLIOGRAPHY, bibliography_section, uncited_sources
from folio.load.completeness import lost_words
from folio.load.convert import Converter
from folio.load.crossrefs import resolve_cross_references
from folio.load.diagnostics import Diagnostics
from folio.load.files import listed_file_error, read_text
from folio.load.front import generated_section, warn_empty_lists
from folio.load.markdown import parse_markdown
from folio.model import (
    CONTENTS,
    LEGAL_NOTICE,
    TITLE_PAGE,
    Block,
    Heading,
    Note,
    Section,
    Source,
    Text,
    slugify,
    text_blocks,
)

SPACED_LABEL = re.compile(r"\[\^[^\]\s]*[ \t][^\]\n]*\]")  # Markdown sees no note in [^a label]
DEFINITION = re.compile(r"^ {0,3}\[\^([^\]\s]+)\]:", re.MULTILINE)
UNTITLED = {TITLE_PAGE: "Title page", LEGAL_NOTICE: "Legal notice"}  # need not open with a heading


def load_sections(
    content_dir: Path,
    *,
    meta: dict[str, Any],
    lines: dict[str, int],
    sources: dict[str, Source],
    meta_shown: str,
    problems: Diagnostics,
) -> tuple[Section, ...]:
    sections: list[Section] = []
    next_number = meta["first_note"]
    heading_ids: set[str] = {BIBLIOGRAPHY, CONTENTS, *LISTS.values()}
    references: list[tuple[str, SourceLocation]] = []  # every cross-reference: (target, where)
    listed: dict[str, tuple[str, SourceLocation]] = {}  # section id -> the file that has it, where listed
    bibliography: tuple[int, int, SourceLocation] | None = None  # (place, annex number, where listed)
    for part, role, kind, index, name in listed_files(meta):
        listed_at = SourceLocation(meta_shown, lines.get(f"{part}[{index}]", lines.get(part)))
        if role == "annex" and name == BIBLIOGRAPHY:
            bibliography = (len(sections), index + 1, listed_at)
            continue
        if name is None:  # the title page or legal notice, made from the metadata
            made = generated_section(kind, meta, lambda field: SourceLocation(meta_shown, lines.get(field)))
            heading_ids.update(block.id for block in text_blocks(made.blocks))
            listed[made.id] = (f"the {part.replace('_', ' ')} folio makes", listed_at)
            sections.append(made)
            continue
        section = listed_section(
            content_dir, name, kind=kind, listed_at=listed_at, sources=sources, first_number=next_number,
            problems=problems, heading_ids=heading_ids, references=references,
        )  # fmt: skip
        if section is None:
            continue
        clash = listing_clash(name, section.id, listed, content_dir=content_dir)
        if clash is not None:
            problems.error(clash, listed_at)
            continue
        listed[section.id] = (name, listed_at)
        sections.append(dataclasses.replace(section, role=role, kind=kind))
        next_number += len(section.notes)
    with_bibliography(sections, sources, bibliography, problems)
    resolved = resolve_cross_references(tuple(sections), references, problems)
    warn_empty_lists(meta.get("lists"), resolved, SourceLocation(meta_shown, lines.get("lists")), problems)
    return resolved


def listed_section(
    content_dir: Path,
    name: str,
    *,
    kind: str,
    listed_at: SourceLocation,
    sources: dict[str, Source],
    first_number: int,
    problems: Diagnostics,
    heading_ids: set[str],
    references: list[tuple[str, SourceLocation]],
) -> Section | None:
    """The section in file `name`, or None when it cannot be read (the problems say why)."""
    path = content_dir / name
    shown = display_path(path)
    unreadable = listed_file_error(path, content_dir, f"section file '{name}'")
    if unreadable:
        problems.error(unreadable, listed_at)
        return None
    try:
        return parse_section(
            read_text(path, shown, inside=content_dir),
            shown,
            sources,
            first_number,
            problems,
            heading_ids=heading_ids,
            references=references,
            path=path,
            content_dir=content_dir,
            untitled=UNTITLED.get(kind),
        )
    except BuildError as exc:
        problems.items.extend(exc.diagnostics)
        return None


def with_bibliography(
    sections: list[Section],
    sources: dict[str, Source],
    bibliography: tuple[int, int, SourceLocation] | None,
    problems: Diagnostics,
) -> None:
    """The bibliography annex put in its place (place, annex number, where listed), when
    asked for; a warning for each source no note cites."""
    notes = [note for section in sections for note in section.notes]
    problems.items.extend(uncited_sources(sources.values(), notes))
    if bibliography is not None:
        place, annex, listed_at = bibliography
        sections.insert(
            place, bibliography_section(sources.values(), notes, annex=annex, listed_at=listed_at)
        )


def listing_clash(
    name: str, section_id: str, listed: dict[str, tuple[str, SourceLocation]], *, content_dir: Path
) -> str | None:
    """Why a listed file cannot be a section beside those listed before it, or None."""
    if section_id not in listed:
        return None
    first, where = listed[section_id]
    if (content_dir / first).resolve() == (content_dir / name).resolve():
        return f"section file '{name}' is listed twice (first at {where})"
    return (
        f"section file '{name}' would get the id '{section_id}' that '{first}' ({where}) has: "
        "a section's id comes from its file name; rename one of them"
    )


def listed_files(meta: dict[str, Any]) -> Iterator[tuple[str, str, str, int, str | None]]:
    """(field, role, kind, index, name) of each file publication.yaml lists, in reading order;
    the name None for the title page and legal notice when folio makes them."""
    for part, kind in (("title_page", TITLE_PAGE), ("legal_notice", LEGAL_NOTICE)):
        yield part, "front", kind, 0, meta.get(part)
    for part, role in (("front_matter", "front"), ("sections", "body"), ("annexes", "annex")):
        for index, name in enumerate(meta.get(part) or ()):
            yield part, role, "", index, name


def parse_section(
    text: str,
    shown: str,
    sources: dict[str, Source],
    first_number: int,
    problems: Diagnostics,
    *,
    heading_ids: set[str],
    references: list[tuple[str, SourceLocation]],
    path: Path | None = None,
    content_dir: Path | None = None,
    untitled: str | None = None,
) -> Section:
    """One section file -> Section; notes numbered from `first_number` in order of first call.
    `path` and `content_dir` place the images its figures show. With `untitled` (the name of a
    title page or legal notice) it need not start with a heading."""
    errors_before = len(problems.errors)
    tokens, env = parse_markdown(text, sources)
    definitions = definition_lines(text, shown, problems)
    numbers = note_numbers(env, first_number)
    check_labels(numbers, definitions, shown, problems)
    converter = Converter(
        shown,
        numbers,
        sources,
        problems,
        taken_ids=heading_ids,
        lines=text.split("\n"),
        path=path,
        content_dir=content_dir,
    )
    converter.cross_references = references
    converted, notes = converter.convert(tokens)
    blocks = tuple(converted)
    if len(problems.errors) == errors_before:  # else the words of what was refused count as lost
        left_out = set(definitions) - set(numbers)
        problems.items.extend(lost_words(text, shown, blocks=blocks, notes=notes.values(), left_out=left_out))
    return section_of(blocks, tuple(notes[label] for label in numbers if label in notes), shown, untitled)


def section_of(
    blocks: tuple[Block, ...], notes: tuple[Note, ...], shown: str, untitled: str | None
) -> Section:
    """The section of file `shown`, titled by its first heading (or `untitled`, see `parse_section`)."""
    if not blocks:
        raise BuildError("the section is empty", SourceLocation(shown, 1))
    title = blocks[0]
    if not isinstance(title, Heading) and untitled is None:
        raise BuildError(
            "a section starts with its heading (## 3.2. Title)", SourceLocation(shown, title_line(blocks[0]))
        )
    stem = shown.rsplit("/", 1)[-1].removesuffix(".md")
    return Section(
        id=f"s-{slugify(stem)}",
        title=title.inlines if isinstance(title, Heading) else (Text(untitled or ""),),
        blocks=blocks,
        notes=notes,
        path=shown,
    )


def title_line(block: Block) -> int | None:
    return block.source.line


def definition_lines(text: str, shown: str, problems: Diagnostics) -> dict[str, int]:
    """Line of each `[^label]:` definition; a label defined twice, or with a space, is an error."""
    for match in SPACED_LABEL.finditer(text):
        joined = "-".join(match.group()[2:-1].split())
        message = f"a note label cannot hold a space: {match.group()} (write [^{joined}])"
        problems.error(message, SourceLocation(shown, text.count("\n", 0, match.start()) + 1))
    found: dict[str, int] = {}
    line, counted = 1, 0  # lines counted on from the last definition, not from the top each time
    for match in DEFINITION.finditer(text):
        label = match.group(1)
        line, counted = line + text.count("\n", counted, match.start()), match.start()
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
    numbers: dict[str, int], definitions: dict[str, int], shown: str, problems: Diagnostics
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
