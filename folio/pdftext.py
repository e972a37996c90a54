"""A PDF page -> the strings it draws, where, how large: `TextRun`s read from its content stream.

The verifier needs where each string is drawn and its Unicode text, not reflowed lines.
pypdf's `extract_text` (and its `ContentStream` parser) rebuild every operator in pure Python
and cost about half of the render time on a 300-page report; one regular-expression pass over
each page's stream, following only the text and matrix operators, costs a few per cent. Fonts
(ToUnicode map, glyph widths) are read once per font object. Coordinates are the page's user
space: origin at the bottom left, y up, in points.
"""

from __future__ import annotations

import operator
import re
import struct
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pypdf
from pypdf.generic import DictionaryObject, IndirectObject

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)

NUMBER = rb"[+-]?(?:\d+\.?\d*|\.\d+)"
LITERAL = rb"\((?:[^()\\]|\\.|\((?:[^()\\]|\\.)*\))*\)"
# Only the operators that place or show text are matched, each with its operands; strings,
# dictionaries and inline images are matched whole so that nothing inside them reads as an operator.
OPERATOR = re.compile(
    rb"(?P<TJ>\[(?P<array>(?:[^\]()]+|" + LITERAL + rb")*)\]\s*TJ)"
    rb"|(?P<Tj>(?P<string><[0-9A-Fa-f\s]*>|" + LITERAL + rb")\s*(?:Tj|'))"
    rb"|(?P<matrix>(?:" + NUMBER + rb"\s+){6}(?P<mop>cm|Tm)(?![A-Za-z]))"
    rb"|(?P<Tf>/(?P<font>[^\s/\[\]()<>{}%]+)\s+(?P<size>" + NUMBER + rb")\s+Tf)"
    rb"|(?P<Td>(?P<tx>" + NUMBER + rb")\s+(?P<ty>" + NUMBER + rb")\s+T[dD](?![A-Za-z]))"
    rb"|(?P<one>(?P<value>" + NUMBER + rb")\s+(?P<oop>TL|Tc|Tw|Tz)(?![A-Za-z]))"
    rb"|(?P<bare>(?<![A-Za-z*])(?:q|Q|BT|T\*)(?![A-Za-z*]))"
    rb"|(?P<skip>" + LITERAL + rb"|<<|>>|<[0-9A-Fa-f\s]*>|%[^\r\n]*|BI\s.*?\sEI(?![A-Za-z]))",
    re.DOTALL,
)
BETWEEN_STRINGS = re.compile(rb">[^<]*<")
ADJUSTMENTS = re.compile(rb"(?:^|>)\s*(" + NUMBER + rb")")
PART = re.compile(rb"<([0-9A-Fa-f\s]*)>|(" + LITERAL + rb")|(" + NUMBER + rb")")
BFCHAR = re.compile(rb"beginbfchar(.*?)endbfchar", re.DOTALL)
BFRANGE = re.compile(rb"beginbfrange(.*?)endbfrange", re.DOTALL)
HEX = re.compile(rb"<([0-9A-Fa-f\s]*)>")
ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}


@dataclass(frozen=True, slots=True)
class TextRun:
    x: float  # where the baseline starts
    y: float
    size: float  # the font size as drawn (text size times the scale of the matrices)
    width: float
    text: str

    @property
    def right(self) -> float:
        return self.x + self.width


@dataclass(frozen=True, slots=True)
class PageText:
    width: float
    height: float
    runs: tuple[TextRun, ...]


