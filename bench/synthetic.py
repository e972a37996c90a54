"""Synthetic publications for benchmarks and tests: a seeded, deterministic report of N notes.

`generate_publication(folder, notes=N)` writes a publication in the content format
(publication.yaml, sources.yaml, sections/*.md) that reads like a country-of-origin report:
many sections with sub-headings (with `chapters`, the sections are grouped into that many
chapters: each chapter's first section has a level-1 heading, which print.css starts on a new
page, as a report's chapters are), prose sentences of 10 to 30 words, a citation note every 40
to 60 words (as the sample does), most notes citing a source from sources.yaml (some with an
address, some still without), now and then a note called a second time. The same seed and N
always give the same bytes, so timings and tests compare like with like.
"""

from __future__ import annotations

import calendar
import random
from dataclasses import dataclass
from pathlib import Path

NOTES_PER_SECTION = 20  # a section of a real report: 2 to 3 printed pages

ACTORS = (
    "the transitional authorities",
    "the caretaker government",
    "Russian forces",
    "the Syrian Democratic Forces",
    "local armed groups",
    "the Ministry of Interior",
    "humanitarian organisations",
    "the United Nations",
    "several sources",
    "Turkish-backed factions",
    "the new security apparatus",
    "tribal leaders in the east",
    "returnees from Lebanon",
    "the Kurdish-led administration",
    "civil society groups",
    "international observers",
)
VERBS = (
    "reportedly withdrew from",
    "announced a new policy on",
    "continued to operate in",
    "negotiated with representatives of",
    "expressed concern about conditions in",
    "documented arrests in",
    "established checkpoints around",
    "restricted movement between",
    "provided assistance to displaced people in",
    "were accused of abuses in",
    "reached an agreement concerning",
    "increased their presence in",
)
PLACES = (
    "Damascus",
    "Aleppo",
    "Homs",
    "Hama",
    "Latakia",
    "Tartous",
    "Idlib",
    "Deir Ez-Zor",
    "Raqqa",
    "Qamishli",
    "Daraa",
    "Suwayda",
    "the coastal region",
    "the Alawite Mountains",
    "the north-east",
    "the Euphrates valley",
)
TIMES = (
    "In December 2024",
    "By mid-January 2025",
    "As of early 2025",
    "Following the fall of the former government",
    "Later that month",
    "During the reference period",
    "According to a report published in February 2025",
    "Since late 2024",
)
CLAUSES = (
    "although the extent of the change could not be independently verified",
    "while access for independent monitors remained limited",
    "a development that sources described as largely reactive",
    "which affected both residents and internally displaced persons",
    "amid reports of sporadic clashes and unclear lines of command",
    "despite earlier assurances given to the population",
    "as economic conditions continued to deteriorate",
    "with consequences for freedom of movement and access to services",
)
TOPICS = (
    "Security situation",
    "Freedom of movement",
    "Treatment of returnees",
    "Detention and arrests",
    "Humanitarian access",
    "Military presence",
    "Civil documentation",
    "Housing, land and property",
    "Minority groups",
    "Checkpoints and controls",
)
PUBLISHERS = (
    ("AP", "ap"),
    ("Reuters", "reuters"),
    ("Enab Baladi", "enab-baladi"),
    ("Syria Direct", "syria-direct"),
    ("Carnegie Endowment for International Peace", "carnegie"),
    ("ISW and CTP", "isw-ctp"),
    ("UN OCHA", "ocha"),
    ("Human Rights Watch", "hrw"),
    ("Amnesty International", "amnesty"),
    ("SNHR", "snhr"),
    ("Al Jazeera", "al-jazeera"),
    ("The New Arab", "new-arab"),
)
MONTHS = tuple(calendar.month_name)[1:]  # "January" ... "December" (the C locale)


@dataclass(frozen=True, slots=True)
class Synthetic:
    """What was written: the content folder and the figures a benchmark reports."""

    content: Path
    sections: int
    notes: int
    words: int
    sources: int


@dataclass(frozen=True, slots=True)
class SourceEntry:
    key: str
    publisher: str
    title: str
    url: str | None


