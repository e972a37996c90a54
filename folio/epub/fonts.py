"""The EPUB's fonts: Carlito cut to the characters the documents use, renamed as the OFL asks,
and the fallbacks for other scripts (Noto, no Reserved Font Name) cut the same way."""

from __future__ import annotations

import io
from pathlib import Path

import uharfbuzz as hb
from fontTools.ttLib import TTFont
from lxml import etree

from folio.fonts import FACES

# Carlito (SIL OFL 1.1, fsType 0: installable embedding) subset to the characters the book
# uses. A subset is a Modified Version under the OFL and "Carlito" is a Reserved Font Name, so
# the subsets are renamed; the copyright and licence name records stay, and the licence text
# travels in the EPUB beside them.
EPUB_FONTS = {style: f"FolioSans-{style}.ttf" for style in FACES}  # face -> file in the EPUB
FONT_FAMILY = "Folio Sans"
KEPT_NAMES = (0, 2, 5, 7, 8, 9, 11, 12, 13, 14)  # copyright, licence, designer, trademark...
ASCII = "".join(chr(c) for c in range(0x20, 0x7F))  # always present: page numbers, stray text


def used_characters(documents: list[bytes]) -> str:
    """Every character a reader can see in these XHTML documents (text and attributes)."""
    seen = set(ASCII)
    for data in documents:
        for element in etree.fromstring(data).iter():
            seen.update(element.text or "", element.tail or "")
            for value in element.attrib.values():
                seen.update(value)
    return "".join(sorted(seen))


def subset_font(path: Path, characters: str, *, style: str) -> bytes:
    """Carlito cut down to `characters` and renamed (see EPUB_FONTS), with fixed timestamps."""
    font = harfbuzz_subset(path, characters, names=KEPT_NAMES)
    full = f"{FONT_FAMILY} {style.replace('BoldItalic', 'Bold Italic')}"
    names = font["name"]
    for name_id, value in ((1, FONT_FAMILY), (3, f"folio:{full}"), (4, full), (6, f"FolioSans-{style}")):
        names.setName(value, name_id, 3, 1, 0x409)
    names.setName("Subset of Carlito by tyPoland Lukasz Dziedzic, SIL Open Font License 1.1", 10, 3, 1, 0x409)
    return saved(font)


def subset_fallback(path: Path, characters: str) -> bytes:
    """A fallback face cut down to `characters`, its names kept (Noto reserves none)."""
    return saved(harfbuzz_subset(path, characters, names=None))


def harfbuzz_subset(path: Path, characters: str, *, names: tuple[int, ...] | None) -> TTFont:
    """HarfBuzz's subsetter (far faster than fontTools'), keeping the name records `names` (all
    when None) and the glyphs that shaping `characters` needs."""
    wanted = hb.SubsetInput()
    wanted.unicode_set.update(ord(character) for character in characters)
    if names is not None:
        wanted.name_id_set.clear()
        wanted.name_id_set.update(names)
    else:
        wanted.name_id_set.invert()
    wanted.name_lang_id_set.clear()
    wanted.name_lang_id_set.invert()  # every language
    wanted.flags = hb.SubsetFlags.NO_HINTING  # reading systems render at screen sizes with their own
    cut = hb.subset(hb.Face(hb.Blob.from_file_path(str(path))), wanted)
    if cut is None:
        raise ValueError(f"{path}: HarfBuzz could not subset this font")
    return TTFont(io.BytesIO(cut.blob.data), recalcTimestamp=False)


def saved(font: TTFont) -> bytes:
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()
