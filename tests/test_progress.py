"""Progress: WeasyPrint's pages, the parallel parts' pages and EPUBCheck, as a bar or plain lines."""

from __future__ import annotations

import io
import itertools
import logging
from pathlib import Path

import pytest
import weasyprint

from bench.sameness import synthetic_report
from folio.pdf import PrintJob, workers
from folio.pipeline import ROOT
from folio.progress import WEASYPRINT, Progress, report
from folio.verify.epubcheck import WarmEpubCheck
from tests.conftest import Built

LAYOUT_PAGE = "Step 5 - Creating layout - Page %d"


def pages_logged(count: int, *, first: int = 1) -> None:
    for page in range(first, count + 1):
        logging.getLogger(WEASYPRINT).info(LAYOUT_PAGE, page)


def test_plain_lines_every_25_pages_and_the_count_at_the_end() -> None:
    lines: list[str] = []
    with Progress(io.StringIO(), terminal=False, out=lines.append) as shown:
        shown.say("3/7 laying out the PDF")
        pages_logged(60)
        shown.say("4/7 writing the EPUB")
    assert lines == [
        "3/7 laying out the PDF",
        "  laying out: 25 pages",
        "  laying out: 50 pages",
        "  laid out 60 pages",
        "4/7 writing the EPUB",
    ]


def test_a_short_layout_gives_no_line() -> None:
    lines: list[str] = []
    with Progress(io.StringIO(), terminal=False, out=lines.append) as shown:
        pages_logged(3)
        shown.say("4/7 writing the EPUB")
    assert lines == ["4/7 writing the EPUB"]


def test_a_bar_on_a_terminal_cleared_before_each_line_of_the_build() -> None:
    stream, lines = io.StringIO(), list[str]()
    clock = itertools.count(0.0, 1.0)  # a second between two looks at the clock: every page is drawn
    with Progress(
        stream, terminal=True, expected_pages=40, out=lines.append, clock=lambda: next(clock)
    ) as shown:
        pages_logged(20)
        drawn = stream.getvalue()
        shown.say("4/7 writing the EPUB")
    assert "\r\x1b[2K  laying out [############............] 20/~40 pages" in drawn
    assert stream.getvalue()[len(drawn) :].startswith("\r\x1b[2K")  # cleared before the line
    assert lines == ["4/7 writing the EPUB"]


def test_repagination_is_shown_as_a_pass() -> None:
    stream = io.StringIO()
    with Progress(stream, terminal=True, clock=itertools.count(0.0, 1.0).__next__):
        pages_logged(5)
        logging.getLogger(WEASYPRINT).info("Step 5 - Creating layout - Repagination #%d", 1)
        pages_logged(2)
    assert stream.getvalue().rsplit("\r\x1b[2K", 2)[-2] == "  laying out: 2 pages, pass 2"


def test_weasyprint_70_logs_each_page_it_lays_out() -> None:
    lines: list[str] = []
    html = "<p style='break-after: page'>page</p>" * 30
    with Progress(io.StringIO(), terminal=False, out=lines.append) as shown:
        weasyprint.HTML(string=html).render()
        shown.say("done")
    assert lines == ["  laying out: 25 pages", "  laid out 30 pages", "done"]


class Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.kept: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.kept.append(record)


def test_the_parts_of_a_parallel_layout_report_their_pages(tmp_path: Path) -> None:
    case = synthetic_report(tmp_path, notes=40, chapters=True)
    job = PrintJob(
        base_url=ROOT,
        stylesheet=case.stylesheet,
        first_page=1,
        identifier=case.publication.identifier,
    )
    records = Records()
    handler = records
    logger = logging.getLogger("folio.progress")
    logger.addHandler(handler)
    try:
        with Progress(io.StringIO(), terminal=False, out=lambda _line: None):
            parts = workers.lay_out_parts([case.html, case.html], job)
    finally:
        logger.removeHandler(handler)
    pages = {
        (r.__dict__["part"], r.__dict__["parts"]) for r in records.kept if r.__dict__.get("task") == "layout"
    }
    assert pages == {(1, 2), (2, 2)}
    last = {
        r.__dict__["part"]: r.__dict__["page"] for r in records.kept if r.__dict__.get("task") == "layout"
    }
    assert last == {1: len(parts[0].pages), 2: len(parts[1].pages)}


def test_parts_are_shown_side_by_side() -> None:
    stream = io.StringIO()
    with Progress(stream, terminal=True, expected_pages=100, clock=itertools.count(0.0, 1.0).__next__):
        pages_logged(3)  # a probe's pages, before the parts: not the book's
        report("layout", part=1, parts=2, page=30)
        report("layout", part=2, parts=2, page=20)
    assert "laying out in 2 parts (part 1: 30, part 2: 20) [############............] 50/~100 pages" in (
        stream.getvalue()
    )


def test_epubcheck_is_timed(built: Built) -> None:
    lines: list[str] = []
    clock = itertools.count(0.0, 3.0)
    with Progress(io.StringIO(), terminal=False, out=lines.append, clock=lambda: next(clock)):
        assert WarmEpubCheck().check(built.result.epub) == []
    assert len(lines) == 1 and lines[0].startswith("  EPUBCheck: ") and lines[0].endswith(" s")


def test_the_loggers_are_left_as_they_were() -> None:
    logger = logging.getLogger(WEASYPRINT)
    before = (logger.level, list(logger.handlers))
    with Progress(io.StringIO(), terminal=True):
        assert logger.level == logging.INFO
    assert (logger.level, list(logger.handlers)) == before


@pytest.mark.parametrize("terminal", [True, False])
def test_nothing_reported_nothing_shown(terminal: bool) -> None:
    stream, lines = io.StringIO(), list[str]()
    with Progress(stream, terminal=terminal, out=lines.append):
        pass
    assert (stream.getvalue(), lines) == ("", [])
