"""The diagnostics of one load: every problem found, reported together."""

from __future__ import annotations

from folio.errors import BuildError, Diagnostic, SourceLocation


class Diagnostics:
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
