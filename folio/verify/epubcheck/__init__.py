"""An EPUB -> EPUBCheck's errors and warnings, as `Problem`s: one interface, two routes.

`EpubChecker` is what the verifier and the build ask: `check(path, *, shown)`. `ColdEpubCheck`
(`cold`) starts Java for each check; `WarmEpubCheck` (`warm`) asks a service kept warm between
builds (`service`: its socket, keyed by the jar's content, and its process; `java/`: the
server's source and the book it warms up on) and goes cold whenever the service cannot answer.
Nothing here imports more than the standard library and the `epubcheck` package, so
`build.py stop-epubcheck` starts quickly.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from folio.errors import Problem
from folio.verify.epubcheck.cold import ColdEpubCheck, epubcheck_command, verify_epub
from folio.verify.epubcheck.warm import WarmEpubCheck


class EpubChecker(Protocol):
    def check(self, path: Path, *, shown: str | None = None) -> list[Problem]: ...


__all__ = ["ColdEpubCheck", "EpubChecker", "WarmEpubCheck", "epubcheck_command", "verify_epub"]
