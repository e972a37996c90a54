"""The part store: parts of the print edition laid out by earlier builds, kept beside the outputs.

Takes a folder (`dist/.folio-parts/`) and the fonts folder; gives the keys of a part's layout
and the parts and probe results stored under them (`PartStore`), and after a verified build
keeps exactly what that build used (`save`).

A part's layout is a function of its print HTML, the stylesheets, every file the layout read
(imports, figures' images, fonts named by url()), the fonts fontconfig offers, the versions of
folio (its source), WeasyPrint, pydyf, fontTools, Pango and HarfBuzz, and, for its PDF, of the
links it keeps to other parts, its first folio and the identifier. The body key hashes the HTML,
the stylesheets and the links kept with that environment; the part key adds the first folio
and the identifier. The front (`folio.pdf.front`) is stored as a part, under its own key. The
files a layout read are recorded with their SHA-256 and checked again before a part is
reused: a part is found only when every one is unchanged.

On disk: `index.json` (for each part key: its body key, first folio, page count, the files
read and each edition's PDF's SHA-256; for each probe: the anchors of its pages), and
`KEY.EDITION.pdf` (each PDF written of the part: the accessible one, and others when asked)
and `KEY.json` (pages, warnings, bookmarks) for each part. Files are written under a temporary
name and renamed, the index last; a file that does not match the index is a miss, never an
error. The store holds the parts of the last build laid out in parts and nothing else: about
the size of its PDF. Builds of one output folder are one at a time (the folder's lock), and
`.gitignore` keeps the store out of version control wherever the output folder is.
"""

from __future__ import annotations

import contextlib
import hashlib
import html as markup
import json
import os
import re
import stat
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from weasyprint.text.ffi import pango

from folio.cache import (
    decode_diagnostic,
    encode_diagnostic,
    entry_digest,
    files_under,
    library_version,
    tree_contents,
)
from folio.pdf.boxes import LaidOutPage
from folio.pdf.join import LaidOutPart
from folio.pdf.render import PrintJob

STORE = ".folio-parts"
INDEX = "index.json"
FORMAT = 2  # bump when a key or a file changes shape: older stores are then never read
PACKAGE_DIR = Path(__file__).resolve().parent.parent
LIBRARIES = ("weasyprint", "pydyf", "fonttools", "pypdf", "pillow")
SYSTEM_LIBRARIES = ("libpango", "libharfbuzz", "libfontconfig", "libfreetype", "libfribidi")
Probed = tuple[tuple[str, ...], ...]  # the anchors of each page of a probe layout
INTERNAL_HREF = re.compile(r'\shref="#([^"]*)"')
EDITION_NAME = re.compile(r"[a-z][a-z-]*")


