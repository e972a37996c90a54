"""Print HTML -> one WeasyPrint layout, with its log captured, -> PDF bytes.

Takes the print HTML, its stylesheet and a `PrintJob` (or the same as keywords); gives a
`Rendered`: WeasyPrint's `Document`, the `LaidOutPage` of every page and WeasyPrint's warnings,
or a `BuildError` naming every CSS error, WeasyPrint error, refused resource and note too long
for its page. `write_pdf` serialises a `Document` with `/PageLabels` that match the printed
folios. Every layout folio makes, probes included, goes through `lay_out_html`: the same
fetcher, the same log capture.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pydyf
import weasyprint
import weasyprint.pdf

from folio.errors import BuildError, Diagnostic, SourceLocation, display_path
from folio.model import Note, Table, note_text
from folio.model import roman as roman_numeral
from folio.pdf.boxes import LaidOutPage, LostNote, laid_out_pages, lost_text
from folio.pdf.editions import ACCESSIBLE, colour_profiles_for, finish_edition, write_options
from folio.pdf.fetcher import ProjectFetcher
from folio.pdf.tables import table_errors

# WeasyPrint's CSS messages end their text with the place in the stylesheet: "... at 12:3".
CSS_POSITION = re.compile(r" at (\d+):(\d+)\b")

# fontTools warns, while WeasyPrint subsets Carlito, that the font's creation date "seems very
# low": a harmless quirk of the font file that would otherwise print on every build.
logging.getLogger("fontTools.ttLib.tables._h_e_a_d").setLevel(logging.ERROR)
WEASYPRINT_LOG = logging.getLogger("weasyprint")


@dataclass(frozen=True, slots=True)
class PrintJob:
    """How to lay out: the same for every part and for the single route."""

    base_url: Path
    stylesheet: Path
    first_page: int
    identifier: str
    url_fetcher: ProjectFetcher | None = None
    notes: Mapping[str, Note] | None = None
    tables: Mapping[str, Table] | None = None  # by id: a table too wide is named at its line
    duplex: bool = False  # both sides: `duplex_stylesheet` after `stylesheet`, chapters on right-hand pages
    duplex_stylesheet: Path | None = None
    link_targets: frozenset[str] = frozenset()  # every id of the book a link may lead to
    editions: tuple[str, ...] = (ACCESSIBLE,)  # the PDFs written of this layout (workers too)
    last_stylesheet: Path | None = None  # after the others: the print-shop edition's bleed and marks

    @property
    def stylesheets(self) -> tuple[Path, ...]:
        extra = self.duplex_stylesheet if self.duplex else None
        files = (self.stylesheet, extra, self.last_stylesheet)
        return tuple(file for file in files if file is not None)


@dataclass(frozen=True, slots=True)
class Rendered:
    document: Any  # weasyprint.Document
    pages: tuple[LaidOutPage, ...]
    warnings: tuple[Diagnostic, ...]


@dataclass(frozen=True, slots=True)
class Front:
    """The front laid out: its WeasyPrint document and the pages of it the book keeps; or, taken
    from the part store, no document and each edition's PDF of it, with its bookmarks."""

    document: Any  # weasyprint.Document, None when stored
    pages: tuple[Any, ...]  # weasyprint.Page
    laid_out: tuple[LaidOutPage, ...]
    pdfs: dict[str, bytes] = field(default_factory=dict)  # edition -> PDF: stored, or as written
    bookmarks: tuple[tuple[float, tuple[Any, ...]], ...] | None = None  # None: read from `pages`


@dataclass(frozen=True, slots=True)
class LaidOutEdition:
    """The print edition laid out: every page is known, the PDF is not written yet.

    `write(edition)` makes the PDF bytes of one of the job's editions: WeasyPrint writes the
    single layout, or the parts that the workers wrote are joined; the front, when laid out,
    before the body. Between the two the caller can use the pages (the EPUB's page list), while
    the other core is still free.
    """

    pages: tuple[LaidOutPage, ...]
    warnings: tuple[Diagnostic, ...]
    write_with: Callable[[Front | None, str], bytes]
    front: Front | None = None
    joined: bool = False  # the body's pages are parts' PDFs, joined: a stored front can join them

    def write(self, edition: str = ACCESSIBLE) -> bytes:
        return self.write_with(self.front, edition)


@dataclass(frozen=True, slots=True)
class LaidOutHtml:
    document: Any  # weasyprint.Document
    errors: tuple[Diagnostic, ...]  # CSS errors, WeasyPrint errors, refused resources
    warnings: tuple[Diagnostic, ...]


class LogRecords(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@contextmanager
def captured_log() -> Iterator[LogRecords]:
    """WeasyPrint's warnings and errors, kept instead of lost (it logs a dropped link, never raises)."""
    logger = logging.getLogger("weasyprint")
    handler = LogRecords()
    logger.addHandler(handler)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)


