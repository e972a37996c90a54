"""The notes' cost table: each ratio is taken from figures of the same run, and the layout of the
notes as text tells what their text costs apart from what the page foot adds."""

from __future__ import annotations

from pathlib import Path

from bench.notes_cost import NotesRun, measure, row
from bench.run import ParallelRun, parallel_row


def cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip("|").split("|")]


def test_a_row_gives_the_text_s_own_cost_and_the_page_foot_s_on_top() -> None:
    runs = [
        NotesRun(10.0, 12.0, 30.0, 18.0, lines=900, note_lines=400, as_text_lines=1300),
        NotesRun(20.0, 26.0, 50.0, 39.0, lines=900, note_lines=400, as_text_lines=1300),
    ]
    line = cells(row(1000, "run-on", runs))
    assert line[:2] == ["1000", "run-on"]
    assert line[-3:] == ["1.25", "1.50", "900 + 400 (1300)"]  # medians of 1.2 and 1.3; of 1.5 and 1.5


def test_measure_lays_out_four_variants_and_takes_the_lines_from_the_patched_layout(tmp_path: Path) -> None:
    asked: list[dict[str, str]] = []

    def task(kind: str, _content: Path, env: dict[str, str]) -> dict[str, float]:
        assert kind == "layout"
        asked.append(env)
        laid_out = {  # each variant its own seconds and lines: the lines come from the right ones
            "no-notes": (1.0, 5.0, 0.0),
            "notes-as-text": (1.2, 8.0, 0.0),
            "before": (3.0, 6.5, 3.5),
            "after": (1.5, 7.0, 3.0),
        }
        name = Path(env["FOLIO_BENCH_STYLES"]).name
        key = next((key for key in laid_out if name.endswith(key)), None)
        if key is None:
            key = "before" if "FOLIO_PLAIN_WEASYPRINT" in env else "after"
        seconds, lines, note_lines = laid_out[key]
        return {"seconds": seconds, "lines": lines, "note_lines": note_lines}

    run = measure(task, tmp_path / "content", tmp_path, chapters=False)
    assert run == NotesRun(1.0, 1.2, 3.0, 1.5, lines=7.0, note_lines=3.0, as_text_lines=8.0)
    as_text = next(env for env in asked if env.get("FOLIO_BENCH_NOTES") == "end")
    assert "float: none" in (Path(as_text["FOLIO_BENCH_STYLES"]) / "print.css").read_text(encoding="utf-8")


def test_the_parallel_row_gives_the_best_ratio_the_cpu_work_allows_on_two_cores() -> None:
    run = ParallelRun(
        bare=60.0,
        one_process=55.0,
        two_processes=36.0,
        four_processes=40.0,
        cpu_one=54.0,
        cpu_two=60.0,
        pages=480,
        problems_one=0,
        problems_two=0,
        rss_two=300.0,
        children_rss_two=250.0,
    )
    line = cells(parallel_row(3000, [run]))
    assert line[6] == "0.60"  # 36 s of 60
    assert line[9:11] == ["54.0 / 60.0", "0.50"]  # 60 CPU seconds over 2 cores: 30 s of 60 at best
