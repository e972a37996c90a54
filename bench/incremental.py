"""The incremental route's figures: a full build, then edits built again into the same folder.

`python -m bench --incremental 1000,3000` (run by `bench.run`) generates each size's report with
chapters that start a page (level-1 headings: print.css starts them on a new page; at least
12), then times, each a `build` task in a fresh process into one output folder: the full
build (an empty folder: every part laid out), a one-word edit in a middle chapter (the word
spelled backwards: no page start moves), a sentence added there (two lines more: the
chapter's later pages start elsewhere unless the page it is added to had two lines to spare,
and then the EPUB made ahead from the last build's page starts is not taken,
`folio.epub_ahead`), a note added to that chapter (every later note's number
moves: its chapter and the later ones are laid out again), and the stylesheet changed (a copy
of styles/ with one rule more: every part laid out again). A row for each build: how many parts
were laid out of how many, whether the EPUB made ahead was taken, its wall and CPU seconds
(with its workers'), its steps (layout, writing the PDF, verifying) and the load average as it
started, since the machine may be shared. Every build verifies in full: the problems column
counts its findings.
"""

from __future__ import annotations

import shutil
import statistics
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bench.synthetic import generate_publication
from bench.tables import print_header

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = {1000: 12, 3000: 15}  # else one a 200 notes, at least 12
EDITS = ("full", "word", "sentence", "note", "style")
HEADER = (
    "| notes | chapters | pages | build | parts laid out | EPUB made ahead | wall s | CPU s | layout / "
    "PDF written / verified s | peak MiB / largest child | load average | problems |"
)
NAMES = {
    "full": "full build (empty folder)",
    "word": "one word, middle chapter",
    "sentence": "a sentence added there",
    "note": "a note added there",
    "style": "stylesheet changed",
}

Task = Callable[..., dict[str, float]]


@dataclass(frozen=True, slots=True)
class Step:
    seconds: float
    cpu: float  # the build's and its workers' CPU seconds
    load: float  # the 1-minute load average as the build started
    parts: int
    laid_out: int  # parts laid out (not reused)
    ahead: bool  # the EPUB made ahead was taken
    pages: int
    problems: int
    layout: float  # the build's step 3 (layout, in parts)
    write: float  # step 5 (the join)
    verify: float  # step 6 (the PDF checks, and waiting for EPUBCheck)
    rss: float  # peak MiB of the build's process
    children_rss: float  # and of the largest of its children (a worker, the joiner, EPUBCheck)


def chapters_for(notes: int) -> int:
    return CHAPTERS.get(notes, max(12, notes // 200))


def middle_chapter(content: Path) -> Path:
    """The first section of the chapter in the middle of the book."""
    openings = [
        p for p in sorted((content / "sections").glob("*.md")) if p.read_text(encoding="utf-8")[:2] == "# "
    ]
    return openings[len(openings) // 2]


def first_paragraph(lines: list[str]) -> int:
    return next(i for i, line in enumerate(lines) if i > 0 and line and not line.startswith(("#", "[^")))


def edit_word(content: Path, _styles: Path) -> None:
    """One word of the middle chapter's first paragraph spelled backwards."""
    path = middle_chapter(content)
    lines = path.read_text(encoding="utf-8").split("\n")
    number = first_paragraph(lines)
    word = lines[number].split()[3]
    lines[number] = lines[number].replace(f" {word} ", f" {word[::-1]} ", 1)
    path.write_text("\n".join(lines), encoding="utf-8")


def edit_sentence(content: Path, _styles: Path) -> None:
    """Thirty-one words more at the end of the middle chapter's first paragraph: two lines."""
    path = middle_chapter(content)
    lines = path.read_text(encoding="utf-8").split("\n")
    number = first_paragraph(lines)
    lines[number] += (
        " A sentence added by the benchmark, thirty-one words long, so that the paragraph it ends"
        " takes two more lines and every later page of its chapter starts somewhere else than before."
    )
    path.write_text("\n".join(lines), encoding="utf-8")


def edit_note(content: Path, _styles: Path) -> None:
    """A note called after the first sentence of the middle chapter."""
    path = middle_chapter(content)
    lines = path.read_text(encoding="utf-8").split("\n")
    number = first_paragraph(lines)
    lines[number] = lines[number].replace(". ", ".[^bench-added] ", 1)
    path.write_text("\n".join(lines) + "\n[^bench-added]: A note added by the benchmark.\n", encoding="utf-8")


def edit_style(_content: Path, styles: Path) -> None:
    with (styles / "print.css").open("a", encoding="utf-8") as css:
        css.write("\na.source { color: #1a4f85; }  /* bench: the stylesheet changed */\n")


def measure(task: Task, content: Path, scratch: Path) -> dict[str, Step]:
    """The four builds in order, each into the folder the one before built."""
    work = scratch / "work"
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(content, work / "content")
    shutil.copytree(ROOT / "styles", work / "styles")
    edits = {
        "full": None,
        "word": edit_word,
        "sentence": edit_sentence,
        "note": edit_note,
        "style": edit_style,
    }
    steps: dict[str, Step] = {}
    for name, edit in edits.items():
        if edit is not None:
            edit(work / "content", work / "styles")
        facts = task(
            "build", work / "content", work / "out", env={"FOLIO_BENCH_STYLES": str(work / "styles")}
        )
        steps[name] = Step(
            seconds=facts["seconds"],
            cpu=facts["cpu"],
            load=facts["load"],
            parts=int(facts.get("parts", 0)),
            laid_out=int(facts.get("parts", 0) - facts.get("reused", 0)),
            ahead=bool(facts.get("epub_ahead", 0.0)),
            pages=int(facts["pages"]),
            problems=int(facts["problems"]),
            layout=facts.get("step_3", 0.0),
            write=facts.get("step_5", 0.0),
            verify=facts.get("step_6", 0.0),
            rss=facts["rss_mib"],
            children_rss=facts["children_rss_mib"],
        )
    return steps


def rows(notes: int, runs: list[dict[str, Step]]) -> list[str]:
    """A row for each build, its figures the median of the runs (the parts and pages: the first's)."""
    lines = []
    for name in EDITS:
        steps = [run[name] for run in runs]
        first = steps[0]

        def median(field: str, steps: list[Step] = steps) -> float:
            return statistics.median(float(getattr(step, field)) for step in steps)

        cells = [
            f"{notes}",
            f"{chapters_for(notes)}",
            f"{first.pages}",
            NAMES[name],
            f"{first.laid_out} of {first.parts}" if first.parts else "one process",
            "yes" if first.ahead else "no",
            f"{median('seconds'):.1f}",
            f"{median('cpu'):.1f}",
            " / ".join(f"{median(field):.1f}" for field in ("layout", "write", "verify")),
            f"{max(s.rss for s in steps):.0f} / {max(s.children_rss for s in steps):.0f}",
            f"{median('load'):.1f}",
            f"{max(step.problems for step in steps)}",
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def time_incremental(task: Task, sizes: list[int], *, runs: int, seed: int, scratch: Path) -> None:
    print(
        "\nIncremental rebuilds (chapters that start a page; each build into the folder of the one before):\n"
    )
    print_header(HEADER)
    for notes in sizes:
        content = scratch / f"content-{notes}-chapters"
        if not content.exists():
            generate_publication(content, notes=notes, seed=seed, chapters=chapters_for(notes))
        measured = [measure(task, content, scratch / f"incremental-{notes}") for _ in range(runs)]
        print("\n".join(rows(notes, measured)), flush=True)
