"""The shapes of numbers in extracted text: what starts a note, what a call looks like, which
words make the number after them a quantity, a date or a page, and what a heading looks like."""

from __future__ import annotations

import re

from folio.importer.clean import Line, word_set

# A note's label: "12", "[12]", "(12)" or "12)", read by `label_number`.
LABEL = r"(?:\[(?P<b>\d{1,5})\]|\((?P<p>\d{1,5})\)|(?P<n>\d{1,5})\)?)"
ALONE = re.compile(rf"^{LABEL}$")
MONTH_NAMES = "January|February|March|April|May|June|July|August|September|October|November|December"
DATE_REST = re.compile(rf"(?:{MONTH_NAMES}) \d{{4}}\b")
# A number then text starts a note, unless it is a date ("3 January 2000" wrapped onto a new line).
START = re.compile(rf"^{LABEL} (?=[^\d\s])(?!(?:{MONTH_NAMES})\b)")
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
QUOTES = ")]'\"’”"  # what may close a sentence after its full stop: 'conflict.”' ends it
LABEL_GAP = 3  # a run of labels may skip this many numbers (a lost label), at a cost
GAP_COST = 1
RESTART_COST = 1  # a run of labels that starts again from 1 costs this (a call must confirm it)


def after_number_word(text: str, start: int) -> bool:
    """Whether the word before `start` makes a number there a quantity, date or page ("No. 5")."""
    words = text[:start].split()
    return bool(words) and words[-1].strip(CLOSERS + "([").lower() in NUMBER_WORDS


def label_number(match: re.Match[str]) -> int:
    return int(match["b"] or match["p"] or match["n"])


def label_at(number: int) -> str:
    """The pattern of label `number` in any of its shapes."""
    return rf"(?:\[{number}\]|\({number}\)|{number}\)?)"


def is_heading(lines: tuple[Line, ...], index: int) -> bool:
    """A numbered heading ("3.2. Russia") alone between blank lines."""
    text = lines[index].text
    if not HEADING.match(text) or text[-1] in ".,;":
        return False
    before = index == 0 or not lines[index - 1].text or lines[index - 1].page != lines[index].page
    after = index + 1 >= len(lines) or not lines[index + 1].text or lines[index + 1].page != lines[index].page
    return before and after
