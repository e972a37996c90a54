"""Where things went wrong: locations in the editor's files, bad input, verification findings."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


def display_path(path: Path | str) -> str:
    """A path as the editor typed it: relative to the working directory where possible."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


@dataclass(frozen=True, slots=True)
class SourceLocation:
    path: str
    line: int | None = None

    def __str__(self) -> str:
        return self.path if self.line is None else f"{self.path}:{self.line}"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One message about the input, printed as `path:line: message`."""

    message: str
    location: SourceLocation | None = None
    warning: bool = False

    def __str__(self) -> str:
        kind = "warning: " if self.warning else ""
        where = f"{self.location}: " if self.location else ""
        return f"{where}{kind}{self.message}"


class BuildError(Exception):
    """Bad input or a failed stage. Carries every problem found, so all are reported at once."""

    def __init__(self, message: str, location: SourceLocation | None = None) -> None:
        self.diagnostics: tuple[Diagnostic, ...] = (Diagnostic(message, location),)
        super().__init__(str(self.diagnostics[0]))

    @classmethod
    def collect(cls, diagnostics: list[Diagnostic]) -> BuildError:
        error = cls(diagnostics[0].message, diagnostics[0].location)
        error.diagnostics = tuple(diagnostics)
        return error

    def __str__(self) -> str:
        return "\n".join(str(d) for d in self.diagnostics)


@dataclass(frozen=True, slots=True)
class Mark:
    """Where on a page a finding is, for the proof that draws it (`folio.proof`)."""

    page: int  # the page's index in the file, from 0
    box: tuple[float, float, float, float]  # left, bottom, right, top: the page's points, y up
    shape: str = "outline"  # "outline" (a box round it) or "circle"
    label: str = ""  # written beside it: "note 611 is on page 43"


@dataclass(frozen=True, slots=True)
class Problem:
    """A verification finding: `dist/x.pdf: page 3: note 517 is on page 4, its call on page 3`."""

    file: str
    message: str
    check: str
    page: str | None = None  # the printed label, as the reader sees it
    note: int | None = None
    marks: tuple[Mark, ...] = ()  # where it is, when the check knows

    def __str__(self) -> str:
        where = f"page {self.page}: " if self.page is not None else ""
        if self.page is None and self.note is not None:
            where = f"note {self.note}: "
        return f"{self.file}: {where}{self.message}"
