"""Clean lines -> body blocks with note calls, and the notes they call.

Second stage of `folio.importer`. Takes the lines of `folio.import_clean` and tells apart
body text, note labels and note calls by the one thing an extraction keeps: note numbers run
consecutively. The labels are the longest run of consecutive numbers that start lines (or,
when all notes ran together on one line, follow each other in it); the calls are the numbers
in the body that run through the same sequence in reading order, each before its note.
Numbers that do not fit ("1.3.3.", "2024", "AN-124", "p. 3") stay text. Gives headings and
paragraphs (text parts and calls), notes with their text, and what was repaired or doubted,
with line numbers in the raw file. Never invents a note or a call.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from folio.import_clean import ENDS_WITH_NUMBER_WORD, Finding, Line, word_set

ALONE = re.compile(r"^(\d{1,5})$")
MONTH_NAMES = "January|February|March|April|May|June|July|August|September|October|November|December"
DATE_REST = re.compile(rf"(?:{MONTH_NAMES}) \d{{4}}\b")
# A number then text starts a note, unless it is a date ("3 January 2000" wrapped onto a new line).
START = re.compile(rf"^(\d{{1,5}}) (?=[^\d\s])(?!(?:{MONTH_NAMES})\b)")
HEADING = re.compile(r"^(\d{1,2}\.(?:\d{1,2}\.?)*) +([A-Z\u00c0-\u024f].{0,110})$")
# A number right after a call (space, glued after punctuation, after a letter) ends at a word end.
CALL = re.compile(r"(?<![\d\-–/])(\d{1,5})(?!\w)(?![.,]\d)")
# Words after which a number is a quantity, a date or a page, never a note call.
NUMBER_WORDS = word_set(
    "p pp page pages no nos nr para paras art arts article articles section sections chapter "
    "chapters vol volume issue resolution number annex table figure fig of in since from to and "
    "until till than by on at over under about around nearly some approximately least most year "
    "years the a an only all with for between before after during among were was are is be been "
    "had has have killed injured january february march april may june july august september "
    "october november december jan feb mar apr jun jul aug sep sept oct nov dec"
)
CLOSERS = ".,;:)]'\"’”"
YEAR_END = re.compile(r"(?<![\d.,])(?:19|20)\d\d\.$")
TERMINAL = ".!?:…"
LABEL_GAP = 3  # a run of labels may skip this many numbers (a lost label), at a cost
GAP_COST = 1


@dataclass(frozen=True, slots=True)
class Paragraph:
    parts: tuple[str | int, ...]  # text, and note calls by number
    line: int


@dataclass(frozen=True, slots=True)
class Heading:
    level: int
    text: str
    line: int


Block = Paragraph | Heading


@dataclass(frozen=True, slots=True)
class FoundNote:
    number: int
    text: str
    line: int


@dataclass(frozen=True, slots=True)
class Recognised:
    blocks: tuple[Block, ...]
    notes: tuple[FoundNote, ...]
    repairs: tuple[Finding, ...]
    doubts: tuple[Finding, ...]


@dataclass(frozen=True, slots=True)
class Label:
    number: int
    index: int  # of its line in the cleaned lines
    start: int  # where the label begins in the line
    text_at: int  # where the note's text begins
    strength: int


@dataclass(frozen=True, slots=True)
class Call:
    number: int
    start: int  # offset in the block's text, with the space before the number
    end: int
    score: int
    line: int


@dataclass(frozen=True, slots=True)
class TextBlock:
    """Body lines between blank lines on one page, joined by spaces."""

    text: str
    starts: tuple[tuple[int, int], ...]  # (offset in text, raw line number) of each line
    page: int
    index: int  # of its first line in the cleaned lines
    heading: bool
    calls: tuple[Call, ...] = field(default=())

    @property
    def line(self) -> int:
        return self.starts[0][1]

    def line_at(self, offset: int) -> int:
        return max((line for start, line in self.starts if start <= offset), default=self.line)

    def without_calls(self) -> str:
        text = self.text
        for call in reversed(self.calls):
            text = text[: call.start] + text[call.end :]
        return text


@dataclass(frozen=True, slots=True)
class NoteText:
    number: int
    pieces: tuple[str, ...]
    line: int
    page: int
    index: int


def recognise_notes(lines: tuple[Line, ...]) -> Recognised:
    """Body blocks with their calls, and the notes, from the cleaned lines."""
    repairs: list[Finding] = []
    doubts: list[Finding] = []
    labels = choose_labels(label_candidates(lines))
    notes, used = note_texts(lines, labels)
    if any(not any(notes[label.number].pieces) for label in labels):  # a number with no text after it
        labels = [label for label in labels if any(notes[label.number].pieces)]
        notes, used = note_texts(lines, labels)
    blocks = text_blocks(lines, used)
    blocks, calls = find_calls(blocks, labels)
    # A label found only inside a line (or inside a block) that nothing calls is more likely a
    # number in the previous note's text: give the text back to that note.
    weak = [
        label for label in labels if (label.start > 0 or label.strength < 2) and label.number not in calls
    ]
    if weak:
        labels = [label for label in labels if label not in weak]
        notes, used = note_texts(lines, labels)
        blocks, calls = find_calls(text_blocks(lines, used), labels)
        for label in weak:
            message = f"'{label.number}' could start note {label.number}, but nothing calls it: kept as text"
            doubts.append(Finding(lines[label.index].number, message))
    if labels and not calls:
        shown = ", ".join(str(line.number) for label in labels for line in [lines[label.index]])
        doubts.append(
            Finding(
                lines[labels[0].index].number,
                f"numbered lines ({shown}) look like notes but nothing in the text calls them: kept as text",
            )
        )
        blocks, calls, notes = text_blocks(lines, set()), {}, {}
    blocks, notes = recover_note_text(blocks, notes, calls, repairs)
    blocks = join_pages(blocks, repairs)
    check_pairs(notes, calls, doubts)
    body = tuple(to_block(block, notes) for block in blocks)
    found = tuple(
        FoundNote(n.number, " ".join(p for p in n.pieces if p), n.line)
        for n in sorted(notes.values(), key=lambda n: n.number)
    )
    return Recognised(body, found, tuple(repairs), tuple(doubts))


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
        number = int(match.group(1))
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
        pattern = re.compile(rf"(?<= ){number} (?=[A-Z\u00c0-\u024f'\"‘“(\[])(?!(?:{MONTH_NAMES})\b)")
        match = next(
            (m for m in pattern.finditer(text, after) if not after_number_word(text, m.start())), None
        )
        if match is None:
            return found
        found.append(Label(number, index, match.start(), match.end(), strength))
        after = match.end()


def after_number_word(text: str, start: int) -> bool:
    words = text[:start].split()
    return bool(words) and words[-1].strip(CLOSERS + "(").lower() in NUMBER_WORDS


def choose_labels(candidates: list[Label]) -> list[Label]:
    """The strongest run of consecutive numbers, in reading order (a short gap costs)."""
    values: list[int] = []
    back: list[int | None] = []
    best: dict[int, int] = {}  # number -> candidate ending the best run so far at that number
    for i, label in enumerate(candidates):
        value, previous = label.strength, None
        for gap in range(1, LABEL_GAP + 2):
            j = best.get(label.number - gap)
            if j is not None and values[j] + label.strength - GAP_COST * (gap - 1) > value:
                value, previous = values[j] + label.strength - GAP_COST * (gap - 1), j
        values.append(value)
        back.append(previous)
        if label.number not in best or value >= values[best[label.number]]:  # ties: the later
            best[label.number] = i
    if not candidates:
        return []
    # Of equally strong runs, the later: labels follow the calls that point to them.
    end: int | None = max(range(len(candidates)), key=lambda i: (values[i], i))
    chain: list[Label] = []
    while end is not None:
        chain.append(candidates[end])
        end = back[end]
    return chain[::-1]


def note_texts(lines: tuple[Line, ...], labels: list[Label]) -> tuple[dict[int, NoteText], set[int]]:
    """Each label's text: to the next label, the end of its page or a heading. And the lines used."""
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
            if lines[index].page != line.page or is_heading(lines, index):
                break
            pieces.append(lines[index].text)
            used.add(index)
            index += 1
        notes[label.number] = NoteText(label.number, tuple(pieces), line.number, line.page, label.index)
    return notes, used


