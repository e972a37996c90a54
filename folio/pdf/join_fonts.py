"""The parallel route's fonts: every part's subset of a font -> one font program, shared.

Takes the joined PDF (the parts' pages appended, each part's fonts copied with them); gives it
with each font the parts share embedded once: one font program holding the glyphs every part
draws and one `/ToUnicode`, which every part's font dictionaries point at (qpdf then leaves the
parts' own programs out of the file, nothing referring to them).

Why this is exact: WeasyPrint 70 (`weasyprint/pdf/fonts.py`) subsets a font keeping its glyph
ids (HarfBuzz's `HB_SUBSET_FLAGS_RETAIN_GIDS`) and writes a Type0 font whose `/Encoding` is
`/Identity-H` and whose CIDFont's `/CIDToGIDMap` is `/Identity`: a page's text codes are the
font file's own glyph ids, in every part alike, and a part's subset holds, at those ids, the
glyphs its pages draw, its `/ToUnicode` their text (a second pass keeps every id up to the
highest drawn and drops the rest, so the components of a composite that lie above it get new
ids, another in each part: a glyph is compared by what it draws, its components followed); the
`/BaseFont` tag is a hash of the font's description, the same in every process. So the shared
program is the subset with the most ids, with each glyph another part draws and it lacks (its
outline's bytes, never recompiled, its metrics, and its components at that part's ids), and the
shared `/ToUnicode` is the union of the parts': every page draws and
extracts as before. Each part keeps its own font dictionaries and so its `/W`: WeasyPrint takes
a glyph's width at the size it first meets it (rounded to a thousandth of that size) and
corrects each placement in the text for it, so two parts may give a glyph widths 229 and 230,
and each part's text is placed by its own. A font is shared only when its copies agree (the
same dictionaries but for the program, the widths and the bounds; where two parts both draw a
glyph, the same drawing and text); otherwise, and for what this does not read (a CFF font, another
encoding, a `/ToUnicode` with ranges), each part keeps its own: a bigger file, never another page.
The tables that serve shaping or font selection (GDEF, OS/2, name, gasp, post) are the first
copy's, the character map the union of all: the PDF draws glyphs already shaped.
"""

from __future__ import annotations

import io
import itertools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pikepdf
from fontTools.ttLib import TTFont

BFCHAR = re.compile(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]*)>")
BFCHAR_BLOCK = re.compile(rb"\d+ beginbfchar\n(.*?)endbfchar\n?", re.DOTALL)
# What may differ between two copies of one font: what the union changes, the widths and bounds.
UNION_KEYS = {
    "type0": {"/ToUnicode", "/DescendantFonts"},
    "cid": {"/W", "/FontDescriptor"},
    "descriptor": {"/FontBBox", "/Flags", "/CIDSet", "/FontFile2"},
}
# The font-wide bounds a union widens (not recomputed: the glyphs are kept as the bytes they are).
BOUNDS: tuple[tuple[str, tuple[str, ...], Callable[[list[int]], int]], ...] = (
    ("head", ("xMin", "yMin"), min),
    ("head", ("xMax", "yMax"), max),
    ("hhea", ("minLeftSideBearing", "minRightSideBearing"), min),
    ("hhea", ("advanceWidthMax", "xMaxExtent"), max),
    (
        "maxp",
        (
            "maxPoints",
            "maxContours",
            "maxCompositePoints",
            "maxCompositeContours",
            "maxComponentElements",
            "maxComponentDepth",
            "maxSizeOfInstructions",
        ),
        max,
    ),
)


class NotShared(Exception):
    """Why the parts' copies of a font stay apart."""


@dataclass(frozen=True, slots=True)
class Copy:
    """One part's embedding of a font: what the union reads of it."""

    font: pikepdf.Dictionary  # the Type0 font
    drawn: set[int]  # the glyph ids its pages draw (those its /W gives widths for)
    text: dict[int, bytes]  # glyph id -> UTF-16BE hex, in the /ToUnicode's order
    program: TTFont


def share_fonts(pdf: pikepdf.Pdf) -> None:
    """Embed once each font that several parts of `pdf` embed (see the module's docstring)."""
    for copies in copies_by_name(font_uses(pdf)).values():
        if len(copies) < 2:
            continue
        try:
            share(pdf, [read_copy(font) for font in copies])
        except NotShared:
            continue


