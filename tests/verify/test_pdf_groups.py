"""A page's content stream -> the drawing group of each text it shows: the page's children
(body, footnote area, margin boxes) are told apart at the shallowest depth where they differ."""

from __future__ import annotations

import pikepdf

from folio.verify.pdf_groups import page_content, text_groups


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


def test_a_page_s_streams_are_read_as_one_each_ending_a_line() -> None:
    """Contents in an array: the streams joined, a line ended where a stream does not end one (the
    next stream's first operator is no part of the last one's), a null passed over."""
    pdf = pikepdf.new()
    pdf.add_blank_page()
    page = pdf.pages[0].obj
    pieces = [b"q\nBT", b"<0001> Tj\nET\n", b"Q"]
    page.Contents = pikepdf.Array(
        [pikepdf.Stream(pdf, pieces[0]), None, *(pikepdf.Stream(pdf, p) for p in pieces[1:])]
    )
    assert page_content(page) == b"q\nBT\n<0001> Tj\nET\nQ\n"
    assert text_groups(page_content(page)) == (0,)
    page.Contents = pikepdf.Stream(pdf, b"BT\n<0001> Tj\nET")
    assert page_content(page) == b"BT\n<0001> Tj\nET"
    del page["/Contents"]
    assert page_content(page) == b""
