"""The bibliography annex, made from sources.yaml and the notes: every source a note cites, once,
sorted by its title as written (case and leading punctuation aside), with its address when known,
the date it was accessed when given, and links back to the notes that cite it."""

from __future__ import annotations

import calendar
import unicodedata
from collections.abc import Iterable, Iterator

from folio.errors import Diagnostic, SourceLocation
from folio.model import CrossRef, Heading, Inline, Link, Note, Paragraph, Section, Source, Text

BIBLIOGRAPHY = "bibliography"  # the entry of `annexes:` that stands for this annex


def bibliography_section(
    sources: Iterable[Source], notes: Iterable[Note], *, annex: int, listed_at: SourceLocation
) -> Section:
    """Annex `annex`: the cited sources, each a paragraph."""
    citing = citing_notes(notes)
    cited = sorted((source for source in sources if source.key in citing), key=sort_key)
    title = (Text(f"Annex {annex}: Bibliography"),)
    blocks: list[Heading | Paragraph] = [Heading(1, title, BIBLIOGRAPHY, listed_at)]
    for number, source in enumerate(cited, start=1):
        paragraph_id = f"p-{BIBLIOGRAPHY}-{number}"
        blocks.append(Paragraph(entry(source, citing[source.key]), paragraph_id, source.location))
    return Section(id=f"s-{BIBLIOGRAPHY}", title=title, blocks=tuple(blocks), notes=(), path="", role="annex")


def citing_notes(notes: Iterable[Note]) -> dict[str, list[int]]:
    """Each cited source's key -> the numbers of the notes that cite it, in order."""
    found: dict[str, list[int]] = {}
    for note in notes:
        for key in note.cites:
            found.setdefault(key, []).append(note.number)
    return found


def sort_key(source: Source) -> tuple[str, str]:
    """By title, case and leading punctuation (Unicode's P categories) and spaces aside; the verifier
    holds the bibliography to the same rule (`folio.verify.bibliography.sort_key`)."""
    title = source.title
    while title and (unicodedata.category(title[0])[0] in "PZ" or title[0].isspace()):
        title = title[1:]
    return title.casefold(), source.key


def entry(source: Source, numbers: list[int]) -> tuple[Inline, ...]:
    """ "Title, https://..., accessed 7 January 2025 (cited in notes 505, 512)"."""
    parts: list[Inline] = [Text(source.title)]
    if source.url:
        parts += [Text(", "), Link(source.url, (Text(source.url),))]
    if source.accessed:
        parts.append(Text(f", accessed {spelled_date(source.accessed)}"))
    parts.append(Text(" (cited in note " if len(numbers) == 1 else " (cited in notes "))
    for index, number in enumerate(numbers):
        parts += [Text(", ")] if index else []
        parts.append(CrossRef(f"fn-{number}", (Text(str(number)),)))
    parts.append(Text(")"))
    return tuple(parts)


def spelled_date(date: str) -> str:
    """ "2025-01-07" -> "7 January 2025"."""
    year, month, day = (int(part) for part in date.split("-"))
    return f"{day} {calendar.month_name[month]} {year}"


def uncited_sources(sources: Iterable[Source], notes: Iterable[Note]) -> Iterator[Diagnostic]:
    citing = citing_notes(notes)
    for source in sources:
        if source.key not in citing:
            message = f"source '{source.key}' is cited by no note; the bibliography leaves it out"
            yield Diagnostic(message, source.location, warning=True)