def font_uses(pdf: pikepdf.Pdf) -> list[pikepdf.Dictionary]:
    """Every `/Font` resource dictionary the pages reach: theirs, and those of the forms and
    patterns they draw and of their annotations' appearances."""
    found: list[pikepdf.Dictionary] = []
    seen: set[tuple[int, int]] = set()
    stack: list[Any] = []
    for page in pdf.pages:
        stack.append(page.obj.get("/Resources"))
        stack += [annotation.get("/AP") for annotation in page.obj.get("/Annots", ())]
    while stack:
        item = stack.pop()
        if not isinstance(item, pikepdf.Dictionary | pikepdf.Stream):
            continue
        if item.is_indirect:
            if item.objgen in seen:
                continue
            seen.add(item.objgen)
        fonts = item.get("/Font")
        if isinstance(fonts, pikepdf.Dictionary) and "/Type" not in fonts:  # a resource dictionary's
            found.append(fonts)
        stack += [item.get(key) for key in ("/Resources", "/N", "/D", "/R")]  # a form's, an appearance's
        for key in ("/XObject", "/Pattern", "/N", "/D", "/R"):
            named = item.get(key)
            if isinstance(named, pikepdf.Dictionary):  # a resource category, appearance states
                stack += list(named.values())
    return found


def copies_by_name(uses: list[pikepdf.Dictionary]) -> dict[str, list[pikepdf.Dictionary]]:
    """The distinct font objects of each `/BaseFont`, in the order the pages use them."""
    by_name: dict[str, dict[tuple[int, int], pikepdf.Dictionary]] = {}
    for fonts in uses:
        for font in fonts.values():
            if isinstance(font, pikepdf.Dictionary) and font.is_indirect and "/BaseFont" in font:
                by_name.setdefault(str(font.BaseFont), {}).setdefault(font.objgen, font)
    return {name: list(copies.values()) for name, copies in by_name.items()}


def read_copy(font: pikepdf.Dictionary) -> Copy:
    """A part's Type0 font, as the union reads it; NotShared for what it does not read."""
    if font.get("/Subtype") != "/Type0" or font.get("/Encoding") != "/Identity-H":
        raise NotShared("not a Type0 font with the identity encoding")
    cid = font.DescendantFonts[0]
    descriptor = cid.get("/FontDescriptor")
    if cid.get("/Subtype") != "/CIDFontType2" or cid.get("/CIDToGIDMap") != "/Identity":
        raise NotShared("not a TrueType CIDFont whose CIDs are glyph ids")
    if descriptor is None or "/FontFile2" not in descriptor or "/ToUnicode" not in font:
        raise NotShared("no embedded TrueType program or no /ToUnicode")
    # Glyphs kept as their bytes, not recompiled (a recompiled outline can hint differently).
    # Neither bounds nor the head table's date made again: the same parts give the same bytes.
    program = TTFont(io.BytesIO(descriptor.FontFile2.read_bytes()), recalcBBoxes=False, recalcTimestamp=False)
    if "glyf" not in program or "CFF " in program:
        raise NotShared("not a glyf font program")
    return Copy(font, drawn_glyphs(cid.get("/W", ())), read_to_unicode(font.ToUnicode), program)


def drawn_glyphs(widths: Any) -> set[int]:
    """The glyph ids a `/W` array gives widths for (runs `c [w1 w2 ...]` and `c_first c_last w`):
    every glyph the part draws."""
    items = list(widths)
    glyphs: set[int] = set()
    index = 0
    while index < len(items):
        first = int(items[index])
        if isinstance(items[index + 1], pikepdf.Array):
            glyphs.update(range(first, first + len(items[index + 1])))
            index += 2
        else:
            glyphs.update(range(first, int(items[index + 1]) + 1))
            index += 3
    return glyphs


def read_to_unicode(stream: Any) -> dict[int, bytes]:
    data = stream.read_bytes()
    if b"bfrange" in data:
        raise NotShared("a /ToUnicode with ranges")
    return {
        int(glyph, 16): text.lower()
        for block in BFCHAR_BLOCK.findall(data)
        for glyph, text in BFCHAR.findall(block)
    }


def share(pdf: pikepdf.Pdf, copies: list[Copy]) -> None:
    """One program and one `/ToUnicode` for all the copies; NotShared if two copies disagree."""
    first = copies[0]
    for other in copies[1:]:
        check_same_font(first.font, other.font)
    text = merged_map([copy.text for copy in copies], what="text")
    program = merged_program([copy.program for copy in copies], used=[copy.drawn for copy in copies])
    font_file = pdf.make_stream(program, Length1=len(program))
    to_unicode = pdf.make_stream(to_unicode_stream(first.font.ToUnicode.read_bytes(), text))
    drawn = cid_set(set().union(*(copy.drawn for copy in copies)))
    for copy in copies:
        copy.font.ToUnicode = to_unicode
        descriptor = copy.font.DescendantFonts[0].FontDescriptor
        descriptor.FontFile2 = font_file
        if "/CIDSet" in descriptor:  # the glyphs the program holds (PDF 1.4)
            descriptor.CIDSet = pdf.make_stream(drawn)


