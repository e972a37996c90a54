"""The front of the book in publication.yaml: its fields checked (isbn, doi, cover,
contents_depth, print, the front files), the cover read, and the title page and legal notice
that folio makes from the metadata when the editor gives no file of their own.

What folio makes prints only what the metadata says: the title, subtitle, publisher and date on
the title page (the cover above them, when given); the same with the ISBN, DOI and rights on the
legal notice. Nothing else is written for the editor.
"""

from __future__ import annotations

import calendar
import difflib
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from folio.errors import BuildError, SourceLocation, display_path
from folio.lists import LISTS, list_entries
from folio.load.diagnostics import Diagnostics
from folio.load.files import listed_file_error, read_bytes
from folio.model import (
    LEGAL_NOTICE,
    TITLE_PAGE,
    Cover,
    Heading,
    Inline,
    Link,
    Paragraph,
    Section,
    Text,
)

BOOK_FIELDS = (
    "front_matter",
    "title_page",
    "legal_notice",
    "isbn",
    "doi",
    "cover",
    "contents_depth",
    "print",
    "lists",
)
DOI = re.compile(r"^10\.\d{4,9}(\.\d+)*/[-._;()/:A-Za-z0-9]+$")  # CrossRef's advice for the suffix
PRINT_MODES = ("simplex", "duplex")
IMAGE_TYPES = {b"\x89PNG\r\n\x1a\n": "image/png", b"\xff\xd8\xff": "image/jpeg"}
MAX_DEPTH = 6
GENERATED = {TITLE_PAGE: "s-title-page", LEGAL_NOTICE: "s-legal-notice"}  # the section ids


def check_book_fields(meta: dict[str, Any], lines: dict[str, int], shown: str, problems: Diagnostics) -> None:
    """The fields of the book's parts and identifiers, each error at its line."""

    def error(name: str, message: str) -> None:
        problems.error(message, SourceLocation(shown, lines.get(name)))

    front = meta.get("front_matter")
    if front is not None and (not isinstance(front, list) or not all(isinstance(f, str) for f in front)):
        error("front_matter", "'front_matter' must list the files printed before the contents")
    for name in ("title_page", "legal_notice", "cover"):
        if meta.get(name) is not None and not (isinstance(meta[name], str) and meta[name].strip()):
            error(name, f"'{name}' must name a file in the content folder")
    isbn = meta.get("isbn")
    if isbn is not None:
        why = isbn_error(str(isbn))
        if why:
            error("isbn", f"'isbn' {isbn}: {why}")
    doi = meta.get("doi")
    if doi is not None and not DOI.match(str(doi)):
        error("doi", f"'doi' must look like 10.NNNN/suffix (without https://doi.org/), not {str(doi)!r}")
    depth = meta.get("contents_depth")
    if depth is not None and (
        not isinstance(depth, int) or isinstance(depth, bool) or not 1 <= depth <= MAX_DEPTH
    ):
        error("contents_depth", f"'contents_depth' must be a heading level from 1 to {MAX_DEPTH}")
    mode = meta.get("print")
    if mode is not None and mode not in PRINT_MODES:
        error(
            "print", f"'print' must be duplex (both sides of the paper) or simplex (one side), not {mode!r}"
        )
    first = meta.get("first_page")
    if mode == "duplex" and isinstance(first, int) and first % 2 == 0:
        message = (
            f"with print: duplex the body starts on a right-hand page, which has an odd folio: "
            f"first_page {first} would print on a left-hand one"
        )
        error("first_page", message)
    check_lists(meta.get("lists"), lines, shown, problems)


def check_lists(given: object, lines: dict[str, int], shown: str, problems: Diagnostics) -> None:
    """`lists:` names the lists printed after the contents, each once: tables, figures."""
    if given is None:
        return
    known = " and ".join(LISTS)
    if not isinstance(given, list) or not all(isinstance(name, str) for name in given):
        message = f"'lists' must name the lists printed after the contents, of {known}: [tables, figures]"
        problems.error(message, SourceLocation(shown, lines.get("lists")))
        return
    for index, name in enumerate(given):
        where = SourceLocation(shown, lines.get(f"lists[{index}]", lines.get("lists")))
        if name not in LISTS:
            close = difflib.get_close_matches(name, LISTS, n=1)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            problems.error(f"unknown list '{name}' (folio prints lists of {known}){hint}", where)
        elif name in given[:index]:
            problems.error(f"list '{name}' is named twice", where)


