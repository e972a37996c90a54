"""What the preview shows: the latest build's state, and the pages and sections of the last one
that made a PDF -> the JSON the page polls (`/state.json`).

A build goes "building" -> "checking" (its PDF written, its pages shown) -> "verified" or
"refused" (the checks found problems: its pages are shown with each problem drawn); a build
that stops on bad input is "failed" and keeps the last pages shown, with its errors above them.
Every change bumps `version`, which the page compares to know when to redraw.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from folio.errors import Diagnostic, Problem


@dataclass(frozen=True, slots=True)
class Shown:
    """A build's files as the preview keeps them: its own copies, in its own folder."""

    build: int
    folder: Path  # pdf, epub, the rendered pages (page-NNNN.png, pages.json)
    sections: tuple[tuple[str, str], ...]  # title, the document's path inside the EPUB

    @property
    def pdf(self) -> Path:
        return self.folder / "book.pdf"

    @property
    def epub(self) -> Path:
        return self.folder / "book.epub"


@dataclass(slots=True)
class PreviewState:
    version: int = 0
    pages_version: int = 0  # changes with the pages shown or the problems drawn on them
    build: int = 0
    status: str = "starting"
    step: str = ""
    shown: Shown | None = None
    errors: tuple[Diagnostic, ...] = ()
    warnings: tuple[Diagnostic, ...] = ()
    problems: tuple[Problem, ...] = ()
    finished: float | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)

    def update(self, **changes: Any) -> None:
        with self.lock:
            for name, value in changes.items():
                setattr(self, name, value)
            self.version += 1
            if "shown" in changes or "problems" in changes:
                self.pages_version += 1

    def to_json(self) -> dict[str, object]:
        with self.lock:
            shown = self.shown
            return {
                "version": self.version,
                "build": self.build,
                "status": self.status,
                "step": self.step,
                "finished": self.finished and time.strftime("%H:%M:%S", time.localtime(self.finished)),
                "shown_build": shown.build if shown else None,
                "pages": page_entries(shown, self.pages_version),
                "sections": [
                    {"title": title, "href": f"/epub/{shown.build}/{path}"} for title, path in shown.sections
                ]
                if shown
                else [],
                "errors": [diagnostic_json(d) for d in self.errors],
                "warnings": [diagnostic_json(d) for d in self.warnings],
                "problems": [{"page": p.page, "line": str(p), "check": p.check} for p in self.problems],
            }


def page_entries(shown: Shown | None, version: int) -> list[dict[str, object]]:
    """The pages rendered so far (the renderer writes pages.json first, then each page)."""
    if shown is None:
        return []
    labels = page_labels(shown.folder)
    return [
        {"index": i, "label": label, "src": f"/page/{shown.build}/{i + 1}.png?v={version}"}
        for i, label in enumerate(labels)
    ]


def page_labels(folder: Path) -> list[str]:
    try:
        return [
            str(page["label"]) for page in json.loads((folder / "pages.json").read_text(encoding="utf-8"))
        ]
    except (OSError, ValueError, KeyError, TypeError):
        return []


def diagnostic_json(diagnostic: Diagnostic) -> dict[str, object]:
    location = diagnostic.location
    return {
        "where": str(location) if location else "",
        "message": diagnostic.message,
        "line": str(diagnostic),
    }
