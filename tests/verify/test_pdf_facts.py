"""read_pdf_facts: the facts of the sample; and, field by field, the facts pypdf read before
pikepdf (`pypdf_oracle`) on every kind of PDF folio makes, on damaged copies of the sample, and
on unusual ones: every fit of a destination, the catalog's old /Dests, a name tree of /Kids,
outline items that name their destination, every page label style, text strings in every
encoding, inherited resources, contents in several streams."""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Callable
from dataclasses import fields
from pathlib import Path
from typing import Any

import pikepdf
import pypdf
import pytest

from folio.pdf import split, workers
from folio.verify import pdf_facts, pdf_tags
from folio.verify.pdf_facts import PdfFacts, read_pdf_facts
from tests.conftest import Built, BuiltEditions
from tests.pdf.test_split import make_case
from tests.verify.damage import (
    PikeDamage,
    damaged_pdf,
    lower_text,
    move_destination,
    pike_damaged,
    remove_links,
    rename_destination,
    retarget,
    swap_texts,
    text_operations,
)
from tests.verify.pypdf_oracle import pypdf_facts
from tests.verify.unusual import UNUSUAL, links_of_every_kind


def test_the_facts_of_the_sample(built: Built) -> None:
    facts = read_pdf_facts(built.result.pdf)
    assert facts.folios == (None, None, "iii", "41", "42", "43")
    assert sorted(facts.notes) == list(range(505, 525))
    assert {n: a.page for n, a in facts.notes.items() if a.page == 4} == {522: 4, 523: 4, 524: 4}
    assert facts.notes[516].printed_number == "516"
    assert facts.notes[524].text.startswith("Meduza, Russia removes military equipment")
    assert facts.fonts and all(embedded for _, embedded in facts.fonts)
    assert facts.outline == (("3.2. Russia", 3), ("Annex 1: Bibliography", 5))


def assert_read_as_pypdf_read(path: Path) -> PdfFacts:
    """Every field equal to pypdf's reading; the fonts the same ones (a PDF dictionary has no
    order: qpdf gives a page's fonts by resource name, pypdf in the file's order)."""
    facts, oracle = read_pdf_facts(path), pypdf_facts(path)
    for field in fields(PdfFacts):
        found, wanted = getattr(facts, field.name), getattr(oracle, field.name)
        if field.name == "fonts":
            found, wanted = sorted(found), sorted(wanted)
        assert found == wanted, field.name
    assert facts.links and facts.destinations and facts.labels  # facts there were to compare
    return facts


# --- Every kind of PDF folio makes --------------------------------------------------------------


