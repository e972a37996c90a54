"""PDF facts -> problems with the page numbers: the /PageLabels and the folios printed.

Labels run from the first page number (roman front matter, then arabic), and each page prints
its own label as its folio in the footer.
"""

from __future__ import annotations

from collections.abc import Iterator

from folio.errors import Problem
from folio.verify.expectation import Expectation, wanted_label
from folio.verify.pdf_facts import PdfFacts
from folio.verify.registry import Family

CHECKS = Family()


def page_figures(pdf: PdfFacts) -> dict[str, int]:
    return {"pages": len(pdf.folios)}


@CHECKS.check("page-labels", needs=("pdf",), figures=page_figures)
def check_page_labels(pdf: PdfFacts, expected: Expectation) -> Iterator[Problem]:
    """Labels exist and run from the first number: i, ii, ... for front matter, then 1, 2, ..."""
    if pdf.labels is None:
        yield Problem(pdf.path, "the PDF has no page labels (/PageLabels)", "page-labels")
        return
    for index, label in enumerate(pdf.labels):
        wanted = wanted_label(expected, index)
        if label != wanted:
            yield Problem(pdf.path, f"page label {label} should be {wanted}", "page-labels", page=label)


@CHECKS.check("folios", needs=("pdf",), figures=page_figures)
def check_folios(pdf: PdfFacts, expected: Expectation) -> Iterator[Problem]:
    """Each page prints its folio in the footer, and it is the page's number (= its label)."""
    for index, folio in enumerate(pdf.folios):
        wanted = wanted_label(expected, index)
        label = pdf.label(index)
        if folio is None:
            message = f"no folio printed in the footer (should be {wanted})"
            yield Problem(pdf.path, message, "folios", page=label)
        elif folio != wanted:
            yield Problem(pdf.path, f"printed folio {folio} should be {wanted}", "folios", page=label)
