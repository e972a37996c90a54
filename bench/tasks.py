"""One timed task, run in a fresh child process so its peak memory is its own.

`python -m bench.tasks KIND CONTENT OUT` prints one JSON line: the task's wall seconds
(measured inside the process, after imports, so every task is timed the same way), and
`ru_maxrss` in MiB of the process itself and of the largest of its own children (EPUBCheck's
Java, the parallel render's workers). Kinds:

- `bare`: the print HTML -> WeasyPrint render -> PDF bytes, nothing else (the reference);
- `build`: `folio.pipeline.build` (load, render, PDF, EPUB, verify, write to OUT), with the
  seconds of each of its steps, its CPU seconds (with its workers'), the load average as it
  started and, laid out in parts, how many parts it reused;
- `verify-pdf`, `verify-epub`: the verification of the outputs a `build` left in OUT;
- `layout`: WeasyPrint's layout alone (`render()`, no PDF), for the profile, with the lines it
  set: in the pages' bodies and in their footnote areas (`set_lines`, counted after the timing);
- `seed`: a build into OUT whose verification is skipped, so that OUT holds outputs and a cache
  manifest even when verification fails (the synthetic reports trip a WeasyPrint footnote
  placement defect): the verification-alone and no-change rebuild timings need those files;
- `front`, `no-front`: that build (verification skipped) with the whole-report front (title
  page, legal notice, contents, lists) laid out and joined, or with the front's step left out
  (the body's pages alone), each with the CPU seconds it took (`bench.front_cost`).

The `bare` and `layout` tasks run plain WeasyPrint when FOLIO_PLAIN_WEASYPRINT=1 is set (the
harness sets it for `bare`, the reference every ratio is taken against). FOLIO_BENCH_STYLES
names another styles folder (the harness's variant whose sections start on a new page, the
precondition of the parallel route); FOLIO_WORKERS=1 keeps a build in one process.
FOLIO_BENCH_NOTES=end lays out, in the `layout` task, the print HTML with its notes moved to
the end (`notes_at_end`).
"""

from __future__ import annotations

import json
import os
import re
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import lxml.html
import weasyprint
from weasyprint.formatting_structure import boxes

import folio.pipeline
import folio.publish
from folio.fonts import only_these_fonts
from folio.load import load_publication
from folio.pdf import LaidOutEdition, PrintJob, add_front, patch_weasyprint
from folio.pipeline import EPUB_MADE_AHEAD, ROOT, Project, build
from folio.render import render_print_html
from folio.verify import expect_from_content, verify_pdf
from folio.verify.epubcheck import verify_epub

FrontHtml = Callable[[dict[str, str]], str]  # the front's print HTML of the body's folios
STEP = re.compile(r"[1-7]/7")
LAYOUT_LINE = re.compile(r"layout in (\d+) parts: (\d+|all|none) reused")


def bench_project() -> Project:
    styles = os.environ.get("FOLIO_BENCH_STYLES")
    return Project(styles=Path(styles)) if styles else Project()


def stderr(line: str) -> None:
    print(line, file=sys.stderr)


def bare_render(content: Path) -> None:
    patch_weasyprint(stderr)  # as a build patches it (none under FOLIO_PLAIN_WEASYPRINT=1)
    publication = load_publication(content).publication
    html = render_print_html(publication, templates_dir=Project().templates, created=publication.modified)
    start = time.perf_counter()
    stylesheet = weasyprint.CSS(filename=str(bench_project().styles / "print.css"))
    with only_these_fonts(bench_project().fonts):  # the fonts a build lays out with, no other
        document = weasyprint.HTML(string=html, base_url=str(ROOT)).render(stylesheets=[stylesheet])
        document.write_pdf()
    return_time(start)


