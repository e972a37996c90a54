"""Note calls, placement, back-links and numbering: each fails on its own damage."""

from __future__ import annotations

from pathlib import Path

import pypdf
from pypdf.generic import ArrayObject

from folio.verify.expectation import Expectation
from tests.conftest import Built
from tests.verify.damage import (
    damaged_pdf,
    found,
    page_of,
    rename_destination,
    retarget,
    verify,
)


def test_a_call_pointing_at_another_page_s_note(built: Built, tmp_path: Path, expected: Expectation) -> None:
    path = damaged_pdf(built, tmp_path, lambda w: retarget(w, "fn-510", "fn-522", on="41"))
    report = verify(expected, pdf=path)
    # The tags say so too: the link read right before note 510 no longer leads to it.
    assert found(report) == [("note-placement", "41", 510), ("tags-notes", "41", 510)]
    assert report.problems[0].message == "the call of note 510 links to 'fn-522'"


def test_a_call_that_is_not_a_link(built: Built, tmp_path: Path, expected: Expectation) -> None:
    def unlink(writer: pypdf.PdfWriter) -> None:
        annots = writer.pages[page_of(writer, "41")]["/Annots"]
        assert isinstance(annots, ArrayObject)
        [index] = [i for i, a in enumerate(annots) if str(a.get_object().get("/Dest")) == "fn-510"]
        del annots[index]

    report = verify(expected, pdf=damaged_pdf(built, tmp_path, unlink))
    assert found(report) == [("note-calls", "41", 510)]
    assert report.problems[0].message == "the call of note 510 is not a link"


def test_a_back_link_to_another_call(built: Built, tmp_path: Path, expected: Expectation) -> None:
    path = damaged_pdf(built, tmp_path, lambda w: retarget(w, "fnref-510", "fnref-511", on="41"))
    report = verify(expected, pdf=path)
    assert found(report) == [("back-links", "41", 510)]
    assert (
        report.problems[0].message == "note 510's back-link leads to 'fnref-511', not to its call 'fnref-510'"
    )


def test_a_renumbered_note(built: Built, tmp_path: Path, expected: Expectation) -> None:
    def renumber(writer: pypdf.PdfWriter) -> None:
        rename_destination(writer, "fn-510", "fn-600")
        rename_destination(writer, "fnref-510", "fnref-600")
        retarget(writer, "fn-510", "fn-600", on="41")
        retarget(writer, "fn-510", "fn-600", on="43")  # the bibliography's "cited in notes"
        retarget(writer, "fnref-510", "fnref-600", on="41")

    report = verify(expected, pdf=damaged_pdf(built, tmp_path, renumber))
    assert [str(p) for p in report.problems if p.check == "numbering"] == [
        f"{report.problems[0].file}: note 510: note 510 is missing",
        f"{report.problems[0].file}: page 41: note 600 is not in the numbering (505-524)",
        f"{report.problems[0].file}: page 41: note 600 prints as 510",
        f"{report.problems[0].file}: page 41: note 511 is called after note 600",
    ]
    # The bibliography's entry now links to note 600, which cites nothing.
    assert {p.check for p in report.problems} == {"numbering", "bibliography"}
