"""Anchor names -> note numbers: `fn-505` is a note, `fnref-505` (`fnref-505-2`) its calls;
`p-bibliography-3` is the generated bibliography's third entry.

The PDF's destinations and the EPUB's ids are the same names (`folio.model.Note.id`).
"""

from __future__ import annotations

import re

NOTE_DEST = re.compile(r"^fn-(\d+)$")
CALL_DEST = re.compile(r"^fnref-(\d+)(?:-(\d+))?$")
ENTRY_DEST = re.compile(r"^p-bibliography-(\d+)$")


def number_of(name: str) -> int | None:
    """The note a note or call anchor belongs to."""
    m = NOTE_DEST.match(name) or CALL_DEST.match(name)
    return int(m.group(1)) if m else None


def note_number(name: str) -> int | None:
    """The number of a note anchor (not of a call)."""
    m = NOTE_DEST.match(name)
    return int(m.group(1)) if m else None


def call_order(name: str) -> int:
    """1 for a note's first call `fnref-N`, k for `fnref-N-k`."""
    m = CALL_DEST.match(name)
    return int(m.group(2) or 1) if m else 1
