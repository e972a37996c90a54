"""Steps 5-7 of a build: the PDFs and the EPUB written into a scratch folder inside the output
folder, verified together, and moved into place only when every check passes; else the proof of
the refused PDF beside the outputs, and the outputs as they were.

Takes the output folder, the publication, a maker of the EPUB's bytes (run by a forked copy of
the process on the other core while this one writes the PDFs: `folio.forked`), a writer of the
PDFs (each edition as it is written, from the layout `folio.pipeline` made) and the warm
EPUBCheck; gives the problems found (none: the outputs are in place). Reads only the files it
wrote: it imports no stage but the verifier.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from folio.epub_ahead import EpubAhead
from folio.errors import Problem, display_path
from folio.forked import Forked
from folio.model import ACCESSIBLE, Publication
from folio.output_folder import SCRATCH, Outputs, remove_stale_scratch
from folio.proof import write_proof
from folio.verify import (
    PageMemo,
    Report,
    epubcheck_result,
    expect_from_content,
    verify_edition,
    verify_outputs,
)
from folio.verify.epub_facts import EpubFacts
from folio.verify.epubcheck import WarmEpubCheck

Written = Callable[[Path, Path], None]  # told the PDF's and the EPUB's paths once both are written
# Each edition's PDF, in the order written: the main layout's, then the print-shop's own layout.
PdfWriter = Callable[[], Iterator[tuple[str, bytes]]]


def write_verify_and_publish(
    outputs: Outputs,
    publication: Publication,
    epub: Callable[[], bytes],
    *,
    writer: list[PdfWriter],
    epubcheck: WarmEpubCheck,
    say: Callable[[str], None],
    on_written: Written | None = None,
    memo: PageMemo | None = None,
    ahead: EpubAhead | None = None,
) -> tuple[Problem, ...]:
    """Steps 5-7 in a scratch folder inside the output folder: the PDFs written, all verified,
    and only then moved into place. The problems found (none: the outputs are in place).
    `epub()`: the EPUB's bytes (raises `BuildError` for bad input); `ahead`: those bytes and
    EPUBCheck's findings made during the layout (`folio.epub_ahead`), when taken; `memo`: the
    pages read by earlier builds (kept by the caller once the build is verified)."""
    outputs.folder.mkdir(parents=True, exist_ok=True)
    remove_stale_scratch(outputs.folder)
    with tempfile.TemporaryDirectory(dir=outputs.folder, prefix=f"{SCRATCH}{os.getpid()}-") as scratch:
        made = Outputs(Path(scratch), outputs.slug)
        shown_epub = display_path(outputs.epub)
        with ThreadPoolExecutor(max_workers=1) as background:
            written, epubchecked = write_and_check_epub(
                epub, made.epub, epubcheck, shown_epub, background, ahead=ahead
            )
            say("5/7 writing the PDF")
            for edition, pdf in writer.pop()():  # each layout is released once its PDFs are written
                made.edition(edition).write_bytes(pdf)
                if edition == ACCESSIBLE and on_written is not None:
                    written.result()
                    on_written(made.pdf, made.epub)
            facts = written.result()  # the EPUB's bad input, if any, raised here
            say("6/7 verifying")
            report = verify_made(made, outputs, publication, memo=memo, epub_facts=facts).adding(
                epubcheck_result(epubchecked.result(), shown_epub)
            )
        made.check.write_text(report.to_json(), encoding="utf-8")
        if report.problems:  # the editor sees why: the refused PDF's pages, each problem drawn
            write_refused_proof(made, outputs, publication, report, say=say)
        else:
            say(f"7/7 writing {display_path(outputs.folder)}")
            for name in ("pdf", "epub", "check"):
                getattr(made, name).replace(getattr(outputs, name))
            for edition in (e for e in publication.editions if e != ACCESSIBLE):
                made.edition(edition).replace(outputs.edition(edition))
            shutil.rmtree(outputs.proof, ignore_errors=True)  # an older PDF's: stale now
    return tuple(report.problems)


def write_and_check_epub(
    epub: Callable[[], bytes],
    path: Path,
    epubcheck: WarmEpubCheck,
    shown: str,
    background: ThreadPoolExecutor,
    *,
    ahead: EpubAhead | None = None,
) -> tuple[Future[EpubFacts | None], Future[list[Problem]]]:
    """A forked copy of this process makes the EPUB on the other core while this one writes the
    PDFs; then the warm EPUBCheck, a Java process, checks it there while this one verifies them.
    With `ahead`, the EPUB made during the layout and its facts are waited for there instead,
    then EPUBCheck's findings on it (the EPUB made there, or checked, when the copy gave none).
    When the EPUB is written (or its bad input found: raised by `.result()`; its facts, when
    read there too), and EPUBCheck's findings."""
    forked = Forked(epub) if ahead is None else None  # forked before the thread below starts
    written: Future[EpubFacts | None] = Future()

    def write_and_check() -> list[Problem]:
        made = ahead.made() if ahead is not None else None
        if ahead is not None and made is None:
            ahead.close()  # no EPUB from the copy: made here
        try:
            if made is not None:
                path.write_bytes(made.epub)
            else:
                path.write_bytes(forked.result() if forked is not None else epub())
        except BaseException as error:
            if ahead is not None:
                ahead.close()
            written.set_exception(error)
            raise
        written.set_result(made.facts if made is not None else None)
        found = ahead.findings() if ahead is not None and made is not None else None
        return list(found) if found is not None else epubcheck.check(path, shown=shown)

    return written, background.submit(write_and_check)


def verify_made(
    made: Outputs,
    outputs: Outputs,
    publication: Publication,
    *,
    memo: PageMemo | None = None,
    epub_facts: EpubFacts | None = None,
) -> Report:
    """Every check on the PDF and the EPUB; every check of a PDF on each further edition, from
    the same expectation, and that edition's own (`folio.verify.outputs.verify_edition`).
    `epub_facts`: the EPUB's, when read already (by the copy that made it ahead)."""
    expected = expect_from_content(publication)
    shown_epub = display_path(outputs.epub)
    report = verify_outputs(
        pdf=made.pdf,
        epub=made.epub,
        content=expected,
        shown_pdf=display_path(outputs.pdf),
        shown_epub=shown_epub,
        run_epubcheck=False,
        memo=memo,
        walk_apart=True,  # the tags on the other core: EPUBCheck has it only until it is done
        epub_facts=epub_facts,
    )
    for edition in (e for e in publication.editions if e != ACCESSIBLE):
        shown = display_path(outputs.edition(edition))
        found = verify_edition(
            made.edition(edition),
            edition,
            epub=made.epub,
            content=expected,
            shown=shown,
            shown_epub=shown_epub,
            memo=memo,
            walk_apart=True,
            epub_facts=epub_facts,
        )
        report = Report((*report.results, *found.results))
    return report


def write_refused_proof(
    made: Outputs, outputs: Outputs, publication: Publication, report: Report, *, say: Callable[[str], None]
) -> None:
    """The proof of the first PDF with problems (the main one, else an edition), each drawn; of
    the main PDF when only the EPUB has some."""
    files = {display_path(outputs.edition(edition)): edition for edition in publication.editions}
    failed = [files[p.file] for p in report.problems if p.file in files]
    edition = min(failed, key=publication.editions.index, default=ACCESSIBLE)
    shown = display_path(outputs.edition(edition))
    problems = [problem for problem in report.problems if problem.file == shown] or list(report.problems)
    proof = write_proof(made.edition(edition), problems, outputs.proof)
    say(f"proof of the refused PDF, each problem drawn on its page: {display_path(proof.index)}")
