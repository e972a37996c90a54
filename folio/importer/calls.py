"""Note calls: the numbers in the body that run through the labels' sequence in reading order,
each before its note; quantities, dates and pages stay text."""

from __future__ import annotations

import re
from dataclasses import replace

from folio.importer.clean import Finding
from folio.importer.records import BodyRun, Call, Label
from folio.importer.shapes import (
    CALL,
    CLOSERS,
    DATE_REST,
    LABEL_GAP,
    NUMBER_WORDS,
    YEAR_END,
    after_number_word,
)

YEAR = re.compile(r"(?:19|20)\d\d")
LABELLED = 4  # a call's reading that a label pairs with outweighs any shape (scores 0 to 3)


def call_candidates(block: BodyRun) -> list[Call]:
    found: list[Call] = []
    for match in CALL.finditer(block.text):
        marked = bracketed(block.text, match.start(), match.end())
        start, score = marked or call_shape(block.text, match.start())
        end = match.end() + 1 if marked or block.text[match.end() : match.end() + 1] == ")" else match.end()
        if score and not DATE_REST.match(block.text, end + 1):  # "4 May 2024" is a date
            line = block.line_at(match.start())
            found.append(Call(int(match.group(1)), start, end, score, line))
    return found


def bracketed(text: str, start: int, end: int) -> tuple[int, int] | None:
    """A call marked "[1]", "(2)" or "3)": where it begins (with its space) and its score."""
    before, after = text[start - 1 : start], text[end : end + 1]
    if (before, after) not in (("[", "]"), ("(", ")")) and not (after == ")" and unopened(text, start)):
        return None
    begin = start - 1 if before in "[(" and before else start
    return (begin - 1 if text[begin - 1 : begin] == " " else begin), 3


def unopened(text: str, start: int) -> bool:
    """Whether a ")" after the number at `start` closes nothing: "3)" is a call, "(p. 3)" is not."""
    return text.rfind("(", 0, start) <= text.rfind(")", 0, start) and not text[start - 1 : start].isdigit()


def call_shape(text: str, start: int) -> tuple[int, int]:
    """Where a call at `start` begins (with its space) and how much it looks like one (0: not)."""
    before = text[start - 1] if start > 0 else ""
    if before == " ":
        return start - 1, spaced_call_score(text[:start].split())
    if before in (".", ","):  # glued after punctuation, but not inside "1.3.3." or "1,000"
        score = 0 if start < 2 or text[start - 2].isdigit() else 3
        if before == "." and YEAR_END.search(text, 0, start):
            score = 1  # "rare in 2024.174": a call after a year that ends a sentence
    elif before and before in CLOSERS:
        score = 3
    elif before.isalpha():  # glued to its word ("report171"), but not a code ("AN124", "G20")
        word = re.findall(r"[^\W\d_]+$", text[:start])[0]
        score = 0 if word.isupper() or word.lower() in NUMBER_WORDS else 2
    else:
        score = 0
    return start, score


def spaced_call_score(words: list[str]) -> int:
    """A number after a space: a call after a word or punctuation, not after a number word."""
    if not words or any(ch.isdigit() for ch in words[-1]):
        return 0
    if words[-1].strip(CLOSERS + "(").lower() in NUMBER_WORDS:
        return 0
    return 3 if words[-1][-1] in CLOSERS else 1


