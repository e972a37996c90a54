"""Named checks, what each needs, and the run of all of them over the facts -> `CheckResult`s.

A check is a pure function of facts that yields `Problem`s. Each family module registers its
own with `Family.check`, which names the check, the inputs it needs (of "pdf", "epub",
"content", "edition") and the function giving its figures. The functions' parameters say what they are
given: `pdf` (`PdfFacts`), `epub` (`EpubFacts`), `content` (the `Expectation` drawn from the
content, or None), `expected` (that, or else what the PDF implies), `epub_expected` (the same,
or else what the EPUB implies), `edition` (`EditionFacts`: what an edition of the PDF claims,
read only when an edition is verified). A check whose input is missing is skipped, never passed.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Literal, TypeVar

from folio.errors import Problem
from folio.verify.anchors import number_of
from folio.verify.epub_facts import EpubFacts
from folio.verify.expectation import Expectation
from folio.verify.pdf_claims import EditionFacts
from folio.verify.pdf_facts import PdfFacts, expect_from_pdf
from folio.verify.report import CheckResult

Need = Literal["pdf", "epub", "content", "edition"]
CheckFunction = TypeVar("CheckFunction", bound=Callable[..., Iterable[Problem]])
Figures = Callable[..., dict[str, int]]


@dataclass(frozen=True, slots=True)
class Inputs:
    pdf: PdfFacts | None
    epub: EpubFacts | None
    content: Expectation | None  # None: checking files from elsewhere
    edition: EditionFacts | None = None  # an edition's claims, for its own checks

    @property
    def expected(self) -> Expectation:
        if self.content is not None:
            return self.content
        assert self.pdf is not None
        return expect_from_pdf(self.pdf)

    @property
    def epub_expected(self) -> Expectation:
        if self.content is not None or self.pdf is not None:
            return self.expected
        assert self.epub is not None
        numbers = [n for r in self.epub.noterefs if (n := number_of(r.id)) is not None]
        return Expectation(first_page=1, first_note=min(numbers, default=1))

    def given(self, parameters: tuple[str, ...]) -> dict[str, object]:
        """The arguments a check's (or figures') parameters name."""
        return {name: getattr(self, name) for name in parameters}


@dataclass(frozen=True, slots=True)
class Check:
    name: str
    needs: tuple[Need, ...]
    run: Callable[..., Iterable[Problem]]
    figures: Figures

    def result(self, inputs: Inputs) -> CheckResult:
        """Its problems and figures; skipped, and why, when an input it needs is missing."""
        available = {
            "pdf": inputs.pdf,
            "epub": inputs.epub,
            "content": inputs.content,
            "edition": inputs.edition,
        }
        missing = [need for need in self.needs if available[need] is None]
        file = inputs.pdf if "pdf" in self.needs and inputs.pdf else inputs.epub or inputs.pdf
        shown = file.path if file is not None else ""
        if missing:
            reason = "no " + " and no ".join(REASONS.get(m, m.upper()) for m in missing)
            return CheckResult(self.name, shown, "skipped", reason=reason)
        problems = tuple(self.run(**inputs.given(parameters_of(self.run))))
        figures = tuple(self.figures(**inputs.given(parameters_of(self.figures))).items())
        return CheckResult(self.name, shown, "failed" if problems else "passed", problems, figures)


REASONS = {"content": "content to compare with", "edition": "edition named"}


def parameters_of(function: Callable[..., object]) -> tuple[str, ...]:
    return tuple(inspect.signature(function).parameters)


def no_figures() -> dict[str, int]:
    return {}


class Family:
    """The checks one module defines, in the order it defines them."""

    def __init__(self) -> None:
        self.checks: list[Check] = []

    def check(
        self, name: str, *, needs: tuple[Need, ...], figures: Figures = no_figures
    ) -> Callable[[CheckFunction], CheckFunction]:
        def register(function: CheckFunction) -> CheckFunction:
            self.checks.append(Check(name, needs, function, figures))
            return function

        return register

    def __iter__(self) -> Iterator[Check]:
        return iter(self.checks)


def run_checks(inputs: Inputs, checks: Iterable[Check]) -> Iterator[CheckResult]:
    for check in checks:
        yield check.result(inputs)
