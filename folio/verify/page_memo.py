"""What the verifier read of each page, kept beside the outputs and found again by the page's bytes.

An edit to one chapter changes a few pages of a 460-page PDF; reading every page's text with
PDFium again took 3.7 s of the build's verification, and its drawing groups (`pdf_groups`)
0.4 s more. `pdf_text.read_page` is a function of the page's own bytes (and `pdf_groups` of its
content streams alone): its content streams, everything its resources reach (fonts, their programs
and ToUnicode maps, images, forms, graphics states), its boxes, rotation and user unit, each
inherited from the page tree where the page does not set it; of the document's optional
content (`/OCProperties`: what shows); and of PDFium and folio's reading code. `page_keys`
hashes exactly that for each page, by content, never by object number (a joined PDF numbers
its objects anew), so a page gets the key of an earlier build's page only when every byte
PDFium reads of it is the same. Left out: the page's annotations, its
`/StructParents` and its `/Parent`, which PDFium's page objects and text page do not read.

`PageMemo` holds the readings by key: `dist/.folio-verify/pages.jsonl`, a line of JSON for each
page after its key (JSON, not pickle: a file in the output folder never runs code), read at the
start of a build; a page's line is decoded only when its key is met, and written back as it was
read. After a verified build it keeps exactly the pages that build read. A memo that cannot be
read, or of another format, is empty, and a line that cannot be decoded a page not found. Every
check still runs on every page: the memo only spares reading the same bytes twice.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pikepdf

from folio.verify.pdf_groups import page_content, text_groups
from folio.verify.pdf_text import MarkedDrawing, MarkedObjects, PageText, TextRun, read_page_texts

FOLDER = ".folio-verify"
FILE = "pages.jsonl"
EARLIER_FILES = ("pages.json",)  # an earlier format's, removed when the memo is written
FORMAT = 2  # bump when PageReading changes shape
HEADER = json.dumps({"format": FORMAT})
KEY_LENGTH = 64  # a SHA-256 in hexadecimal
INHERITED = ("/Resources", "/MediaBox", "/CropBox", "/Rotate")  # ISO 32000-1, table 30
UNREAD = frozenset({"/Parent", "/Annots", "/StructParents"})
CODE = tuple(Path(__file__).with_name(name) for name in ("pdf_text.py", "pdf_groups.py", "page_memo.py"))


@dataclass(frozen=True, slots=True)
class PageReading:
    text: PageText  # what PDFium reads of the page (`pdf_text`)
    groups: tuple[int, ...]  # the drawing group of each text-showing operation (`pdf_groups`)


def reader_version() -> bytes:
    """What the reading depends on besides the page: PDFium (its wheel pins its build) and the
    code that reads and encodes it."""
    digest = hashlib.sha256(f"{FORMAT} pypdfium2 {version('pypdfium2')}".encode())
    for path in CODE:
        digest.update(path.read_bytes())
    return digest.digest()


class ClosureHasher:
    """Hashes PDF objects by content: an indirect object by what it holds, once per file."""

    def __init__(self) -> None:
        self.known: dict[tuple[int, int], bytes] = {}
        self.path: list[tuple[int, int]] = []  # the indirect objects being hashed, outermost first
        self.cycles = 0  # references back to an object on `path` met so far

    def value(self, node: Any) -> bytes:
        """A scalar as it is; a dictionary, array or stream as the hash of what it holds, the
        same whether it is written in place or as an object of its own."""
        if isinstance(node, pikepdf.Object) and node.is_indirect:
            return self.indirect(node)
        if isinstance(node, (pikepdf.Dictionary, pikepdf.Array, pikepdf.Stream)):
            return b"H" + hashlib.sha256(self.direct(node)).digest()
        return self.direct(node)

    def indirect(self, node: pikepdf.Object) -> bytes:
        key = node.objgen
        if key in self.known:
            return self.known[key]
        if key in self.path:  # a cycle: named by how far up the path it leads
            self.cycles += 1
            return b"C%d;" % (len(self.path) - self.path.index(key))
        self.path.append(key)
        cycles = self.cycles
        try:
            digest = b"H" + hashlib.sha256(self.direct(node)).digest()
        finally:
            self.path.pop()
        if self.cycles == cycles:  # within a cycle a hash depends on where it was entered
            self.known[key] = digest
        return digest

    def direct(self, node: Any) -> bytes:
        if isinstance(node, pikepdf.Stream):
            raw = node.read_raw_bytes()
            return b"S" + self.entries(node) + b"%d:" % len(raw) + hashlib.sha256(raw).digest()
        if isinstance(node, pikepdf.Dictionary):
            return b"D" + self.entries(node)
        if isinstance(node, pikepdf.Array):
            items = [self.value(item) for item in node]
            return b"A%d[" % len(items) + b"".join(items) + b"]"
        return scalar(node)

    def entries(self, node: pikepdf.Object) -> bytes:
        keys = sorted(node.keys())
        return b"%d{" % len(keys) + b"".join(tagged(key) + self.value(node[key]) for key in keys) + b"}"


def scalar(node: Any) -> bytes:
    if isinstance(node, pikepdf.Name):
        return b"N" + tagged(str(node))
    if isinstance(node, pikepdf.String):
        data = bytes(node)
        return b"T%d:" % len(data) + data
    if isinstance(node, bool) or node is None:  # before int: a bool is one
        return b"B" + tagged(repr(node))
    if isinstance(node, int):
        return b"i" + tagged(str(node))
    return b"r" + tagged(str(node))  # a real (Decimal) as written, or an operator


def tagged(text: str) -> bytes:
    data = text.encode("utf-8", "surrogateescape")
    return b"%d:" % len(data) + data


def page_keys(pdf: pikepdf.Pdf) -> tuple[str, ...]:
    """Each page's key: the hash of everything PDFium reads of it, and of the reader."""
    hasher = ClosureHasher()
    layers = pdf.Root.get("/OCProperties")  # which optional content shows: the document's
    reader = reader_version() + (hasher.value(layers) if layers is not None else b"-")
    return tuple(page_key(page.obj, hasher, reader) for page in pdf.pages)