def is_heading(lines: tuple[Line, ...], index: int) -> bool:
    """A numbered heading ("3.2. Russia") alone between blank lines."""
    text = lines[index].text
    if not HEADING.match(text) or text[-1] in ".,;":
        return False
    before = index == 0 or not lines[index - 1].text or lines[index - 1].page != lines[index].page
    after = index + 1 >= len(lines) or not lines[index + 1].text or lines[index + 1].page != lines[index].page
    return before and after


def text_blocks(lines: tuple[Line, ...], used: set[int]) -> list[TextBlock]:
    """The body: unused lines grouped between blank lines, never across a page break."""
    blocks: list[TextBlock] = []
    group: list[int] = []

    def close() -> None:
        if group:
            text, starts, offset = [], [], 0
            for i in group:
                starts.append((offset, lines[i].number))
                text.append(lines[i].text)
                offset += len(lines[i].text) + 1
            first = group[0]
            heading = len(group) == 1 and is_heading(lines, first)
            blocks.append(TextBlock(" ".join(text), tuple(starts), lines[first].page, first, heading))
            group.clear()

    for index, line in enumerate(lines):
        if index in used or not line.text or (group and lines[group[-1]].page != line.page):
            close()
        if index not in used and line.text:
            group.append(index)
    close()
    return blocks


