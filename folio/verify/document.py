"""PDF facts (+ the content's title and language) -> problems with the document as a whole:
title and language set, every font embedded, bookmarks that lead to pages."""

from __future__ import annotations

from collections.abc import Iterator

from folio.errors import Problem
from folio.verify.expectation import Expectation
from folio.verify.pdf_facts import PdfFacts
from folio.verify.registry import Family

CHECKS = Family()


def document_figures(pdf: PdfFacts) -> dict[str, int]:
    return {"fonts": len(pdf.fonts), "bookmarks": len(pdf.outline)}


@CHECKS.check("document", needs=("pdf",), figures=document_figures)
def check_document(pdf: PdfFacts, content: Expectation | None) -> Iterator[Problem]:
    """Title and language set (as the content says), every font embedded, every bookmark leads to a page."""
    title = content.title if content is not None else None
    language = content.language if content is not None else None
    yield from check_field(pdf.path, "title", "the PDF has no title", pdf.title, title)
    yield from check_field(pdf.path, "language", "the PDF has no language (/Lang)", pdf.language, language)
    for name, embedded in pdf.fonts:
        if not embedded:
            yield Problem(pdf.path, f"font {name} is not embedded", "document")
    if not pdf.outline:
        yield Problem(pdf.path, "the PDF has no bookmarks", "document")
    for title, page in pdf.outline:
        if page is None:
            yield Problem(pdf.path, f"bookmark '{title}' leads to no page", "document")


def check_field(path: str, key: str, absent: str, found: str | None, wanted: str | None) -> Iterator[Problem]:
    if not found:
        yield Problem(path, absent, "document")
    elif wanted and found != wanted:
        yield Problem(path, f"the PDF's {key} is '{found}', not '{wanted}'", "document")
