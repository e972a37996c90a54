"""The PDF and EPUB files (+ the expectation drawn from `folio.model`) -> a `Report` of every check.

The proof that page numbers, footnote anchors and texts are right. It reads the files, never
builds them (nothing here imports WeasyPrint or the PDF and EPUB stages). The stages, in order:

    pdf_text      PDF -> each page's text runs with their places (PDFium)
    pdf_groups    PDF content streams -> the drawing group of each run (body, notes, margins)
    pdf_layout    runs + links + destinations -> each page's folio, footer, body, notes
    pdf_values    pikepdf's objects -> texts (PDF text strings decoded), numbers, object numbers
    pdf_names     PDF -> its named destinations and outline, each with its page and place
    pdf_labels    PDF -> each page's label, from the /PageLabels number tree
    pdf_facts     PDF -> PdfFacts (pikepdf, opened once: labels, destinations, links, outline,
                  fonts, content streams, tags; PDFium: the text)
    page_memo     what PDFium read of each page in an earlier build, found by the page's bytes
    epub_facts    EPUB -> EpubFacts (zipfile + lxml), its NCX's pageList and navLists too
    expectation   Publication -> Expectation; the text helpers the checks compare with
    registry      named checks, what each needs, skipped when that is missing
    labels, contents, links, notes, completeness, geometry, document, tags    the PDF's checks
    pdf_claims    PDF -> EditionFacts (what an edition claims: XMP, output intents, boxes, marks)
    pdf_colours   PDF -> the device colours it draws with, and the device RGB no profile defines
    archival, print_shop    the checks of the archival (PDF/A-2u) and print-shop (PDF/X-4) editions
    epub_checks, epub_parts   the EPUB's checks;   editions   the two editions against each other
    epub_ncx      the NCX's pageList and navLists against the navigation document
    cross_references, bibliography    both editions' links to headings and cited sources
    epubcheck/    EPUBCheck, cold or kept warm as a service
    report        CheckResult, Report (its summary and JSON)
    outputs       verify_outputs(): facts, then every check, then EPUBCheck; verify_edition()

The names below are loaded on first use, so that `folio.verify.epubcheck` (which
`build.py stop-epubcheck` imports) does not load pikepdf, PDFium and lxml with its package.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from folio.verify.expectation import Expectation, expect_from_content
    from folio.verify.outputs import verify_edition, verify_outputs, verify_pdf
    from folio.verify.page_memo import PageMemo
    from folio.verify.pdf_facts import PdfFacts, read_pdf_facts
    from folio.verify.report import CheckResult, Report, epubcheck_result

EXPORTS = {
    "Expectation": "folio.verify.expectation",
    "expect_from_content": "folio.verify.expectation",
    "verify_edition": "folio.verify.outputs",
    "verify_outputs": "folio.verify.outputs",
    "verify_pdf": "folio.verify.outputs",
    "PageMemo": "folio.verify.page_memo",
    "PdfFacts": "folio.verify.pdf_facts",
    "read_pdf_facts": "folio.verify.pdf_facts",
    "CheckResult": "folio.verify.report",
    "Report": "folio.verify.report",
    "epubcheck_result": "folio.verify.report",
}
__all__ = [
    "CheckResult",
    "Expectation",
    "PageMemo",
    "PdfFacts",
    "Report",
    "epubcheck_result",
    "expect_from_content",
    "read_pdf_facts",
    "verify_edition",
    "verify_outputs",
    "verify_pdf",
]


def __getattr__(name: str) -> object:
    if name not in EXPORTS:
        raise AttributeError(f"module 'folio.verify' has no attribute {name!r}")
    return getattr(importlib.import_module(EXPORTS[name]), name)