@dataclass(frozen=True, slots=True)
class Font:
    unicode: dict[int, str]
    widths: dict[int, float]
    default_width: float
    code_bytes: int  # 2 for composite (Type0) fonts, 1 for simple fonts
    cache: dict[bytes, tuple[str, float, int, int]] = field(default_factory=dict, compare=False)
    table: tuple[list[str], list[float]] | None = field(default=None, compare=False)

    def measure_codes(self, codes: tuple[int, ...]) -> tuple[str, float]:
        """Text and width of two-byte codes, looked up in tables (C speed, not a Python loop)."""
        if self.table is None:
            object.__setattr__(self, "table", self.tables())
        assert self.table is not None
        texts, widths = self.table
        if not codes:
            return "", 0.0
        if len(codes) == 1:
            return texts[codes[0]], widths[codes[0]]
        pick = operator.itemgetter(*codes)
        return "".join(pick(texts)), sum(pick(widths))

    def tables(self) -> tuple[list[str], list[float]]:
        texts = ["\ufffd"] * 65536
        widths = [self.default_width] * 65536
        for code, text in self.unicode.items():
            if code < 65536:
                texts[code] = text
        for code, width in self.widths.items():
            if code < 65536:
                widths[code] = width
        return texts, widths

    def measure(self, hexadecimal: bytes, literal: bytes) -> tuple[str, float, int, int]:
        """Text, width (thousandths of the size), glyph count and single-byte spaces of a string."""
        key = literal or hexadecimal
        found = self.cache.get(key)
        if found is None:
            data = unescape(literal) if literal else unhex(hexadecimal)
            step = self.code_bytes
            codes = (
                [int.from_bytes(data[i : i + 2], "big") for i in range(0, len(data) - 1, 2)]
                if step == 2
                else list(data)
            )
            text = "".join(self.unicode.get(code, chr(code) if step == 1 else "\ufffd") for code in codes)
            width = sum(self.widths.get(code, self.default_width) for code in codes)
            found = (text, width, len(codes), codes.count(32) if step == 1 else 0)
            self.cache[key] = found
        return found


def multiply(m: Matrix, n: Matrix) -> Matrix:
    a, b, c, d, e, f = m
    p, q, r, s, t, u = n
    return (a * p + b * r, a * q + b * s, c * p + d * r, c * q + d * s, e * p + f * r + t, e * q + f * s + u)


def read_font(font: DictionaryObject) -> Font:
    unicode = read_to_unicode(font.get("/ToUnicode"))
    if font.get("/Subtype") == "/Type0":
        descendant = font["/DescendantFonts"][0].get_object()  # type: ignore[index]
        default = float(descendant.get("/DW", 1000))
        return Font(unicode, cid_widths(descendant.get("/W")), default, 2)
    first = int(font.get("/FirstChar", 0))
    widths = {first + i: float(w) for i, w in enumerate(font.get("/Widths") or ())}
    return Font(unicode, widths, 0.0, 1)


def cid_widths(array: Any) -> dict[int, float]:
    """/W of a CID font: `c [w1 w2 ...]` or `c_first c_last w` entries."""
    widths: dict[int, float] = {}
    items = list(array.get_object() if hasattr(array, "get_object") else array or [])
    i = 0
    while i + 1 < len(items):
        first = int(items[i])
        following = items[i + 1].get_object() if isinstance(items[i + 1], IndirectObject) else items[i + 1]
        if isinstance(following, list):  # ArrayObject is a list
            widths.update({first + k: float(w) for k, w in enumerate(following)})
            i += 2
        else:
            widths.update(dict.fromkeys(range(first, int(following) + 1), float(items[i + 2])))
            i += 3
    return widths


def read_to_unicode(stream: Any) -> dict[int, str]:
    if stream is None:
        return {}
    data = stream.get_object().get_data()
    mapping: dict[int, str] = {}
    for block in BFCHAR.findall(data):
        values = [unhex(h) for h in HEX.findall(block)]
        for source, target in zip(values[0::2], values[1::2], strict=False):
            mapping[int.from_bytes(source, "big")] = target.decode("utf-16-be", "replace")
    for block in BFRANGE.findall(data):
        for line in block.splitlines():
            values = [unhex(h) for h in HEX.findall(line)]
            if len(values) < 3:
                continue
            low, high = int.from_bytes(values[0], "big"), int.from_bytes(values[1], "big")
            if b"[" in line:
                targets = values[2:]
                for k, code in enumerate(range(low, high + 1)):
                    if k < len(targets):
                        mapping[code] = targets[k].decode("utf-16-be", "replace")
            else:
                start = int.from_bytes(values[2], "big")
                for k, code in enumerate(range(low, high + 1)):
                    mapping[code] = chr(start + k) if start + k < 0x110000 else "\ufffd"
    return mapping


