"""Every word of a section file reaches the model, or the load fails at the line where it stops.

The verifier proves the outputs against the model; this proves the model against the file. It
counts the words of the source text (letters and digits; Markdown's own syntax set aside: note
labels, a source's key, a link's address, entities, reference definitions) and the words the
model's blocks and notes hold. A word the file has more often than the model was dropped on
the way (markdown-it stops nesting lists and quotes at its limit and drops the rest without a
word): the error names its line, the occurrence that did not arrive.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator

from folio.errors import Diagnostic, SourceLocation
from folio.model import Block, Figure, Note, plain_text, tables_and_figures, text_blocks

WORD = re.compile(r"[^\W_]+")
# Markdown's syntax, blanked in a section's whole text at once (one pass of each pattern: a pass
# for each line, or one alternation of them all, was most of the check's time, as none could be
# found by a fast scan for its first character). None reaches over a line's end but a reference
# definition (no other class or lookahead holds "\n"), so each finds what it finds in each line
# alone; what holds at a line's start starts with the "\n" before it (the text is read with one
# more at its start). Their order blanks what one alternation would: a caption holds at a line's
# start, where none of the others can begin, and holds none of their first characters;
# "fig-alt=" goes last (inside a link's address it goes with the address), where the space left
# before it is no letter, as what was there was not. `tests/load/test_completeness.py` holds this
# to each line alone with one alternation.
REFERENCE_DEFINITION = re.compile(r"\n {0,3}\[(?!\^)[^\]]+\]:\s*\S.*$", re.MULTILINE)  # [ref]: https://...
LIST_NUMBER = re.compile(r"\n[ \t>]*\d{1,9}[.)](?=\s|$)")  # an ordered list's "3." marks, it is no word
# Pandoc's table caption, "Table: ...", in a quote too
CAPTION = re.compile(r"\n(?:[^\S\n]|>)*(?:table)?:(?=[^\S\n])", re.IGNORECASE)
SYNTAX = re.compile(
    r"\[\^[^\]\s]+\]:?"  # a note's label, called [^505] or defined [^505]:
    r"|\]\[[^\]\n]*\]"  # the [key] of a source link [url][key]
    r"|\]\([^)\n]*\)"  # the (address "title") of a link [text](address)
    r"|<[a-z][a-z0-9+.-]*:[^\s<>]*>"  # an autolink <https://...>: its text is shown normalised
    r"|&(?:#[0-9]+|#x[0-9a-f]+|[a-z][a-z0-9]*);"  # an entity: &amp; is the character &
    r"|\((?:c|r|tm|p)\)"  # typographer's replacements: (c) is ©
    r"|\{#[^}\s]*\}"  # a heading's own id, Pandoc's {#id}
    r"|\{[^\S\n]*#[A-Za-z][\w.:-]*",  # a figure's {#fig-id fig-alt="..."}: its alt text counts
    re.IGNORECASE,
)
FIGURE_ALT = re.compile(r"\bfig-alt=", re.IGNORECASE)
HAS_FIGURE_ALT = re.compile(r"=(?<=\bfig-alt=)", re.IGNORECASE)  # the same, found by its "="
NOTE_DEFINITION = re.compile(r"^ {0,3}\[\^([^\]\s]+)\]:")


def lost_words(
    text: str, shown: str, *, blocks: Iterable[Block], notes: Iterable[Note], left_out: set[str]
) -> Iterator[Diagnostic]:
    """An error at the first place where the file's words stop reaching the model, if any.

    `left_out`: labels of notes the file defines but never calls (a warning of their own)."""
    kept = Counter(WORD.findall(model_text(blocks, notes)))
    readable = readable_text(without_notes(text, left_out))
    # Counted first in one pass; the words' places are looked for only when some are missing.
    if all(kept[word] >= count for word, count in Counter(WORD.findall(readable)).items()):
        return
    occurrences: dict[str, list[tuple[int, int]]] = {}  # word -> (line, position) of each
    for position, (word, line) in enumerate(words_by_line(readable)):
        occurrences.setdefault(word, []).append((line, position))
    missing = [(places[kept[word]], word) for word, places in occurrences.items() if len(places) > kept[word]]
    (line, _), word = min(missing)
    count = sum(len(occurrences[w]) - kept[w] for _, w in missing)
    yield Diagnostic(
        f"{count} word(s) of this file did not reach the book, from '{word}' on this line: a construct "
        "folio cannot hold (lists or quotes nested too deep?); write it flatter",
        SourceLocation(shown, line),
    )


def readable_text(text: str) -> str:
    """The text with Markdown's syntax blanked: what is left are the words a reader should see
    (line numbers kept)."""
    text = REFERENCE_DEFINITION.sub("\n", "\n" + text)
    text = SYNTAX.sub(" ", CAPTION.sub("\n ", LIST_NUMBER.sub("\n", text)))
    if HAS_FIGURE_ALT.search(text):
        text = FIGURE_ALT.sub(" ", text)
    return text[1:]


def words_by_line(readable: str) -> Iterator[tuple[str, int]]:
    """Each word of `readable_text`, with its line."""
    for number, line in enumerate(readable.split("\n"), start=1):
        for word in WORD.findall(line):
            yield word, number


def model_text(blocks: Iterable[Block], notes: Iterable[Note]) -> str:
    """The text the model's blocks and notes hold, one line each (a word never runs on from one
    into the next)."""
    blocks = tuple(blocks)
    texts = [plain_text(block.inlines) for block in text_blocks(blocks)]
    # the EPUB shows a figure's alt text in the image's place
    texts += [figure.alt for figure in tables_and_figures(blocks) if isinstance(figure, Figure)]
    texts += [plain_text(paragraph.inlines) for note in notes for paragraph in note.blocks]
    return "\n".join(texts)


def without_notes(text: str, labels: set[str]) -> str:
    """The text with the definitions of `labels` blanked (line numbers kept)."""
    if not labels:
        return text
    lines = text.split("\n")
    index = 0
    while index < len(lines):
        match = NOTE_DEFINITION.match(lines[index])
        if match is None or match.group(1) not in labels:
            index += 1
            continue
        end = definition_end(lines, index)
        lines[index:end] = [""] * (end - index)
        index = end
    return "\n".join(lines)


def definition_end(lines: list[str], start: int) -> int:
    """The line after a note definition: it runs on through lazy and indented lines, and past a
    blank line only into an indented one (a further paragraph of the note)."""
    index = start + 1
    while index < len(lines):
        line = lines[index]
        if NOTE_DEFINITION.match(line):
            return index
        if not line.strip():
            following = next((next_line for next_line in lines[index + 1 :] if next_line.strip()), "")
            if not following.startswith(("    ", "\t")):
                return index
        index += 1
    return index
