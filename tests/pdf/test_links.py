"""Links between parts: a cross-reference to a later part, and one back, are in the joined PDF as
in the single layout (they were lost: WeasyPrint dropped the first when writing its part, pypdf
the next when joining, and the verifier did not notice)."""

from __future__ import annotations

import dataclasses
import io

import pypdf
import pytest

from folio.load import load_publication
from folio.model import Heading, Publication
from folio.pdf import links, split
from tests.pdf.test_split import Case, make_case, pdf_facts


def internal_links(pdf: bytes) -> list[tuple[int, str]]:
    """(page index, destination) of every link that is not a note's call or back-link."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    found = []
    for index, page in enumerate(reader.pages):
        for ref in page.get("/Annots") or ():
            dest = ref.get_object().get("/Dest")
            if dest is not None and not str(dest).startswith(("fn-", "fnref-")):
                found.append((index, str(dest)))
    return found


def heading_ids(publication: Publication) -> list[str]:
    """The id of each section's heading (its first block)."""
    headings = [section.blocks[0] for section in publication.sections]
    assert all(isinstance(heading, Heading) for heading in headings)
    return [heading.id for heading in headings if isinstance(heading, Heading)]


@pytest.fixture(scope="module")
def crossed(tmp_path_factory: pytest.TempPathFactory) -> Case:
    """Two chapters, each with a cross-reference to the other's heading."""
    folder = tmp_path_factory.mktemp("crossed")
    case = make_case(folder, section_break=True)
    files = sorted((folder / "content" / "sections").glob("*.md"))
    headings = heading_ids(case.publication)
    for path, target in zip(files, reversed(headings), strict=True):
        text = path.read_text(encoding="utf-8")
        path.write_text(
            text.replace("\n\n", f"\n\nAs [the other chapter](#{target}) says.\n\n", 1), encoding="utf-8"
        )
    publication = load_publication(folder / "content").publication
    return Case(publication, case.html_of(publication), case.job)


def test_each_part_knows_its_links_to_the_other_part(crossed: Case) -> None:
    parts = [
        dataclasses.replace(crossed.publication, sections=(section,))
        for section in crossed.publication.sections
    ]
    htmls = [crossed.html_of(part) for part in parts]
    headings = heading_ids(crossed.publication)
    assert links.links_to_other_parts(htmls) == [frozenset({headings[1]}), frozenset({headings[0]})]


def test_cross_references_between_parts_are_links_in_the_joined_pdf(
    crossed: Case, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(split, "MIN_NOTES", 0)
    single, joined = crossed.render(workers=1), crossed.render(workers=2)
    headings = heading_ids(crossed.publication)
    assert joined.said == ()  # laid out in two parts
    found = internal_links(joined.pdf)
    assert sorted(dest for _, dest in found) == sorted(headings)
    assert found == internal_links(single.pdf)
    assert pdf_facts(joined.pdf)["links"] == pdf_facts(single.pdf)["links"]


def test_a_link_to_an_id_no_part_holds_is_not_kept() -> None:
    html = '<p id="a"><a href="#b">b</a><a href="#nowhere">x</a></p>'
    assert links.links_to_other_parts([html, '<h1 id="b">B</h1>']) == [frozenset({"b"}), frozenset()]