def layout_only(content: Path) -> None:
    patch_weasyprint(stderr)
    publication = load_publication(content).publication
    html = render_print_html(publication, templates_dir=Project().templates, created=publication.modified)
    if os.environ.get("FOLIO_BENCH_NOTES") == "end":
        html = notes_at_end(html)
    start = time.perf_counter()
    stylesheet = weasyprint.CSS(filename=str(bench_project().styles / "print.css"))
    with only_these_fonts(bench_project().fonts):
        document = weasyprint.HTML(string=html, base_url=str(ROOT)).render(stylesheets=[stylesheet])
    laid_out = time.perf_counter()
    return_time(start, until=laid_out, **set_lines(document))


def notes_at_end(html: str) -> str:
    """The print HTML with every note taken out of its paragraph (the text after it kept) and put,
    in order, in a `div.bench-endnotes` at the end of the body: the same text in the same boxes,
    for a layout of it without the page foot (`bench.notes_cost`)."""
    document = lxml.html.document_fromstring(html)
    notes = document.xpath('//*[contains(concat(" ", @class, " "), " footnote ")]')
    if not notes:
        raise SystemExit("notes_at_end: the print HTML has no note")
    end = lxml.html.Element("div", {"class": "bench-endnotes"})
    for note in notes:
        note.drop_tree()  # its tail stays where it was
        note.tail = None
        end.append(note)
    document.body.append(end)
    return str(lxml.html.tostring(document, encoding="unicode", doctype="<!DOCTYPE html>"))


def set_lines(document: Any) -> dict[str, float]:
    """How many lines of text the finished pages hold: `lines` in their bodies, `note_lines` in
    their footnote areas; the running heads and folios left out, and the lines inside an inline
    block (a note's number is one) too, as part of the line that holds the block."""
    counts = {"lines": 0, "note_lines": 0}
    stack = [(page._page_box, False) for page in document.pages]
    while stack:
        box, in_notes = stack.pop()
        if isinstance(box, (boxes.MarginBox, boxes.InlineBlockBox)):
            continue
        if isinstance(box, boxes.LineBox):
            counts["note_lines" if in_notes else "lines"] += 1
        in_notes = in_notes or isinstance(box, boxes.FootnoteAreaBox)
        stack.extend((child, in_notes) for child in getattr(box, "children", ()))
    return {name: float(count) for name, count in counts.items()}


def full_build(content: Path, out: Path) -> None:
    load = os.getloadavg()[0]  # the machine is shared: how busy it was as the build started
    cpu = cpu_seconds()
    start = time.perf_counter()
    said: list[tuple[float, str]] = []
    result = build(
        content, out, project=bench_project(), say=lambda line: said.append((time.perf_counter(), line))
    )
    return_time(
        start,
        problems=len(result.problems),
        pages=result.pages,
        cpu=cpu_seconds() - cpu,
        load=load,
        **build_facts(said),
    )


def cpu_seconds() -> float:
    """User and system CPU of this process and of its children waited for (the layout's workers;
    not EPUBCheck's service, which outlives the build)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def build_facts(said: list[tuple[float, str]]) -> dict[str, float]:
    """From the lines a build said: each step's seconds (`step_3`: from "3/7" to the next step)
    whether the EPUB was made ahead (`folio.epub_ahead`) and, on the incremental route, its
    parts and how many were reused."""
    steps = [(at, line.split()[0]) for at, line in said if STEP.fullmatch(line.split()[0])]
    ends = [*steps[1:], (time.perf_counter(), "")] if steps else []  # none: a rebuild found nothing to do
    facts: dict[str, float] = {
        f"step_{name.split('/')[0]}": after - at for (at, name), (after, _) in zip(steps, ends, strict=True)
    }
    if any(line == EPUB_MADE_AHEAD for _, line in said):
        facts["epub_ahead"] = 1.0
    for _, line in said:
        parts = LAYOUT_LINE.match(line)
        if parts:
            total = int(parts.group(1))
            reused = parts.group(2)
            facts["parts"] = total
            facts["reused"] = total if reused == "all" else 0 if reused == "none" else int(reused)
    return facts


class NoReport:
    """Stands for the verifier's report in a seeding build: no problems, nothing to add."""

    problems = ()

    def adding(self, _result: object) -> NoReport:
        return self

    def to_json(self) -> str:
        return "{}"


