"""The EPUB's navigation: the contents tree and the lists of tables and figures, as entries that
the navigation document and the NCX (`folio.epub.ncx`) are both written from."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from folio.lists import front_lists
from folio.model import (
    Publication,
    Section,
    contents_entries,
    plain_text,
)


@dataclass(frozen=True, slots=True)
class TocEntry:
    title: str
    href: str
    children: tuple[TocEntry, ...] = ()


def section_file(section: Section) -> str:
    """A section's document in the package: "s-3-2-russia.xhtml"."""
    return f"{section.id}.xhtml"


def toc_entries(publication: Publication) -> tuple[TocEntry, ...]:
    """Every heading the contents lists (the print edition's contents, at every level), nested by
    level, as the PDF's bookmarks list them. A section's opening heading links to its document's
    start (where the page marker of a page opening there is)."""
    flat = [
        (
            entry.level,
            TocEntry(
                plain_text(entry.inlines),
                section_file(entry.section) + ("" if entry.opens else f"#{entry.id}"),
            ),
        )
        for entry in contents_entries(publication)
    ]
    return nest(flat)


@dataclass(frozen=True, slots=True)
class NavList:
    """A list of tables or figures, as a nav of EPUB 3's type `lot` or `loi`."""

    part: str  # the print edition's id of the list: "list-of-tables"
    type: str  # "lot", "loi": its epub:type, and its id in the navigation document
    title: str
    entries: tuple[TocEntry, ...]


def list_navs(publication: Publication) -> tuple[NavList, ...]:
    """The lists the print edition prints after the contents, each entry a link to its table's
    caption or its figure, in the document of its section."""
    return tuple(
        NavList(
            listed.id,
            listed.nav_type,
            listed.title,
            tuple(TocEntry(e.text, f"{section_file(e.section)}#{e.target}") for e in listed.entries),
        )
        for listed in front_lists(publication)
    )


def nest(flat: list[tuple[int, TocEntry]]) -> tuple[TocEntry, ...]:
    """(level, entry) in reading order -> entries, each deeper one under the one before it."""
    entries = []
    start = 0
    while start < len(flat):
        level, entry = flat[start]
        end = start + 1
        while end < len(flat) and flat[end][0] > level:
            end += 1
        entries.append(dataclasses.replace(entry, children=nest(flat[start + 1 : end])))
        start = end
    return tuple(entries)
