"""Raw extracted text -> clean lines on pages; the text repairs an extraction needs.

First stage of `folio.importer`. `clean_lines` takes the text copied out of a PDF and gives
its lines (each with its line number in the raw file and the page it is on), without markup
debris, control characters and page furniture (running footers and headers, page numbers),
plus what the furniture says about the publication. `repair_text` mends words broken by the
extraction: hyphenated line breaks ("non- existent") and split words ("H meimim"), using the
rest of the document as evidence.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Finding:
    """A repair made or a doubt raised, at a line of the raw file when one is known."""

    line: int | None
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}" if self.line is not None else self.message


@dataclass(frozen=True, slots=True)
class Line:
    number: int  # in the raw file, from 1
    text: str  # "" for a blank line
    page: int  # counts the page breaks before it, from 0


@dataclass(frozen=True, slots=True)
class Furniture:
    """What the running footers, headers and page numbers say about the publication."""

    footer: str = ""  # "© European Union Agency for Asylum 2025 | Email: info@euaa.europa.eu"
    header: str = ""  # the most frequent running header: the report's title, usually
    first_page: int | None = None  # the folio printed on the first page


@dataclass(frozen=True, slots=True)
class Cleaned:
    lines: tuple[Line, ...]
    furniture: Furniture
    repairs: tuple[Finding, ...]
    removed: frozenset[int]  # the raw lines (from 1) removed as furniture


MARKUP = re.compile(r"</?(?:u|b|i|em|strong|sup|sub|span|br)\s*/?>", re.IGNORECASE)
# Invisible or unprintable characters a PDF extraction leaves behind; tabs count as spaces.
CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f\u00ad\u200b\u200c\u200d\u2060\ufeff\ufffe]")
SPACES = re.compile(r"[ \t\u00a0\u2002-\u200a\u202f]+")
FOOTER = re.compile(r"©|\(c\) \w|\bemail\s*:", re.IGNORECASE)
PAGE_LINE = re.compile(
    r"^(?:page\s+\d{1,4}(?:\s+of\s+\d{1,4})?|[-–—]\s*\d{1,4}\s*[-–—]?|\d{1,4}\s*[-–—])$", re.IGNORECASE
)
# A running header that carries the page number at one end: "70 Integrity Assessment", "Title 71".
FOLIO_AT_EDGE = re.compile(r"^\d{1,4} (?=\S)|(?<=\S) \d{1,4}$")
PAGE_NUMBER = re.compile(r"^\d{1,4}$")
CITATION = re.compile(r"\burl\b|\bibid\b|\b\d{1,2} [A-Z][a-z]+ \d{4}\b", re.IGNORECASE)
LEADING_NUMBER = re.compile(r"^\d{1,5}\s")
DIGITS = re.compile(r"\d+")
PAGE_APART = 4  # lines between running headers on successive pages, at the least; pages between
ENDS_WITH_NUMBER_WORD = re.compile(
    r"\b(?:p|pp|para|paras|no|nos|vol|art|page|pages|section|chapter)\.?$", re.I
)


def clean_lines(raw: str, *, headers: bool = True) -> Cleaned:
    """The raw text's lines, cleaned, with furniture removed and page breaks counted. Without
    `headers`, no line is taken for a running header or footer by its text alone (a PDF's page
    layout has said which lines are furniture): only lone page numbers by a page break are."""
    repairs: list[Finding] = []
    texts, breaks = split_lines(raw, repairs)
    furniture = furniture_lines(texts) if headers else set()
    numbers = page_number_lines(texts, furniture | breaks)
    removed = furniture | numbers
    report_removed(texts, furniture, numbers, repairs)
    lines: list[Line] = []
    page, content_seen = 0, False
    for index, text in enumerate(texts):
        if index in removed or index in breaks:
            if content_seen:
                page, content_seen = page + 1, False
            if index in removed:
                continue
        lines.append(Line(index + 1, text, page))
        content_seen = content_seen or bool(text)
    found = Furniture(
        footer=first_of(texts, (i for i in sorted(furniture) if FOOTER.search(texts[i]))),
        header=most_frequent(texts, furniture),
        first_page=first_page(texts, numbers, lines),
    )
    return Cleaned(tuple(lines), found, tuple(repairs), frozenset(i + 1 for i in removed))


def split_lines(raw: str, repairs: list[Finding]) -> tuple[list[str], set[int]]:
    """Lines without markup or control characters; the indexes where a form feed broke a page."""
    texts: list[str] = []
    breaks: set[int] = set()
    markup: list[int] = []
    for index, line in enumerate(raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")):
        if "\f" in line:
            breaks.add(index)
        text = CONTROL.sub("", line.replace("\f", " ").replace("\t", " "))
        if MARKUP.search(text):
            markup.append(index + 1)
            text = MARKUP.sub("", text)
        if "\ufffd" in text:
            repairs.append(Finding(index + 1, "bytes that are not UTF-8 text were replaced by '\ufffd'"))
        texts.append(SPACES.sub(" ", text).strip())
    if markup:
        shown = ", ".join(str(n) for n in markup)
        repairs.append(Finding(markup[0], f"removed markup debris (<u>, </u>, ...) on lines {shown}"))
    return texts, breaks


def furniture_lines(texts: list[str]) -> set[int]:
    """Footers ("© ... | Email: ..."), "Page 3 of 40", and running headers: lines set apart
    from the text around them that repeat (a repeated line inside a note is not a header)."""
    fixed = {
        i for i, t in enumerate(texts) if t and (PAGE_LINE.match(t) or (FOOTER.search(t) and len(t) < 160))
    }
    apart = [i for i, t in enumerate(texts) if may_be_header(t) and set_apart(texts, i, fixed)]
    counts = Counter(texts[i] for i in apart)
    # Headers that carry the page number ("Syria – Country Focus | 12") repeat once digits are masked.
    masked = Counter(DIGITS.sub("#", texts[i]) for i in apart if "|" in texts[i])
    return (
        fixed
        | folio_headers(texts)
        | {
            i
            for i in apart
            if counts[texts[i]] >= 2 or ("|" in texts[i] and masked[DIGITS.sub("#", texts[i])] >= 2)
        }
    )


def folio_headers(texts: list[str]) -> set[int]:
    """Lines that repeat from page to page with only the page number at one end changing, each
    at the top of a block, pages apart, the number growing. Notes ("1 AP, Syria", "2 AP, Syria")
    are not pages apart."""
    by_words: dict[str, list[int]] = {}
    for i, text in enumerate(texts):
        words = FOLIO_AT_EDGE.sub("", text, count=1)
        if (
            words != text
            and may_be_header(words)
            and (i == 0 or not texts[i - 1] or PAGE_NUMBER.match(texts[i - 1]))
        ):
            by_words.setdefault(words, []).append(i)
    return {i for lines in by_words.values() if runs_like_pages(texts, lines) for i in lines}


def runs_like_pages(texts: list[str], lines: list[int]) -> bool:
    numbers = [int(DIGITS.findall(texts[i])[0 if texts[i][0].isdigit() else -1]) for i in lines]
    return len(lines) >= 2 and all(
        later - earlier >= PAGE_APART and 0 < b - a <= PAGE_APART
        for earlier, later, a, b in zip(lines, lines[1:], numbers, numbers[1:], strict=False)
    )


def set_apart(texts: list[str], index: int, fixed: set[int]) -> bool:
    """Whether the lines just above and below are blank, furniture, page numbers or nothing."""
    return all(
        not 0 <= i < len(texts) or not texts[i] or i in fixed or PAGE_NUMBER.match(texts[i])
        for i in (index - 1, index + 1)
    )


def may_be_header(text: str) -> bool:
    """Short, not a sentence, not a citation (repeated citations are notes, not headers)."""
    words = [w for w in text.split() if any(ch.isalpha() for ch in w)]
    return (
        len(words) >= 2
        and len(text) <= 100
        and text[-1] not in ".!?:;,"
        and not CITATION.search(text)
        and not LEADING_NUMBER.match(text)
    )


def page_number_lines(texts: list[str], furniture: set[int]) -> set[int]:
    """Lone numbers next to furniture or a page break: page numbers. (At the end of the text a
    lone number may as well end a note: "Ibid., p." then "12".)"""
    found: set[int] = set()
    for index, text in enumerate(texts):
        if index > 0 and ENDS_WITH_NUMBER_WORD.search(texts[index - 1]):
            continue  # "Ibid., p." then "12": the end of a note, wrapped
        if PAGE_NUMBER.match(text) and (
            neighbour(texts, index, -1, furniture) or neighbour(texts, index, 1, furniture)
        ):
            found.add(index)
    return found | last_page_numbers(texts, found)


def last_page_numbers(texts: list[str], found: set[int]) -> set[int]:
    """A lone number on its own, where the page numbers found so far lead: the last page's folio
    has no running header after it to show what it is."""
    following: set[int] = set()
    expected = {int(texts[i]) + 1: i for i in found}
    for index, text in enumerate(texts):
        alone = not any(texts[i] for i in (index - 1, index + 1) if 0 <= i < len(texts))
        if alone and PAGE_NUMBER.match(text) and expected.get(int(text), index) < index:
            following.add(index)
    return following


def neighbour(texts: list[str], index: int, step: int, furniture: set[int]) -> bool:
    """Whether the nearest non-blank line that way is furniture."""
    i = index + step
    while 0 <= i < len(texts):
        if i in furniture:
            return True
        if texts[i]:
            return False
        i += step
    return False


def report_removed(texts: list[str], furniture: set[int], numbers: set[int], repairs: list[Finding]) -> None:
    kinds: dict[str, list[int]] = {}
    for index in sorted(furniture | numbers):
        kind = "page number" if index in numbers else f"running footer or header '{texts[index]}'"
        kinds.setdefault(kind, []).append(index + 1)
    for kind, lines in kinds.items():
        shown = ", ".join(str(n) for n in lines)
        where = "line" if len(lines) == 1 else "lines"
        repairs.append(Finding(lines[0], f"removed {kind} ({where} {shown}); offered as metadata"))


def first_of(texts: list[str], indexes: Iterable[int]) -> str:
    return next((texts[i] for i in indexes), "")


def most_frequent(texts: list[str], furniture: set[int]) -> str:
    headers = (FOLIO_AT_EDGE.sub("", texts[i], count=1) for i in furniture if not FOOTER.search(texts[i]))
    counts = Counter(text for text in headers if may_be_header(text))
    return counts.most_common(1)[0][0] if counts else ""


def first_page(texts: list[str], numbers: set[int], lines: list[Line]) -> int | None:
    """The folio of the first page: the first page number seen, less the pages before its own."""
    if not numbers:
        return None
    index = min(numbers)
    page = max((line.page for line in lines if line.number <= index and line.text), default=0)
    value = int(texts[index]) - page
    return value if value >= 1 else None


def word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Words that stand alone: a split word is never joined onto one of them ("a part" stays).
STANDALONE = word_set(
    "a an the and or nor but if of in on at to for from by with as is it its be am are was were "
    "not no so up we he she me my his her our us they them all any some one two may can out over "
    "under into onto per via here there when where what how who why own off do did has had have "
    "i o"
)
WORD = re.compile(r"[^\W\d_]+")
COMPOUND = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)+")
HYPHEN_BREAK = re.compile(r"(?<!\w)([^\W\d_]+)- ([^\W\d_]+)")  # "mid-Decem- ber" too
SUSPENDED = frozenset({"and", "or", "to", "nor"})  # "pre- and post-war" is not a broken word
# Prefixes that keep their hyphen before any word ("non-existent", "self-rule"); "inter", "sub",
# "multi" and the like close up in English ("international", "subsection").
PREFIXES = word_set("non self quasi vice long short")
# Prefixes that keep it before a word of their own ("pro-government", "anti-war", "mid-term")
# but are as often the first syllable of a word hyphenated at a line break ("pro- vided",
# "anti- cipated", "mid- dle", "ex- ample"): a hyphen only when the rest is a word elsewhere.
WORD_PREFIXES = word_set("anti post pre ex co pro well cross neo pan mid half")


def vocabulary(texts: Iterable[str]) -> Counter[str]:
    """How often each word occurs: the evidence for joining split words."""
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(WORD.findall(text))
        counts.update(w for w in COMPOUND.findall(text) if "-" in w)
    return counts


def repair_text(text: str, words: Counter[str], *, line: int | None) -> tuple[str, tuple[Finding, ...]]:
    """`text` with hyphenated line breaks and split words mended; what was mended."""
    findings: list[Finding] = []

    def hyphen(match: re.Match[str]) -> str:
        first, second = match.group(1), match.group(2)
        if second.lower() in SUSPENDED:
            return match.group(0)
        joined = first + second
        if words[joined] > 0:
            result, why = joined, f"'{joined}' occurs elsewhere"
        elif (
            words[f"{first}-{second}"] > 0
            or first.lower() in PREFIXES
            or (first.lower() in WORD_PREFIXES and words[second] > text.count(match.group(0)))
            or second[0].isupper()
        ):
            result, why = f"{first}-{second}", "a hyphenated word"
        else:
            result, why = joined, "a word hyphenated at a line break"
        findings.append(Finding(line, f"'{match.group(0)}' -> '{result}' ({why})"))
        return result

    text = HYPHEN_BREAK.sub(hyphen, text)
    return join_split_words(text, words, line=line, findings=findings), tuple(findings)


def join_split_words(text: str, words: Counter[str], *, line: int | None, findings: list[Finding]) -> str:
    """Join "H meimim" into "Hmeimim" when only the joined word occurs elsewhere."""
    tokens = list(WORD.finditer(text))
    parts: list[str] = []
    done = 0
    for first, second in itertools.pairwise(tokens):
        if first.start() < done or text[first.end() : second.start()] != " ":
            continue
        if not clean_edges(text, first.start(), second.end()):
            continue
        a, b = first.group(0), second.group(0)
        joined = a + b
        lone = words[a] <= 1 or words[b] <= 1  # this pair is their only occurrence
        if words[joined] > 0 and lone and a.lower() not in STANDALONE and b.lower() not in STANDALONE:
            parts.append(text[done : first.start()] + joined)
            done = second.end()
            findings.append(
                Finding(line, f"'{a} {b}' -> '{joined}' (split word; '{joined}' occurs elsewhere)")
            )
    return "".join(parts) + text[done:]


def clean_edges(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not (before.isalnum() or before in "-_" or after.isalnum() or after in "-_")
