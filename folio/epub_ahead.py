"""The EPUB made and checked ahead, during the layout, with the page positions of the build before.

Takes the output folder, the page positions the last verified build there kept, a maker of the
EPUB's bytes from page positions and the warm EPUBCheck; gives, once the layout's own positions
are known and are those, the EPUB made from them and EPUBCheck's findings on it, or None.

The EPUB is made from the model and from where each print page starts (`folio.page_map`);
the model is known as soon as the content is loaded, and only the page starts wait for the
layout. An edit that moves no page start (a word in a chapter laid out again alone, most edits
of one sentence) leaves them as the build before found them. So, while the layout runs, a forked
copy of the build (`folio.forked`, at low priority: the layout goes first) makes the EPUB from
the positions kept by that build, and the warm EPUBCheck service checks it. `taken(positions)`
compares: the same positions give the same bytes (the copy is this build, with its model and
the same maker, reading the same templates, stylesheet, fonts and images as the build would
after the layout), so the copy's EPUB, findings and the verifier's facts of it (read there
too, from the same bytes) are those of the build's own EPUB. Other
positions, no kept positions, or one process (`FOLIO_WORKERS=1`): the copy is ended (or none
made) and the build makes its EPUB after the layout as always. A copy that gives nothing
(bad input, a bug, a kill, `WAIT` seconds) leaves the EPUB to the build too, and one whose
service could not check gives only the bytes, which the build checks. The copy never checks
cold: a Java of its own would outlive it when it is ended.

Kept in `dist/.folio-epub/positions.json`, written only after a verified build; a file that
cannot be read is no guess, never an error.
"""

from __future__ import annotations

import contextlib
import copy
import functools
import json
import multiprocessing
import os
import shutil
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path

from folio.errors import Problem, display_path
from folio.forked import Forked
from folio.output_folder import SCRATCH, Outputs
from folio.page_map import PagePosition
from folio.verify.epub_facts import EpubFacts, read_epub_facts
from folio.verify.epubcheck import WarmEpubCheck
from folio.verify.epubcheck.cold import TIMEOUT

FOLDER = ".folio-epub"
FILE = "positions.json"
FORMAT = 1
NICENESS = 10  # the copy's: the layout's workers go first
WAIT = TIMEOUT  # seconds to wait for the copy, EPUBCheck's own limit: then the build makes its own


@dataclass(frozen=True, slots=True)
class MadeEpub:
    """The EPUB's bytes and the verifier's facts of them (`read_epub_facts` of the file the copy
    wrote, named as the build names it: None when they could not be read there, and the build
    reads them): sent as soon as they are made, so that the build writes and verifies while
    EPUBCheck goes on."""

    epub: bytes
    facts: EpubFacts | None


class ServiceUnavailable(Exception):
    """The warm service could not check the copy's EPUB: the build checks it."""


def make_and_check(  # noqa: PLR0917 (what the copy was given: all of it its own)
    make: Callable[[tuple[PagePosition, ...]], bytes],
    guess: tuple[PagePosition, ...],
    path: Path,
    shown: str,
    checker: WarmEpubCheck,
    sender: Connection,
) -> tuple[Problem, ...]:
    """In the copy: the EPUB of `guess` written to `path`, it and its facts sent, then the
    service's findings on it (`ServiceUnavailable` when it could not check)."""
    with contextlib.suppress(OSError):
        os.nice(NICENESS)
    epub = make(guess)
    path.write_bytes(epub)
    try:
        facts: EpubFacts | None = read_epub_facts(path, shown=shown)
    except Exception:  # read again by the build, which says what is wrong
        facts = None
    # The pipe holds 64 KiB and the build reads it once its layout is done: sent from a thread,
    # so that EPUBCheck checks meanwhile.
    sending = threading.Thread(target=send_quietly, args=(sender, MadeEpub(epub, facts)))
    sending.start()
    found = checker.check_warm(path, shown=shown)
    sending.join()
    if found is None:
        raise ServiceUnavailable
    return tuple(found)


