"""`python -m bench --front-cost`: its option, and its report of the two builds' figures."""

from __future__ import annotations

from bench.front_cost import FrontRun, row
from bench.run import parse_arguments, size_list


def test_the_option_names_the_sizes_and_none_turns_it_off() -> None:
    assert size_list(parse_arguments([]).front_cost) == [1000, 3000]
    assert size_list(parse_arguments(["--front-cost", "200,3000"]).front_cost) == [200, 3000]
    assert size_list(parse_arguments(["--front-cost", ""]).front_cost) == []


def facts(cpu: float, seconds: float, pages: int, front_cpu: float = 0.0) -> dict[str, float]:
    return {"cpu": cpu, "seconds": seconds, "pages": pages, "front_cpu": front_cpu, "problems": 0}


def test_the_front_s_share_is_taken_per_run_and_its_median_printed() -> None:
    runs = [
        FrontRun(facts(20.0, 30.0, 155, 0.4), facts(19.0, 25.0, 150)),  # 5 %
        FrontRun(facts(10.0, 14.0, 155, 0.2), facts(9.9, 15.0, 150)),  # 1 %
        FrontRun(facts(12.0, 16.0, 155, 0.3), facts(11.7, 12.0, 150)),  # 2.5 %
    ]
    assert [round(run.share, 4) for run in runs] == [0.05, 0.01, 0.025]
    # the front's own layout: 2 %, 2 %, 2.5 % of each build's CPU seconds: the median, 2 %
    assert row(1000, runs, 1.25) == (
        "| 1000 | 155 / 150 | 12.00 | 11.70 | 2.5% | 16.00 / 15.00 | 0.30 (2.0%) | 1.2 |"
    )
