"""Print HTML -> PDF with WeasyPrint: layout, a captured log, page labels, lost-text detection.

`render_document` lays the HTML out (the costly step) and returns WeasyPrint's `Document`
with what its log said; `laid_out_pages` reads from it which ids landed on which page;
`write_pdf` serialises it with `/PageLabels` that match the printed folios.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pydyf
import weasyprint

from folio.errors import BuildError, Diagnostic, SourceLocation

# fontTools warns, while WeasyPrint subsets Carlito, that the font's creation date "seems very
# low": a harmless quirk of the font file that would otherwise print on every build.
logging.getLogger("fontTools.ttLib.tables._h_e_a_d").setLevel(logging.ERROR)


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
    url_fetcher: Callable[..., Any] | None = None,
) -> Rendered:
    """Lay out the print HTML. Raises BuildError when WeasyPrint logs an error or text is lost."""
    with captured_log() as log:
        css = weasyprint.CSS(filename=str(stylesheet), url_fetcher=url_fetcher)
        html_doc = weasyprint.HTML(string=html, base_url=str(base_url), url_fetcher=url_fetcher)
        document = html_doc.render(stylesheets=[css])
    errors, warnings = sort_log(log.records, stylesheet)
    errors += [Diagnostic(message) for message in lost_text(document)]
    if errors:
        raise BuildError.collect(errors + warnings)
    return Rendered(document, tuple(laid_out_pages(document, first_page)), tuple(warnings))


def sort_log(records: list[logging.LogRecord], stylesheet: Path) -> tuple[list[Diagnostic], list[Diagnostic]]:
    errors: list[Diagnostic] = []
    warnings: list[Diagnostic] = []
    for record in records:
        message = record.getMessage()
        is_css = "Ignored" in message or "CSS" in message
        location = SourceLocation(str(stylesheet)) if is_css else None
        if record.levelno >= logging.ERROR:
            errors.append(Diagnostic(f"WeasyPrint: {message}", location))
        else:
            warnings.append(Diagnostic(f"WeasyPrint: {message}", location, warning=True))
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


def lost_text(document: Any) -> Iterator[str]:
    """Notes that WeasyPrint placed past the page's foot: their text would be silently cut."""
    for index, page in enumerate(document.pages):
        box = page._page_box
        area = getattr(box, "footnote_area", None)
        if area is None or not area.children:
            continue
        limit = box.margin_height() - box.margin_bottom
        for note in area.children:
            bottom = note.position_y + note.margin_height()
            if bottom > limit + 0.5:
                element_id = note.element.get("id") if note.element is not None else "?"
                yield (
                    f"note {element_id.removeprefix('fn-')} does not fit on page {index + 1}: "
                    f"it runs {bottom - limit:.0f}px past the page foot and would lose text; "
                    "shorten it or split it into two notes"
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
