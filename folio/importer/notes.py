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

from dataclasses import replace

from folio.importer.calls import find_calls, label_runs, unpaired_calls
from folio.importer.clean import Finding, Line
from folio.importer.labels import choose_labels, label_candidates, note_texts, numbered_through
from folio.importer.records import (
    BodyRun,
    Call,
    FoundNote,
    ImportedBlock,
    ImportedHeading,
    ImportedParagraph,
    Label,
    NoteText,
    Recognised,
)
from folio.importer.shapes import DATE_REST, HEADING, QUOTES, TERMINAL, is_heading


def recognise_notes(lines: tuple[Line, ...], *, cells: frozenset[int] = frozenset()) -> Recognised:
    """Body blocks with their calls, and the notes, from the cleaned lines. Notes numbered again
    from 1 (per chapter, per page) are read so only when that pairs more notes with calls than
    one run of numbers does: a numbered list after the notes is no second run. `cells`: the raw
    lines that are a table's cells (a PDF's layout shows them): each a block of its own, never a
    note's label or text, a heading, or the rest of a paragraph from the page before."""
    candidates = [c for c in label_candidates(lines) if lines[c.index].number not in cells]
    plain = recognise(lines, candidates, restarts=False, cells=cells)
    if sum(label.number == 1 for label in candidates) < 2:
        return plain  # nothing starts again from 1
    restarted = recognise(lines, candidates, restarts=True, cells=cells)
    return restarted if len(restarted.notes) > len(plain.notes) else plain


def recognise(
    lines: tuple[Line, ...], candidates: list[Label], *, restarts: bool, cells: frozenset[int]
) -> Recognised:
    repairs: list[Finding] = []
    doubts: list[Finding] = []
    labels = choose_labels(candidates, restarts=restarts)
    notes, _ = note_texts(lines, labels)
    if any(not any(notes[label.number].pieces) for label in labels):  # a number with no text after it
        labels = [label for label in labels if any(notes[label.number].pieces)]
    labels, stops, blocks, calls, continued = called_labels(lines, labels, doubts, cells)
    doubts.extend(restart_doubts(labels, lines))
    notes, _ = note_texts(lines, labels, stops)
    notes = join_continued(notes, continued, lines, repairs)
    labelled = set(notes)
    blocks, notes = recover_note_text(blocks, notes, calls, repairs)
    blocks = join_pages(blocks, repairs)
    check_pairs(notes, calls, doubts)
    doubts.extend(unpaired_calls(blocks, calls))
    body = tuple(to_block(block, notes) for block in blocks)
    found = tuple(
        FoundNote(n.number, " ".join(p for p in n.pieces if p), n.line)
        for n in sorted(notes.values(), key=lambda n: n.number)
    )
    restored = tuple(n for n in notes if n not in labelled)
    renumbered = (
        *((call.printed, n) for n, call in calls.items() if call.printed and n in notes),
        *((label.printed, label.number) for label in labels if label.printed),
    )
    ordered = tuple(sorted(doubts, key=lambda f: f.line or 0))
    return Recognised(body, found, tuple(repairs), ordered, restored, renumbered)