def call_candidates(block: TextBlock) -> list[Call]:
    found: list[Call] = []
    for match in CALL.finditer(block.text):
        start, score = call_shape(block.text, match.start())
        if score:
            line = block.line_at(match.start())
            found.append(Call(int(match.group(1)), start, match.end(), score, line))
    return found


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


def find_calls(blocks: list[TextBlock], labels: list[Label]) -> tuple[list[TextBlock], dict[int, Call]]:
    """The calls: in reading order, numbers increasing, each before its label; most, then likeliest."""
    if not labels:
        return blocks, {}
    low, high = labels[0].number - LABEL_GAP, labels[-1].number + LABEL_GAP
    deadline = label_deadlines(labels, low, high)
    candidates: list[tuple[int, Call]] = []
    for b, block in enumerate(blocks):
        if not block.heading:
            candidates.extend(
                (b, c)
                for c in call_candidates(block)
                if low <= c.number <= high and block.index < deadline[c.number]
            )
    chosen = longest_increasing(candidates, low, high)
    by_block: dict[int, list[Call]] = {}
    for b, call in chosen:
        by_block.setdefault(b, []).append(call)
    blocks = [replace(block, calls=tuple(by_block.get(b, ()))) for b, block in enumerate(blocks)]
    return blocks, {call.number: call for _, call in chosen}


def label_deadlines(labels: list[Label], low: int, high: int) -> dict[int, int]:
    """For each number, the line its call must come before: its label's, or the next label's."""
    at = {label.number: label.index for label in labels}
    deadline: dict[int, int] = {}
    limit = 1 << 60
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


