"""A PDF's named destinations and outline -> the page each leads to, and where on it (pdf_names):
every fit, null coordinates, the catalog's old /Dests, a name tree of /Kids with a loop, and
bookmarks that name their destination."""

from __future__ import annotations

from pathlib import Path

import pikepdf

from folio.verify.pdf_facts import read_destinations, read_pdf_facts
from folio.verify.pdf_layout import Places
from folio.verify.pdf_names import named_destinations
from tests.conftest import Built
from tests.verify.damage import pike_damaged
from tests.verify.unusual import (
    FITS,
    NULL_PLACES,
    dests_in_kids,
    fitted,
    old_dests,
    outline_by_name,
    unusual_fits,
)


def places(path: Path) -> Places:
    """Each named destination's page index, left and top."""
    with pikepdf.open(path) as pdf:
        pages = {int(page.obj.objgen[0]): index for index, page in enumerate(pdf.pages)}
        named = named_destinations(pdf, next(iter(pages)))
        return read_destinations(named, pages)[1]


def test_the_sample_s_destinations_are_its_name_tree_s(built: Built) -> None:
    """Each name of the tree, in its order, at the page, left and top its /XYZ array gives."""
    found = places(built.result.pdf)
    with pikepdf.open(built.result.pdf) as pdf:
        pages = {page.obj.objgen: index for index, page in enumerate(pdf.pages)}
        names = list(pdf.Root.Names.Dests.Names)
        arrays = {
            str(name): (pages[a[0].objgen], float(a[2]), float(a[3]))
            for name, a in zip(names[0::2], names[1::2], strict=True)
        }
    assert list(found) == list(arrays)
    assert found == arrays
    assert found["fn-505"][0] == 3  # note 505 prints on page 41


def test_each_fit_gives_its_own_left_and_top(built: Built, tmp_path: Path) -> None:
    found = places(pike_damaged(built, tmp_path, unusual_fits))
    assert {name: found[name] for name in FITS} == {name: place for name, (_, place) in FITS.items()}
    assert found["fn-517"] == (4, 12.0, 34.0)  # the array a dictionary holds as its /D
    assert "fn-518" not in found  # a dictionary without a /D is no destination
    assert found["fn-519"] == (-1, 0.0, 0.0)  # a string leads to no page


def test_a_null_coordinate_is_0_and_so_are_those_of_a_fit_of_the_wrong_length(
    built: Built, tmp_path: Path
) -> None:
    found = places(pike_damaged(built, tmp_path, fitted(NULL_PLACES)))
    assert {name: found[name] for name in NULL_PLACES} == {
        name: place for name, (_, place) in NULL_PLACES.items()
    }


def test_the_catalog_s_dests_give_names_with_their_slash(built: Built, tmp_path: Path) -> None:
    """A name in the catalog's /Dests dictionary is a PDF name: "/fn-505", not "fn-505"."""
    found = places(pike_damaged(built, tmp_path, old_dests))
    assert found == {f"/{name}": place for name, place in places(built.result.pdf).items()}


def test_a_name_tree_of_kids_gives_each_name_once_and_its_loop_is_not_followed(
    built: Built, tmp_path: Path
) -> None:
    assert places(pike_damaged(built, tmp_path, dests_in_kids)) == places(built.result.pdf)


def test_bookmarks_lead_where_the_destination_they_name_leads(built: Built, tmp_path: Path) -> None:
    facts = read_pdf_facts(pike_damaged(built, tmp_path, outline_by_name))
    assert facts.outline == (
        ("3.2. Russia", 5),  # by the string "bibliography": page 43
        ("By a name", None),  # /fn-506 is a name, and the catalog has no /Dests dictionary
        ("A web address", None),  # a URI action leads to no page
        ("Annex 1: Bibliography", 3),  # by a GoTo action to (fn-505): page 41
    )
