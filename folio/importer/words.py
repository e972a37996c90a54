"""The raw text's words against the imported content's: what an import lost, or added.

Last check of `folio.importer`, run on every import. Takes the raw text, the raw lines the
cleaning removed as page furniture (running headers, footers, page numbers: listed in the
report) and the content files written, and gives a `Finding` for every difference: the words
of a raw line that did not reach the content, at that line, and words the content holds that
the text does not. Words are runs of letters or of digits, so a mended line-break hyphen or
Markdown's escapes change nothing; a note's call `[^5]` and its label `[^5]:` count as the
number 5 each, as the raw text printed them; a split word mended ("H meimim" -> "Hmeimim")
counts as its two halves. A table's cells count once each, as the text has them: its pipes,
escaped pipes (`\\|`) and delimiter row are no words, and the "Table" of each `Table: …` caption
the import writes is among the `added` words.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterable

from folio.importer.clean import CONTROL, MARKUP, Finding

WORD = re.compile(r"[^\W\d_]+|\d+")  # "report171" is the word and the call glued to it
# A note's call [^5] or label [^5]: is the number printed; the [key] of [url][key], a link's
# (address) and an ordered list's "3." are no words (escaped, "\]" and "3\." are text).
MARKDOWN = re.compile(r"\[\^(\d+)\]:?|(?<!\\)\](?:\[[^\]]*\]|\((?:<[^>]*>|[^)\s]*)\))")
LIST_NUMBER = re.compile(r"^[ \t>]*\d{1,9}[.)](?=\s|$)", re.MULTILINE)
SHOWN = 8  # words quoted per line of the report


def word_differences(
    raw: str,
    files: Iterable[tuple[str, str]],
    *,
    removed: frozenset[int],
    added: Iterable[str] = (),
    renumbered: Iterable[tuple[int, int]] = (),
) -> tuple[Finding, ...]:
    """Every word of `raw` (but the `removed` lines) missing from the sections, and every word
    the sections hold beyond the raw text and the `added` placeholder words. Each (printed,
    folio's) pair of `renumbered` is a call or label the content numbers through where the text
    started again from 1: the content's number counts as the printed one."""
    source = raw_words(raw, removed)
    content = Counter(w for path, text in files if path.startswith("sections/") for w in markdown_words(text))
    content.subtract(w for text in added for w in WORD.findall(text))
    for printed, number in renumbered:
        content[str(number)] -= 1
        content[str(printed)] += 1
    short = Counter(w for w, _ in source)
    short.subtract(content)
    extra = Counter({w: -n for w, n in short.items() if n < 0})
    short = Counter({w: n for w, n in short.items() if n > 0})
    mend_split_words(source, short, extra)
    return (*lost_lines(source, short), *added_words(extra))


def raw_words(raw: str, removed: frozenset[int]) -> list[tuple[str, int]]:
    """Each word of the raw text with its line, from 1, as the cleaning reads the lines."""
    found: list[tuple[str, int]] = []
    for number, line in enumerate(raw.replace("\r\n", "\n").replace("\r", "\n").split("\n"), start=1):
        if number not in removed:
            text = MARKUP.sub(" ", CONTROL.sub("", line))
            found.extend((word, number) for word in WORD.findall(text))
    return found


def markdown_words(text: str) -> list[str]:
    return WORD.findall(MARKDOWN.sub(lambda m: f" {m.group(1) or ''} ", LIST_NUMBER.sub("", text)))


def mend_split_words(source: list[tuple[str, int]], short: Counter[str], extra: Counter[str]) -> None:
    """A word the content has and the text has not, that is two neighbouring words of the text
    run together (a mended split or line-break hyphen): neither half is lost. Then the same for
    two words the text has apart, both missing: a word broken at the foot of a page or column
    goes on after that page's notes."""
    for (first, _), (second, _) in itertools.pairwise(source):
        mend(first + second, first, second, short, extra)
    for joined in sorted(+extra):
        for cut in range(1, len(joined)):
            while extra[joined] > 0 and short[joined[:cut]] > 0 and short[joined[cut:]] > 0:
                mend(joined, joined[:cut], joined[cut:], short, extra)


def mend(joined: str, first: str, second: str, short: Counter[str], extra: Counter[str]) -> None:
    if extra[joined] > 0 and short[first] > 0 and short[second] > 0:
        extra[joined] -= 1
        short[first] -= 1
        short[second] -= 1


def lost_lines(source: list[tuple[str, int]], short: Counter[str]) -> list[Finding]:
    """The missing words, placed at the raw lines they most likely came from: a word missing at
    every occurrence marks its lines; a word missing at some goes first to a marked line."""
    left = +short
    counts = Counter(w for w, _ in source)
    every = {w for w in left if left[w] == counts[w]}
    lost: dict[int, list[int]] = {}  # line -> positions in `source` of its lost words
    for position, (word, line) in enumerate(source):
        if word in every:
            lost.setdefault(line, []).append(position)
            left[word] -= 1
    positions = range(len(source))
    for position in [*(p for p in positions if source[p][1] in lost), *reversed(positions)]:
        word, line = source[position]
        if left[word] > 0 and word not in every and position not in lost.get(line, []):
            lost.setdefault(line, []).append(position)
            left[word] -= 1
    return [lost_line(line, [source[p][0] for p in sorted(lost[line])]) for line in sorted(lost)]


def lost_line(line: int, words: list[str]) -> Finding:
    shown = " ".join(words[:SHOWN]) + (" …" if len(words) > SHOWN else "")
    return Finding(line, f"{len(words)} word(s) of this line are not in the content: '{shown}'")


def added_words(extra: Counter[str]) -> list[Finding]:
    words = sorted(+extra)
    if not words:
        return []
    shown = " ".join(words[:SHOWN]) + (" …" if len(words) > SHOWN else "")
    count = sum(extra[w] for w in words)
    return [Finding(None, f"the content holds {count} word(s) the text does not: '{shown}'")]
