"""What the tags cost: `python -m bench.tags_cost [--sizes 1000,3000] [--runs 2]`.

Times are CPU seconds of this process. For each synthetic report
(`bench.sameness.synthetic_report`, every section starting a page so that the parallel route
applies), in this one process: one layout with every folio patch; then
the PDF written untagged (WeasyPrint's plain `write_pdf`) and tagged (`folio.pdf.write_pdf`:
PDF/UA-1 with `folio.pdf.patches.tagging`), each `--runs` times (the medians are printed), with
the files' sizes; the verifier's reading of the tags (`folio.verify.pdf_tags`) and its four
checks; and the parallel route's join (`folio.pdf.join`, pikepdf) of the tagged PDF split in two
at the page-starting section nearest its middle, timed on parts written by this process.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.sameness import synthetic_report
from folio.fonts import only_these_fonts
from folio.model import Publication
from folio.pdf import PrintJob, patch_weasyprint, split, write_pdf
from folio.pdf.join import LaidOutPart, join_parts
from folio.pdf.render import lay_out
from folio.pipeline import ROOT, Project
from folio.render import render_print_html
from folio.verify.expectation import expect_from_content
from folio.verify.outputs import verify_pdf
from folio.verify.pdf_tags import read_tag_facts


def timed(action: Callable[[], Any], runs: int) -> tuple[float, Any]:
    """The median CPU time of `runs` calls (this process's: on a machine shared with other work,
    wall-clock time measures the others too) and the last call's result."""
    seconds, result = [], None
    for _ in range(runs):
        start = time.process_time()
        result = action()
        seconds.append(time.process_time() - start)
    return statistics.median(seconds), result


def parts_of(report: Any, job: PrintJob) -> list[LaidOutPart]:
    """The report in two parts, each laid out and written tagged, as the workers write them."""
    publication = report.publication

    def html_of(part: Publication) -> str:
        return render_print_html(part, templates_dir=Project().templates, created=publication.modified)

    parts = split.parallel_parts(publication, html=report.html, html_of=html_of, job=job, workers=2)
    assert not isinstance(parts, split.OneProcess), parts.why
    laid_out = []
    for part in parts:
        rendered = lay_out(html_of(part), job)
        pdf = write_pdf(rendered.document, first_page=job.first_page, identifier=job.identifier)
        bookmarks = tuple((page.height, tuple(page.bookmarks)) for page in rendered.document.pages)
        laid_out.append(LaidOutPart({"accessible": pdf}, rendered.pages, rendered.warnings, bookmarks))
    return laid_out


def written(document: Any, job: PrintJob, runs: int) -> tuple[tuple[float, bytes], tuple[float, bytes]]:
    """The PDF written untagged (WeasyPrint as it is) and tagged (folio's), timed."""
    untagged = timed(document.write_pdf, runs)
    tagged = timed(lambda: write_pdf(document, first_page=job.first_page, identifier=job.identifier), runs)
    return untagged, tagged


def measure(notes: int, runs: int, scratch: Path) -> str:
    report = synthetic_report(scratch, notes=notes, chapters=True)
    publication = report.publication
    job = PrintJob(ROOT, report.stylesheet, publication.first_page, publication.identifier)
    (untagged_s, untagged), (tagged_s, tagged) = written(lay_out(report.html, job).document, job, runs)
    path = scratch / "tagged.pdf"
    path.write_bytes(tagged)
    read_s, facts = timed(lambda: read_tag_facts(path), runs)
    verify_s, problems = timed(lambda: verify_pdf(path, expect_from_content(publication)), 1)
    assert problems == [], problems
    parts = parts_of(report, job)
    join_s, joined = timed(lambda: join_parts(parts, job), runs)
    return (
        f"| {notes} | {len(facts.pages)} | {untagged_s:.2f} s | {tagged_s:.2f} s "
        f"| {tagged_s / untagged_s:.2f} "
        f"| {len(untagged) / 2**20:.1f} / {len(tagged) / 2**20:.1f} MiB | {len(facts.elements):,} "
        f"| {read_s:.2f} s | {verify_s:.2f} s | {join_s:.2f} s ({len(joined) / 2**20:.1f} MiB) |"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.tags_cost", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000", help="notes of each report (default: 1000)")
    parser.add_argument("--runs", type=int, default=2)
    arguments = parser.parse_args(argv)
    print(
        "| notes | pages | PDF written untagged | tagged | tagged / untagged | size untagged / tagged "
        "| elements | tags read | PDF verification (all checks) | join of 2 parts |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    patch_weasyprint(print)
    with only_these_fonts(Project().fonts):
        for notes in [int(size) for size in arguments.sizes.split(",") if size]:
            with tempfile.TemporaryDirectory(prefix="folio-tags-") as scratch:
                print(measure(notes, arguments.runs, Path(scratch)), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
