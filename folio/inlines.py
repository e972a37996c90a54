"""The model's inline content: runs of text, emphasis, code, links, cross-references, note calls
and page breaks, and the text a reader sees of them. Part of `folio.model`, which re-exports every
name: import them from there.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeAlias


@dataclass(frozen=True, slots=True)
class Text:
    text: str


@dataclass(frozen=True, slots=True)
class Emphasis:
    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Strong:
    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Code:
    text: str


@dataclass(frozen=True, slots=True)
class LineBreak:
    pass


@dataclass(frozen=True, slots=True)
class Link:
    """An outside address (a cited source); internal links are note calls, not `Link`s."""

    href: str
    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class CrossRef:
    """A link to a heading, or a note, of this book: `[text](#id)`. Written empty (`[](#id)`),
    the load fills in the heading's own text."""

    target: str  # the id: "h-1-1-damascus", "fn-505"
    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class NoteRef:
    """A footnote call. `occurrence` counts calls of the same note: 1 for the first."""

    number: int
    occurrence: int = 1

    @property
    def note_id(self) -> str:
        return f"fn-{self.number}"

    @property
    def id(self) -> str:
        suffix = "" if self.occurrence == 1 else f"-{self.occurrence}"
        return f"fnref-{self.number}{suffix}"


@dataclass(frozen=True, slots=True)
class PageBreak:
    """Where a page of the print edition begins; placed by `folio.page_map` after layout."""

    label: str

    @property
    def id(self) -> str:
        return page_anchor(self.label)


def page_anchor(label: str) -> str:
    """The id that marks where printed page `label` begins in the EPUB: "page-41"."""
    return f"page-{label}"


Inline: TypeAlias = Text | Emphasis | Strong | Code | LineBreak | Link | CrossRef | NoteRef | PageBreak


def plain_text(inlines: tuple[Inline, ...]) -> str:
    """The text a reader sees, without note calls."""
    parts: list[str] = []
    for item in inlines:
        if isinstance(item, Text | Code):
            parts.append(item.text)
        elif isinstance(item, LineBreak):
            parts.append(" ")
        elif isinstance(item, Emphasis | Strong | Link | CrossRef):
            parts.append(plain_text(item.children))
    return "".join(parts)
