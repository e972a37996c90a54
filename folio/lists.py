"""The lists of tables and of figures that publication.yaml's `lists:` asks for, after the contents.

Takes a `Publication`; gives its `FrontList`s: for each list asked for that has an entry, its
captioned tables (or figures) in reading order, each entry printed as both editions print its
caption ("Table 1: Returns by year") and leading to where the caption's reader starts reading
(a table's caption, which prints above it; a figure's top, its image above its caption). The
print edition's front, the EPUB's navigation and the verifier's expectation are all made from
these, as the contents is from `contents_entries`. Nothing here does I/O.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from folio.model import (
    CONTENTS,
    Figure,
    Inline,
    Publication,
    Section,
    Table,
    plain_text,
    tables_and_figures,
)

LIST_OF_TABLES = "list-of-tables"  # the ids of the lists: their heading in the PDF
LIST_OF_FIGURES = "list-of-figures"
LISTS = {"tables": LIST_OF_TABLES, "figures": LIST_OF_FIGURES}  # `lists:` entry -> the list's id
TITLES = {LIST_OF_TABLES: "List of tables", LIST_OF_FIGURES: "List of figures"}
NAV_TYPES = {LIST_OF_TABLES: "lot", LIST_OF_FIGURES: "loi"}  # EPUB 3's nav types for them
NAVIGATION = (CONTENTS, LIST_OF_TABLES, LIST_OF_FIGURES)  # what the EPUB's nav document stands for


@dataclass(frozen=True, slots=True)
class ListEntry:
    label: str  # "Table 1"
    caption: tuple[Inline, ...]
    target: str  # the id it links to: a table's caption, a figure
    section: Section

    @property
    def text(self) -> str:
        """As both editions print the caption: "Table 1: Returns by year"."""
        return f"{self.label}: {plain_text(self.caption)}"

    @property
    def front(self) -> bool:
        """In the front matter: its page number is roman, counted in the front's own layout."""
        return self.section.role == "front"


@dataclass(frozen=True, slots=True)
class FrontList:
    id: str  # LIST_OF_TABLES or LIST_OF_FIGURES
    entries: tuple[ListEntry, ...]

    @property
    def title(self) -> str:
        return TITLES[self.id]

    @property
    def nav_type(self) -> str:
        return NAV_TYPES[self.id]


def front_lists(publication: Publication) -> tuple[FrontList, ...]:
    """The lists the publication asks for, in the order it names them; a list with no entry
    (no captioned table, or figure) is not printed (the load warns of it)."""
    found = (
        FrontList(LISTS[name], tuple(list_entries(publication.sections, name))) for name in publication.lists
    )
    return tuple(listed for listed in found if listed.entries)


def list_entries(sections: Iterable[Section], name: str) -> Iterator[ListEntry]:
    """The captioned tables (name "tables") or figures ("figures") of the sections, in reading order."""
    kind = Table if name == "tables" else Figure
    for section in sections:
        for block in tables_and_figures(section.blocks):
            if isinstance(block, kind) and block.caption is not None and block.number is not None:
                target = block.caption.id if isinstance(block, Table) else block.id
                yield ListEntry(block.label, block.caption.inlines, target, section)