def find_calls(
    blocks: list[BodyRun], labels: list[Label], label_pages: dict[int, int]
) -> tuple[list[BodyRun], dict[int, Call]]:
    """The calls: in reading order, numbers increasing, each before its label (or in the first
    paragraph of the page after it: a line with a call pushed over the page, its note not);
    most, then likeliest."""
    if not labels:
        return blocks, {}
    low, high = labels[0].number - LABEL_GAP, labels[-1].number + LABEL_GAP
    deadline = label_deadlines(labels, low, high)
    first_blocks: dict[int, int] = {}
    for block in blocks:
        if not block.heading:
            first_blocks.setdefault(block.page, block.index)
    runs = label_runs(labels)
    labelled = {label.number for label in labels}
    candidates: list[tuple[int, Call]] = []
    for b, block in enumerate(blocks):
        if block.heading:
            continue
        for call in call_candidates(block):
            # Where numbering restarts, a printed "2" may be any run's 2: the likeliest wins below.
            for number in readings(call.number, runs):
                pushed = block.index == first_blocks.get(label_pages.get(number, -2) + 1)
                if low <= number <= high and (block.index < deadline[number] or pushed):
                    printed = call.number if number != call.number else 0
                    # Of readings as likely, the one a label pairs with: no note is invented.
                    score = call.score + (LABELLED if number in labelled else 0)
                    candidates.append((b, replace(call, number=number, printed=printed, score=score)))
    chosen = longest_increasing(candidates, low, high)
    by_block: dict[int, list[Call]] = {}
    for b, call in chosen:
        by_block.setdefault(b, []).append(call)
    blocks = [replace(block, calls=tuple(by_block.get(b, ()))) for b, block in enumerate(blocks)]
    return blocks, {call.number: call for _, call in chosen}


def label_runs(labels: list[Label]) -> list[tuple[int, int, int]]:
    """Each run of labels numbered from its own start: (what folio adds to its printed numbers,
    its first printed number, its last)."""
    runs: list[tuple[int, int, int]] = []
    for label in labels:
        offset = label.number - label.shown
        if runs and runs[-1][0] == offset:
            runs[-1] = (offset, runs[-1][1], label.shown)
        else:
            runs.append((offset, label.shown, label.shown))
    return runs


def readings(printed: int, runs: list[tuple[int, int, int]]) -> list[int]:
    """The numbers a printed call may stand for, one per run it fits, the highest first (so
    that the longest increasing sequence takes at most one of them)."""
    return sorted(
        {
            offset + printed
            for offset, first, last in runs
            if first - LABEL_GAP <= printed <= last + LABEL_GAP
        },
        reverse=True,
    )


def label_deadlines(labels: list[Label], low: int, high: int) -> dict[int, int]:
    """For each number, the line its call must come before: its label's, or the next label's."""
    at = {label.number: label.index for label in labels}
    deadline: dict[int, int] = {}
    limit = labels[-1].index  # every call comes before the last note, at the end or a page foot
    for number in range(high, low - 1, -1):
        limit = at.get(number, limit)
        deadline[number] = limit
    return deadline


def longest_increasing(candidates: list[tuple[int, Call]], low: int, high: int) -> list[tuple[int, Call]]:
    """Most calls with numbers increasing in reading order; ties go to the likelier shapes."""
    size = high - low + 2
    tree: list[tuple[int, int]] = [(0, -1)] * (size + 1)  # Fenwick tree of (value, candidate)
    back: list[int] = []
    values: list[int] = []
    for i, (_, call) in enumerate(candidates):
        position, best = call.number - low + 1, (0, -1)
        j = position - 1
        while j > 0:
            best = max(best, tree[j])
            j -= j & -j
        values.append(best[0] + 100 + call.score)
        back.append(best[1])
        j = position
        while j <= size:
            tree[j] = max(tree[j], (values[i], i))
            j += j & -j
    if not candidates:
        return []
    end = max(range(len(candidates)), key=lambda i: values[i])
    chosen: list[tuple[int, Call]] = []
    while end >= 0:
        chosen.append(candidates[end])
        end = back[end]
    return chosen[::-1]


def unpaired_calls(blocks: list[BodyRun], calls: dict[int, Call]) -> list[Finding]:
    """A doubt for each number marked as a call ("conflict.”1", "[1]", "(2)", "3)") that no note
    pairs with: kept as text, where the editor can see it. Years and "No. 5" are not calls."""
    found: list[Finding] = []
    for block in blocks:
        if block.heading:
            continue
        chosen = {call.start for call in block.calls if call.number in calls}
        for call in call_candidates(block):
            if call.score < 3 or call.start in chosen or YEAR.fullmatch(str(call.number)):
                continue
            if after_number_word(block.text, call.start):
                continue
            message = f"'{call.number}' looks like a note call, but no note {call.number} pairs with it"
            found.append(Finding(call.line, message + ": kept as text"))
    return found