def recover_note_text(
    blocks: list[TextBlock], notes: dict[int, NoteText], calls: dict[int, Call], repairs: list[Finding]
) -> tuple[list[TextBlock], dict[int, NoteText]]:
    """The block just before a page's first label, when it is a note's text rather than body:
    the text of a note whose label was lost, or a note continued from the previous page."""
    notes = dict(notes)
    kept: list[TextBlock] = []
    firsts = first_labels_by_page(notes)
    for k, block in enumerate(blocks):
        first = firsts.get(block.page)
        nxt = blocks[k + 1] if k + 1 < len(blocks) else None
        last_before = (
            first is not None
            and block.index < first.index
            and (nxt is None or nxt.index > first.index or nxt.page != block.page)
        )
        if not last_before or block.calls or block.heading or first is None:
            kept.append(block)
            continue
        lost = first.number - 1
        previous = notes.get(lost)
        if previous is None and lost in calls and calls[lost].line < block.line:
            notes[lost] = NoteText(lost, (block.text,), block.line, block.page, block.index)
            repairs.append(
                Finding(
                    block.line,
                    f"note {lost} had lost its label: its text is the paragraph before note {first.number}",
                )
            )
        elif previous is not None and previous.page < block.page and continues(previous, block.text):
            notes[lost] = replace(previous, pieces=(*previous.pieces, block.text))
            repairs.append(
                Finding(block.line, f"joined the rest of note {lost}, continued from the previous page")
            )
        else:
            kept.append(block)
    return kept, notes


def first_labels_by_page(notes: dict[int, NoteText]) -> dict[int, NoteText]:
    firsts: dict[int, NoteText] = {}
    for note in sorted(notes.values(), key=lambda n: n.index):
        firsts.setdefault(note.page, note)
    return firsts


def continues(note: NoteText, text: str) -> bool:
    """Whether `text` reads as the rest of `note`: it starts in lower case, or the note broke off."""
    ending = " ".join(p for p in note.pieces if p).rstrip()
    unfinished = bool(ending) and not (
        ending[-1] in TERMINAL + ")]'\"’”" or ending[-1].isdigit() or ending.endswith("url")
    )
    return text[:1].islower() or unfinished


def join_pages(blocks: list[TextBlock], repairs: list[Finding]) -> list[TextBlock]:
    """A paragraph that breaks off at the end of a page goes on with the next page's first one."""
    joined: list[TextBlock] = []
    for block in blocks:
        previous = joined[-1] if joined else None
        if (
            previous is not None
            and previous.page < block.page
            and not previous.heading
            and not block.heading
            and previous.without_calls().rstrip()[-1:] not in TERMINAL
        ):
            shift = len(previous.text) + 1
            joined[-1] = TextBlock(
                previous.text + " " + block.text,
                previous.starts + tuple((o + shift, n) for o, n in block.starts),
                block.page,
                previous.index,
                False,
                previous.calls
                + tuple(replace(c, start=c.start + shift, end=c.end + shift) for c in block.calls),
            )
            repairs.append(Finding(block.line, "joined a paragraph across a page break"))
        else:
            joined.append(block)
    return joined


def check_pairs(notes: dict[int, NoteText], calls: dict[int, Call], doubts: list[Finding]) -> None:
    for number, call in sorted(calls.items()):
        if number not in notes:
            message = f"call {number} has no note: left as text; the notes after it print renumbered"
            doubts.append(Finding(call.line, message))
    for number, note in sorted(notes.items()):
        if number not in calls:
            doubts.append(
                Finding(note.line, f"note {number} is not called from the text: kept, but it will not print")
            )
        if not any(note.pieces):
            doubts.append(Finding(note.line, f"note {number} has no text"))


def to_block(block: TextBlock, notes: dict[int, NoteText]) -> Block:
    if block.heading:
        match = HEADING.match(block.text)
        assert match is not None
        return Heading(match.group(1).rstrip(".").count(".") + 1, block.text, block.line)
    parts: list[str | int] = []
    done = 0
    for call in block.calls:
        if call.number not in notes:
            continue
        parts.extend([block.text[done : call.start], call.number])
        done = call.end
    parts.append(block.text[done:])
    return Paragraph(tuple(p for p in parts if p != ""), block.line)
