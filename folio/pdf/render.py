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
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pydyf
import weasyprint

from folio.errors import BuildError, Diagnostic, SourceLocation, display_path
from folio.model import Note, Table, note_text
from folio.pdf.boxes import LaidOutPage, LostNote, laid_out_pages, lost_text
from folio.pdf.fetcher import ProjectFetcher
from folio.pdf.tables import table_errors

# WeasyPrint's CSS messages end their text with the place in the stylesheet: "... at 12:3".
CSS_POSITION = re.compile(r" at (\d+):(\d+)\b")

# fontTools warns, while WeasyPrint subsets Carlito, that the font's creation date "seems very
# low": a harmless quirk of the font file that would otherwise print on every build.
logging.getLogger("fontTools.ttLib.tables._h_e_a_d").setLevel(logging.ERROR)


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


@dataclass(frozen=True, slots=True)
class Rendered:
    document: Any  # weasyprint.Document
    pages: tuple[LaidOutPage, ...]
    warnings: tuple[Diagnostic, ...]


@dataclass(frozen=True, slots=True)
class LaidOutEdition:
    """The print edition laid out: every page is known, the PDF is not written yet.

    `write()` makes the PDF bytes: WeasyPrint writes the single layout, or the parts that the
    workers wrote are joined. Between the two the caller can use the pages (the EPUB's page
    list), while the other core is still free.
    """

    pages: tuple[LaidOutPage, ...]
    warnings: tuple[Diagnostic, ...]
    write: Callable[[], bytes]


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
    stylesheet: Path,
    url_fetcher: ProjectFetcher | None = None,
    page_css: str | None = None,
) -> LaidOutHtml:
    """One layout and what WeasyPrint said meanwhile; `page_css` is an extra stylesheet (a probe's).

    Without a `url_fetcher` only files beside the stylesheet may be loaded: never the network.
    """
    fetcher = url_fetcher or ProjectFetcher(roots=(stylesheet.parent,))
    refused_before = len(fetcher.refused)  # a fetcher shared by several layouts reports each once
    # The stylesheet is parsed alone first, so that what WeasyPrint says meanwhile is known
    # to be about this file, and its "at line:column" can name the editor's line.
    with captured_log() as css_log:
        stylesheets = [weasyprint.CSS(filename=str(stylesheet), url_fetcher=fetcher)]
    with captured_log() as log:
        if page_css is not None:
            stylesheets.append(weasyprint.CSS(string=page_css, url_fetcher=fetcher))
        html_doc = weasyprint.HTML(string=html, base_url=str(base_url), url_fetcher=fetcher)
        document = html_doc.render(stylesheets=stylesheets)
    errors = [*fetcher.refused[refused_before:], *stylesheet_errors(css_log.records, stylesheet)]
    more_errors, warnings = sort_log(log.records)
    return LaidOutHtml(document, tuple(errors + more_errors), tuple(warnings))


def render_document(
    html: str,
    *,
    base_url: Path,
    stylesheet: Path,
    first_page: int,
    url_fetcher: ProjectFetcher | None = None,
    notes: Mapping[str, Note] | None = None,
    tables: Mapping[str, Table] | None = None,
) -> Rendered:
    """Lay out the print HTML. Raises BuildError on a CSS error, a WeasyPrint error, a refused
    resource, a note too long for its page or a table too wide for it; `notes` and `tables` (by
    id) locate the latter two in the content.
    """
    laid_out = lay_out_html(html, base_url=base_url, stylesheet=stylesheet, url_fetcher=url_fetcher)
    document = laid_out.document
    errors = list(laid_out.errors)
    errors += [lost_note_error(lost, notes or {}) for lost in lost_text(document, first_page)]
    pages = tuple(laid_out_pages(document, first_page))
    if tables:
        errors += table_errors(document, pages, tables, first_page=first_page)
    if errors:
        raise BuildError.collect(errors + list(laid_out.warnings))
    return Rendered(document, pages, laid_out.warnings)


def lay_out(html: str, job: PrintJob) -> Rendered:
    """One layout of `html`, as every route makes it."""
    return render_document(
        html,
        base_url=job.base_url,
        stylesheet=job.stylesheet,
        first_page=job.first_page,
        url_fetcher=job.url_fetcher,
        notes=job.notes,
        tables=job.tables,
    )


def lay_out_in_one_process(html: str, job: PrintJob) -> LaidOutEdition:
    rendered = lay_out(html, job)
    write = functools.partial(
        write_pdf, rendered.document, first_page=job.first_page, identifier=job.identifier
    )
    return LaidOutEdition(rendered.pages, rendered.warnings, write)


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


def write_pdf(document: Any, *, first_page: int, identifier: str) -> bytes:
    """The PDF bytes, with page labels equal to the printed folios (WeasyPrint writes none)."""

    def add_page_labels(_document: Any, pdf: Any) -> None:
        labels = pydyf.Dictionary({"S": "/D", "St": first_page})
        pdf.catalog["PageLabels"] = pydyf.Dictionary({"Nums": pydyf.Array([0, labels])})

    return bytes(
        document.write_pdf(
            finisher=add_page_labels,
            pdf_identifier=identifier.encode(),
            pdf_variant="pdf/ua-1",  # tagged (folio.pdf.patches.tagging corrects the tags)
        )
    )
