"""build(): the ordered stages, from content/ to verified outputs in dist/.

1. load the content
2. render the print HTML (the body's, or, where 3 cuts the book, each part's as it is laid out)
3. lay out the PDF: the body, then the front with the body's folios in its contents
4. place the print pages in the EPUB (a forked copy of the process makes it on the other core,
   and EPUBCheck checks it there, while 5 and 6 go on: `folio.forked`; or, when the page
   starts are those of the build before, it was made and checked during 3: `folio.epub_ahead`)
5. write the PDF, and the other editions asked for
6. verify them all (a proof of a PDF that fails, beside the outputs)
7. move them into dist/ (only when all is well)

The body is laid out in parts where the book can be cut, and a part unchanged since the last
verified build is taken from the output folder's part store (dist/.folio-parts/, see
folio/pdf/reuse.py), which a verified build updates.
"""

from __future__ import annotations

import datetime
import functools
import gc
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from folio.cache import CachedBuild, build_key, cached_build, record_build, recorded_outputs
from folio.epub import NAV_FILE, PageStart, build_epub, section_file
from folio.epub.references import check_epub_package
from folio.epub_ahead import EpubAhead, remember_positions, remembered_positions
from folio.errors import BuildError, Diagnostic, Problem, display_path
from folio.fonts import only_these_fonts
from folio.lists import NAVIGATION
from folio.load import load_publication
from folio.model import (
    ACCESSIBLE,
    PRINT_SHOP,
    Publication,
    figures_of,
    link_targets,
    page_anchor,
    tables_of,
)
from folio.output_folder import (
    Outputs,
    output_folder_lock,
    remove_earlier_outputs,
)
from folio.page_map import PagePosition, insert_page_breaks, late_calls, locate_pages, section_of
from folio.pdf import (
    PRINT_SHOP_STYLESHEET,
    LaidOutEdition,
    PartStore,
    PrintJob,
    ProjectFetcher,
    add_front,
    lay_out_print_edition,
)
from folio.project import ROOT, Project
from folio.publish import PdfWriter, Written, write_verify_and_publish
from folio.render import render_front_html, render_print_html
from folio.verify.epubcheck import WarmEpubCheck
from folio.verify.page_memo import PageMemo

DEFAULTS = Project()  # the repository's templates and styles
__all__ = ["ROOT", "BuildResult", "Project", "build"]  # ROOT and Project: named here by tests and bench
EDITION_STEPS = {
    "archival": "writing the archival edition (PDF/A-2u)",
    "print-shop": "laying out and writing the print-shop edition (bleed and crop marks)",
}


@dataclass(frozen=True, slots=True)
class BuildResult:
    pdf: Path
    epub: Path
    pages: int
    notes: int
    warnings: tuple[Diagnostic, ...]
    problems: tuple[Problem, ...]
    inexact_pages: tuple[str, ...] = field(default=())
    editions: tuple[Path, ...] = field(default=())  # the PDF of each further edition asked for

    @property
    def ok(self) -> bool:
        return not self.problems


EPUB_STEP = "4/7 writing the EPUB (on the other core, while the PDF is written)"
EPUB_MADE_AHEAD = "4/7 the EPUB made during the layout: taken (its pages start where they did)"


