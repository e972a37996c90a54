"""The NCX's playOrder: the reading order of what each entry leads to, from 1 without a gap, the
same number for the same target (the NCX's own rules, which EPUBCheck's schema checks)."""

from __future__ import annotations

import re

import pytest
from lxml import etree

from folio.epub.ncx import NS, reading_order, set_play_order

DOCUMENTS = [
    ("a.xhtml", b'<html xmlns="http://www.w3.org/1999/xhtml"><body><p id="one"/><p id="two"/></body></html>'),
    ("b.xhtml", b'<html xmlns="http://www.w3.org/1999/xhtml"><body id="top"><p id="three"/></body></html>'),
]


def ncx(*groups: tuple[str, list[str]]) -> etree._Element:
    root = etree.Element(f"{NS}ncx")
    for tag, sources in groups:
        parent = etree.SubElement(root, f"{NS}{'navMap' if tag == 'navPoint' else 'navList'}")
        for src in sources:
            etree.SubElement(etree.SubElement(parent, f"{NS}{tag}"), f"{NS}content", {"src": src})
    return root


def play_orders(root: etree._Element) -> list[tuple[str, str]]:
    return [
        (e.find(f"{NS}content").get("src"), e.get("playOrder"))
        for e in root.iter(f"{NS}navPoint", f"{NS}navTarget")
    ]


def test_reading_order_puts_a_document_s_start_before_its_ids() -> None:
    assert reading_order(DOCUMENTS) == {
        "a.xhtml": 0,
        "a.xhtml#one": 1,
        "a.xhtml#two": 2,
        "b.xhtml": 3,
        "b.xhtml#top": 4,
        "b.xhtml#three": 5,
    }


def test_play_order_follows_the_targets_not_the_entries() -> None:
    root = ncx(
        ("navPoint", ["b.xhtml", "a.xhtml#two"]), ("navTarget", ["b.xhtml#three", "a.xhtml#two", "a.xhtml"])
    )
    set_play_order(root, reading_order(DOCUMENTS))
    assert play_orders(root) == [
        ("b.xhtml", "3"),
        ("a.xhtml#two", "2"),
        ("b.xhtml#three", "4"),
        ("a.xhtml#two", "2"),  # the same target: the same number
        ("a.xhtml", "1"),
    ]


def test_an_entry_to_no_place_of_the_spine_is_folio_s_bug() -> None:
    with pytest.raises(
        ValueError, match=re.escape("the NCX leads to a.xhtml#lost, which no document of the spine holds")
    ):
        set_play_order(ncx(("navPoint", ["a.xhtml#lost"])), reading_order(DOCUMENTS))
