"""Each check's outcome -> the `Report`: its summary line and the JSON written beside the outputs."""

from __future__ import annotations

import json
from dataclasses import dataclass

from folio.errors import Problem


@dataclass(frozen=True, slots=True)
class CheckResult:
    check: str
    file: str
    status: str  # "passed", "failed" or "skipped"
    problems: tuple[Problem, ...] = ()
    figures: tuple[tuple[str, int], ...] = ()
    reason: str = ""  # why it was skipped


@dataclass(frozen=True, slots=True)
class Report:
    results: tuple[CheckResult, ...]

    @property
    def problems(self) -> tuple[Problem, ...]:
        return tuple(p for r in self.results for p in r.problems)

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)

    @property
    def summary(self) -> str:
        return (
            f"{len(self.problems)} problem(s); checks: {self.count('passed')} passed, "
            f"{self.count('failed')} failed, {self.count('skipped')} skipped"
        )

    def adding(self, result: CheckResult) -> Report:
        return Report((*self.results, result))

    def to_json(self) -> str:
        data = {
            "summary": {
                "problems": len(self.problems),
                **{status: self.count(status) for status in ("passed", "failed", "skipped")},
            },
            "checks": [result_json(r) for r in self.results],
        }
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def result_json(result: CheckResult) -> dict[str, object]:
    return {
        "check": result.check,
        "file": result.file,
        "status": result.status,
        "figures": dict(result.figures),
        **({"skipped_because": result.reason} if result.reason else {}),
        "problems": [problem_json(p) for p in result.problems],
    }


def problem_json(problem: Problem) -> dict[str, object]:
    """A finding; `marks`, where the check knows it: the page's index from 0 and a box in the
    page's points, origin bottom left (as PDF draws)."""
    return {
        "page": problem.page,
        "note": problem.note,
        "message": problem.message,
        "line": str(problem),
        "marks": [
            {"page_index": m.page, "box": [round(v, 2) for v in m.box], "shape": m.shape, "label": m.label}
            for m in problem.marks
        ],
    }


def epubcheck_result(problems: list[Problem] | None, shown: str) -> CheckResult:
    """EPUBCheck's findings as a check: None when there was no EPUB to check."""
    if problems is None:
        return CheckResult("epubcheck", shown, "skipped", reason="no EPUB")
    status = "failed" if problems else "passed"
    return CheckResult("epubcheck", shown, status, tuple(problems), (("messages", len(problems)),))