def lay_out_html(
    html: str,
    *,
    base_url: Path,
    stylesheet: Path | tuple[Path, ...],
    url_fetcher: ProjectFetcher | None = None,
    page_css: str | None = None,
) -> LaidOutHtml:
    """One layout and what WeasyPrint said meanwhile; `page_css` is an extra stylesheet (a probe's).

    Without a `url_fetcher` only files beside the stylesheet may be loaded: never the network.
    """
    files = stylesheet if isinstance(stylesheet, tuple) else (stylesheet,)
    fetcher = url_fetcher or ProjectFetcher(roots=(files[0].parent,))
    refused_before = len(fetcher.refused)  # a fetcher shared by several layouts reports each once
    # Each stylesheet is parsed alone first, so that what WeasyPrint says meanwhile is known
    # to be about that file, and its "at line:column" can name the editor's line.
    stylesheets = []
    css_errors = []
    for file in files:
        with captured_log() as css_log:
            stylesheets.append(weasyprint.CSS(filename=str(file), url_fetcher=fetcher))
        css_errors += stylesheet_errors(css_log.records, file)
    with captured_log() as log:
        if page_css is not None:
            stylesheets.append(weasyprint.CSS(string=page_css, url_fetcher=fetcher))
        html_doc = weasyprint.HTML(string=html, base_url=str(base_url), url_fetcher=fetcher)
        document = html_doc.render(stylesheets=stylesheets)
    errors = [*fetcher.refused[refused_before:], *css_errors]
    more_errors, warnings = sort_log(log.records)
    return LaidOutHtml(document, tuple(errors + more_errors), tuple(warnings))


def render_document(
    html: str,
    *,
    base_url: Path,
    stylesheet: Path | tuple[Path, ...],
    first_page: int,
    url_fetcher: ProjectFetcher | None = None,
    notes: Mapping[str, Note] | None = None,
    tables: Mapping[str, Table] | None = None,
    roman: bool = False,
) -> Rendered:
    """Lay out the print HTML. Raises BuildError on a CSS error, a WeasyPrint error, a refused
    resource, a note too long for its page or a table too wide for it; `notes` and `tables` (by
    id) locate the latter two in the content.
    The pages are labelled from `first_page`, or i, ii, ... when `roman` (the front).
    """
    laid_out = lay_out_html(html, base_url=base_url, stylesheet=stylesheet, url_fetcher=url_fetcher)
    document = laid_out.document
    errors = list(laid_out.errors)
    label = folio_labels(first_page, roman=roman)
    errors += [lost_note_error(lost, notes or {}) for lost in lost_text(document, label)]
    pages = tuple(laid_out_pages(document, label))
    if tables:
        errors += table_errors(document, pages, tables, label=label)
    if errors:
        raise BuildError.collect(errors + list(laid_out.warnings))
    return Rendered(document, pages, laid_out.warnings)


def folio_labels(first_page: int, *, roman: bool) -> Callable[[int], str]:
    """The printed folio of the page at each index: from `first_page`, or i, ii, ..."""
    if roman:
        return lambda index: roman_numeral(index + 1)
    return lambda index: str(first_page + index)


def lay_out(html: str, job: PrintJob, *, front: bool = False) -> Rendered:
    """One layout of `html`, as every route makes it; the front's pages are numbered i, ii, ..."""
    return render_document(
        html,
        base_url=job.base_url,
        stylesheet=job.stylesheets,
        first_page=job.first_page,
        url_fetcher=job.url_fetcher,
        notes=job.notes,
        tables=job.tables,
        roman=front,
    )


def lay_out_in_one_process(html: str, job: PrintJob) -> LaidOutEdition:
    rendered = lay_out(html, job)
    return LaidOutEdition(rendered.pages, rendered.warnings, functools.partial(write_single, rendered, job))


def write_single(rendered: Rendered, job: PrintJob, front: Front | None, edition: str) -> bytes:
    """The single layout's PDF, the front's pages (when laid out) before its own: one document,
    so that every link finds its destination whichever of the two it is in."""
    document = rendered.document
    front_pages = len(front.pages) if front is not None else 0
    if front is not None:
        document = document.copy([*front.pages, *document.pages])
    return write_pdf(
        document,
        first_page=job.first_page,
        identifier=job.identifier,
        front_pages=front_pages,
        edition=edition,
    )


def stylesheet_errors(records: list[logging.LogRecord], stylesheet: Path) -> list[Diagnostic]:
    """Everything WeasyPrint says while parsing our stylesheet is a CSS error in it: a dropped
    declaration would silently change the print edition."""
    errors: list[Diagnostic] = []
    for record in records:
        message = record.getMessage()
        if "ResourceRefused" in message:
            continue  # the fetcher's own diagnostic says it better
        position = CSS_POSITION.search(message)
        line = int(position.group(1)) if position else None
        errors.append(Diagnostic(f"WeasyPrint: {message}", SourceLocation(display_path(stylesheet), line)))
    return errors