def build_date() -> datetime.datetime | None:
    """SOURCE_DATE_EPOCH when set (reproducible builds), else None: the content's own date."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is None or not epoch.strip().isdigit():
        return None
    return datetime.datetime.fromtimestamp(int(epoch), tz=datetime.UTC)


def build(
    content_dir: Path,
    out_dir: Path,
    *,
    project: Project = DEFAULTS,
    styles: Path | None = None,
    templates: Path | None = None,
    say: Callable[[str], None] = print,
    on_written: Written | None = None,
) -> BuildResult:
    """`styles`, `templates`: the report's house style, when not in the content folder;
    `on_written(pdf, epub)`: told where both are as soon as the PDF is written, before they are
    verified (the preview shows the pages meanwhile; the files go when the build ends)."""
    with output_folder_lock(out_dir, say=say):
        project = project.for_report(content_dir, styles=styles, templates=templates)
        key = input_key(content_dir, project)
        cached = cached_build(key, out_dir)
        if cached is not None:
            say(f"up to date: {display_path(out_dir)} holds the verified build of these inputs")
            return from_cache(cached)
        earlier = recorded_outputs(out_dir)
        # EPUBCheck is found warm from an earlier build, or warms up on the second core while the
        # first lays out the PDF.
        epubcheck = WarmEpubCheck(say=say)
        parts = PartStore.beside(out_dir, fonts=project.fonts.path)  # layouts of earlier builds
        memo = PageMemo.beside(out_dir)  # and the verifier's readings of their pages
        with rare_collections(), only_these_fonts(project.fonts):
            result, check_path = build_outputs(
                content_dir,
                out_dir,
                project=project,
                say=say,
                epubcheck=epubcheck,
                on_written=on_written,
                parts=parts,
                memo=memo,
            )
        if not result.ok:
            return result
        parts.save()
        memo.save()
        outputs = (result.pdf, result.epub, check_path, *result.editions)
        remove_earlier_outputs(out_dir, earlier, keep={path.name for path in outputs}, say=say)
        if input_key(content_dir, project) == key:  # not if an input was edited meanwhile
            cached = CachedBuild(outputs, result.pages, result.notes, result.warnings, result.inexact_pages)
            record_build(key, out_dir, cached)
        return result


def build_outputs(
    content_dir: Path,
    out_dir: Path,
    *,
    project: Project,
    say: Callable[[str], None],
    epubcheck: WarmEpubCheck,
    on_written: Written | None = None,
    parts: PartStore | None = None,
    memo: PageMemo | None = None,
) -> tuple[BuildResult, Path]:
    """Steps 1-7: the result, and the check report's path (in dist/ when the outputs are)."""
    say(f"1/7 loading {content_dir}")
    loaded = load_publication(content_dir, fonts=project.fonts)
    publication = loaded.publication
    date = build_date() or publication.modified
    outputs = Outputs(out_dir, publication.slug)
    epub_of = functools.partial(make_epub, publication, project=project, date=date)  # of page positions
    guess = remembered_positions(out_dir)  # the last build's: its EPUB is made and checked meanwhile
    with EpubAhead(out_dir, guess, epub_of, epubcheck=epubcheck, outputs=outputs) as ahead:
        laid_out = lay_out_pdf(publication, content_dir, project=project, date=date, say=say, parts=parts)
        positions = locate_pages(publication, laid_out.pages)
        taken = ahead.taken(positions)
    say(EPUB_STEP if taken is None else EPUB_MADE_AHEAD)
    warnings = loaded.warnings + laid_out.warnings + tuple(late_calls(publication, laid_out.pages))
    pages = len(laid_out.pages)
    writer = pdf_writer([laid_out], publication, content_dir, project=project, date=date, say=say)
    del laid_out  # held only by the writer, so that the layout goes once its PDFs are written
    problems = write_verify_and_publish(
        outputs,
        publication,
        lambda: epub_of(positions),
        writer=[writer],
        epubcheck=epubcheck,
        say=say,
        on_written=on_written,
        memo=memo,
        ahead=taken,
    )
    if not problems:
        remember_positions(out_dir, positions)  # the next build's guess
    result = result_of(publication, outputs, pages, positions, warnings=warnings, problems=problems)
    return result, outputs.check


def result_of(
    publication: Publication,
    outputs: Outputs,
    pages: int,
    positions: tuple[PagePosition, ...],
    *,
    warnings: tuple[Diagnostic, ...],
    problems: tuple[Problem, ...],
) -> BuildResult:
    return BuildResult(
        pdf=outputs.pdf,
        epub=outputs.epub,
        pages=pages,
        notes=len(publication.notes),
        warnings=warnings,
        problems=problems,
        inexact_pages=tuple(p.label for p in positions if not p.exact),
        editions=tuple(outputs.edition(name) for name in publication.editions if name != ACCESSIBLE),
    )


def pdf_writer(
    held: list[LaidOutEdition],
    publication: Publication,
    content_dir: Path,
    *,
    project: Project,
    date: datetime.datetime,
    say: Callable[[str], None],
) -> PdfWriter:
    """Each edition's PDF as it is written: the accessible one and the archival one (when asked
    for) of the layout in `held`, which is let go then; the print-shop edition, when asked for,
    of a layout of its own (its bleed and marks are laid out: WeasyPrint draws the page's
    background into the bleed), made only then, so that two layouts are never held at once."""

    def written() -> Iterator[tuple[str, bytes]]:
        laid_out = held.pop()
        for edition in (e for e in publication.editions if e != PRINT_SHOP):
            if edition != ACCESSIBLE:
                say(f"5/7 {EDITION_STEPS[edition]}")
            yield edition, laid_out.write(edition)
        del laid_out
        if PRINT_SHOP in publication.editions:
            say(f"5/7 {EDITION_STEPS[PRINT_SHOP]}")
            again = lay_out_pdf(publication, content_dir, project=project, date=date, edition=PRINT_SHOP)
            yield PRINT_SHOP, again.write(PRINT_SHOP)

    return written