def generate_publication(
    folder: Path,
    *,
    notes: int,
    seed: int = 2025,
    first_note: int = 1,
    first_page: int = 1,
    notes_per_section: int = NOTES_PER_SECTION,
    front: bool = False,
    chapters: int = 0,
) -> Synthetic:
    """Write a publication of exactly `notes` notes into `folder` (created) and describe it;
    with `front`, its publication.yaml also gives what the front prints beyond the title page
    and legal notice folio always makes: an ISBN and a DOI, and a contents three levels deep;
    `chapters` > 0 groups its sections into that many page-starting chapters of about equal
    length (fewer when there are fewer sections)."""
    if notes < 1:
        raise ValueError("a synthetic publication needs at least one note")
    rng = random.Random(f"{seed}-{notes}")
    sources = make_sources(rng, count=max(4, notes // 6))
    (folder / "sections").mkdir(parents=True, exist_ok=True)
    names: list[str] = []
    words = 0
    number = first_note
    remaining = notes
    index = 0
    total = -(-notes // notes_per_section)  # sections
    chapter_of = [number * chapters // total for number in range(total)] if chapters > 0 else []
    while remaining > 0:
        index += 1
        count = min(notes_per_section, remaining)
        starts_chapter = bool(chapter_of) and (index == 1 or chapter_of[index - 1] != chapter_of[index - 2])
        level = 1 if starts_chapter else 2
        text, section_words = section_markdown(
            rng, index=index, first=number, count=count, sources=sources, level=level
        )
        name = f"sections/{index:04d}-{slug(TOPICS[index % len(TOPICS)])}.md"
        (folder / name).write_text(text, encoding="utf-8")
        names.append(name)
        words += section_words
        number += count
        remaining -= count
    (folder / "sources.yaml").write_text(sources_yaml(sources), encoding="utf-8")
    (folder / "publication.yaml").write_text(
        publication_yaml(names, notes=notes, seed=seed, first_note=first_note, first_page=first_page)
        + (FRONT_FIELDS.format(notes=notes) if front else ""),
        encoding="utf-8",
    )
    return Synthetic(folder, len(names), notes, words, len(sources))


def slug(text: str) -> str:
    return "-".join("".join(ch.lower() if ch.isalnum() else " " for ch in text).split())


def make_sources(rng: random.Random, *, count: int) -> list[SourceEntry]:
    sources = []
    for index in range(count):
        publisher, stem = PUBLISHERS[index % len(PUBLISHERS)]
        day, month = rng.randint(1, 28), rng.randint(1, 12)
        key = f"{stem}-2025-{month:02d}-{day:02d}-{index}"
        title = sentence_title(rng)
        # About a third of the addresses are still unknown, as in a report being edited.
        url = None if rng.random() < 0.33 else f"https://example.org/{stem}/{2025}/{month:02d}/{index}"
        sources.append(SourceEntry(key, publisher, f"{title}, {day} {MONTHS[month - 1]} 2025", url))
    return sources


def sentence_title(rng: random.Random) -> str:
    return f"{rng.choice(ACTORS).capitalize()} {rng.choice(VERBS)} {rng.choice(PLACES)}"


def sentence(rng: random.Random) -> str:
    parts = [rng.choice(TIMES) + ",", rng.choice(ACTORS), rng.choice(VERBS), rng.choice(PLACES)]
    if rng.random() < 0.6:
        parts[-1] += ","
        parts.append(rng.choice(CLAUSES))
    if rng.random() < 0.3:
        parts.append(f"and {rng.choice(ACTORS)} {rng.choice(VERBS)} {rng.choice(PLACES)}")
    return " ".join(parts) + "."


def note_text(rng: random.Random, sources: list[SourceEntry]) -> str:
    """A citation: most cite a source by key (the word "url" links to it), some are comments."""
    roll = rng.random()
    if roll < 0.7:
        source = rng.choice(sources)
        return f"{source.publisher}, {source.title}, [url][{source.key}]"
    if roll < 0.85:
        first, second = rng.choice(sources), rng.choice(sources)
        return (
            f"{first.publisher}, {first.title}, [url][{first.key}]; "
            f"{second.publisher}, {second.title}, [url][{second.key}]"
        )
    day, month = rng.randint(1, 28), MONTHS[rng.randrange(12)]
    return f"Confidential source, interview conducted {day} {month} 2025; information on file."


def section_markdown(
    rng: random.Random, *, index: int, first: int, count: int, sources: list[SourceEntry], level: int = 2
) -> tuple[str, int]:
    """One section: its heading (a chapter's at `level` 1), sub-headings, paragraphs with calls,
    then the note definitions."""
    topic = TOPICS[index % len(TOPICS)]
    lines = [f"{'#' * level} {index}. {rng.choice(PLACES).capitalize()} – {topic}", ""]
    paragraph: list[str] = []
    words = 0
    since_note = 0
    gap = rng.randint(40, 60)
    numbers = list(range(first, first + count))
    called: list[int] = []
    subsection = 0
    while numbers or paragraph:
        if not numbers:
            lines += [" ".join(paragraph), ""]
            break
        text = sentence(rng)
        size = len(text.split())
        words += size
        since_note += size
        if since_note >= gap:
            number = numbers.pop(0)
            called.append(number)
            text = text[:-1] + f".[^{number}]"
            if len(called) > 3 and rng.random() < 0.04:
                text += f" This was also noted elsewhere.[^{called[-3]}]"  # a note called twice
            since_note, gap = 0, rng.randint(40, 60)
        paragraph.append(text)
        if len(paragraph) >= rng.randint(4, 7):
            lines += [" ".join(paragraph), ""]
            paragraph = []
            if numbers and rng.random() < 0.15:
                subsection += 1
                lines += [f"### {index}.{subsection}. {TOPICS[rng.randrange(len(TOPICS))]}", ""]
    for number in range(first, first + count):
        lines += [f"[^{number}]: {note_text(rng, sources)}", ""]
    return "\n".join(lines), words


def sources_yaml(sources: list[SourceEntry]) -> str:
    lines = ["# Generated by bench/synthetic.py: cited sources, one per key."]
    for source in sources:
        lines += [
            f"{source.key}:",
            f'  title: "{source.publisher}, {source.title}"',
            f"  url: {source.url or ''}".rstrip(),
        ]
    return "\n".join(lines) + "\n"


FRONT_FIELDS = """isbn: 978-0-306-40615-7
doi: 10.5555/folio-bench-{notes}
contents_depth: 3
"""


def publication_yaml(names: list[str], *, notes: int, seed: int, first_note: int, first_page: int) -> str:
    listed = "\n".join(f"  - {name}" for name in names)
    return f"""# Generated by bench/synthetic.py (seed {seed}): a synthetic report of {notes} notes.
title: Synthetic Report {notes}
subtitle: Country of Origin Information Report (benchmark)
publisher: Folio Benchmark
date: 2025-03
language: en
identifier: urn:uuid:00000000-0000-4000-8000-{notes:012d}
rights: © Folio Benchmark 2025
first_note: {first_note}
first_page: {first_page}
footer: "Synthetic report for benchmarks | seed {seed}"
sources: sources.yaml
sections:
{listed}
"""
