"""publication.yaml's fields and sources.yaml's entries, checked."""

from __future__ import annotations

import difflib
import re
from pathlib import Path
from typing import Any

from folio.errors import SourceLocation, display_path
from folio.load.diagnostics import Diagnostics
from folio.load.files import listed_file_error, read_yaml_mapping
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
OPTIONAL_FIELDS = ("subtitle", "rights", "footer", "sources")
INTEGER_FIELDS = ("first_note", "first_page")
PRINTED_FIELDS = ("title", "footer")  # on every page, in the running header and footer
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
    for name in INTEGER_FIELDS:
        value = meta.get(name)
        if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 1):
            problems.error(f"'{name}' must be a whole number from 1", SourceLocation(shown, lines[name]))
    date = meta.get("date")
    if date is not None and not DATE.match(str(date)):
        problems.error("'date' must be YYYY-MM or YYYY-MM-DD", SourceLocation(shown, lines["date"]))
    sections = meta.get("sections")
    if sections is not None and (
        not isinstance(sections, list) or not sections or not all(isinstance(s, str) for s in sections)
    ):
        problems.error("'sections' must list section files", SourceLocation(shown, lines["sections"]))
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
        if url and not str(url).startswith(("https://", "http://")):
            problems.error(f"source '{key}': url must start with https:// or http://", location)
        sources[str(key)] = Source(str(key), str(entry["title"]), url and str(url), location)
    return sources
