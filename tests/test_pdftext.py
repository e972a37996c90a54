"""Content streams -> positioned text runs: matrices, text operators, strings, fonts."""

from __future__ import annotations

import pytest

from folio.pdftext import Font, TextRun, TextState, cid_widths, interpret, read_to_unicode, unescape

SIMPLE = Font(unicode={}, widths=dict.fromkeys(range(32, 127), 500.0), default_width=0.0, code_bytes=1)
COMPOSITE = Font(
    unicode={1: "A", 2: "fi", 3: " "}, widths={1: 600.0, 2: 550.0}, default_width=250.0, code_bytes=2
)


def runs(stream: bytes, fonts: dict[str, Font] | None = None) -> list[TextRun]:
    state = TextState(fonts or {"/F1": SIMPLE, "/F2": COMPOSITE})
    interpret(stream, state)
    return state.runs


def test_a_flipped_and_scaled_page_as_weasyprint_writes_it() -> None:
    stream = (
        b"1 0 0 -1 0 841.889764 cm\nq\n0.75 0 0 0.75 0 0 cm\nBT\n1 0 0 -1 90 100 Tm\n/F2 20 Tf\n"
        b"[<0001>0<0002>-100<0003>] TJ\nET\nQ\n"
    )
    [run] = runs(stream)
    assert run.text == "Afi "
    assert (round(run.x, 3), round(run.y, 3), round(run.size, 3)) == (67.5, 766.89, 15.0)
    # (600 + 550 + 250 + 100) / 1000 * 20 * 0.75
    assert round(run.width, 3) == 22.5


def test_text_positioning_operators_and_literal_strings() -> None:
    stream = b"BT /F1 10 Tf 12 TL 100 700 Td (Hello) Tj T* (a \\(b\\) \\101) Tj 0 -20 TD (x) ' ET"
    found = [(r.text, r.x, r.y) for r in runs(stream)]
    assert found == [("Hello", 100.0, 700.0), ("a (b) A", 100.0, 688.0), ("x", 100.0, 648.0)]


def test_the_graphics_state_stack_restores_the_matrix() -> None:
    stream = b"q 2 0 0 2 0 0 cm BT /F1 10 Tf 10 10 Td (a) Tj ET Q BT /F1 10 Tf 10 10 Td (b) Tj ET"
    assert [(r.text, r.x, r.size) for r in runs(stream)] == [("a", 20.0, 20.0), ("b", 10.0, 10.0)]


def test_strings_outside_text_objects_never_read_as_operators() -> None:
    stream = b"/Span <</ActualText (q Q 1 0 0 1 5 5 cm)>> BDC BT /F1 10 Tf (z) Tj ET EMC"
    [run] = runs(stream)
    assert (run.text, run.x, run.y) == ("z", 0.0, 0.0)


def test_unknown_fonts_show_nothing() -> None:
    assert runs(b"BT /F9 10 Tf (lost) Tj ET") == []


@pytest.mark.parametrize(
    ("literal", "data"),
    [(b"(plain)", b"plain"), (b"(a\\nb)", b"a\nb"), (b"(\\050\\051)", b"()"), (b"(line\\\nend)", b"lineend")],
)
def test_literal_string_escapes(literal: bytes, data: bytes) -> None:
    assert unescape(literal) == data


class Stream:
    def __init__(self, data: bytes) -> None:
        self.data = data

    def get_object(self) -> Stream:
        return self

    def get_data(self) -> bytes:
        return self.data


def test_to_unicode_maps_chars_and_ranges() -> None:
    cmap = (
        b"2 beginbfchar\n<0003> <0020>\n<0004> <00660069>\nendbfchar\n"
        b"1 beginbfrange\n<0010> <0012> <0041>\nendbfrange\n"
        b"1 beginbfrange\n<0020> <0021> [<0078> <0079>]\nendbfrange\n"
    )
    assert read_to_unicode(Stream(cmap)) == {3: " ", 4: "fi", 16: "A", 17: "B", 18: "C", 32: "x", 33: "y"}


def test_cid_widths_both_forms() -> None:
    assert cid_widths([1, [500, 600], 10, 12, 250]) == {1: 500.0, 2: 600.0, 10: 250.0, 11: 250.0, 12: 250.0}
