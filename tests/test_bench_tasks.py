"""The bench's build task reads what each step of a build took, and the parts it reused, from
the lines the build said."""

from __future__ import annotations

from bench.tasks import build_facts


def test_each_step_lasts_until_the_next_and_the_layout_line_gives_the_parts() -> None:
    said = [
        (10.0, "1/7 loading content/"),
        (10.5, "3/7 laying out the PDF"),
        (11.0, "layout in 15 parts: 14 reused from dist/.folio-parts, 1 laid out (s-0071)"),
        (14.0, "6/7 verifying"),
    ]
    facts = build_facts(said)
    assert (facts["step_1"], facts["step_3"]) == (0.5, 3.5)
    assert facts["step_6"] > 0  # until the build returned
    assert (facts["parts"], facts["reused"]) == (15, 14)


def test_a_rebuild_that_found_nothing_to_do_has_no_steps() -> None:
    assert build_facts([(1.0, "dist/ is up to date")]) == {}