def warn_empty_lists(
    names: object, sections: tuple[Section, ...], where: SourceLocation, problems: Diagnostics
) -> None:
    """A list asked for that would have no entry is not printed: say so (an entry is a caption)."""
    for name in dict.fromkeys(n for n in (names if isinstance(names, list) else ()) if n in LISTS):
        if next(list_entries(sections, name), None) is None:
            kind = name.removesuffix("s")
            message = (
                f"'lists' asks for a list of {name}, but no {kind} has a caption: it is not "
                f"printed (a {kind} is listed by its caption, numbered '{kind.capitalize()} 1: ...')"
            )
            problems.warn(message, where)


def isbn_error(isbn: str) -> str | None:
    """Why `isbn` is no ISBN (13 digits, or 10 with X as a last digit; hyphens and spaces aside)."""
    digits = re.sub(r"[-\s]", "", isbn).upper()
    if re.fullmatch(r"\d{13}", digits):
        wanted = (10 - sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(digits[:12])) % 10) % 10
        last = str(wanted)
    elif re.fullmatch(r"\d{9}[\dX]", digits):
        wanted = (11 - sum(int(d) * (10 - i) for i, d in enumerate(digits[:9])) % 11) % 11
        last = "X" if wanted == 10 else str(wanted)
    else:
        return "an ISBN has 13 digits (or 10, the last may be X), with hyphens or spaces between"
    if digits[-1] != last:
        return f"wrong check digit {digits[-1]} (it should be {last}): a digit is mistyped"
    return None


def load_cover(
    content_dir: Path, name: object, problems: Diagnostics, *, listed_at: SourceLocation
) -> Cover | None:
    """The cover image: a PNG or JPEG file of the content folder."""
    if not isinstance(name, str) or not name.strip():
        return None
    path = content_dir / name
    unreadable = listed_file_error(path, content_dir, f"cover image '{name}'")
    if unreadable:
        problems.error(unreadable, listed_at)
        return None
    try:
        data = read_bytes(path, display_path(path), inside=content_dir)
    except BuildError as exc:
        problems.items.extend(exc.diagnostics)
        return None
    media_type = next((kind for magic, kind in IMAGE_TYPES.items() if data.startswith(magic)), None)
    if media_type is None:
        problems.error(f"cover image '{name}' is not a PNG or JPEG file", listed_at)
        return None
    return Cover(name, media_type, data)


def generated_section(kind: str, meta: dict[str, Any], where: Callable[[str], SourceLocation]) -> Section:
    """The title page or the legal notice, made from the metadata; `where` locates a field."""
    if kind == TITLE_PAGE:
        title: tuple[Inline, ...] = (Text(str(meta["title"])),)
        blocks: list[Heading | Paragraph] = [Heading(1, title, "title-page", where("title"))]
        lines = [
            ("subtitle", meta.get("subtitle")),
            ("publisher", meta["publisher"]),
            ("date", spelled(meta)),
        ]
    else:
        title = (Text("Legal notice"),)
        blocks = []
        lines = [
            ("title", meta["title"]),
            ("subtitle", meta.get("subtitle")),
            ("publisher", meta["publisher"]),
            ("date", spelled(meta)),
            ("isbn", meta.get("isbn") and f"ISBN {meta['isbn']}"),
            ("rights", meta.get("rights")),
        ]
    prefix = GENERATED[kind].removeprefix("s-")
    blocks += [Paragraph((Text(str(text)),), f"{prefix}-{name}", where(name)) for name, text in lines if text]
    if kind == LEGAL_NOTICE and meta.get("doi"):
        address = f"https://doi.org/{meta['doi']}"
        doi = Paragraph(
            (Text("DOI "), Link(address, (Text(str(meta["doi"])),))), f"{prefix}-doi", where("doi")
        )
        blocks.insert(len(blocks) - bool(meta.get("rights")), doi)
    return Section(GENERATED[kind], title, tuple(blocks), (), "", role="front", kind=kind)


def spelled(meta: dict[str, Any]) -> str:
    """ "2025-03" -> "March 2025"; "2025-03-07" -> "7 March 2025"."""
    parts = [int(part) for part in str(meta["date"]).split("-")]
    month = f"{calendar.month_name[parts[1]]} {parts[0]}"
    return f"{parts[2]} {month}" if len(parts) > 2 else month