@pytest.fixture(scope="module")
def joined_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two sections that start pages, laid out by two workers and joined (qpdf, object streams)."""
    taken: list[int] = []
    lay_out_parts = workers.lay_out_parts

    def counted(htmls: list[str], job: Any) -> Any:
        taken.append(len(htmls))
        return lay_out_parts(htmls, job)

    folder = tmp_path_factory.mktemp("joined")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(split, "MIN_NOTES", 0)
        patch.setattr(workers, "lay_out_parts", counted)
        edition = make_case(folder, section_break=True).render(workers=2)
    assert taken == [2]
    path = folder / "joined.pdf"
    path.write_bytes(edition.pdf)
    return path


@pytest.mark.parametrize("which", ["sample", "example", "tables", "print-shop", "archival", "joined"])
def test_pikepdf_reads_what_pypdf_read_of_each_kind_of_pdf(
    which: str, request: pytest.FixtureRequest
) -> None:
    editions: Callable[[], BuiltEditions] = lambda: request.getfixturevalue("built_editions")  # noqa: E731
    paths: dict[str, Callable[[], Path]] = {
        "sample": lambda: request.getfixturevalue("built").result.pdf,
        "example": lambda: request.getfixturevalue("built_example").result.pdf,
        "tables": lambda: request.getfixturevalue("built_tables_example").result.pdf,
        "print-shop": lambda: editions().edition("print-shop"),
        "archival": lambda: editions().edition("archival"),
        "joined": lambda: request.getfixturevalue("joined_pdf"),
    }
    facts = assert_read_as_pypdf_read(paths[which]())
    assert facts.outline and all(page is not None for _, page in facts.outline)


# --- Damaged copies of the sample (as the checks' tests damage it) --------------------------------


def first_text(writer: pypdf.PdfWriter) -> int:
    return text_operations(writer, 3)[0][0]


PYPDF_DAMAGES: dict[str, Callable[[pypdf.PdfWriter], None]] = {
    "a destination dropped": lambda w: rename_destination(w, "fn-510", None),
    "a destination moved": lambda w: move_destination(w, "fn-512", 4, up=30),
    "a link retargeted": lambda w: retarget(w, "fn-505", "fn-506", on="41"),
    "links removed": lambda w: remove_links(w, "fn-507", "fn-508"),
    "texts swapped": lambda w: swap_texts(w, 3, 0, 1),
    "a text lowered": lambda w: lower_text(w, 3, first_text(w), 12),
}


@pytest.mark.parametrize("damage", list(PYPDF_DAMAGES))
def test_pikepdf_reads_what_pypdf_read_of_a_damaged_sample(built: Built, tmp_path: Path, damage: str) -> None:
    assert_read_as_pypdf_read(damaged_pdf(built, tmp_path, PYPDF_DAMAGES[damage]))


# --- PDFs another tool may write (`unusual`) ----------------------------------------------------


@pytest.mark.parametrize("case", list(UNUSUAL))
def test_pikepdf_reads_what_pypdf_read_of_an_unusual_pdf(built: Built, tmp_path: Path, case: str) -> None:
    assert_read_as_pypdf_read(pike_damaged(built, tmp_path, UNUSUAL[case]))


def test_a_link_leads_by_a_name_a_string_or_a_goto_action_and_not_by_an_array(
    built: Built, tmp_path: Path
) -> None:
    facts = read_pdf_facts(pike_damaged(built, tmp_path, links_of_every_kind))
    internal = [link for link in facts.links if link.page == 3 and not link.is_uri_action]
    assert [link.dest for link in internal[:4]] == ["fn-505", "fn-506", None, "fn-508"]
    web = [link for link in facts.links if link.is_uri_action]
    assert web and all(link.uri and link.uri.startswith("http") and link.dest is None for link in web)


# --- Files that cannot be read: a ValueError saying why (`folio check`: "cannot be read") ---------


def undecodable_contents(pdf: pikepdf.Pdf) -> None:
    contents = pikepdf.Stream(pdf, b"BT ET")
    contents.Filter = pikepdf.Name("/NoSuchDecode")
    pdf.pages[3].obj.Contents = contents


def info_in_an_array(pdf: pikepdf.Pdf) -> None:
    pdf.trailer.Info = pdf.make_indirect(pikepdf.Array([1]))


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (undecodable_contents, "qpdf cannot read it: .*unfilterable stream"),
        (info_in_an_array, "the trailer's /Info is no document information dictionary"),
    ],
)
def test_a_file_that_cannot_be_read_is_a_value_error(
    built: Built, tmp_path: Path, damage: PikeDamage, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        read_pdf_facts(pike_damaged(built, tmp_path, damage))


# --- the structure tree walked by a forked copy (`walk_apart`, a build's reading) -------------


def test_a_copy_walks_the_tree_and_the_facts_are_those_read_here(
    built: Built, monkeypatch: pytest.MonkeyPatch
) -> None:
    here = read_pdf_facts(built.result.pdf)
    parent, walk_tree = os.getpid(), pdf_tags.walk_tree

    def only_in_a_copy(pdf: pikepdf.Pdf) -> pdf_tags.Walked:
        assert os.getpid() != parent, "walked here"
        return walk_tree(pdf)

    monkeypatch.setattr(pdf_tags, "walk_tree", only_in_a_copy)
    apart = read_pdf_facts(built.result.pdf, walk_apart=True)
    assert apart == here
    assert apart.tags is not None and len(apart.tags.elements) > 100


def test_a_copy_that_gives_no_walk_leaves_it_to_this_process(
    built: Built, monkeypatch: pytest.MonkeyPatch
) -> None:
    parent, walk_file = os.getpid(), pdf_tags.walk_file

    def dies_in_the_copy(path: Path) -> pdf_tags.Walked:
        if os.getpid() != parent:
            os._exit(3)
        return walk_file(path)

    monkeypatch.setattr(pdf_facts, "walk_file", dies_in_the_copy)
    assert read_pdf_facts(built.result.pdf, walk_apart=True) == read_pdf_facts(built.result.pdf)


def test_a_file_that_cannot_be_read_ends_the_copy_walking_it(
    built: Built, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def walks_long(path: Path) -> pdf_tags.Walked:
        time.sleep(60)
        return pdf_tags.walk_file(path)

    monkeypatch.setattr("folio.verify.pdf_facts.walk_file", walks_long)
    damaged = pike_damaged(built, tmp_path, info_in_an_array)
    with pytest.raises(ValueError, match="no document information dictionary"):
        read_pdf_facts(damaged, walk_apart=True)
    assert multiprocessing.active_children() == []
