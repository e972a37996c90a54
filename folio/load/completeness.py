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
SYNTAX = re.compile(
    r"\[\^[^\]\s]+\]:?"  # a note's label, called [^505] or defined [^505]:
    r"|\]\[[^\]]*\]"  # the [key] of a source link [url][key]
    r"|\]\([^)]*\)"  # the (address "title") of a link [text](address)
    r"|<[a-z][a-z0-9+.-]*:[^\s<>]*>"  # an autolink <https://...>: its text is shown normalised
    r"|&(?:#[0-9]+|#x[0-9a-f]+|[a-z][a-z0-9]*);"  # an entity: &amp; is the character &
    r"|\((?:c|r|tm|p)\)"  # typographer's replacements: (c) is ©
    r"|\{#[^}\s]*\}"  # a heading's own id, Pandoc's {#id}
    r"|^[\s>]*(?:table)?:(?=\s)"  # Pandoc's table caption, "Table: ...", in a quote too
    r"|\{\s*#[A-Za-z][\w.:-]*|\bfig-alt=",  # a figure's {#fig-id fig-alt="..."}: its alt text counts
    re.IGNORECASE,
)
LIST_NUMBER = re.compile(r"^[ \t>]*\d{1,9}[.)](?=\s|$)")  # an ordered list's "3." marks, it is no word
REFERENCE_DEFINITION = re.compile(r"^ {0,3}\[(?!\^)[^\]]+\]:\s*\S.*$", re.MULTILINE)
NOTE_DEFINITION = re.compile(r"^ {0,3}\[\^([^\]\s]+)\]:")


def lost_words(
    text: str, shown: str, *, blocks: Iterable[Block], notes: Iterable[Note], left_out: set[str]
) -> Iterator[Diagnostic]:
    """An error at the first place where the file's words stop reaching the model, if any.

    `left_out`: labels of notes the file defines but never calls (a warning of their own)."""
    kept = Counter(model_words(blocks, notes))
    occurrences: dict[str, list[tuple[int, int]]] = {}  # word -> (line, position) of each
    for position, (word, line) in enumerate(source_words(without_notes(text, left_out))):
        occurrences.setdefault(word, []).append((line, position))
    missing = [(places[kept[word]], word) for word, places in occurrences.items() if len(places) > kept[word]]
    if not missing:
        return
    (line, _), word = min(missing)
    count = sum(len(occurrences[w]) - kept[w] for _, w in missing)
    yield Diagnostic(
        f"{count} word(s) of this file did not reach the book, from '{word}' on this line: a construct "
        "folio cannot hold (lists or quotes nested too deep?); write it flatter",
        SourceLocation(shown, line),
    )


def source_words(text: str) -> Iterator[tuple[str, int]]:
    """Each word of the text a reader should see, with its line."""
    text = REFERENCE_DEFINITION.sub("", text)
    for number, line in enumerate(text.split("\n"), start=1):
        for word in WORD.findall(SYNTAX.sub(" ", LIST_NUMBER.sub("", line))):
            yield word, number


def model_words(blocks: Iterable[Block], notes: Iterable[Note]) -> Iterator[str]:
    blocks = tuple(blocks)
    for block in text_blocks(blocks):
        yield from WORD.findall(plain_text(block.inlines))
    for figure in tables_and_figures(blocks):
        if isinstance(figure, Figure):
            yield from WORD.findall(figure.alt)  # the EPUB shows it in the image's place
    for note in notes:
        for paragraph in note.blocks:
            yield from WORD.findall(plain_text(paragraph.inlines))


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
