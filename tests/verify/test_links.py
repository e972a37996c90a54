"""Links: a destination removed, an external link without its address."""

from __future__ import annotations

from pathlib import Path

import pypdf
from pypdf.generic import NameObject, TextStringObject

from folio.verify.expectation import Expectation
from tests.conftest import Built
from tests.verify.damage import (
    damaged_pdf,
    found,
    link_annots,
    rename_destination,
    verify,
)


def test_a_removed_note_destination(built: Built, tmp_path: Path, expected: Expectation) -> None:
    path = damaged_pdf(built, tmp_path, lambda w: rename_destination(w, "fn-510", None))
    report = verify(expected, pdf=path)
    # The call on page 41, and the bibliography's "cited in notes ..., 510" on page 43.
    assert found(report) == [("links", "41", 510), ("links", "43", 510), ("bibliography", "43", None)]
    links = {p.message for p in report.problems if p.check == "links"}
    assert links == {"link to 'fn-510', which is not a destination"}


def test_an_external_link_without_its_address(built: Built, tmp_path: Path, expected: Expectation) -> None:
    def blank(writer: pypdf.PdfWriter) -> None:
        [annot] = [a for a in link_annots(writer, "41") if "/A" in a]
        annot["/A"][NameObject("/URI")] = TextStringObject("")  # type: ignore[index]

    report = verify(expected, pdf=damaged_pdf(built, tmp_path, blank))
    assert [(p.check, p.page, p.message) for p in report.problems] == [
        ("links", "41", "an external link without a URI"),
        (
            "bibliography",
            "43",
            "note 516 cites 'Moscow Times (The), Russian Air Base in Syria Attacked by Drones – Reports' "
            "but does not link to its address",
        ),
    ]
