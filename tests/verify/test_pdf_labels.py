"""A PDF's /PageLabels -> each page's label (pdf_labels): every style, prefixes and first
numbers, ranges that cannot label a page, a tree of kids."""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pytest

from folio.verify.pdf_labels import page_labels
from tests.conftest import Built
from tests.verify.damage import pike_damaged
from tests.verify.unusual import LABELS


def labels_of(path: Path) -> tuple[str, ...] | None:
    with pikepdf.open(path) as pdf:
        return page_labels(pdf, len(pdf.pages))


def test_the_sample_s_labels(built: Built) -> None:
    assert labels_of(built.result.pdf) == ("i", "ii", "iii", "41", "42", "43")


@pytest.mark.parametrize("case", list(LABELS))
def test_each_range_labels_its_pages(built: Built, tmp_path: Path, case: str) -> None:
    damage, labels = LABELS[case]
    assert labels_of(pike_damaged(built, tmp_path, damage)) == labels


def test_a_pdf_without_page_labels_has_none(built: Built, tmp_path: Path) -> None:
    def unlabel(pdf: pikepdf.Pdf) -> None:
        del pdf.Root["/PageLabels"]

    assert labels_of(pike_damaged(built, tmp_path, unlabel)) is None


def test_letters_repeat_past_z_and_roman_numerals_stop_at_3999() -> None:
    pdf = pikepdf.new()
    for _ in range(3):
        pdf.add_blank_page()
    D, N = pikepdf.Dictionary, pikepdf.Name
    pdf.Root.PageLabels = D(
        Nums=pikepdf.Array([0, D(S=N.a, St=52), 1, D(S=N.A, St=53), 2, D(S=N.R, St=4000)])
    )
    assert page_labels(pdf, 3) == ("zz", "AAA", "3")
