"""The output folder: the files a build writes there, its lock, and what earlier builds left.

Takes the folder and the publication's file name (its slug); gives the outputs' paths (`Outputs`:
the PDF, the EPUB, the check report, the proof, and a PDF for each further edition), one build
at a time (`output_folder_lock`), and the removal of an earlier title's outputs and of the
scratch folders of builds that were killed. Imports no stage (only the model's edition names).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from folio.cache import file_hash
from folio.errors import display_path
from folio.model import ACCESSIBLE

SCRATCH = ".build-"  # + the building process's id: scratch folders of killed builds can be told


@dataclass(frozen=True, slots=True)
class Outputs:
    """The files a build writes in the output folder, named after the publication."""

    folder: Path
    slug: str

    @property
    def pdf(self) -> Path:
        return self.folder / f"{self.slug}.pdf"

    @property
    def epub(self) -> Path:
        return self.folder / f"{self.slug}.epub"

    @property
    def check(self) -> Path:
        return self.folder / f"{self.slug}.check.json"

    @property
    def proof(self) -> Path:
        return self.folder / f"{self.slug}.proof"

    def edition(self, name: str) -> Path:
        """The PDF of edition `name`: NAME.pdf for the accessible one, NAME.archival.pdf, ..."""
        return self.pdf if name == ACCESSIBLE else self.folder / f"{self.slug}.{name}.pdf"


@contextmanager
def output_folder_lock(out_dir: Path, *, say: Callable[[str], None]) -> Iterator[None]:
    """One build at a time writes `out_dir`: a second waits (and says so) rather than mix its
    PDF with the other's EPUB. A folder made only to hold the lock goes again if it stays empty."""
    created = not out_dir.is_dir()
    out_dir.mkdir(parents=True, exist_ok=True)
    folder = os.open(out_dir, os.O_RDONLY)
    try:
        try:
            fcntl.flock(folder, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            say(f"waiting for another build that is writing {display_path(out_dir)}")
            fcntl.flock(folder, fcntl.LOCK_EX)
        yield
    finally:
        os.close(folder)  # releases the lock
        if created:
            with contextlib.suppress(OSError):
                out_dir.rmdir()  # only when empty: a failed first build leaves no folder behind


def remove_earlier_outputs(
    out_dir: Path, earlier: dict[str, str], *, keep: set[str], say: Callable[[str], None]
) -> None:
    """The outputs of an earlier title (or an edition no longer asked for) go once the new ones
    are in place; a file edited since folio wrote it is left, with a word."""
    for name, digest in earlier.items():
        path = out_dir / name
        if name in keep or not path.is_file():
            continue
        if file_hash(path) == digest:
            path.unlink()
            say(f"removed {display_path(path)}: an earlier build's output that this build does not make")
        else:
            say(f"left {display_path(path)}: an earlier build's output, changed since it was built")


def remove_stale_scratch(out_dir: Path) -> None:
    """Partial files of a build that was killed (its process is gone) are removed, not left."""
    for folder in out_dir.glob(f"{SCRATCH}*-*"):
        pid = folder.name.removeprefix(SCRATCH).split("-", 1)[0]
        if folder.is_dir() and pid.isdigit() and not process_exists(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)


def process_exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)  # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True  # someone else's process, or an id we cannot ask about: leave its folder
    return True
