"""The ids of the book: each element a reader can be sent to (a heading, a table, a figure, a
cell) has one, given once across every section, whether the editor wrote it or folio made it."""

from __future__ import annotations

from folio.errors import SourceLocation
from folio.load.diagnostics import Diagnostics
from folio.model import slugify


class Ids:
    """The ids given so far (`taken` is shared by every section of the book) and the counts
    behind the ids made up in one file."""

    def __init__(self, taken: set[str], *, shown: str, problems: Diagnostics) -> None:
        self.taken = taken
        self.stem = slugify(shown.rsplit("/", 1)[-1].removesuffix(".md"))
        self.problems = problems
        self.counts: dict[str, int] = {}

    def take_id(self, wanted: str, where: SourceLocation) -> None:
        """An id the editor wrote: an error when something has it already."""
        if wanted in self.taken:
            self.problems.error(
                f"the id '{wanted}' is given to another heading, table or figure already", where
            )
        self.taken.add(wanted)

    def unique_id(self, wanted: str) -> str:
        """Pandoc's rule for ids it makes: a repeated one (### Background twice) gets -1, -2, ..."""
        candidate, count = wanted, 0
        while candidate in self.taken:
            count += 1
            candidate = f"{wanted}-{count}"
        self.taken.add(candidate)
        return candidate

    def numbered_id(self, prefix: str) -> str:
        """A new id from the file's name and a count of its kind: "tbl-3-2-russia-1"."""
        self.counts[prefix] = self.counts.get(prefix, 0) + 1
        return self.unique_id(f"{prefix}-{self.stem}-{self.counts[prefix]}")
