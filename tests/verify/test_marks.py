"""Marks: where on its page a finding is, for the proof; in the report's JSON beside the rest."""

from __future__ import annotations

import json
from pathlib import Path

import pypdf

from folio.verify.expectation import Expectation
from folio.verify.pdf_facts import read_pdf_facts
from tests.conftest import Built
from tests.verify.damage import damaged_pdf, retarget, verify


def test_a_misdirected_call_is_circled_where_its_link_is(
    built: Built, tmp_path: Path, expected: Expectation
) -> None:
    def misdirect(writer: pypdf.PdfWriter) -> None:
        retarget(writer, "fn-510", "fn-522", on="41")

    pdf = damaged_pdf(built, tmp_path, misdirect)
    report = verify(expected, pdf=pdf)
    [problem] = [p for p in report.problems if p.check == "note-placement"]
    [mark] = problem.marks
    page = (read_pdf_facts(pdf).labels or ()).index("41")
    [link] = [
        k for k in read_pdf_facts(pdf).links if k.dest == "fn-522" and k.page == page and k.rect == mark.box
    ]
    assert (mark.page, mark.shape, mark.label) == (page, "circle", "links to fn-522")
    [entry] = [
        p
        for c in json.loads(report.to_json())["checks"]
        if c["check"] == "note-placement"
        for p in c["problems"]
    ]
    assert entry["marks"] == [
        {
            "page_index": page,
            "box": [round(v, 2) for v in link.rect],
            "shape": "circle",
            "label": "links to fn-522",
        }
    ]
    assert entry["line"] == str(problem)  # the fields it had are as they were
