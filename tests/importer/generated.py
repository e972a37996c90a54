"""Made-up extracts of footnoted reports, one per way editors really receive them, each with
its oracle: the notes by number and text, the calls by paragraph and position.

Nothing here is copied from a real report: the words come from a fixed list, the shapes from
what PDF extraction and OCR leave (calls after closing quotes, in brackets or parentheses,
endnotes run together after the body, notes at the page foot between running headers that
begin or end with the page number, front matter folios such as "— 3").
"""

from __future__ import annotations

import random
import textwrap
from collections.abc import Callable, Hashable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

from folio.importer import ImportResult
from folio.importer.records import ImportedParagraph

VOCABULARY = (
    "authorities reported that armed groups moved across the northern districts while local "
    "councils kept schools open and residents described checkpoints roads markets shortages "
    "of fuel water and medicine returning families humanitarian agencies observed arrests "
    "detention courts journalists protests negotiations ceasefire displacement shelters"
)
WORDS = tuple(VOCABULARY.split(" "))
AGENCIES = ("Reuters", "Enab Baladi", "Human Rights Watch", "Amnesty International", "UN OCHA")
MONTHS = ("January", "March", "May", "July", "September", "November")
TITLE = "Integrity Assessment"


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: str  # as the content should hold it, without calls
    calls: tuple[tuple[int, int], ...]  # (offset in text, note number)


@dataclass(frozen=True, slots=True)
class Extract:
    raw: str
    paragraphs: tuple[Paragraph, ...]
    notes: dict[int, str]


CallStyle = Callable[[int, random.Random], tuple[str, bool]]  # number -> (mark, after a space?)
CALL_STYLES: dict[str, CallStyle] = {
    "quote": lambda n, r: (f"{n}", False),  # conflict.”1, after a closing quote
    "bracket": lambda n, r: (f"[{n}]", r.random() < 0.5),  # conflict.[1] or conflict [1]
    "paren": lambda n, r: (f"({n})", True),  # conflict (2)
    "half-paren": lambda n, r: (f"{n})", False),  # conflict.3)
}
LABELS: dict[str, Callable[[int], str]] = {
    "quote": lambda n: f"{n} ",
    "bracket": lambda n: f"[{n}] ",
    "paren": lambda n: f"({n}) ",
    "half-paren": lambda n: f"{n}) ",
}


def sentence(rng: random.Random, *, quoted: bool) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(6, 14))]
    if rng.random() < 0.3:
        words.insert(rng.randint(1, len(words) - 1), f"in {rng.randint(2019, 2024)}")
    text = " ".join(words)
    text = text[0].upper() + text[1:]
    return f"{text}, they said “{rng.choice(WORDS)} {rng.choice(WORDS)}.”" if quoted else text + "."


def note_text(rng: random.Random, number: int) -> str:
    if number > 1 and rng.random() < 0.2:
        return "Ibid."
    title = " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 9))).capitalize()
    day, month, year = rng.randint(1, 28), rng.choice(MONTHS), rng.randint(2020, 2024)
    return f"{rng.choice(AGENCIES)}, {title}, {day} {month} {year}, url"


def paragraphs(style: str, count: int, first: int, rng: random.Random) -> tuple[list[Paragraph], list[str]]:
    """The oracle's paragraphs, and each as raw text with its calls marked in `style`."""
    number = first
    oracle: list[Paragraph] = []
    raws: list[str] = []
    for _ in range(count):
        text, raw, calls = "", "", []
        for _ in range(rng.randint(2, 4)):
            piece = sentence(rng, quoted=style == "quote")
            text, raw = (text + " " if text else ""), (raw + " " if raw else "")
            text, raw = text + piece, raw + piece
            if rng.random() < 0.7:
                mark, spaced = CALL_STYLES[style](number, rng)
                calls.append((len(text), number))
                raw += (" " if spaced else "") + mark
                number += 1
        oracle.append(Paragraph(text, tuple(calls)))
        raws.append(raw)
    return oracle, raws


def notes_for(oracle: list[Paragraph], rng: random.Random) -> dict[int, str]:
    return {n: note_text(rng, n) for p in oracle for _, n in p.calls}


def endnotes(style: str, *, seed: int, first: int = 1, count: int = 12) -> Extract:
    """The body, then every note run together, one after another with no blank line between."""
    rng = random.Random(seed)
    oracle, raws = paragraphs(style, count, first, rng)
    notes = notes_for(oracle, rng)
    body = "\n\n".join(textwrap.fill(r, 78) for r in raws)
    listed = "\n".join(textwrap.fill(LABELS[style](n) + t, 90) for n, t in notes.items())
    return Extract(f"1. Findings\n\n{body}\n\nEndnotes\n\n{listed}\n", tuple(oracle), notes)


def page_foot(style: str, *, seed: int, first: int = 1, count: int = 12, front: bool = False) -> Extract:
    """OCR'd pages: a running header that begins (even pages) or ends (odd) with the page number,
    body lines, the page's notes at its foot, a page-number line; front matter folios first."""
    rng = random.Random(seed)
    oracle, raws = paragraphs(style, count, first, rng)
    notes = notes_for(oracle, rng)
    pages: list[str] = []
    if front:
        pages.extend(["Contents\n\n1. Findings\n\n— 3", "Acknowledgements are due to the editors.\n\n4 —"])
    folio = 69
    for k in range(0, count, 2):
        folio += 1
        header = f"{folio} {TITLE}" if folio % 2 == 0 else f"{TITLE} {folio}"
        chunk = raws[k : k + 2]
        numbers = [n for p in oracle[k : k + 2] for _, n in p.calls]
        body = "\n\n".join(textwrap.fill(r, 78) for r in chunk)
        if k == 0:
            body = f"1. Findings\n\n{body}"
        foot = "\n".join(textwrap.fill(LABELS[style](n) + notes[n], 90) for n in numbers)
        pages.append(f"{header}\n\n{body}\n\n{foot}\n\n{folio}")
    return Extract("\n\n".join(pages) + "\n", tuple(oracle), notes)


@dataclass(frozen=True, slots=True)
class Score:
    precision: float
    recall: float

    def __str__(self) -> str:
        return f"precision {self.precision:.2f}, recall {self.recall:.2f}"


def score(found: AbstractSet[Hashable], expected: AbstractSet[Hashable]) -> Score:
    right = len(found & expected)
    return Score(right / len(found) if found else 1.0, right / len(expected) if expected else 1.0)


def note_score(result: ImportResult, extract: Extract) -> Score:
    return score({(n.number, n.text) for n in result.notes}, set(extract.notes.items()))


def call_score(result: ImportResult, extract: Extract) -> Score:
    """Calls by position: (the paragraph's text, offset in it, note number)."""
    expected = {(p.text, at, n) for p in extract.paragraphs for at, n in p.calls}
    return score(set(found_calls(result)), expected)


def found_calls(result: ImportResult) -> list[tuple[str, int, int]]:
    found: list[tuple[str, int, int]] = []
    for block in result.blocks:
        if isinstance(block, ImportedParagraph):
            text = "".join(p for p in block.parts if isinstance(p, str))
            at = 0
            for part in block.parts:
                if isinstance(part, str):
                    at += len(part)
                else:
                    found.append((text, at, part))
    return found
