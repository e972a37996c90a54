"""content/ -> Publication. Every input error is raised here, with the editor's file and line.

Reads publication.yaml, sources.yaml, the cover image and the section Markdown files it lists
(front matter, body, annexes; the title page and legal notice are made from the metadata unless
listed); collects all problems of a run and raises them together as one `BuildError`; returns
warnings beside the model.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from folio.errors import Diagnostic, SourceLocation, display_path
from folio.fonts import FontFolder, font_coverage, missing_glyphs, printed_texts
from folio.load.diagnostics import Diagnostics
from folio.load.files import read_yaml_mapping
from folio.load.front import load_cover
from folio.load.images import drawn_texts
from folio.load.metadata import PRINTED_FIELDS, accessibility_of, check_fields, editions_of, load_sources
from folio.load.sections import load_sections
from folio.model import Cover, Publication, Section, Source, figures_of


@dataclass(frozen=True, slots=True)
class Loaded:
    publication: Publication
    warnings: tuple[Diagnostic, ...]


def load_publication(content_dir: Path, *, fonts: FontFolder | None = None) -> Loaded:
    """The publication in `content_dir`; with `fonts`, a character they cannot print is an error."""
    problems = Diagnostics()
    meta_path = content_dir / "publication.yaml"
    meta, lines = read_yaml_mapping(meta_path, display_path(meta_path), inside=content_dir)
    check_fields(meta, lines, display_path(meta_path), problems)
    problems.raise_errors()
    sources_at = SourceLocation(display_path(meta_path), lines.get("sources"))
    sources = load_sources(content_dir, meta.get("sources"), problems, listed_at=sources_at)
    cover_at = SourceLocation(display_path(meta_path), lines.get("cover"))
    cover = load_cover(content_dir, meta.get("cover"), problems, listed_at=cover_at)
    sections = load_sections(
        content_dir,
        meta=meta,
        lines=lines,
        sources=sources,
        meta_shown=display_path(meta_path),
        problems=problems,
    )
    problems.raise_errors()
    publication = publication_of(meta, sections, sources, cover)
    if fonts is not None:
        shown = display_path(meta_path)
        fields = [
            (str(meta.get(name) or ""), SourceLocation(shown, lines.get(name))) for name in PRINTED_FIELDS
        ]
        printed = itertools.chain(fields, printed_texts(publication), drawn_texts(figures_of(publication)))
        problems.items.extend(missing_glyphs(printed, font_coverage(fonts), fonts=display_path(fonts.path)))
        problems.raise_errors()
    return Loaded(publication, problems.warnings)


def publication_of(
    meta: dict[str, Any], sections: tuple[Section, ...], sources: dict[str, Source], cover: Cover | None
) -> Publication:
    """The model of the checked fields, the sections and the sources."""
    return Publication(
        title=str(meta["title"]),
        subtitle=str(meta.get("subtitle") or ""),
        publisher=str(meta["publisher"]),
        date=str(meta["date"]),
        language=str(meta["language"]),
        identifier=str(meta["identifier"]),
        rights=str(meta.get("rights") or ""),
        first_note=meta["first_note"],
        first_page=meta["first_page"],
        footer=str(meta.get("footer") or ""),
        sections=sections,
        sources=tuple(sources.values()),
        accessibility=accessibility_of(meta),
        editions=editions_of(meta),
        isbn=str(meta.get("isbn") or ""),
        doi=str(meta.get("doi") or ""),
        cover=cover,
        contents_depth=meta.get("contents_depth") or 3,
        duplex=meta.get("print") == "duplex",
        lists=tuple(meta.get("lists") or ()),
    )