def page_key(page: pikepdf.Object, hasher: ClosureHasher, reader: bytes) -> str:
    digest = hashlib.sha256(reader)
    names = (set(page.keys()) | set(INHERITED)) - UNREAD
    for name in sorted(names):
        value = inherited(page, name) if name in INHERITED else page[name]
        digest.update(tagged(name) + (hasher.value(value) if value is not None else b"-"))
    return digest.hexdigest()


def inherited(page: pikepdf.Object, name: str) -> Any:
    """The page's own `name`, else the nearest page-tree node's above it (None: nowhere)."""
    node: Any = page
    seen: set[tuple[int, int]] = set()
    while node is not None and node.objgen not in seen:
        if name in node:
            return node[name]
        seen.add(node.objgen)
        node = node.get("/Parent")
    return None


class PageMemo:
    """Readings of pages by key: the lines found in the memo file, decoded when asked for, and
    the readings of this build."""

    def __init__(self, folder: Path | None, found: dict[str, str] | None = None) -> None:
        self.folder = folder
        self.found = found or {}  # key -> its line's JSON, as read
        self.used: dict[str, str | PageReading] = {}  # as found, or as read in this build
        self.hits = 0

    @classmethod
    def beside(cls, out_dir: Path) -> PageMemo:
        folder = out_dir / FOLDER
        return cls(folder, read_memo(folder / FILE))

    def get(self, key: str) -> PageReading | None:
        line = self.found.get(key)
        if line is None:
            return None
        with contextlib.suppress(ValueError, TypeError, KeyError, AttributeError, IndexError):
            page = decode_page(json.loads(line))
            self.hits += 1
            self.used[key] = line
            return page
        return None  # a line that cannot be decoded: the page is read again

    def keep(self, key: str, page: PageReading) -> None:
        self.used[key] = page

    def save(self) -> None:
        """Exactly the pages this build read or found, written under a temporary name and
        renamed; with a `.gitignore` that keeps the folder out of version control."""
        if self.folder is None:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        (self.folder / ".gitignore").write_bytes(b"# folio's page memo: see folio/verify/page_memo.py\n*\n")
        temporary = self.folder / f"{FILE}.{os.getpid()}.tmp"
        with temporary.open("w", encoding="utf-8") as file:  # line by line: 10 MB at 450 pages
            file.write(HEADER + "\n")
            for key, page in self.used.items():
                line = page if isinstance(page, str) else json.dumps(encode_page(page), separators=(",", ":"))
                file.write(f"{key} {line}\n")
        temporary.replace(self.folder / FILE)
        for name in EARLIER_FILES:
            (self.folder / name).unlink(missing_ok=True)


def read_memo(path: Path) -> dict[str, str]:
    """Each page's line by its key (its JSON not yet decoded); empty for a memo of another format."""
    with contextlib.suppress(OSError, ValueError):
        header, *lines = path.read_text(encoding="utf-8").splitlines()
        if header == HEADER:
            return {
                line[:KEY_LENGTH]: line[KEY_LENGTH + 1 :]
                for line in lines
                if len(line) > KEY_LENGTH and line[KEY_LENGTH] == " "
            }
    return {}


def encode_page(reading: PageReading) -> list[Any]:
    page = reading.text
    marks = page.marks
    drawn = [[d.mcid, d.kind, list(d.box), d.text] for d in marks.drawn]
    return [
        page.width,
        page.height,
        [[run.x, run.y, run.size, run.width, run.text] for run in page.runs],
        [sorted(marks.mcids), marks.artifacts, marks.unmarked, drawn],
        page.left,
        page.bottom,
        list(reading.groups),
    ]


def decode_page(data: list[Any]) -> PageReading:
    width, height, runs, (mcids, artifacts, unmarked, drawn), left, bottom, groups = data
    marks = MarkedObjects(
        frozenset(int(m) for m in mcids),
        int(artifacts),
        int(unmarked),
        tuple(MarkedDrawing(int(m), str(k), (b[0], b[1], b[2], b[3]), str(t)) for m, k, b, t in drawn),
    )
    text = PageText(
        float(width),
        float(height),
        tuple(TextRun(float(x), float(y), float(s), float(w), str(t)) for x, y, s, w, t in runs),
        marks,
        float(left),
        float(bottom),
    )
    return PageReading(text, tuple(int(group) for group in groups))


def read_remembered_pages(path: Path, memo: PageMemo, *, pdf: pikepdf.Pdf) -> tuple[PageReading, ...]:
    """Every page's reading, as `pdf_text.read_page_texts` and `pdf_groups.page_groups` give
    it: from the memo where a page's key is there, else read and kept; `pdf`: the file, open."""
    keys = page_keys(pdf)
    found = {index: memo.get(key) for index, key in enumerate(keys)}
    missing = [index for index, page in found.items() if page is None]
    for index, text in zip(missing, read_page_texts(path, missing), strict=True):
        reading = PageReading(text, text_groups(page_content(pdf.pages[index].obj)))
        memo.keep(keys[index], reading)
        found[index] = reading
    return tuple(page for _, page in sorted(found.items()) if page is not None)
