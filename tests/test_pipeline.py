"""Facts about the sample build: outputs, page count, notes on their call's page, labels = folios."""

from __future__ import annotations

import gc

import pytest

from folio.pipeline import rare_collections
from tests.conftest import Built


def test_the_build_verifies_and_writes_both_outputs(built: Built) -> None:
    result = built.result
    assert result.ok, [str(p) for p in result.problems]
    assert result.pdf == built.out / "syria-country-focus.pdf"
    assert result.epub == built.out / "syria-country-focus.epub"
    assert result.pdf.read_bytes().startswith(b"%PDF-1.7")
    # the front (title page, legal notice, contents), the body's two pages, the bibliography's one
    assert (result.pages, result.notes) == (3 + 2 + 1, 20)


def test_the_build_logs_no_weasyprint_warning_and_leaves_no_scratch_files(built: Built) -> None:
    assert built.result.warnings == ()
    assert sorted(p.name for p in built.out.iterdir()) == [
        ".folio-build.json",  # the rebuild cache's manifest (folio/cache.py)
        ".folio-epub",  # where the print pages started, for the next build's EPUB (folio/epub_ahead.py)
        ".folio-verify",  # what the verifier read of each page (folio/verify/page_memo.py)
        "syria-country-focus.check.json",
        "syria-country-focus.epub",
        "syria-country-focus.pdf",
    ]


def test_the_build_says_its_steps(built: Built) -> None:
    assert [line.split()[0] for line in built.log] == ["1/7", "2/7", "3/7", "4/7", "5/7", "6/7", "7/7"]


def test_every_page_start_was_found_to_the_word(built: Built) -> None:
    assert built.result.inexact_pages == ()


def test_rare_collections_holds_only_while_it_is_entered() -> None:
    before = gc.get_threshold()
    with pytest.raises(RuntimeError), rare_collections():
        assert gc.get_threshold()[0] == 50_000
        raise RuntimeError("a failed build")
    assert gc.get_threshold() == before
