"""Print HTML -> PDF with WeasyPrint: layout, a captured log, page labels, lost-text detection.

`render_document` lays the HTML out (the costly step) and returns WeasyPrint's `Document`
with what its log said; `laid_out_pages` reads from it which ids landed on which page;
`write_pdf` serialises it with `/PageLabels` that match the printed folios.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pydyf
import weasyprint

from folio import footnote_index, keep_notes
from folio.errors import BuildError, Diagnostic, SourceLocation, display_path
from folio.model import Note, note_text
from folio.resources import ProjectFetcher

# WeasyPrint's CSS messages end their text with the place in the stylesheet: "... at 12:3".
CSS_POSITION = re.compile(r" at (\d+):(\d+)\b")

# fontTools warns, while WeasyPrint subsets Carlito, that the font's creation date "seems very
# low": a harmless quirk of the font file that would otherwise print on every build.
logging.getLogger("fontTools.ttLib.tables._h_e_a_d").setLevel(logging.ERROR)

# WeasyPrint 70 scans the list of notes still waiting for a page once per laid-out line: give it
# a constant-time membership index instead (folio/footnote_index.py).
footnote_index.install()
# And it lets a note drift to the next page, or vanish, to make room for a later line: not here
# (folio/keep_notes.py).
keep_notes.install()


@dataclass(frozen=True, slots=True)
class LaidOutPage:
    label: str  # the printed folio: "41"
    anchors: tuple[str, ...]  # ids of the elements with a box on this page, in reading order
    first_block: str | None  # id of the block whose line opens the page's body text
    first_line: str  # that line's text, without note calls


@dataclass(frozen=True, slots=True)
class Rendered:
    document: Any  # weasyprint.Document
    pages: tuple[LaidOutPage, ...]
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


def render_document(
    html: str,
    *,
    base_url: Path,
    stylesheet: Path,
    first_page: int,
    url_fetcher: ProjectFetcher | None = None,
    notes: Mapping[str, Note] | None = None,
) -> Rendered:
    """Lay out the print HTML. Raises BuildError on a CSS error, a WeasyPrint error, a refused
    resource or a note too long for its page; `notes` (by id) locate the latter in the content.

    Without a `url_fetcher` only files beside the stylesheet may be loaded: never the network.
    """
    fetcher = url_fetcher or ProjectFetcher(roots=(stylesheet.parent,))
    # The stylesheet is parsed alone first, so that what WeasyPrint says meanwhile is known
    # to be about this file, and its "at line:column" can name the editor's line.
    with captured_log() as css_log:
        css = weasyprint.CSS(filename=str(stylesheet), url_fetcher=fetcher)
    with captured_log() as log:
        html_doc = weasyprint.HTML(string=html, base_url=str(base_url), url_fetcher=fetcher)
        document = html_doc.render(stylesheets=[css])
    errors = [*fetcher.refused, *stylesheet_errors(css_log.records, stylesheet)]
    more_errors, warnings = sort_log(log.records)
    errors += more_errors
    errors += [lost_note_error(lost, notes or {}) for lost in lost_text(document, first_page)]
    if errors:
        raise BuildError.collect(errors + warnings)
    return Rendered(document, tuple(laid_out_pages(document, first_page)), tuple(warnings))


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


def laid_out_pages(document: Any, first_page: int) -> Iterator[LaidOutPage]:
    for index, page in enumerate(document.pages):
        body = next(child for child in page._page_box.children if type(child).__name__ == "BlockBox")
        line = first_line(body)
        block = line.element.get("id") if line is not None and line.element is not None else None
        text = line_text(line) if line is not None else ""
        yield LaidOutPage(str(first_page + index), tuple(page.anchors), block, text)


def first_line(box: Any) -> Any:
    """The first line box of body text below `box` (notes live in the footnote area, not here)."""
    if type(box).__name__ == "LineBox":
        return box
    for child in getattr(box, "children", ()):
        found = first_line(child)
        if found is not None:
            return found
    return None


def line_text(box: Any) -> str:
    """The text of a line as the reader sees it in the body: note calls left out."""
    element = getattr(box, "element", None)
    tag = getattr(box, "element_tag", "")
    if tag.endswith("::footnote-call") or (
        element is not None and tag == "a" and "fn-call" in (element.get("class") or "")
    ):
        return ""
    if hasattr(box, "text"):
        return str(box.text)
    return "".join(line_text(child) for child in getattr(box, "children", ()))


@dataclass(frozen=True, slots=True)
class LostNote:
    note_id: str  # "fn-505"
    page: str  # the printed folio of the page it would be cut on
    overflow: float  # how far it runs past the page's foot, in CSS px (1/96 in)


def lost_text(document: Any, first_page: int) -> Iterator[LostNote]:
    """Notes that run past the page's foot. WeasyPrint never splits a note: it draws the rest
    below the page, where nobody sees it, and logs nothing."""
    for index, page in enumerate(document.pages):
        box = page._page_box
        limit = box.margin_height() - box.margin_bottom
        for area in box.children:
            if type(area).__name__ != "FootnoteAreaBox":
                continue
            for note in area.children:
                # The border box: a note's bottom margin may hang past the foot harmlessly.
                bottom = note.position_y + note.margin_height() - note.margin_bottom
                if bottom > limit + 0.5:
                    element_id = note.element.get("id") if note.element is not None else "?"
                    yield LostNote(element_id, str(first_page + index), bottom - limit)


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
        )
    )
