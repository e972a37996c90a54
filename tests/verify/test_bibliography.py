"""The bibliography: an entry linking back to another note than the one citing it, an entry
gone, an entry for a source no note cites, a source listed twice or out of order, an address
that is not its source's, in the PDF and the EPUB of the worked example (examples/report)."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pypdf
import pytest

from folio.load import load_publication
from folio.verify.bibliography import sort_key
from folio.verify.expectation import Expectation, ExpectedSource, expect_from_content
from tests.conftest import EXAMPLE, Built
from tests.verify.damage import (
    damaged_epub,
    damaged_pdf,
    destination_top,
    page_of,
    readdress,
    remove_links,
    rename_destination,
    replace_once,
    retarget,
    verify,
)

BIBLIOGRAPHY = "EPUB/s-bibliography.xhtml"
COMMONMARK = "https://spec.commonmark.org/0.31.2/"
BIBLIOGRAPHY_PAGE = "9"  # the label of the bibliography's first page


@pytest.fixture(scope="module")
def expected() -> Expectation:
    return expect_from_content(load_publication(EXAMPLE).publication)


def messages(
    check: str, expected: Expectation, *, pdf: Path | None = None, epub: Path | None = None
) -> list[str]:
    return [p.message for p in verify(expected, pdf=pdf, epub=epub).problems if p.check == check]


def test_the_example_s_bibliography_is_what_its_notes_cite(
    built_example: Built, expected: Expectation
) -> None:
    report = verify(expected, pdf=built_example.result.pdf, epub=built_example.result.epub)
    results = {r.check: r for r in report.results}
    assert (results["bibliography"].status, results["epub-bibliography"].status) == ("passed", "passed")
    assert dict(results["bibliography"].figures) == {"cited sources": 20}


def test_a_back_link_to_another_note(built_example: Built, tmp_path: Path, expected: Expectation) -> None:
    pdf = damaged_pdf(built_example, tmp_path, lambda w: retarget(w, "fn-15", "fn-16", on=BIBLIOGRAPHY_PAGE))
    assert messages("bibliography", expected, pdf=pdf) == [
        "the entry for 'CommonMark Spec, Version 0.31.2' links to note 16; the notes citing it are 15",
        "the entry for 'CommonMark Spec, Version 0.31.2' links to note 16 printing '15'",
    ]
    epub = damaged_epub(built_example, tmp_path, {BIBLIOGRAPHY: replace_once("#fn-15", "#fn-16")})
    assert messages("epub-bibliography", expected, epub=epub)[0] == (
        "the entry for 'CommonMark Spec, Version 0.31.2' links to note 16; the notes citing it are 15"
    )


def test_an_entry_gone(built_example: Built, tmp_path: Path, expected: Expectation) -> None:
    def remove(writer: pypdf.PdfWriter) -> None:
        entry = (destination_top(writer, "p-bibliography-5"), destination_top(writer, "p-bibliography-4"))
        remove_links(writer, "fn-5", "fn-56", page=page_of(writer, BIBLIOGRAPHY_PAGE), between=entry)
        rename_destination(writer, "p-bibliography-4", None)

    gone = (
        "'CNN, Russian military has begun large-scale withdrawal from Syria, US and Western officials "
        "say' is cited in notes 5, 56 but has no entry in the bibliography"
    )
    assert messages("bibliography", expected, pdf=damaged_pdf(built_example, tmp_path, remove)) == [gone]
    entry = re.compile(r'<p id="p-bibliography-4">.*?</p>', re.DOTALL)
    epub = damaged_epub(built_example, tmp_path, {BIBLIOGRAPHY: lambda text: entry.sub("", text, count=1)})
    assert messages("epub-bibliography", expected, epub=epub) == [gone]


def test_an_entry_for_a_source_no_note_cites(built_example: Built, tmp_path: Path) -> None:
    """The outputs of a report whose notes cited the Stimson Center, against its content once
    they no longer do; and an entry no source has, written into the EPUB."""
    content = tmp_path / "content"
    shutil.copytree(EXAMPLE, content)
    for section in (content / "sections").iterdir():
        section.write_text(section.read_text().replace("[url][stimson-2024-12-05]", "url"))
    now = expect_from_content(load_publication(content).publication)
    uncited = (
        "the bibliography lists 'Shahbazov, F., What Turkey Hopes to Gain From the HTS Offensive in "
        "Syria, Stimson Center', which no note cites"
    )
    assert messages("bibliography", now, pdf=built_example.result.pdf) == [uncited]
    assert messages("epub-bibliography", now, epub=built_example.result.epub) == [uncited]
    invented = replace_once(
        '<p id="p-bibliography-5">', '<p>Invented, A Source (cited in note 3)</p><p id="p-bibliography-5">'
    )
    epub = damaged_epub(built_example, tmp_path, {BIBLIOGRAPHY: invented})
    assert messages("epub-bibliography", now, epub=epub) == [
        "the bibliography's entry 'Invented, A Source (cited in note 3) …' is no source of the content",
        uncited,
    ]


def test_an_entry_listed_twice_or_out_of_order(
    built_example: Built, tmp_path: Path, expected: Expectation
) -> None:
    first = re.compile(r'(<p id="p-bibliography-1">.*?</p>)\s*(<p id="p-bibliography-2">.*?</p>)', re.DOTALL)
    russian = "'AP, Russian government delegation makes first official visit to Syria since Assad's fall'"
    turkey = "'AP, Turkey and Russia engage in delicate maneuvers over Syria after Assad's downfall'"
    edits: list[tuple[Callable[[str], str], str]] = [
        (
            lambda text: first.sub(r"\1\1\2", text, count=1),
            f"{russian} is listed 2 times in the bibliography",
        ),
        (
            lambda text: first.sub(r"\2\1", text, count=1),
            f"{russian} is listed after {turkey}: the bibliography is sorted by title",
        ),
    ]
    for edit, message in edits:
        epub = damaged_epub(built_example, tmp_path, {BIBLIOGRAPHY: edit})
        assert messages("epub-bibliography", expected, epub=epub) == [message]


def test_an_address_that_is_not_the_source_s(
    built_example: Built, tmp_path: Path, expected: Expectation
) -> None:
    def entry(writer: pypdf.PdfWriter) -> None:
        readdress(writer, page_of(writer, BIBLIOGRAPHY_PAGE), COMMONMARK, "https://example.org/")

    def note(writer: pypdf.PdfWriter) -> None:
        readdress(writer, page_of(writer, "2"), COMMONMARK, "https://example.org/")

    assert messages("bibliography", expected, pdf=damaged_pdf(built_example, tmp_path, entry)) == [
        f"the entry for 'CommonMark Spec, Version 0.31.2' does not link to its address {COMMONMARK}"
    ]
    assert messages("bibliography", expected, pdf=damaged_pdf(built_example, tmp_path, note)) == [
        "note 15 cites 'CommonMark Spec, Version 0.31.2' but does not link to its address"
    ]


def test_the_order_is_by_title_case_and_leading_punctuation_aside() -> None:
    titles = ["“Zeta” News", "alpha", "¿Beta?", "Gamma"]
    sources = [ExpectedSource(str(i), title, None, "", (1,)) for i, title in enumerate(titles)]
    assert [s.title for s in sorted(sources, key=sort_key)] == ["alpha", "¿Beta?", "Gamma", "“Zeta” News"]
