"""publication.yaml's `accessibility:` (a claim only as given) and `editions:` (the PDF editions)."""

from __future__ import annotations

from pathlib import Path

import pytest

from folio.load import load_publication
from folio.model import Accessibility
from tests.conftest import CONTENT, write_content
from tests.load.conftest import messages

AA = "EPUB Accessibility 1.1 - WCAG 2.1 Level AA"


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_the_sample_claims_nothing_and_makes_the_accessible_edition() -> None:
    publication = load_publication(CONTENT).publication
    assert publication.accessibility == Accessibility()
    assert publication.editions == ("accessible",)


def test_a_claim_and_its_certifier_are_taken_as_given(here: Path) -> None:
    write_content(here, "## A\n", accessibility={"conforms_to": AA, "certified_by": "An Evaluator"})
    accessibility = load_publication(here).publication.accessibility
    assert accessibility == Accessibility(conforms_to=AA, certified_by="An Evaluator")


@pytest.mark.parametrize(
    ("given", "message"),
    [
        (
            {"conforms_to": "WCAG AA"},
            "publication.yaml:9: 'accessibility: conforms_to' must be an EPUB Accessibility 1.1 "
            "conformance statement such as 'EPUB Accessibility 1.1 - WCAG 2.1 Level AA', not 'WCAG AA'",
        ),
        (
            {"certified_by": "Us"},
            "publication.yaml:9: 'accessibility: certified_by' certifies a claim: give it as conforms_to",
        ),
        ("AA", "publication.yaml:9: 'accessibility' must be a mapping of conforms_to and certified_by"),
        ({"conforms_to": 21}, "publication.yaml:9: 'accessibility: conforms_to' must be text"),
    ],
)
def test_a_claim_that_is_no_conformance_statement_is_an_error_at_its_line(
    here: Path, given: object, message: str
) -> None:
    write_content(here, "## A\n", accessibility=given)
    assert messages(here) == [message]


def test_an_unknown_accessibility_field_warns(here: Path) -> None:
    write_content(here, "## A\n", accessibility={"conforms_to": AA, "certifier": "Us"})
    assert messages(here) == [
        "publication.yaml:9: warning: unknown field 'accessibility: certifier' "
        "(known: conforms_to, certified_by)"
    ]


def test_the_accessible_edition_may_be_named(here: Path) -> None:
    write_content(here, "## A\n", editions=["accessible"])
    assert load_publication(here).publication.editions == ("accessible",)


@pytest.mark.parametrize(
    ("given", "made"),
    [
        (["accessible", "archival"], ("accessible", "archival")),
        (["archival", "print-shop"], ("accessible", "print-shop", "archival")),  # the accessible one always
        ([], ("accessible",)),
    ],
)
def test_the_editions_asked_for_are_made_the_accessible_one_first(
    here: Path, given: list[str], made: tuple[str, ...]
) -> None:
    write_content(here, "## A\n", editions=given)
    assert load_publication(here).publication.editions == made


@pytest.mark.parametrize(
    ("given", "errors"),
    [
        (
            ["print shop"],
            [
                "unknown edition 'print shop' (folio makes accessible, print-shop, archival); "
                "did you mean 'print-shop'?"
            ],
        ),
        (["PDF/A"], ["unknown edition 'PDF/A' (folio makes accessible, print-shop, archival)"]),
        (["archival", "archival"], ["edition 'archival' is listed twice"]),
        ("archival", ["'editions' must list PDF editions of accessible, print-shop, archival"]),
    ],
)
def test_an_unknown_or_repeated_edition_is_an_error(here: Path, given: object, errors: list[str]) -> None:
    write_content(here, "## A\n", editions=given)
    assert messages(here) == [f"publication.yaml:9: {error}" for error in errors]
