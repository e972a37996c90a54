"""Note labels: the numbers that start notes, found as the longest run of consecutive numbers at
line starts (or run together in one line), and the text of each note."""

from __future__ import annotations

import re
from dataclasses import replace

from folio.importer.clean import ENDS_WITH_NUMBER_WORD, Line
from folio.importer.records import Label, NoteText
from folio.importer.shapes import (
    ALONE,
    DATE_REST,
    GAP_COST,
    LABEL_GAP,
    MONTH_NAMES,
    RESTART_COST,
    START,
    after_number_word,
    is_heading,
    label_at,
    label_number,
)


def label_candidates(lines: tuple[Line, ...]) -> list[Label]:
    """Every place a note label could be: a lone number, a number starting a line, and the
    numbers that continue it in the same line (all notes run together)."""
    found: list[Label] = []
    previous: Label | None = None
    for index, line in enumerate(lines):
        # A label opens a block or follows the label before it; a number inside a block of
        # text is likelier a call or a wrapped "p. 3".
        match = ALONE.match(line.text) or START.match(line.text)
        if not match or wrapped_number(lines, index):
            continue
        number = label_number(match)
        opens = index == 0 or not lines[index - 1].text or lines[index - 1].page != line.page
        follows = (
            previous is not None
            and previous.number == number - 1
            and all(lines[i].text and lines[i].page == line.page for i in range(previous.index, index))
        )
        strength = 2 if opens or follows else 1
        labels = [Label(number, index, 0, match.end(), strength)]
        if match.re is START:
            labels.extend(run_on_labels(line.text, index, number, match.end(), strength=strength))
        found.extend(labels)
        previous = labels[-1]
    return found


def wrapped_number(lines: tuple[Line, ...], index: int) -> bool:
    """A lone number that is the end of "p." or the start of a date, wrapped onto its own line."""
    if not ALONE.match(lines[index].text):
        return False
    before = lines[index - 1].text if index > 0 else ""
    after = lines[index + 1].text if index + 1 < len(lines) else ""
    return bool(ENDS_WITH_NUMBER_WORD.search(before) or DATE_REST.match(after))


def run_on_labels(text: str, index: int, number: int, after: int, *, strength: int) -> list[Label]:
    """The labels that follow `number` in one line: "167 Text. 168 Text. 169 ..."."""
    found: list[Label] = []
    while True:
        number += 1
        after_label = rf" (?=[A-Z\u00c0-\u024f'\"‘“(\[])(?!(?:{MONTH_NAMES})\b)"
        pattern = re.compile(rf"(?<= ){label_at(number)}{after_label}")
        match = next(
            (m for m in pattern.finditer(text, after) if not after_number_word(text, m.start())), None
        )
        if match is None:
            return found
        found.append(Label(number, index, match.start(), match.end(), strength))
        after = match.end()


def choose_labels(candidates: list[Label], *, restarts: bool = True) -> list[Label]:
    """The strongest run of consecutive numbers, in reading order (a short gap costs); a run
    may start again from 1 (notes numbered per chapter or per page), at a cost. Each label of
    the chain gets folio's number, through the whole text: a restarted run goes on from the
    number before it, its printed number kept."""
    values: list[int] = []
    back: list[int | None] = []
    restarted: set[int] = set()
    best: dict[int, int] = {}  # number -> candidate ending the best run so far at that number
    leader: int | None = None  # the candidate ending the best chain so far
    for i, label in enumerate(candidates):
        value, previous = label.strength, None
        for gap in range(1, LABEL_GAP + 2):
            j = best.get(label.number - gap)
            if j is not None and values[j] + label.strength - GAP_COST * (gap - 1) > value:
                value, previous = values[j] + label.strength - GAP_COST * (gap - 1), j
        if restarts and label.number == 1 and leader is not None:
            again = values[leader] + label.strength - RESTART_COST
            if again > value:
                value, previous = again, leader
                restarted.add(i)
        values.append(value)
        back.append(previous)
        if label.number not in best or value >= values[best[label.number]]:  # ties: the later
            best[label.number] = i
        if leader is None or value >= values[leader]:
            leader = i
    if not candidates:
        return []
    # Of equally strong runs, the later: labels follow the calls that point to them.
    end: int | None = max(range(len(candidates)), key=lambda i: (values[i], i))
    chain: list[int] = []
    while end is not None:
        chain.append(end)
        end = back[end]
    return numbered_through([(candidates[i], i in restarted) for i in reversed(chain)])


def numbered_through(chain: list[tuple[Label, bool]]) -> list[Label]:
    """The chain's labels with folio's numbers: a run that starts again goes on from the last."""
    numbered: list[Label] = []
    offset = 0
    for label, restart in chain:
        if numbered and restart:
            offset = numbered[-1].number
        number = offset + label.number
        numbered.append(replace(label, number=number, printed=label.number if offset else 0))
    return numbered


def note_texts(
    lines: tuple[Line, ...], labels: list[Label], stops: frozenset[int] = frozenset()
) -> tuple[dict[int, NoteText], set[int]]:
    """Each label's text: to the next label, the end of its page, a heading or one of the `stops`
    (numbered blocks that are not notes). And the lines used."""
    notes: dict[int, NoteText] = {}
    used: set[int] = set()
    for k, label in enumerate(labels):
        following = labels[k + 1] if k + 1 < len(labels) else None
        line = lines[label.index]
        end = following.start if following and following.index == label.index else len(line.text)
        pieces = [line.text[label.text_at : end].strip()]
        used.add(label.index)
        index = label.index + 1
        while (following is None or following.index != label.index) and index < len(lines):
            if following is not None and index >= following.index:
                break
            if lines[index].page != line.page or is_heading(lines, index) or index in stops:
                break
            pieces.append(lines[index].text)
            used.add(index)
            index += 1
        notes[label.number] = NoteText(label.number, tuple(pieces), line.number, line.page, label.index)
    return notes, used