def unhex(text: bytes) -> bytes:
    try:
        return bytes.fromhex(text.decode("ascii"))  # fromhex skips whitespace itself
    except ValueError:  # an odd count of digits: the last one is followed by an implied 0
        digits = b"".join(text.split())
        return bytes.fromhex((digits + b"0").decode("ascii"))


def unescape(literal: bytes) -> bytes:
    body = literal[1:-1]
    if b"\\" not in body:
        return body
    out = bytearray()
    i = 0
    while i < len(body):
        ch = body[i : i + 1]
        if ch != b"\\":
            out += ch
            i += 1
            continue
        following = body[i + 1 : i + 2]
        octal = re.match(rb"[0-7]{1,3}", body[i + 1 : i + 4])
        if octal:
            out.append(int(octal.group(0), 8) & 0xFF)
            i += 1 + len(octal.group(0))
        else:
            out += ESCAPES.get(following, following if following not in (b"\n", b"\r") else b"")
            i += 2
    return bytes(out)


class TextState:
    """The graphics and text state the text operators need; nothing else is followed."""

    def __init__(self, fonts: dict[str, Font]) -> None:
        self.fonts = fonts
        self.ctm: Matrix = IDENTITY
        self.stack: list[Matrix] = []
        self.tm: Matrix = IDENTITY
        self.tlm: Matrix = IDENTITY
        self.font: Font | None = None
        self.size = 0.0
        self.leading = 0.0
        self.char_spacing = 0.0
        self.word_spacing = 0.0
        self.scale = 1.0
        self.runs: list[TextRun] = []

    def move(self, tx: float, ty: float) -> None:
        self.tlm = multiply((1.0, 0.0, 0.0, 1.0, tx, ty), self.tlm)
        self.tm = self.tlm

    def show(self, parts: list[tuple[bytes, bytes, bytes]]) -> None:
        """A Tj or TJ: (hexadecimal, literal, number) parts; numbers adjust in thousandths of the size."""
        font = self.font
        if font is None:
            return
        texts: list[str] = []
        width = adjust = 0.0
        glyphs = spaces = 0
        for hexadecimal, literal, number in parts:
            if number:
                adjust += float(number)
                continue
            text, part_width, part_glyphs, part_spaces = font.measure(hexadecimal, literal)
            texts.append(text)
            width += part_width
            glyphs += part_glyphs
            spaces += part_spaces
        advance = (
            (width - adjust) / 1000 * self.size + glyphs * self.char_spacing + spaces * self.word_spacing
        ) * self.scale
        self.place("".join(texts), advance)

    def place(self, text: str, advance: float) -> None:
        matrix = multiply(self.tm, self.ctm)
        x_scale = (matrix[0] ** 2 + matrix[1] ** 2) ** 0.5
        y_scale = (matrix[2] ** 2 + matrix[3] ** 2) ** 0.5
        self.runs.append(TextRun(matrix[4], matrix[5], self.size * y_scale, advance * x_scale, text))
        self.tm = multiply((1.0, 0.0, 0.0, 1.0, advance, 0.0), self.tm)

    def show_composite(self, array: bytes) -> None:
        """The usual TJ of a composite font, all hexadecimal: decoded in bulk, not glyph by glyph."""
        font = self.font
        assert font is not None
        glyphs = BETWEEN_STRINGS.sub(b"", array)  # "<0001>0<0002>-50<0003>" -> "<000100020003>"
        data = unhex(glyphs[glyphs.find(b"<") + 1 : glyphs.rfind(b">")])
        codes = struct.unpack(f">{len(data) // 2}H", data[: len(data) // 2 * 2])
        # Adjustments follow a string (or open the array); most are 0, which need no float().
        adjust = sum(map(float, filter(b"0".__ne__, ADJUSTMENTS.findall(array))))
        text, width = font.measure_codes(codes)
        advance = ((width - adjust) / 1000 * self.size + len(codes) * self.char_spacing) * self.scale
        self.place("".join(text), advance)

    def apply(self, match: re.Match[bytes]) -> None:  # noqa: PLR0912 - one branch per operator
        kind = match.lastgroup
        if kind == "TJ":
            array = match.group("array")
            if b"(" in array or self.font is None or self.font.code_bytes != 2:
                self.show(PART.findall(array))
            else:
                self.show_composite(array)
        elif kind == "Tj":
            string = match.group("string")
            if match.group(0).endswith(b"'"):
                self.move(0.0, -self.leading)
            literal = string.startswith(b"(")
            self.show([(b"" if literal else string[1:-1], string if literal else b"", b"")])
        elif kind == "matrix":
            values = tuple(float(v) for v in match.group("matrix").split()[:6])
            if match.group("mop") == b"cm":
                self.ctm = multiply(values, self.ctm)  # type: ignore[arg-type]
            else:
                self.tm = self.tlm = values  # type: ignore[assignment]
        elif kind == "Tf":
            self.font = self.fonts.get("/" + match.group("font").decode("latin-1"))
            self.size = float(match.group("size"))
        elif kind == "Td":
            tx, ty = float(match.group("tx")), float(match.group("ty"))
            if match.group(0).endswith(b"TD"):
                self.leading = -ty
            self.move(tx, ty)
        elif kind == "one":
            self.set_parameter(match.group("oop"), float(match.group("value")))
        elif kind == "bare":
            self.apply_bare(match.group(0))

    def set_parameter(self, op: bytes, value: float) -> None:
        if op == b"TL":
            self.leading = value
        elif op == b"Tc":
            self.char_spacing = value
        elif op == b"Tw":
            self.word_spacing = value
        else:
            self.scale = value / 100

    def apply_bare(self, op: bytes) -> None:
        if op == b"q":
            self.stack.append(self.ctm)
        elif op == b"Q":
            self.ctm = self.stack.pop() if self.stack else IDENTITY
        elif op == b"BT":
            self.tm = self.tlm = IDENTITY
        else:  # T*
            self.move(0.0, -self.leading)


def interpret(data: bytes, state: TextState) -> None:
    """Run the text-placing operators of a content stream through `state`."""
    for match in OPERATOR.finditer(data):
        if match.lastgroup != "skip":
            state.apply(match)


class FontCache:
    """Fonts read once per PDF object, however many pages use them."""

    def __init__(self) -> None:
        self.fonts: dict[int, Font] = {}

    def page_fonts(self, page: pypdf.PageObject) -> dict[str, Font]:
        resources = page.get("/Resources")
        fonts = resources.get_object().get("/Font") if resources is not None else None
        found: dict[str, Font] = {}
        for name, ref in (fonts.get_object() if fonts is not None else {}).items():
            key = ref.idnum if isinstance(ref, IndirectObject) else id(ref)
            if key not in self.fonts:
                self.fonts[key] = read_font(ref.get_object())
            found[str(name)] = self.fonts[key]
        return found


def read_page_texts(reader: pypdf.PdfReader) -> Iterator[PageText]:
    cache = FontCache()
    for page in reader.pages:
        state = TextState(cache.page_fonts(page))
        contents = page.get_contents()
        if contents is not None:
            interpret(contents.get_data(), state)
        box = page.mediabox
        yield PageText(float(box.width), float(box.height), tuple(state.runs))