def sort_log(records: list[logging.LogRecord]) -> tuple[list[Diagnostic], list[Diagnostic]]:
    """WeasyPrint's log while laying out: errors, CSS errors (of the template's <style>) and
    refused resources fail the build; other warnings are reported."""
    errors: list[Diagnostic] = []
    warnings: list[Diagnostic] = []
    for record in records:
        message = record.getMessage()
        if "ResourceRefused" in message:
            continue
        if record.levelno >= logging.ERROR:
            errors.append(Diagnostic(f"WeasyPrint: {message}"))
        elif CSS_POSITION.search(message):
            errors.append(Diagnostic(f"WeasyPrint: {message} (in the print template's <style>)"))
        else:
            warnings.append(Diagnostic(f"WeasyPrint: {message}", warning=True))
    return errors, warnings


def lost_note_error(lost: LostNote, notes: Mapping[str, Note]) -> Diagnostic:
    """`content/x.md:12: note 505 is too long to fit on a page (...); shorten or split it`."""
    number = lost.note_id.removeprefix("fn-")
    note = notes.get(lost.note_id)
    text = note_text(note) if note is not None else ""
    length = f"{len(text):,} characters, {len(text.split()):,} words, " if note is not None else ""
    return Diagnostic(
        f"note {number} is too long to fit on one page ({length}{lost.overflow / 96 * 25.4:.0f} mm "
        f"past the foot of page {lost.page}); WeasyPrint cannot continue a note on the next page, "
        "so its end would be cut off: shorten it or split it into two notes",
        note.source if note is not None else None,
    )


def write_pdf(
    document: Any,
    *,
    first_page: int,
    identifier: str,
    front_pages: int = 0,
    elsewhere: frozenset[str] = frozenset(),
    edition: str = ACCESSIBLE,
) -> bytes:
    """The PDF bytes of `edition` (tagged: folio.pdf.patches.tagging corrects the tags), with
    page labels equal to the printed folios (WeasyPrint writes none): i, ii, ... for the first
    `front_pages`, then from `first_page`. A link to an id in `elsewhere` (laid out in another
    part of the book, to be joined) is kept as a link to that name. The document is left as it
    was, for the next edition written of it."""
    count = len(document.pages)

    def finish(_document: Any, pdf: Any) -> None:
        ranges = [0, pydyf.Dictionary({"S": "/r"})] if front_pages else []
        if front_pages < count:
            ranges += [front_pages, pydyf.Dictionary({"S": "/D", "St": first_page})]
        pdf.catalog["PageLabels"] = pydyf.Dictionary({"Nums": pydyf.Array(ranges)})
        finish_edition(edition, pdf, identifier=identifier)

    with links_kept_to(elsewhere), colour_profiles_for(edition, document):
        options = write_options(edition)
        return bytes(document.write_pdf(finisher=finish, pdf_identifier=identifier.encode(), **options))


@contextmanager
def links_kept_to(elsewhere: frozenset[str]) -> Iterator[None]:
    """While writing one part of the book: a link to an id of another part is kept, as a link to
    that destination's name (which the join puts in the joined PDF), where WeasyPrint would drop
    it with the error "No anchor #... for internal URI reference"."""
    if not elsewhere:
        yield
        return
    original = weasyprint.pdf.resolve_links
    weasyprint.pdf.resolve_links = functools.partial(resolve_links, elsewhere=elsewhere)
    try:
        yield
    finally:
        weasyprint.pdf.resolve_links = original


def resolve_links(pages: list[Any], *, elsewhere: frozenset[str]) -> Iterator[tuple[list[Any], list[Any]]]:
    """WeasyPrint 70's `weasyprint.pdf.anchors.resolve_links`, line for line (each page's links in
    their order, the first anchor of a name kept), but for the names in `elsewhere`."""
    anchors: set[str] = set()
    paged_anchors: list[list[tuple[str, float, float]]] = []
    for page in pages:
        paged_anchors.append([])
        for name, (x, y, _, _) in page.anchors.items():
            if name not in anchors:
                paged_anchors[-1].append((name, x, y))
                anchors.add(name)
    for page, page_anchors in zip(pages, paged_anchors, strict=True):
        links = []
        for link in page.links:
            kind, name, _, _ = link
            if kind == "internal" and name not in anchors and name not in elsewhere:
                WEASYPRINT_LOG.error("No anchor #%s for internal URI reference", name)
            else:
                links.append(link)
        yield links, page_anchors