def lay_out_pdf(
    publication: Publication,
    content_dir: Path,
    *,
    project: Project,
    date: datetime.datetime,
    say: Callable[[str], None] = lambda _: None,
    edition: str = ACCESSIBLE,
    parts: PartStore | None = None,
) -> LaidOutEdition:
    """Steps 2-3: the body laid out (in several processes when that gives the same PDF; in parts
    kept in `parts` when given), then the front, whose contents prints the body's folios; for
    `edition` (the accessible one and the editions written of its layout, or the print-shop one)."""
    say("2/7 rendering the print HTML (as the layout asks: the whole book's, or each part's)")
    job = print_job(publication, content_dir, project, edition=edition)
    say("3/7 laying out the PDF")
    body = lay_out_print_edition(
        publication.body,
        html_of=lambda part: render_print_html(part, templates_dir=project.template_folders, created=date),
        job=job,
        say=say,
        store=parts,
    )

    def front_html(folios: dict[str, str]) -> str:
        return render_front_html(
            publication, templates_dir=project.template_folders, created=date, pages=folios
        )

    return add_front(body, front_html, job, store=parts)


def print_job(
    publication: Publication, content_dir: Path, project: Project, *, edition: str = ACCESSIBLE
) -> PrintJob:
    """What the PDF stage needs besides the HTML: the stylesheets, numbering, what it may fetch,
    which editions to write of the layout (all but the print-shop one, which has its own)."""
    print_shop = edition == PRINT_SHOP
    return PrintJob(
        base_url=ROOT,
        stylesheet=project.stylesheet("print.css"),
        first_page=publication.first_page,
        identifier=publication.identifier,
        # Of content/, only the images its figures show (checked when loaded) may be fetched.
        url_fetcher=ProjectFetcher(
            roots=project.folders,
            searched=(content_dir, *project.folders),
            files=frozenset(figure.file for figure in figures_of(publication)),
        ),
        notes={note.id: note for note in publication.notes},
        tables={table.id: table for table in tables_of(publication)},
        duplex=publication.duplex,
        duplex_stylesheet=project.stylesheet("duplex.css"),
        link_targets=link_targets(publication),
        editions=(PRINT_SHOP,) if print_shop else tuple(e for e in publication.editions if e != PRINT_SHOP),
        last_stylesheet=project.stylesheet(PRINT_SHOP_STYLESHEET) if print_shop else None,
    )


def make_epub(
    publication: Publication,
    positions: tuple[PagePosition, ...],
    *,
    project: Project,
    date: datetime.datetime,
) -> bytes:
    """The EPUB, with the print edition's page starts; what it may not refer to is bad input."""
    paged = insert_page_breaks(publication, positions)
    starts = tuple(
        PageStart(p.label, NAV_FILE, page_anchor(p.label), opens_in=p.block_id)
        if p.block_id in NAVIGATION
        else PageStart(p.label, section_file(section_of(publication, p.block_id)), page_anchor(p.label))
        for p in positions
    )
    epub_bytes = build_epub(
        paged,
        templates_dir=project.template_folders,
        stylesheet=project.stylesheet("epub.css"),
        fonts=project.fonts,
        pages=starts,
        modified=date,
    )
    refused = check_epub_package(epub_bytes, searched=project.folders)
    if refused:
        raise BuildError.collect(refused)
    return epub_bytes


@contextmanager
def rare_collections() -> Iterator[None]:
    """Python's cycle collector runs every 50,000 allocations instead of every 700, and seldom
    over the whole heap: WeasyPrint's box trees are millions of objects, scanned again at each
    full pass. Measured at 1,000 notes: project 7 % and PDF writing 13 % faster, 8 MiB more."""
    before = gc.get_threshold()
    gc.set_threshold(50_000, 20, 1_000)
    try:
        yield
    finally:
        gc.set_threshold(*before)


def input_key(content_dir: Path, project: Project) -> str:
    folders = {"templates": project.template_folders, "styles": project.style_folders}
    return build_key(content_dir, **folders, fonts=project.fonts.path)


def from_cache(cached: CachedBuild) -> BuildResult:
    pdf, epub = cached.outputs[:2]
    editions = cached.outputs[3:]  # after the check report: see `build`
    return BuildResult(
        pdf, epub, cached.pages, cached.notes, cached.warnings, (), cached.inexact_pages, editions
    )
