"""The registry: a check is given the facts its parameters name, and one whose input is
missing is skipped, with the reason, and never run."""

from __future__ import annotations

from collections.abc import Iterator

from folio.errors import Problem
from folio.verify.epub_facts import EpubFacts
from folio.verify.expectation import Expectation
from folio.verify.pdf_facts import PdfFacts
from folio.verify.registry import Family, Inputs, run_checks

PDF = PdfFacts("x.pdf", ("1", "2"), ("1", "2"))
CONTENT = Expectation(first_page=1, first_note=1)


def test_checks_get_what_their_parameters_name_and_are_skipped_without_it() -> None:
    family = Family()
    ran: list[str] = []

    @family.check("pages", needs=("pdf",), figures=lambda pdf: {"pages": len(pdf.folios)})
    def check_pages(pdf: PdfFacts, expected: Expectation) -> Iterator[Problem]:
        ran.append("pages")
        assert expected is CONTENT
        yield Problem(pdf.path, "wrong", "pages", page="1")

    @family.check("book", needs=("epub", "content"))
    def check_book(epub: EpubFacts) -> Iterator[Problem]:
        ran.append("book")
        yield from ()

    results = list(run_checks(Inputs(pdf=PDF, epub=None, content=CONTENT), family))
    assert [(r.check, r.status, r.figures, r.reason) for r in results] == [
        ("pages", "failed", (("pages", 2),), ""),
        ("book", "skipped", (), "no EPUB"),
    ]
    assert ran == ["pages"]
    [skipped] = run_checks(Inputs(pdf=PDF, epub=None, content=None), list(family)[1:])
    assert skipped.reason == "no EPUB and no content to compare with"