@dataclass(slots=True)
class PartStore:
    """The store of one output folder; reads at once, writes only on `save`."""

    folder: Path
    fonts: Path
    parts: dict[str, dict[str, Any]] = field(default_factory=dict)
    probes: dict[str, dict[str, Any]] = field(default_factory=dict)
    new: dict[str, LaidOutPart] = field(default_factory=dict)
    used: dict[str, dict[str, Any]] = field(default_factory=dict)
    used_probes: dict[str, dict[str, Any]] = field(default_factory=dict)
    digests: dict[str, str | None] = field(default_factory=dict)
    known_environment: str | None = None

    @classmethod
    def beside(cls, out_dir: Path, *, fonts: Path) -> PartStore:
        store = cls(out_dir / STORE, fonts)
        index = read_json(store.folder / INDEX)
        if index.get("format") == FORMAT:
            store.parts = dict_of(index.get("parts"))
            store.probes = dict_of(index.get("probes"))
        return store

    @property
    def environment(self) -> str:
        """Computed once, when a key is first asked for (a small book never asks)."""
        if self.known_environment is None:
            self.known_environment = environment_digest(self.fonts)
        return self.known_environment

    def body_key(self, html: str, job: PrintJob) -> str:
        """What shapes a part's pages: its HTML and the stylesheets (each path and its bytes), in
        this environment; and the links of its PDF: which of the ids it links to another part
        holds (`PrintJob.link_targets`: the links kept)."""
        sheets = [item for path in job.stylesheets for item in (str(path), path.read_bytes())]
        kept = " ".join(sorted(linked_ids(html) & job.link_targets))
        return digest(
            "body", self.environment, *sheets, f"duplex={job.duplex}", str(job.base_url), kept, html
        )

    def part_key(self, body: str, first_folio: int, job: PrintJob) -> str:
        """What shapes a part's PDFs: its pages, its first folio, the document's identifier and
        the editions written of it."""
        return digest("part", body, str(first_folio), job.identifier, *job.editions)

    def front_key(self, html: str, job: PrintJob) -> str:
        """What shapes the front's PDFs: its pages (labelled i, ii, ...), the identifier and the
        editions written of it."""
        return digest("front", self.body_key(html, job), job.identifier, *job.editions)

    def probe_key(self, html: str, job: PrintJob, page_css: str | None) -> str:
        return digest("probe", self.body_key(html, job), page_css or "")

    def pages_of(self, body: str) -> int | None:
        """The page count of a stored layout of this body, whatever its first folio."""
        for record in self.parts.values():
            if record.get("body") == body and self.unchanged(record.get("read")):
                return int(record["pages"])
        return None

    def find(self, key: str) -> LaidOutPart | None:
        """The part stored under `key`, when its files are whole and what it read is unchanged."""
        record = self.parts.get(key)
        if record is None or not self.unchanged(record.get("read")):
            return None
        try:
            pdfs = {
                edition: (self.folder / pdf_name(key, edition)).read_bytes() for edition in record["pdfs"]
            }
            facts = json.loads((self.folder / f"{key}.json").read_text(encoding="utf-8"))
            if {edition: hashlib.sha256(pdf).hexdigest() for edition, pdf in pdfs.items()} != record["pdfs"]:
                return None
            part = decode_part(pdfs, facts, record["read"])
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None
        if len(part.pages) != record.get("pages"):  # the schedule placed the later parts by it
            return None
        self.used[key] = record
        return part

    def add(self, key: str, *, body: str, first_folio: int, part: LaidOutPart) -> None:
        """A part laid out by this build, stored by `save`."""
        self.new[key] = part
        self.used[key] = {
            "body": body,
            "first_folio": first_folio,
            "pages": len(part.pages),
            "read": [list(item) for item in part.read],
            "pdfs": {edition: hashlib.sha256(pdf).hexdigest() for edition, pdf in part.pdfs.items()},
        }

    def probe(self, key: str) -> Probed | None:
        record = self.probes.get(key)
        if record is None or not self.unchanged(record.get("read")):
            return None
        try:
            pages = tuple(tuple(str(anchor) for anchor in page) for page in record["pages"])
        except (KeyError, TypeError):
            return None
        self.used_probes[key] = record
        return pages

    def add_probe(self, key: str, pages: Probed, read: dict[str, str]) -> None:
        self.used_probes[key] = {"pages": [list(page) for page in pages], "read": sorted(read.items())}

    def unchanged(self, read: object) -> bool:
        """Whether every file a layout read still has the SHA-256 it had."""
        if not isinstance(read, list):
            return False
        for item in read:
            if not (isinstance(item, list) and len(item) == 2 and self.file_digest(str(item[0])) == item[1]):
                return False
        return True

    def file_digest(self, path: str) -> str | None:
        if path not in self.digests:
            self.digests[path] = regular_file_digest(Path(path))
        return self.digests[path]

    def save(self) -> None:
        """Keep what this build used, and nothing else (a verified build calls this): a build
        laid out in one process leaves no store."""
        if not self.used and not self.used_probes:
            self.remove()
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        write_atomically(
            self.folder / ".gitignore", b"# folio's part store: see folio/pdf/part_store.py\n*\n"
        )
        for key, part in self.new.items():
            # A front's PDFs are written after it is added, one edition at a time (front.py).
            self.used[key]["pdfs"] = {e: hashlib.sha256(pdf).hexdigest() for e, pdf in part.pdfs.items()}
            for edition, pdf in part.pdfs.items():
                write_atomically(self.folder / pdf_name(key, edition), pdf)
            write_atomically(self.folder / f"{key}.json", json.dumps(encode_part(part)).encode())
        index = {"format": FORMAT, "parts": self.used, "probes": self.used_probes}
        write_atomically(self.folder / INDEX, json.dumps(index, indent=1).encode())
        kept = {INDEX, ".gitignore"}
        for key, record in self.used.items():
            kept |= {f"{key}.json", *(pdf_name(key, edition) for edition in record["pdfs"])}
        for path in self.folder.iterdir():
            if path.name not in kept and path.is_file():
                path.unlink(missing_ok=True)
        self.parts, self.probes, self.new = dict(self.used), dict(self.used_probes), {}

    def remove(self) -> None:
        """The store's own files, and its folder once empty."""
        if not self.folder.is_dir():
            return
        for path in self.folder.iterdir():
            if path.is_file() and (
                path.name in (INDEX, ".gitignore") or path.suffix in (".pdf", ".json", ".tmp")
            ):
                path.unlink(missing_ok=True)
        with contextlib.suppress(OSError):
            self.folder.rmdir()
        self.parts, self.probes = {}, {}


