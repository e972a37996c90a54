"""The EPUB made and checked ahead, during the layout, with the page positions of the build before.

Takes the output folder, the page positions the last verified build there kept, a maker of the
EPUB's bytes from page positions and the warm EPUBCheck; gives, once the layout's own positions
are known, the EPUB made from them and EPUBCheck's findings on it, or None.

The EPUB is a function of the model and of where each print page starts (`folio.page_map`),
and the model is known as soon as the content is loaded; only the page starts wait for the
layout. An edit that moves no page start (a word in a chapter laid out again alone, most edits
of one sentence) leaves them as the build before found them. So, while the layout runs, a forked
copy of the build (`folio.forked`, at low priority: the layout goes first) makes the EPUB from
the positions kept by that build and EPUBCheck checks it, on the core the layout leaves free.
`taken(positions)` compares: the same positions give the same bytes (the maker is a pure
function of them and of what the copy shares with this process), so the copy's EPUB and
findings are those of the build's own EPUB; other positions, or a copy that gave nothing (bad
input, a bug, a kill), give None, the copy is ended, and the build makes its EPUB as always.

Kept in `dist/.folio-epub/positions.json`, written only after a verified build; a file that
cannot be read is no guess, never an error.
"""

from __future__ import annotations

import contextlib
import copy
import json
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from folio.errors import Problem, display_path
from folio.forked import Forked
from folio.output_folder import SCRATCH, Outputs
from folio.page_map import PagePosition
from folio.verify.epubcheck import WarmEpubCheck
from folio.verify.epubcheck.cold import TIMEOUT

FOLDER = ".folio-epub"
FILE = "positions.json"
FORMAT = 1
NICENESS = 10  # the copy's: the layout's workers go first
WAIT = TIMEOUT  # seconds the build waits for the copy, EPUBCheck's own limit: then it makes its own


@dataclass(frozen=True, slots=True)
class CheckedEpub:
    """The EPUB's bytes, EPUBCheck's findings on them and what EPUBCheck said meanwhile (its
    one line when it had to check cold)."""

    epub: bytes
    problems: tuple[Problem, ...]
    said: tuple[str, ...] = ()


def remembered_positions(out_dir: Path) -> tuple[PagePosition, ...] | None:
    """The page positions the last verified build in `out_dir` kept; None when none can be read."""
    try:
        kept = json.loads((out_dir / FOLDER / FILE).read_text(encoding="utf-8"))
        if kept["format"] != FORMAT:
            return None
        return tuple(
            PagePosition(str(label), str(block), int(offset), bool(exact))
            for label, block, offset, exact in kept["positions"]
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def remember_positions(out_dir: Path, positions: tuple[PagePosition, ...]) -> None:
    """Kept for the next build's guess (written whole, then moved into place)."""
    folder = out_dir / FOLDER
    folder.mkdir(exist_ok=True)
    rows = [[p.label, p.block_id, p.offset, p.exact] for p in positions]
    scratch = folder / f"{FILE}.{os.getpid()}"
    scratch.write_text(json.dumps({"format": FORMAT, "positions": rows}), encoding="utf-8")
    scratch.replace(folder / FILE)


class EpubAhead:
    """Started before the layout; `taken` once its positions are known; `close` in any case."""

    def __init__(
        self,
        out_dir: Path,
        guess: tuple[PagePosition, ...] | None,
        make: Callable[[tuple[PagePosition, ...]], bytes],
        *,
        epubcheck: WarmEpubCheck,
        outputs: Outputs,
    ) -> None:
        """`outputs`: the build's (the EPUB's name, and its path as the findings name it)."""
        self.guess = guess
        self.folder: Path | None = None
        self.forked: Forked[CheckedEpub] | None = None
        if guess is None:
            return
        self.folder = Path(tempfile.mkdtemp(dir=out_dir, prefix=f"{SCRATCH}{os.getpid()}-ahead-"))
        path = self.folder / outputs.epub.name
        shown = display_path(outputs.epub)

        def make_and_check() -> CheckedEpub:
            with contextlib.suppress(OSError):
                os.nice(NICENESS)
            epub = make(guess)
            path.write_bytes(epub)
            said: list[str] = []
            checker = copy.copy(epubcheck)  # the build's, telling this copy's lines to `said`
            checker.say = said.append if epubcheck.say is not None else None
            problems = tuple(checker.check(path, shown=shown))
            return CheckedEpub(epub, problems, tuple(said))

        self.forked = Forked(make_and_check)
        if self.forked.process is None:  # one process (FOLIO_WORKERS=1) or no fork: not ahead
            self.forked = None

    def taken(self, positions: tuple[PagePosition, ...]) -> CheckedEpub | None:
        """The EPUB of `positions` and its findings, when the guess was those positions."""
        if self.forked is None:
            return None
        if positions != self.guess:
            self.forked.abandon()
            return None
        return self.forked.forked_result(timeout=WAIT)

    def __enter__(self) -> EpubAhead:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self.forked is not None:
            self.forked.abandon()
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