def send_quietly(connection: Connection, value: object) -> None:
    with contextlib.suppress(OSError):  # the build ended this copy's work: it is killed next
        connection.send(value)


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
    except (OSError, ValueError, KeyError, TypeError, RecursionError):
        return None


def remember_positions(out_dir: Path, positions: tuple[PagePosition, ...]) -> None:
    """Kept for the next build's guess (written whole, then moved into place); a guess only, so
    a folder that cannot take it is no error."""
    folder = out_dir / FOLDER
    rows = [[p.label, p.block_id, p.offset, p.exact] for p in positions]
    with contextlib.suppress(OSError):
        folder.mkdir(exist_ok=True)
        for stale in folder.glob(f"{FILE}.*"):  # left by a build that was killed while writing
            stale.unlink(missing_ok=True)
        scratch = folder / f"{FILE}.{os.getpid()}"
        scratch.write_text(json.dumps({"format": FORMAT, "positions": rows}), encoding="utf-8")
        scratch.replace(folder / FILE)


class EpubAhead:
    """Started before the layout (a context: the copy is ended and its folder removed when the
    block ends, unless `taken` handed it on: then `made`, and `findings` or `close`, do so)."""

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
        self.epubcheck = epubcheck
        self.folder: Path | None = None
        self.forked: Forked[tuple[Problem, ...]] | None = None
        self.made_epub: Connection | None = None
        self.handed_on = False
        if guess is None:
            return
        self.folder = Path(tempfile.mkdtemp(dir=out_dir, prefix=f"{SCRATCH}{os.getpid()}-ahead-"))
        path = self.folder / outputs.epub.name
        shown = display_path(outputs.epub)
        checker = copy.copy(epubcheck)  # the build's service, for the copy: never a start, never cold
        checker.spawned, checker.say = None, None
        receiver, sender = multiprocessing.get_context("fork").Pipe(duplex=False)

        made_here = functools.partial(make_and_check, make, guess, path, shown, checker, sender)

        try:
            self.forked = Forked(made_here)
        finally:
            sender.close()  # the copy's end: its end of file, when it ends, is read here
            if self.forked is None or self.forked.process is None:  # no copy: nothing ahead
                receiver.close()
                self.close()
            else:
                self.made_epub = receiver

    def taken(self, positions: tuple[PagePosition, ...]) -> EpubAhead | None:
        """This, handed on, when the guess was `positions` (its EPUB: `made`, its findings:
        `findings`); else None, and the copy is ended."""
        if self.forked is None or positions != self.guess:
            self.close()
            return None
        self.handed_on = True
        return self

    def made(self) -> MadeEpub | None:
        """The copy's EPUB and its facts; None when it gave none within `WAIT` seconds (then
        `close`: the build makes its own)."""
        if self.made_epub is None:
            return None
        try:
            made = self.made_epub.recv() if self.made_epub.poll(WAIT) else None
        except (EOFError, OSError):  # the copy ended without them
            return None
        return made if isinstance(made, MadeEpub) else None

    def findings(self) -> tuple[Problem, ...] | None:
        """EPUBCheck's findings on the copy's EPUB; None when the service could not check it or
        the copy gave none within `WAIT` seconds (the build checks it)."""
        try:
            return self.forked.forked_result(timeout=WAIT) if self.forked is not None else None
        finally:
            self.close()

    def __enter__(self) -> EpubAhead:
        return self

    def __exit__(self, *_exc: object) -> None:
        if not self.handed_on:
            self.close()

    def close(self) -> None:
        if self.forked is not None and self.forked.abandon():
            self.epubcheck.busy = True  # the service may still check the copy's EPUB: ours waits
        self.forked = None
        if self.made_epub is not None:
            self.made_epub.close()
            self.made_epub = None
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None
