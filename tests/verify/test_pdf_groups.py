"""A page's content stream -> the drawing group of each text it shows: the page's children
(body, footnote area, margin boxes) are told apart at the shallowest depth where they differ."""

from __future__ import annotations

from folio.verify.pdf_groups import text_groups


def test_texts_are_grouped_at_the_depth_of_the_page_s_children() -> None:
    stream = b"""q 1 0 0 -1 0 842 cm
q
q BT <0001> Tj ET q BT [<0002>] TJ ET Q Q
q 0.5 w 0 0 10 10 re S Q
q BT (a Q in a string \\) q) Tj ET Q
q BT <0003> Tj ET BT <0004>Tj ET Q
Q
Q"""
    # the body (one group, with a deeper one inside), a border with no text, then two margin boxes
    assert text_groups(stream) == (1, 1, 3, 4, 4)


def test_texts_drawn_in_one_group_are_all_in_it() -> None:
    assert text_groups(b"q BT <0001> Tj ET BT <0002> Tj ET Q") == (0, 0)
    assert text_groups(b"BT <0001> Tj ET") == (0,)
    assert text_groups(b"") == ()
