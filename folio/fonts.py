"""The repository's fonts: the only faces the PDF and the EPUB use.

`styles/fonts/` holds Carlito (SIL OFL 1.1) in four faces. `fontconfig_file` writes a
fontconfig configuration that knows that folder and nothing else, so WeasyPrint (Pango, through
fontconfig) can never fall back to a system font: the same content lays out the same on every
machine, and the rebuild cache, which hashes styles/, sees every font that shapes the pages.
Since nothing falls back, a character the fonts lack would print as a blank box:
`missing_glyphs` finds each one in the content first, at its `path:line`.
"""

from __future__ import annotations

import functools
import hashlib
import os
import tempfile
import unicodedata
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from fontTools.ttLib import TTFont

from folio.errors import Diagnostic, SourceLocation
from folio.model import Publication, plain_text, text_blocks

FACES = ("Regular", "Bold", "Italic", "BoldItalic")
FAMILY = "Carlito"


@dataclass(frozen=True, slots=True)
class FontFolder:
    """A folder of the four faces of one family, `Family-Face.ttf`, and its licence (OFL.txt);
    beside them the faces of other families that print the scripts the family lacks (Noto Sans
    Arabic and Hebrew: fontconfig picks them character by character) and their licences."""

    path: Path
    family: str = FAMILY

    def face(self, style: str) -> Path:
        return self.path / f"{self.family}-{style}.ttf"

    @property
    def licence(self) -> Path:
        return self.path / "OFL.txt"

    @property
    def faces(self) -> tuple[Path, ...]:
        return tuple(self.face(style) for style in FACES)

    @property
    def fallbacks(self) -> tuple[Path, ...]:
        return tuple(sorted(p for p in self.path.glob("*.ttf") if not p.name.startswith(f"{self.family}-")))

    @property
    def licences(self) -> tuple[Path, ...]:
        return (self.licence, *sorted(p for p in self.path.glob("*.txt") if p != self.licence))


def font_coverage(folder: FontFolder) -> frozenset[int]:
    """The code points the fonts can print: those every face of the family has, and those a
    fallback has."""
    family = frozenset.intersection(*(face_coverage(face, face.stat().st_mtime_ns) for face in folder.faces))
    return family.union(*(face_coverage(face, face.stat().st_mtime_ns) for face in folder.fallbacks))


@functools.cache
def face_coverage(face: Path, _mtime: int) -> frozenset[int]:
    font = TTFont(face, lazy=True)
    try:
        if "maxp" in font:
            # Only the code points are wanted: plain glyph names spare fontTools making a name
            # for each glyph from its characters (two thirds of the time, for a face whose post
            # table has none). The code points kept are those mapped to any glyph but the first.
            font.setGlyphOrder([f"glyph{index:05d}" for index in range(font["maxp"].numGlyphs)])
        return frozenset(font.getBestCmap())
    finally:
        font.close()


def needs_glyph(character: str) -> bool:
    """Spaces and controls print no glyph: a font need not have them."""
    return not (character.isspace() or unicodedata.category(character) in {"Cc", "Cf"})


def missing_glyphs(
    texts: Iterable[tuple[str, SourceLocation | None]], coverage: frozenset[int], *, fonts: str
) -> Iterator[Diagnostic]:
    """One error for each character the fonts cannot print, at the first place it is written."""
    looked_at: set[str] = set()
    for text, location in texts:
        fresh = set(text).difference(looked_at)  # most texts have no character the others had not
        if not fresh:
            continue
        looked_at.update(fresh)
        for character in dict.fromkeys(text):  # each character once, in the order written
            if character not in fresh:
                continue
            if ord(character) in coverage or not needs_glyph(character):
                continue
            name = unicodedata.name(character, "unnamed")
            yield Diagnostic(
                f"{character!r} (U+{ord(character):04X} {name}) is not in the fonts ({fonts}): it would "
                "print as a blank box; write it another way, or add a font that has it",
                location,
            )


def printed_texts(publication: Publication) -> Iterator[tuple[str, SourceLocation]]:
    """The texts of the sections and their notes that print, each with where it is written."""
    for section in publication.sections:
        for block in text_blocks(section.blocks):
            yield plain_text(block.inlines), block.source
        for note in section.notes:
            for paragraph in note.blocks:
                yield plain_text(paragraph.inlines), paragraph.source


def fontconfig_file(folder: FontFolder) -> Path:
    """A fontconfig configuration that knows only `folder`, written once per folder and user."""
    cache = Path(tempfile.gettempdir()) / f"folio-fontconfig-{os.getuid()}"
    key = hashlib.sha256(str(folder.path.resolve()).encode()).hexdigest()[:16]
    config = cache / f"fonts-{key}.conf"
    if not config.exists():
        cache.mkdir(mode=0o700, exist_ok=True)
        text = (
            '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n<fontconfig>\n'
            f"  <dir>{escape(str(folder.path.resolve()))}</dir>\n"
            f"  <cachedir>{escape(str(cache / 'cache'))}</cachedir>\n"
            "</fontconfig>\n"
        )
        scratch = config.with_suffix(f".{os.getpid()}.tmp")
        scratch.write_text(text, encoding="utf-8")
        scratch.replace(config)
    return config


@contextmanager
def only_these_fonts(folder: FontFolder) -> Iterator[None]:
    """While inside, fontconfig (and so WeasyPrint) sees the fonts of `folder` and no other."""
    before = os.environ.get("FONTCONFIG_FILE")
    os.environ["FONTCONFIG_FILE"] = str(fontconfig_file(folder))
    try:
        yield
    finally:
        if before is None:
            del os.environ["FONTCONFIG_FILE"]
        else:
            os.environ["FONTCONFIG_FILE"] = before
