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
    ACCESSIBLE,
    EDITIONS,
    Accessibility,
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
OPTIONAL_FIELDS = (
    "subtitle",
    "rights",
    "footer",
    "sources",
    "annexes",
    "accessibility",
    "editions",
    *BOOK_FIELDS,
)
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
    check_accessibility(meta, SourceLocation(shown, lines.get("accessibility")), problems)
    check_editions(meta, SourceLocation(shown, lines.get("editions")), problems)
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


# `accessibility:` and `editions:` (what the outputs claim and which PDF editions are made).
ACCESSIBILITY_KEYS = ("conforms_to", "certified_by")
# EPUB Accessibility 1.1's conformance identifiers (section 2.1 of its specification).
CONFORMANCE = re.compile(r"^EPUB Accessibility 1\.1 - WCAG 2\.[012] Level (A|AA|AAA)$")


def check_accessibility(meta: dict[str, Any], where: SourceLocation, problems: Diagnostics) -> None:
    """A claim of conformance, and who certified it, only as someone who evaluated the book gives it."""
    given = meta.get("accessibility")
    if given is None:
        return
    if not isinstance(given, dict):
        problems.error("'accessibility' must be a mapping of conforms_to and certified_by", where)
        return
    for key, value in given.items():
        if key not in ACCESSIBILITY_KEYS:
            problems.warn(f"unknown field 'accessibility: {key}' (known: conforms_to, certified_by)", where)
        elif not isinstance(value, str) or not value.strip():
            problems.error(f"'accessibility: {key}' must be text", where)
    conforms, certified = given.get("conforms_to"), given.get("certified_by")
    if isinstance(conforms, str) and conforms.strip() and not CONFORMANCE.match(conforms.strip()):
        message = (
            f"'accessibility: conforms_to' must be an EPUB Accessibility 1.1 conformance statement such as "
            f"'EPUB Accessibility 1.1 - WCAG 2.1 Level AA', not {conforms!r}"
        )
        problems.error(message, where)
    if isinstance(certified, str) and certified.strip() and not conforms:
        problems.error("'accessibility: certified_by' certifies a claim: give it as conforms_to", where)


def accessibility_of(meta: dict[str, Any]) -> Accessibility:
    given = meta.get("accessibility") or {}
    return Accessibility(
        conforms_to=str(given.get("conforms_to") or "").strip(),
        certified_by=str(given.get("certified_by") or "").strip(),
    )


def check_editions(meta: dict[str, Any], where: SourceLocation, problems: Diagnostics) -> None:
    given = meta.get("editions")
    if given is None:
        return
    names = ", ".join(EDITIONS)
    if not isinstance(given, list) or not all(isinstance(name, str) for name in given):
        problems.error(f"'editions' must list PDF editions of {names}", where)
        return
    for name in given:
        if name not in EDITIONS:
            close = difflib.get_close_matches(name, EDITIONS, n=1)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            problems.error(f"unknown edition '{name}' (folio makes {names}){hint}", where)
    for name in sorted({name for name in given if given.count(name) > 1}):
        problems.error(f"edition '{name}' is listed twice", where)


def editions_of(meta: dict[str, Any]) -> tuple[str, ...]:
    """The accessible edition, always (the main PDF), and the others asked for, in EDITIONS' order."""
    asked = set(meta.get("editions") or ()) | {ACCESSIBLE}
    return tuple(name for name in EDITIONS if name in asked)