def called_labels(
    lines: tuple[Line, ...], labels: list[Label], doubts: list[Finding], cells: frozenset[int]
) -> tuple[list[Label], frozenset[int], list[BodyRun], dict[int, Call], dict[int, tuple[int, ...]]]:
    """The labels something calls, the lines where a numbered block nothing calls begins, the
    body, the calls, and the lines that go on with a note from the page before (by the line of
    its label). A numbered block nothing calls stays body text, with a doubt (a note that would
    not print is text lost); one that begins inside a line goes back to the note before it."""
    stops: frozenset[int] = frozenset()
    continued: dict[int, tuple[int, ...]] = {}
    while True:
        notes, used = note_texts(lines, labels, stops)
        continued = {
            at: group for at, group in continued.items() if any(n.index == at for n in notes.values())
        }
        rest = {index for group in continued.values() for index in group}
        pages = {label.number: lines[label.index].page for label in labels}
        blocks, calls = find_calls(body_runs(lines, used | rest, cells), labels, pages)
        if more := continued_notes(blocks, notes, calls, set(continued)):
            continued |= more  # its numbers are no calls: find them again without it
            continue
        uncalled = [label for label in labels if label.number not in calls]
        if not uncalled:
            return labels, stops, blocks, calls, continued
        called = {label.number - label.shown for label in labels if label.number in calls}
        # A run that starts again from 1 was a guess: if nothing calls any of it, it is text.
        unconfirmed = [label for label in uncalled if label.number - label.shown not in called]
        uncalled = [label for label in uncalled if label not in unconfirmed]
        labels = renumber([label for label in labels if label.number in calls])
        dropped = (*uncalled, *unconfirmed)
        stops |= {label.index for label in dropped if label.start == 0 and label.strength >= 2}
        for label in uncalled:
            message = f"'{label.shown}' could start note {label.shown}, but nothing calls it: kept as text"
            doubts.append(Finding(lines[label.index].number, message))


def renumber(labels: list[Label]) -> list[Label]:
    """Folio's numbers again, after some labels were dropped: each run goes on from the last."""
    runs = [label.number - label.shown for label in labels]
    return numbered_through(
        [
            (replace(label, number=label.shown, printed=0), k > 0 and runs[k] != runs[k - 1])
            for k, label in enumerate(labels)
        ]
    )


def restart_doubts(labels: list[Label], lines: tuple[Line, ...]) -> list[Finding]:
    """One doubt for each run of notes numbered again from 1: folio numbers them through."""
    found: list[Finding] = []
    for offset, first, last in label_runs(labels):
        if offset:
            at = next(label for label in labels if label.number == offset + first)
            message = (
                f"note numbers start again from {first} here (printed {first}–{last}): numbered "
                f"through as {offset + first}–{offset + last}"
            )
            found.append(Finding(lines[at.index].number, message))
    return found


def body_runs(lines: tuple[Line, ...], used: set[int], cells: frozenset[int]) -> list[BodyRun]:
    """The body: unused lines grouped between blank lines, never across a page break; a table's
    cell (its first line in `cells`) is never a heading."""
    blocks: list[BodyRun] = []
    group: list[int] = []

    def close() -> None:
        if group:
            text, starts, offset = [], [], 0
            for i in group:
                starts.append((offset, lines[i].number))
                text.append(lines[i].text)
                offset += len(lines[i].text) + 1
            first = group[0]
            cell = lines[first].number in cells
            heading = len(group) == 1 and not cell and is_heading(lines, first)
            blocks.append(
                BodyRun(" ".join(text), tuple(starts), lines[first].page, first, heading, cell=cell)
            )
            group.clear()

    for index, line in enumerate(lines):
        if index in used or not line.text or (group and lines[group[-1]].page != line.page):
            close()
        if index not in used and line.text:
            group.append(index)
    close()
    return blocks


def continued_notes(
    blocks: list[BodyRun], notes: dict[int, NoteText], calls: dict[int, Call], done: set[int]
) -> dict[int, tuple[int, ...]]:
    """The block just before a page's first note that reads as the rest of the note before it
    (the last of an earlier page, not one of the `done`): its lines, by the line of the label of
    the note they go on with. It starts in lower case or finishes the date the note broke off
    in; or the note broke off anywhere and the block calls nothing."""
    found: dict[int, tuple[int, ...]] = {}
    firsts = first_labels_by_page(notes)
    for k, block in enumerate(blocks):
        first = firsts.get(block.page)
        nxt = blocks[k + 1] if k + 1 < len(blocks) else None
        if first is None or block.heading or block.cell or block.index > first.index:
            continue
        if nxt is not None and nxt.page == block.page and nxt.index < first.index:
            continue  # not the last block before the notes
        previous = notes.get(first.number - 1)
        if previous is None or previous.page >= block.page or previous.index in done:
            continue
        if calls.get(first.number) in block.calls:
            continue  # the page's body: it calls the page's first note
        if continues(previous, block.text, called=bool(block.calls)):
            found[previous.index] = tuple(range(block.index, block.index + len(block.starts)))
    return found