def linked_ids(html: str) -> set[str]:
    """The ids the HTML's internal links lead to (`href="#..."`, as the templates write them)."""
    return {markup.unescape(found) for found in INTERNAL_HREF.findall(html)}


def digest(*parts: str | bytes) -> str:
    value = hashlib.sha256(f"folio part store {FORMAT}".encode())
    for part in parts:
        value.update(b"\0")
        value.update(part.encode() if isinstance(part, str) else part)
    return value.hexdigest()


def environment_digest(fonts: Path) -> str:
    """Everything besides a part's HTML and stylesheet that may change its layout or its PDF."""
    return digest(*environment_parts(fonts))


def environment_parts(fonts: Path) -> Iterator[bytes]:
    yield f"python {sys.version}".encode()
    yield from (f"{name} {library_version(name)}".encode() for name in LIBRARIES)
    yield f"pango {pango.pango_version()}".encode()
    yield from loaded_libraries()
    yield f"FOLIO_PLAIN_WEASYPRINT={os.environ.get('FOLIO_PLAIN_WEASYPRINT', '')}".encode()
    yield from python_source(PACKAGE_DIR)  # folio's patches of WeasyPrint among them
    yield from tree_contents("fonts", fonts)


def python_source(package: Path) -> Iterator[bytes]:
    """Each of folio's modules, its path and bytes: only they shape a layout (the templates and
    styles are the content's key). Not its other files: EPUBCheck's warm-up writes and removes
    `warmup-epub.epub` in folio/verify/ while it starts, which made a build miss every part."""
    files = [path for path in files_under(package) if path.suffix == ".py"]
    yield f"folio {len(files)} modules".encode()
    for path in files:
        yield f"folio/{path.relative_to(package).as_posix()}".encode()
        yield entry_digest(path)


def loaded_libraries() -> Iterator[bytes]:
    """Pango, HarfBuzz, fontconfig as this process loaded them (a system upgrade replaces the
    files): each path with its size and time, where Linux tells."""
    try:
        maps = Path("/proc/self/maps").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return
    paths = sorted({line.split()[-1] for line in maps.splitlines() if "/" in line})
    for path in paths:
        if any(Path(path).name.startswith(name) for name in SYSTEM_LIBRARIES):
            try:
                status = Path(path).stat()
            except OSError:
                continue
            yield f"{path} {status.st_size} {status.st_mtime_ns}".encode()


def regular_file_digest(path: Path) -> str | None:
    """A regular file's SHA-256, else None (gone, a folder, a device: never read)."""
    try:
        if not stat.S_ISREG(path.lstat().st_mode):
            return None
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def read_json(path: Path) -> dict[str, Any]:
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}


def dict_of(value: object) -> dict[str, dict[str, Any]]:
    if not isinstance(value, dict):
        return {}
    return {str(key): record for key, record in value.items() if isinstance(record, dict)}


def write_atomically(path: Path, data: bytes) -> None:
    scratch = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    scratch.write_bytes(data)
    scratch.replace(path)


def encode_part(part: LaidOutPart) -> dict[str, Any]:
    return {
        "pages": [[p.label, list(p.anchors), p.first_block, p.first_line] for p in part.pages],
        "warnings": [encode_diagnostic(w) for w in part.warnings],
        "bookmarks": [[height, [list(mark) for mark in marks]] for height, marks in part.bookmarks],
    }


def pdf_name(key: str, edition: str) -> str:
    """`KEY.accessible.pdf`: an edition's name is one of folio's own (letters and hyphens)."""
    if not EDITION_NAME.fullmatch(edition):
        raise ValueError(f"not an edition: {edition!r}")
    return f"{key}.{edition}.pdf"


def decode_part(pdfs: dict[str, bytes], facts: dict[str, Any], read: Iterable[list[str]]) -> LaidOutPart:
    """The part as its worker sent it (JSON gives lists: the tuples are made again)."""
    pages = tuple(
        LaidOutPage(str(label), tuple(anchors), block, str(line))
        for label, anchors, block, line in facts["pages"]
    )
    warnings = tuple(decode_diagnostic(item) for item in facts["warnings"])
    bookmarks = tuple(
        (float(height), tuple((level, label, (x, y), state) for level, label, (x, y), state in marks))
        for height, marks in facts["bookmarks"]
    )
    return LaidOutPart(pdfs, pages, warnings, bookmarks, tuple((str(p), str(d)) for p, d in read))