def check_same_font(font: pikepdf.Dictionary, other: pikepdf.Dictionary) -> None:
    pairs = [
        ("type0", font, other),
        ("cid", font.DescendantFonts[0], other.DescendantFonts[0]),
        ("descriptor", font.DescendantFonts[0].FontDescriptor, other.DescendantFonts[0].FontDescriptor),
    ]
    for kind, mine, theirs in pairs:
        if signature(mine, UNION_KEYS[kind]) != signature(theirs, UNION_KEYS[kind]):
            raise NotShared(f"the copies' {kind} dictionaries differ")


def signature(dictionary: Any, ignored: set[str]) -> bytes:
    """The dictionary but `ignored`, written out (qpdf sorts the keys)."""
    return pikepdf.Dictionary(
        {key: value for key, value in dictionary.items() if key not in ignored}
    ).unparse()


def merged_map(maps: list[dict[int, Any]], *, what: str) -> dict[int, Any]:
    """All the copies' entries, the first copy's first (as one render meets the glyphs)."""
    merged: dict[int, Any] = {}
    for entries in maps:
        for glyph, value in entries.items():
            if merged.setdefault(glyph, value) != value:
                raise NotShared(f"two copies give glyph {glyph} another {what}")
    return merged


def glyph_bytes(program: TTFont) -> Iterator[tuple[int, bytes]]:
    """Each glyph id of the program with its outline's bytes, as the `loca` table cuts them."""
    data = bytes(program.reader["glyf"])
    offsets = program["loca"].locations[: program["maxp"].numGlyphs + 1]
    if len(offsets) != program["maxp"].numGlyphs + 1:
        raise NotShared("a loca table shorter than the glyph count")
    return enumerate(data[start:end] for start, end in itertools.pairwise(offsets))


def merged_program(programs: list[TTFont], *, used: list[set[int]]) -> bytes:
    """The program with the most glyph ids (the first of them, in the parts' order), with every
    glyph another program draws and it lacks (outline and metrics, and a composite's components);
    NotShared where a glyph both hold would draw otherwise."""
    order = sorted(range(len(programs)), key=lambda i: -programs[i]["maxp"].numGlyphs)
    programs, used = [programs[i] for i in order], [used[i] for i in order]
    base = programs[0]
    outlines = dict(glyph_bytes(base))
    drawn = set(used[0])
    for program, glyphs in zip(programs[1:], used[1:], strict=True):
        theirs = dict(glyph_bytes(program))
        for glyph in sorted(glyphs):
            if glyph not in theirs:
                raise NotShared(f"a copy draws glyph {glyph}, which its program does not hold")
            if not theirs[glyph]:  # drawn, with no outline: a space
                if outlines.get(glyph):
                    raise NotShared(f"two copies draw glyph {glyph} differently")
                if glyph not in drawn:
                    base["hmtx"].metrics[base.getGlyphName(glyph)] = program["hmtx"].metrics[
                        program.getGlyphName(glyph)
                    ]
                continue
            take_drawing(base, outlines, program, theirs, glyph=glyph)
        drawn |= glyphs
        merge_cmap(base, program)
    widen_bounds(base, programs)
    output = io.BytesIO()
    base.save(output)
    return output.getvalue()


def take_drawing(
    base: TTFont,
    outlines: dict[int, bytes],
    program: TTFont,
    theirs: dict[int, bytes],
    *,
    glyph: int,
    depth: int = 0,
) -> None:
    """Glyph `glyph` as `program` draws it, in `base`: kept when base's draws the same, taken
    (with its components, by their ids in `program`) where base holds nothing at its id."""
    if depth > COMPONENT_DEPTH:
        raise NotShared(f"glyph {glyph}'s components nest too deep")
    if outlines.get(glyph):
        if not same_drawing(outlines, glyph, theirs, glyph):
            raise NotShared(f"two copies draw glyph {glyph} differently")
        return
    if glyph >= len(outlines):
        raise NotShared(f"glyph {glyph} is past the first program's glyph ids")
    for component in components(theirs[glyph]):
        take_drawing(base, outlines, program, theirs, glyph=component, depth=depth + 1)
    outlines[glyph] = theirs[glyph]
    take_glyph(base, program, glyph)


COMPONENT_DEPTH = 8  # TrueType allows nesting; fonts nest two or three deep