def join_continued(
    notes: dict[int, NoteText],
    continued: dict[int, tuple[int, ...]],
    lines: tuple[Line, ...],
    repairs: list[Finding],
) -> dict[int, NoteText]:
    """The notes with the lines that go on with them on the next page."""
    joined = dict(notes)
    for note in notes.values():
        group = continued.get(note.index, ())
        if group:
            joined[note.number] = replace(note, pieces=(*note.pieces, *(lines[i].text for i in group)))
            message = f"joined the rest of note {note.number}, continued from the previous page"
            repairs.append(Finding(lines[group[0]].number, message))
    return joined


def recover_note_text(
    blocks: list[BodyRun], notes: dict[int, NoteText], calls: dict[int, Call], repairs: list[Finding]
) -> tuple[list[BodyRun], dict[int, NoteText]]:
    """The block just before a page's first label, when it is a note's text rather than body:
    the text of a note whose label was lost (the one before the page's first is called, but
    has no label)."""
    notes = dict(notes)
    kept: list[BodyRun] = []
    firsts = first_labels_by_page(notes)
    for k, block in enumerate(blocks):
        first = firsts.get(block.page)
        nxt = blocks[k + 1] if k + 1 < len(blocks) else None
        last_before = (
            first is not None
            and block.index < first.index
            and (nxt is None or nxt.index > first.index or nxt.page != block.page)
        )
        if not last_before or block.calls or block.heading or block.cell or first is None:
            kept.append(block)
            continue
        lost = first.number - 1
        if lost not in notes and lost in calls and calls[lost].line < block.line:
            notes[lost] = NoteText(lost, (block.text,), block.line, block.page, block.index)
            repairs.append(
                Finding(
                    block.line,
                    f"note {lost} had lost its label: its text is the paragraph before note {first.number}",
                )
            )
        else:
            kept.append(block)
    return kept, notes


def first_labels_by_page(notes: dict[int, NoteText]) -> dict[int, NoteText]:
    firsts: dict[int, NoteText] = {}
    for note in sorted(notes.values(), key=lambda n: n.index):
        firsts.setdefault(note.page, note)
    return firsts


def continues(note: NoteText, text: str, *, called: bool) -> bool:
    """Whether `text` reads as the rest of `note`: it starts in lower case, or finishes a date
    cut by the page break (a day's number, then "January 2025"); or, when `text` calls no note,
    the note broke off (no full stop, no closing number or "url")."""
    ending = " ".join(p for p in note.pieces if p).rstrip()
    unfinished = bool(ending) and not (
        ending[-1] in TERMINAL + QUOTES or ending[-1].isdigit() or ending.endswith("url")
    )
    cut_date = ending[-1:].isdigit() and DATE_REST.match(text) is not None
    return text[:1].islower() or cut_date or (unfinished and not called)


def join_pages(blocks: list[BodyRun], repairs: list[Finding]) -> list[BodyRun]:
    """A paragraph that breaks off at the end of a page goes on with the next page's first one."""
    joined: list[BodyRun] = []
    for block in blocks:
        previous = joined[-1] if joined else None
        if (
            previous is not None
            and previous.page < block.page
            and not previous.heading
            and not block.heading
            and not previous.cell
            and not block.cell
            and previous.without_calls().rstrip().rstrip(QUOTES)[-1:] not in TERMINAL
        ):
            shift = len(previous.text) + 1
            joined[-1] = BodyRun(
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


def to_block(block: BodyRun, notes: dict[int, NoteText]) -> ImportedBlock:
    if block.heading:
        match = HEADING.match(block.text)
        assert match is not None
        return ImportedHeading(match.group(1).rstrip(".").count(".") + 1, block.text, block.line)
    parts: list[str | int] = []
    done = 0
    for call in block.calls:
        if call.number not in notes:
            continue
        parts.extend([block.text[done : call.start], call.number])
        done = call.end
    parts.append(block.text[done:])
    return ImportedParagraph(tuple(p for p in parts if p != ""), block.line)
