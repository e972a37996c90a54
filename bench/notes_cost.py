"""What page-foot notes cost the layout: the same report laid out with its notes and without.

`python -m bench --notes-cost 200,1000,3000` (run by `bench.run`) times WeasyPrint's layout
alone (`bench.tasks layout`: `render()`, no PDF, each in a fresh process) of each synthetic
report three ways: with its notes at the page foot and every folio patch (after), the same
without the `footnote_area` patch (before), and the same text with its notes left out (a
stylesheet variant: `.footnote { display: none }`, so the body's lines are the same and no note
is laid out), and prints the ratios with notes / without notes. Both kinds of report: run-on
sections (the synthetic reports as generated) and chapters (every fourth section starts a new
page, as a report's chapters do).

What any page-foot layout has to pay is told apart from what WeasyPrint's way of doing it adds: a
fourth layout sets the same notes as ordinary blocks after the body (`bench.tasks.notes_at_end`:
each note's own box, font and width, in flow, so nothing is placed at a page foot, re-laid or
taken back). `notes as text / without notes` is what laying out the notes' text costs by itself;
`after / notes as text` is what putting them at the page foot costs on top. The lines of text
the patched layout set (`bench.tasks.set_lines`), in the bodies and in the footnote areas, and
in brackets those the notes-as-text layout set: the same number when it lays out the same text.
"""

from __future__ import annotations

import shutil
import statistics
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bench.tables import print_header, synthetic_content

CHAPTERS = "\n.section:nth-child(4n+5) { break-before: page; }  /* bench: a chapter every 4 sections */\n"
NO_NOTES = "\n.footnote { display: none; }  /* bench: the same text, no note laid out */\n"
NOTES_AS_TEXT = "\n.bench-endnotes .footnote { float: none; }  /* bench: the notes as blocks, at the end */\n"
HEADER = (
    "| notes | kind | layout without notes s | notes as text s | with notes, before s | with notes, after s "
    "| before / without notes | after / without notes | after / before "
    "| notes as text / without notes | after / notes as text | lines, body + notes (notes as text) |"
)

Task = Callable[..., dict[str, float]]


@dataclass(frozen=True, slots=True)
class NotesRun:
    without_notes: float
    as_text: float  # the notes' text laid out as blocks after the body: no page foot
    before: float
    after: float
    lines: float  # set in the pages' bodies, after the patch
    note_lines: float  # set in their footnote areas
    as_text_lines: float  # set by the notes-as-text layout, body and notes


def styles_variant(scratch: Path, name: str, *extra: str) -> Path:
    styles = scratch / f"styles-{name}"
    if not styles.exists():
        shutil.copytree(Path(__file__).resolve().parent.parent / "styles", styles)
        with (styles / "print.css").open("a", encoding="utf-8") as css:
            css.write("".join(extra))
    return styles


def measure(task: Task, content: Path, scratch: Path, *, chapters: bool) -> NotesRun:
    kind = ("chapters", CHAPTERS) if chapters else ("run-on", "")
    with_notes = {"FOLIO_BENCH_STYLES": str(styles_variant(scratch, kind[0], kind[1]))}
    without = {"FOLIO_BENCH_STYLES": str(styles_variant(scratch, f"{kind[0]}-no-notes", kind[1], NO_NOTES))}
    as_text_styles = styles_variant(scratch, f"{kind[0]}-notes-as-text", kind[1], NOTES_AS_TEXT)
    as_text = {"FOLIO_BENCH_STYLES": str(as_text_styles), "FOLIO_BENCH_NOTES": "end"}
    before = {**with_notes, "FOLIO_PLAIN_WEASYPRINT": "footnote_area"}
    after = task("layout", content, env=with_notes)
    laid_out_as_text = task("layout", content, env=as_text)
    return NotesRun(
        without_notes=task("layout", content, env=without)["seconds"],
        as_text=laid_out_as_text["seconds"],
        before=task("layout", content, env=before)["seconds"],
        after=after["seconds"],
        lines=after["lines"],
        note_lines=after["note_lines"],
        as_text_lines=laid_out_as_text["lines"] + laid_out_as_text["note_lines"],
    )


def row(notes: int, kind: str, runs: list[NotesRun]) -> str:
    def median(value: Callable[[NotesRun], float]) -> float:
        return statistics.median(value(run) for run in runs)

    cells = [
        f"{notes}",
        kind,
        f"{median(lambda r: r.without_notes):.1f}",
        f"{median(lambda r: r.as_text):.1f}",
        f"{median(lambda r: r.before):.1f}",
        f"{median(lambda r: r.after):.1f}",
        f"{median(lambda r: r.before / r.without_notes):.2f}",
        f"{median(lambda r: r.after / r.without_notes):.2f}",
        f"{median(lambda r: r.after / r.before):.2f}",
        f"{median(lambda r: r.as_text / r.without_notes):.2f}",
        f"{median(lambda r: r.after / r.as_text):.2f}",
        f"{runs[0].lines:.0f} + {runs[0].note_lines:.0f} ({runs[0].as_text_lines:.0f})",
    ]
    return "| " + " | ".join(cells) + " |"


def time_notes_cost(task: Task, sizes: list[int], *, runs: int, seed: int, scratch: Path) -> None:
    print("\nWhat the notes cost the layout (WeasyPrint's layout alone, no PDF):\n")
    print_header(HEADER)
    for notes in sizes:
        content = synthetic_content(scratch, notes, seed=seed)
        for chapters in (False, True):
            measured = [measure(task, content, scratch, chapters=chapters) for _ in range(runs)]
            print(row(notes, "chapters" if chapters else "run-on", measured), flush=True)
