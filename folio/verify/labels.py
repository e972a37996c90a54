"""PDF facts -> problems with the page numbers: the /PageLabels and the folios printed.

Labels run i, ii, ... through the front (up to the page where the content's first body section
begins; in a PDF from elsewhere, as far as its labels are roman), then from the first page
number; each page prints its own label as its folio in the footer, except the title page and
the legal notice (in a PDF from elsewhere: the front's first pages that print none), and a
page left blank before a chapter printed on both sides.
"""

from __future__ import annotations

from collections.abc import Iterator

from folio.errors import Problem
from folio.model import CONTENTS
from folio.verify.expectation import UNFOLIATED, Expectation, Part, wanted_label
from folio.verify.pdf_facts import PdfFacts
from folio.verify.registry import Family

CHECKS = Family()


def page_figures(pdf: PdfFacts) -> dict[str, int]:
    return {"pages": len(pdf.folios)}


def front_page_count(pdf: PdfFacts, expected: Expectation) -> int:
    """How many pages the front has: up to the page of the first body section's destination."""
    body = next((part.id for part in expected.parts if part.role != "front"), None)
    if body is not None and body in pdf.destinations:
        return pdf.destinations[body][0]
    return expected.front_pages


def part_pages(pdf: PdfFacts, expected: Expectation, kinds: tuple[str, ...]) -> set[int]:
    """The pages of the parts of these kinds: from each one's first page to the next part's (or
    the contents')."""
    parts = (*expected.parts, Part(CONTENTS, "front", CONTENTS))
    starts = sorted((pdf.destinations[p.id][0], p.kind) for p in parts if p.id in pdf.destinations)
    ends = [page for page, _ in starts[1:]] + [len(pdf.folios)]
    spans = [
        range(start, max(end, start + 1))
        for (start, kind), end in zip(starts, ends, strict=True)
        if kind in kinds
    ]
    return {page for span in spans for page in span}


def leading_unfoliated(pdf: PdfFacts, front: int) -> set[int]:
    """Without the content: the front's first pages that print no folio (a title page, its back)."""
    first = next((index for index, folio in enumerate(pdf.folios) if folio is not None), len(pdf.folios))
    return set(range(min(first, front)))


def is_blank(pdf: PdfFacts, page: int) -> bool:
    """Nothing printed: no text in the body or the footer, no note."""
    printed = any(run.text.strip() for run in pdf.body[page]) if page < len(pdf.body) else False
    return not printed and pdf.folios[page] is None and all(area.page != page for area in pdf.notes.values())


@CHECKS.check("page-labels", needs=("pdf",), figures=page_figures)
def check_page_labels(pdf: PdfFacts, expected: Expectation) -> Iterator[Problem]:
    """Labels exist and run from the first number: i, ii, ... for front matter, then 1, 2, ..."""
    if pdf.labels is None:
        yield Problem(pdf.path, "the PDF has no page labels (/PageLabels)", "page-labels")
        return
    front = front_page_count(pdf, expected)
    for index, label in enumerate(pdf.labels):
        wanted = wanted_label(expected, index, front_pages=front)
        if label != wanted:
            yield Problem(pdf.path, f"page label {label} should be {wanted}", "page-labels", page=label)


@CHECKS.check("folios", needs=("pdf",), figures=page_figures)
def check_folios(pdf: PdfFacts, expected: Expectation) -> Iterator[Problem]:
    """Each page prints its folio in the footer, and it is the page's number (= its label); the
    title page and legal notice print none, nor does a left-hand page left blank (both sides)."""
    front = front_page_count(pdf, expected)
    unfoliated = part_pages(pdf, expected, UNFOLIATED) if expected.parts else leading_unfoliated(pdf, front)
    for index, folio in enumerate(pdf.folios):
        wanted = wanted_label(expected, index, front_pages=front)
        label = pdf.label(index)
        if index in unfoliated or (expected.duplex and index % 2 == 1 and is_blank(pdf, index)):
            if folio is not None:
                yield Problem(
                    pdf.path, f"folio {folio} printed on a page that prints none", "folios", page=label
                )
        elif folio is None:
            message = f"no folio printed in the footer (should be {wanted})"
            yield Problem(pdf.path, message, "folios", page=label)
        elif folio != wanted:
            yield Problem(pdf.path, f"printed folio {folio} should be {wanted}", "folios", page=label)
