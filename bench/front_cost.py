"""What the whole-report front costs a build: the same report built with its front and without.

`python -m bench --front-cost 1000,3000` (run by `bench.run`) builds each synthetic report,
generated with the front's fields (`front=True`: an ISBN, a DOI, a contents three levels deep;
folio always makes the title page and legal notice), in fresh processes (`bench.tasks`), in
turn without the front (`no-front`: the front's step, `add_front`, hands the body's pages on
alone; no publication.yaml leaves the front out) and with it (`front`). Both skip verification
(a PDF without its contents cannot pass it) and EPUBCheck. Each reports its CPU seconds (user +
system, of the process and of its children, from `resource.getrusage`: on a shared machine wall
times swing, CPU seconds much less) and wall seconds; the front's share is (with - without) /
with, per run, and the front's own layout (rendering its HTML, laying it out, joining it) is
timed apart inside the build with it.
"""

from __future__ import annotations

import os
import statistics
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bench.synthetic import generate_publication
from bench.tables import print_header

Task = Callable[..., dict[str, float]]
HEADER = (
    "| notes | pages with / without front | CPU s with front | CPU s without | front's share of CPU "
    "| wall s with / without | front's own layout CPU s (share) | load average |"
)


@dataclass(frozen=True, slots=True)
class FrontRun:
    with_front: dict[str, float]
    without: dict[str, float]

    @property
    def share(self) -> float:
        return (self.with_front["cpu"] - self.without["cpu"]) / self.with_front["cpu"]


def front_content(scratch: Path, notes: int, *, seed: int) -> Path:
    content = scratch / f"content-front-{notes}"
    if not content.exists():
        generate_publication(content, notes=notes, seed=seed, front=True)
    return content


def measure(task: Task, content: Path, scratch: Path, index: int) -> FrontRun:
    """Without, then with: a fresh process and an empty output folder each."""
    without = task("no-front", content, scratch / f"no-front-{index}")
    with_front = task("front", content, scratch / f"front-{index}")
    return FrontRun(with_front, without)


def row(notes: int, runs: list[FrontRun], load: float) -> str:
    def median(value: Callable[[FrontRun], float]) -> float:
        return statistics.median(value(run) for run in runs)

    first = runs[0]
    cells = [
        f"{notes}",
        f"{first.with_front['pages']:.0f} / {first.without['pages']:.0f}",
        f"{median(lambda r: r.with_front['cpu']):.2f}",
        f"{median(lambda r: r.without['cpu']):.2f}",
        f"{median(lambda r: r.share):.1%}",
        f"{median(lambda r: r.with_front['seconds']):.2f} / {median(lambda r: r.without['seconds']):.2f}",
        f"{median(lambda r: r.with_front['front_cpu']):.2f} "
        f"({median(lambda r: r.with_front['front_cpu'] / r.with_front['cpu']):.1%})",
        f"{load:.1f}",
    ]
    return "| " + " | ".join(cells) + " |"


def time_front_cost(task: Task, sizes: list[int], *, runs: int, seed: int, scratch: Path) -> None:
    print("\nWhat the front costs a build (verification skipped in both; CPU = user + system):\n")
    print_header(HEADER)
    for notes in sizes:
        content = front_content(scratch, notes, seed=seed)
        measured = [measure(task, content, scratch / f"front-cost-{notes}", index) for index in range(runs)]
        print(row(notes, measured, os.getloadavg()[0]), flush=True)
