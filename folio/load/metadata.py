"""publication.yaml's fields and sources.yaml's entries, checked."""

from __future__ import annotations

import datetime
import difflib
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from folio.errors import SourceLocation, display_path
from folio.load.diagnostics import Diagnostics
from folio.load.files import listed_file_error, read_yaml_mapping
from folio.load.front import BOOK_FIELDS, check_book_fields
from folio.model import (
    Source,
)

REQUIRED_FIELDS = (
    "title",
    "publisher",
    "date",
    "language",
    "identifier",
    "first_note",
    "first_page",
    "sections",
)
OPTIONAL_FIELDS = ("subtitle", "rights", "footer", "sources", "annexes", *BOOK_FIELDS)
INTEGER_FIELDS = ("first_note", "first_page")
TEXT_FIELDS = ("title", "subtitle", "publisher", "language", "identifier", "rights", "footer")
LARGEST_NUMBER = 999_999  # a note or page number wider than six digits is a typing slip
LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")  # BCP 47: "en", "en-GB", "ar-SY"
PRINTED_FIELDS = ("title", "footer")  # on every page, in the running header and footer
DAY = re.compile(r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$")
DATE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])(-\d{2})?$")


def check_fields(meta: dict[str, Any], lines: dict[str, int], shown: str, problems: Diagnostics) -> None:
    known = REQUIRED_FIELDS + OPTIONAL_FIELDS
    for name in REQUIRED_FIELDS:
        if meta.get(name) in (None, ""):
            problems.error(f"missing required field '{name}'", SourceLocation(shown, 1))
    for name in meta:
        if name not in known:
            close = difflib.get_close_matches(str(name), known, n=1)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            problems.warn(f"unknown field '{name}'{hint}", SourceLocation(shown, lines.get(str(name))))
    check_values(meta, lines, shown, problems)
    check_lists(meta, lines, shown, problems)
    check_book_fields(meta, lines, shown, problems)


def check_values(meta: dict[str, Any], lines: dict[str, int], shown: str, problems: Diagnostics) -> None:
    """Numbers in range, text as text, a language tag, a date."""
    for name in INTEGER_FIELDS:
        value = meta.get(name)
        if value is not None and (
            not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= LARGEST_NUMBER
        ):
            message = f"'{name}' must be a whole number from 1 to {LARGEST_NUMBER:,}"
            problems.error(message, SourceLocation(shown, lines[name]))
    for name in TEXT_FIELDS:
        if isinstance(meta.get(name), list | dict):
            kind = "a list" if isinstance(meta[name], list) else "a mapping"
            problems.error(f"'{name}' must be text, not {kind}", SourceLocation(shown, lines[name]))
    language = meta.get("language")
    if isinstance(language, str) and language and not LANGUAGE.match(language):
        message = f"'language' must be a language tag such as en, en-GB or ar, not {language!r}"
        problems.error(message, SourceLocation(shown, lines["language"]))
    date = meta.get("date")
    if date is not None and not DATE.match(str(date)):
        problems.error("'date' must be YYYY-MM or YYYY-MM-DD", SourceLocation(shown, lines["date"]))


def check_lists(meta: dict[str, Any], lines: dict[str, int], shown: str, problems: Diagnostics) -> None:
    """The files it lists: sections, annexes, the sources file."""
    sections = meta.get("sections")
    if sections is not None and (
        not isinstance(sections, list) or not sections or not all(isinstance(s, str) for s in sections)
    ):
        problems.error("'sections' must list section files", SourceLocation(shown, lines["sections"]))
    annexes = meta.get("annexes")
    if annexes is not None and (
        not isinstance(annexes, list) or not all(isinstance(a, str) for a in annexes)
    ):
        message = "'annexes' must list annex files (and 'bibliography' for the generated one)"
        problems.error(message, SourceLocation(shown, lines["annexes"]))
    sources = meta.get("sources")
    if sources is not None and (not isinstance(sources, str) or not sources.strip()):
        problems.error("'sources' must name a file (sources.yaml)", SourceLocation(shown, lines["sources"]))


def load_sources(
    content_dir: Path, name: object, problems: Diagnostics, *, listed_at: SourceLocation
) -> dict[str, Source]:
    if name is None:
        return {}
    path = content_dir / str(name)
    shown = display_path(path)
    unreadable = listed_file_error(path, content_dir, f"sources file '{name}'")
    if unreadable:
        problems.error(unreadable, listed_at)
        return {}
    data, lines = read_yaml_mapping(path, shown, inside=content_dir)
    sources: dict[str, Source] = {}
    for key, entry in data.items():
        location = SourceLocation(shown, lines.get(str(key)))
        if not isinstance(entry, dict) or not entry.get("title"):
            problems.error(f"source '{key}' needs a title", location)
            continue
        url = entry.get("url")
        if url and not is_web_address(str(url)):
            problems.error(
                f"source '{key}': url must be a web address (https://host/...) without spaces or quotes",
                location,
            )
        accessed = entry.get("accessed")
        if accessed is not None and not (
            isinstance(accessed, str | datetime.date) and DAY.match(str(accessed))
        ):
            problems.error(f"source '{key}': accessed must be a date, YYYY-MM-DD", location)
            accessed = None
        sources[str(key)] = Source(
            str(key), str(entry["title"]), url and str(url), location, accessed=str(accessed or "")
        )
    return sources


def is_web_address(url: str) -> bool:
    parts = urlsplit(url)
    return (
        parts.scheme in ("https", "http")
        and bool(parts.netloc)
        and not any(character in url for character in " \t\n\"'<>\\`{}|^")
    )