class NoEpubCheck:
    """Stands for the warm EPUBCheck in a seeding build: no Java, nothing found."""

    def __init__(self, **_kwargs: object) -> None:  # the pipeline passes `say`
        pass

    def check(self, _path: Path, **_kwargs: object) -> list[object]:
        return []


def seed_outputs(content: Path, out: Path) -> None:
    skip_verification()
    start = time.perf_counter()
    result = build(content, out, project=bench_project(), say=lambda _line: None)
    return_time(start, problems=len(result.problems), pages=result.pages)


def skip_verification() -> None:
    """The verification entry points a build calls, stubbed: none may find anything."""
    for module, name, stub in (
        (folio.publish, "verify_outputs", lambda *_args, **_kwargs: NoReport()),
        (folio.publish, "epubcheck_result", lambda *_args, **_kwargs: None),
        (folio.pipeline, "WarmEpubCheck", NoEpubCheck),
    ):
        if not hasattr(module, name):
            raise SystemExit(f"bench: {module.__name__}.{name} is gone: update the seeding build's stubs")
        setattr(module, name, stub)


def front_build(content: Path, out: Path, *, front: bool) -> None:
    """A seeding build with the front, its own layout (`add_front`) timed apart, or without it."""
    spent = {"front_cpu": 0.0, "front_seconds": 0.0}

    def timed_front(body: LaidOutEdition, html: FrontHtml, job: PrintJob, **kwargs: Any) -> LaidOutEdition:
        cpu, start = time.process_time(), time.perf_counter()
        edition = add_front(body, html, job, **kwargs)
        spent.update(front_cpu=time.process_time() - cpu, front_seconds=time.perf_counter() - start)
        return edition

    def body_alone(body: LaidOutEdition, _html: FrontHtml, _job: PrintJob, **_kwargs: Any) -> LaidOutEdition:
        return body

    if not hasattr(folio.pipeline, "add_front"):
        raise SystemExit("bench: folio.pipeline.add_front is gone: update the front-cost tasks")
    setattr(folio.pipeline, "add_front", timed_front if front else body_alone)  # noqa: B010
    skip_verification()
    cpu, start = cpu_seconds(), time.perf_counter()
    result = build(content, out, project=bench_project(), say=lambda _line: None)
    cpu = cpu_seconds() - cpu
    return_time(start, problems=len(result.problems), pages=result.pages, cpu=cpu, **spent)


def verify_pdf_only(content: Path, out: Path) -> None:
    publication = load_publication(content).publication
    start = time.perf_counter()
    problems = verify_pdf(out / f"{publication.slug}.pdf", expect_from_content(publication))
    return_time(start, problems=len(problems))


def verify_epub_only(content: Path, out: Path) -> None:
    publication = load_publication(content).publication
    start = time.perf_counter()
    problems = verify_epub(out / f"{publication.slug}.epub")
    return_time(start, problems=len(problems))


def return_time(start: float, *, until: float | None = None, **facts: float) -> None:
    """Prints the task's JSON line: its seconds from `start` to `until` (default: now), its peak
    memory and `facts`."""
    seconds = (time.perf_counter() if until is None else until) - start
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "rss_mib": own, "children_rss_mib": children, **facts}))


def main(argv: list[str]) -> int:
    kind, content = argv[0], Path(argv[1])
    out = Path(argv[2]) if len(argv) > 2 else Path()
    if kind == "bare":
        bare_render(content)
    elif kind == "layout":
        layout_only(content)
    elif kind == "build":
        full_build(content, out)
    elif kind == "seed":
        seed_outputs(content, out)
    elif kind in ("front", "no-front"):
        front_build(content, out, front=kind == "front")
    elif kind == "verify-pdf":
        verify_pdf_only(content, out)
    elif kind == "verify-epub":
        verify_epub_only(content, out)
    else:
        print(f"unknown task {kind}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
