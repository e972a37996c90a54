"""A page's content stream -> the drawing group of each text it shows: the page's children
(body, footnote area, margin boxes) are told apart at the shallowest depth where they differ."""

from __future__ import annotations

from folio.verify.pdf_groups import text_groups


def test_texts_are_grouped_at_the_depth_of_the_page_s_children() -> None:
    lines = [
        "q", "1 0 0 -1 0 842 cm",  # the page's own wrappers
        "q",
        "q", "BT", "<0001> Tj", "ET", "q", "BT", "[<0002>] TJ", "ET", "Q", "Q",  # the body
        "q", "0 0 10 10 re", "S", "Q",  # a border, no text
        "q", "BT", "(a Q in a string \\) q) Tj", "ET", "Q",  # a margin box
        "q", "BT", "<0003> Tj", "ET", "BT", "<0004>Tj", "(TJ) Tf", "ET", "Q",  # another
        "Q",
        "Q",
    ]  # fmt: skip
    stream = "\n".join(lines).encode()
    # the body (one group, with a deeper one inside), a border with no text, then two margin boxes
    assert text_groups(stream) == (1, 1, 3, 4, 4)


def test_texts_drawn_in_one_group_are_all_in_it() -> None:
    assert text_groups(b"q\nBT\n<0001> Tj\nET\nBT\n<0002> Tj\nET\nQ") == (0, 0)
    assert text_groups(b"BT\n<0001> Tj\nET") == (0,)
    assert text_groups(b"") == ()