def same_drawing(
    mine: dict[int, bytes], glyph: int, theirs: dict[int, bytes], other: int, depth: int = 0
) -> bool:
    """Whether glyph `glyph` of one program draws as glyph `other` of another. WeasyPrint's
    subset keeps the ids of the glyphs a part draws and every id below them, but gives the
    components of a composite that lie above them new ids of its own: two parts' bytes of one
    composite may differ in its components' ids alone, and equal bytes name different glyphs."""
    if depth > COMPONENT_DEPTH:
        raise NotShared(f"glyph {glyph}'s components nest too deep")
    a, b = mine.get(glyph, b""), theirs.get(other, b"")
    ours, others = components(a), components(b)
    if masked(a) != masked(b) or len(ours) != len(others):
        return False
    return all(same_drawing(mine, x, theirs, y, depth=depth + 1) for x, y in zip(ours, others, strict=True))


def composite_ids(outline: bytes) -> list[int]:
    """The byte offsets of the component glyph ids of a composite outline (none for a simple one)."""
    if len(outline) < 10 or int.from_bytes(outline[:2], "big", signed=True) >= 0:
        return []
    offsets, at = [], 10
    while at + 4 <= len(outline):
        flags = int.from_bytes(outline[at : at + 2], "big")
        offsets.append(at + 2)
        at += 4 + (4 if flags & 0x0001 else 2)  # ARG_1_AND_2_ARE_WORDS
        at += 2 if flags & 0x0008 else 4 if flags & 0x0040 else 8 if flags & 0x0080 else 0  # the scale
        if not flags & 0x0020:  # MORE_COMPONENTS
            return offsets
    raise NotShared("a composite glyph cut short")


def components(outline: bytes) -> list[int]:
    return [int.from_bytes(outline[at : at + 2], "big") for at in composite_ids(outline)]


def masked(outline: bytes) -> bytes:
    """The outline with its components' ids zeroed."""
    data = bytearray(outline)
    for at in composite_ids(outline):
        data[at : at + 2] = b"\0\0"
    return bytes(data)


def take_glyph(base: TTFont, program: TTFont, glyph: int) -> None:
    """Glyph `glyph` of `program` into `base`: its outline, as the bytes `program` holds (a
    composite's refer to its components by their ids in `program`: `take_drawing` takes them
    too), and its metrics."""
    name, theirs = base.getGlyphName(glyph), program.getGlyphName(glyph)
    base["glyf"].glyphs[name] = program["glyf"].glyphs[theirs]
    base["hmtx"].metrics[name] = program["hmtx"].metrics[theirs]


def widen_bounds(base: TTFont, programs: list[TTFont]) -> None:
    """The font-wide bounds of all the programs' glyphs: each program's bound its own."""
    for table, fields, pick in BOUNDS:
        for field in fields:
            values = [
                getattr(program[table], field) for program in programs if hasattr(program[table], field)
            ]
            if values:
                setattr(base[table], field, pick(values))


def merge_cmap(base: TTFont, program: TTFont) -> None:
    """The character map of both (by glyph id; each program names its glyphs its own way)."""
    theirs = {(table.platformID, table.platEncID): table for table in program["cmap"].tables}
    for table in base["cmap"].tables:
        other = theirs.get((table.platformID, table.platEncID))
        if other is None or not isinstance(getattr(other, "cmap", None), dict):
            continue
        mine = table.cmap
        for code, name in other.cmap.items():
            if code not in mine:
                mine[code] = base.getGlyphName(program.getGlyphID(name))


def cid_set(glyphs: set[int]) -> bytes:
    """A bit for each glyph id, set for the ids drawn (as WeasyPrint writes it for PDF 1.4)."""
    bits = bytearray((max(glyphs) + 8) // 8)
    for glyph in glyphs:
        bits[glyph // 8] |= 0x80 >> (glyph % 8)
    return bytes(bits)


def to_unicode_stream(original: bytes, text: dict[int, bytes]) -> bytes:
    """The copy's `/ToUnicode` CMap with `text` as its `bfchar` entries, in blocks of 100 (the
    most one block may hold), framed as the copy was."""
    start = BFCHAR_BLOCK.search(original)
    head = original[: start.start()] if start else original
    tail = original[max((m.end() for m in BFCHAR_BLOCK.finditer(original)), default=len(original)) :]
    items = list(text.items())
    lines = []
    for index in range(0, len(items), 100):
        batch = items[index : index + 100]
        lines.append(f"{len(batch)} beginbfchar".encode())
        lines += [b"<%04x> <%s>" % (glyph, hex_text) for glyph, hex_text in batch]
        lines.append(b"endbfchar")
    return head + b"\n".join(lines) + b"\n" + tail
