"""verify_outputs: a clean build passes every check with its figures; a file from elsewhere
skips what needs the content; EPUBCheck's findings join the report; `build.py check`."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import weasyprint

from build import main
from folio.errors import Problem
from folio.load import load_publication
from folio.pdf import write_pdf
from folio.render import render_print_html
from folio.verify.epubcheck import epubcheck_command
from folio.verify.expectation import Expectation, expect_from_content
from folio.verify.outputs import verify_outputs
from tests.conftest import CONTENT, ROOT, Built
from tests.verify.damage import (
    SECTION,
    damaged_epub,
    damaged_pdf,
    replace_once,
    retarget,
    verify,
)

PDF_CHECKS = {
    "page-labels",
    "folios",
    "contents",
    "links",
    "note-calls",
    "note-placement",
    "back-links",
    "numbering",
    "completeness",
    "geometry",
    "body-geometry",
    "document",
    "table-headers",
    "figure-images",
    "tags-tree",
    "tags-notes",
    "tags-links",
    "tags-document",
}


def test_a_clean_build_passes_every_check_with_its_figures(built: Built, expected: Expectation) -> None:
    report = verify_outputs(pdf=built.result.pdf, epub=built.result.epub, content=expected)
    assert report.problems == ()
    statuses = {r.check: r.status for r in report.results}
    assert set(statuses.values()) == {"passed"}
    assert len(statuses) == 38
    figures = {r.check: dict(r.figures) for r in report.results}
    assert figures["page-labels"] == {"pages": 6}  # i-iii, 41-43
    # 3.2. Russia; Annex 1: Bibliography; no list of tables or figures (the sample asks for none)
    assert figures["contents"] == {"pages": 1, "entries": 2, "lists": 0, "list_entries": 0}
    assert figures["note-calls"] == {"notes": 20, "calls": 20}
    # WeasyPrint draws a link over each box of a link: 20 calls, 20 back-links, 25 of the
    # bibliography's "cited in notes", 2 contents entries of one box each (the whole line).
    assert figures["links"] == {"internal": 67, "external": 4}  # the bibliography's address too
    # title page 4, legal notice 5, section 6, bibliography heading and 14 sources
    assert figures["completeness"] == {"notes": 20, "paragraphs": 30}
    assert figures["epub-footnotes"] == {"noterefs": 20, "asides": 20}
    assert figures["epub-parts"] == {"documents": 5}  # title page, legal notice, nav, 3.2, annex


def test_every_build_writes_its_json_report(built: Built) -> None:
    data = json.loads((built.out / "syria-country-focus.check.json").read_text(encoding="utf-8"))
    assert data["summary"] == {"problems": 0, "passed": 38, "failed": 0, "skipped": 0}
    assert [c["check"] for c in data["checks"]][:3] == ["page-labels", "folios", "contents"]
    assert data["checks"][-1]["check"] == "epubcheck"


def test_a_pdf_from_elsewhere_skips_what_needs_the_content(built: Built) -> None:
    report = verify(None, pdf=built.result.pdf)
    statuses = {r.check: r.status for r in report.results}
    assert statuses["completeness"] == "skipped"
    assert statuses["epub-footnotes"] == "skipped"
    assert {c for c, s in statuses.items() if s == "passed"} == PDF_CHECKS - {"completeness"}
    assert report.problems == ()


def test_an_over_long_note_loses_text_silently_and_is_caught(tmp_path: Path) -> None:
    """WeasyPrint never splits a note. Here the call's line moves to page 2 (footnote-policy:
    line), the note still does not fit and goes on to page 3, where it runs past the foot and
    the rest is dropped. The pipeline refuses such a layout (folio.pdf); rendered here without
    that guard, the verifier names the lost words, the overflow and the misplaced note."""
    words = " ".join(f"word{i}" for i in range(2500))
    (tmp_path / "publication.yaml").write_text(
        'title: "Long"\npublisher: "P"\ndate: "2025-03"\nlanguage: "en"\nidentifier: "urn:x"\n'
        'first_note: 1\nfirst_page: 1\nsections: ["s.md"]\n',
        encoding="utf-8",
    )
    (tmp_path / "s.md").write_text(
        f"## A\n\nA paragraph.[^1] And another.[^2]\n\n[^1]: Short note.\n[^2]: {words}\n", encoding="utf-8"
    )
    publication = load_publication(tmp_path).publication
    html = render_print_html(publication, templates_dir=ROOT / "templates", created=publication.modified)
    css = weasyprint.CSS(filename=str(ROOT / "styles" / "print.css"))
    document = weasyprint.HTML(string=html, base_url=str(ROOT)).render(stylesheets=[css])
    path = tmp_path / "long.pdf"
    path.write_bytes(write_pdf(document, first_page=1, identifier="urn:x"))
    report = verify(expect_from_content(publication.body), pdf=path)  # the body, laid out alone
    by_check = {p.check: p for p in report.problems}
    assert sorted(by_check) == ["completeness", "geometry", "note-placement"]
    lost = by_check["completeness"]
    assert (lost.page, lost.note) == ("3", 2)
    assert re.fullmatch(r"note 2 is incomplete: 'word\d+ word\d+ .*' is not printed", lost.message)
    assert (by_check["geometry"].page, by_check["geometry"].note) == ("3", 2)
    placement = by_check["note-placement"]
    assert (placement.page, placement.message) == ("2", "note 2 is on page 3, its call on page 2")


def test_epubcheck_reports_an_invalid_document(built: Built, tmp_path: Path) -> None:
    if epubcheck_command() is None:
        pytest.skip("Java is not installed, so EPUBCheck cannot run (Debian: default-jdk-headless)")
    edit = replace_once("</section>", '<p id="fn-510">the same id twice</p></section>')
    path = damaged_epub(built, tmp_path, {SECTION: edit})
    report = verify_outputs(pdf=None, epub=path, content=None)
    assert [p.check for p in report.problems] == ["epubcheck"]
    assert "s-3-2-russia.xhtml" in report.problems[0].message


def test_check_passes_on_the_sample_build(
    built: Built, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = tmp_path / "report.json"
    code = main(["check", "--out", str(built.out), "--content", str(CONTENT), "--json", str(report)])
    out = capsys.readouterr().out.splitlines()
    assert code == 0
    assert out[-1] == "verified: 0 problem(s); checks: 38 passed, 0 failed, 0 skipped"
    assert report.is_file()


def test_check_fails_on_a_damaged_copy_with_one_line_per_problem(
    built: Built, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = damaged_pdf(built, tmp_path, lambda w: retarget(w, "fn-510", "fn-522", on="41"))
    code = main(["check", "--pdf", str(path), "--content", str(CONTENT)])
    out = capsys.readouterr().out.splitlines()
    assert code == 1
    assert out[0] == f"{path}: page 41: the call of note 510 links to 'fn-522'"
    assert out[-1] == "verification failed: 2 problem(s); checks: 18 passed, 2 failed, 18 skipped"


def test_check_names_a_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["check", "--pdf", str(tmp_path / "none.pdf")])
    assert (code, capsys.readouterr().err) == (1, f"{tmp_path / 'none.pdf'}: file not found\n")


def test_problem_lines_name_page_or_note() -> None:
    assert str(Problem("x.pdf", "gone", "links", page="41", note=510)) == "x.pdf: page 41: gone"
    assert str(Problem("x.epub", "gone", "epub-footnotes", note=510)) == "x.epub: note 510: gone"
