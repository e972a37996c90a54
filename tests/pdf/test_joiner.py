"""The join begun early gives the bytes of the join made at the end, and survives losing its process."""

from __future__ import annotations

import os
import signal

import pytest

from folio.pdf import split, workers
from folio.pdf.join import LaidOutPart, join_parts
from folio.pdf.joiner import BackgroundJoin
from tests.pdf.test_split import Case, make_case


@pytest.fixture(scope="module")
def parts(tmp_path_factory: pytest.TempPathFactory) -> tuple[Case, list[LaidOutPart]]:
    """Three chapters, laid out by the parallel route's workers."""
    case = make_case(tmp_path_factory.mktemp("joiner"), section_break=True, notes=60)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(split, "MIN_NOTES", 0)
        cut = split.parallel_parts(
            case.publication, html=case.html, html_of=case.html_of, job=case.job, workers=3
        )
    assert isinstance(cut, tuple)
    assert len(cut) == 3
    return case, workers.lay_out_parts([case.html_of(part) for part in cut], case.job)


def test_the_background_join_makes_the_same_bytes(parts: tuple[Case, list[LaidOutPart]]) -> None:
    case, laid_out = parts
    joiner = BackgroundJoin(case.job)
    for part in laid_out:
        joiner.add(part)
    assert joiner.result() == join_parts(laid_out, case.job)
    assert not joiner.process.is_alive()


def test_a_join_whose_process_died_is_made_here(parts: tuple[Case, list[LaidOutPart]]) -> None:
    case, laid_out = parts
    joiner = BackgroundJoin(case.job)
    joiner.add(laid_out[0])
    assert joiner.process.pid is not None
    os.kill(joiner.process.pid, signal.SIGKILL)  # as the kernel's OOM killer would
    joiner.process.join()
    for part in laid_out[1:]:
        joiner.add(part)
    assert joiner.result() == join_parts(laid_out, case.job)


def test_a_stopped_join_leaves_no_process(parts: tuple[Case, list[LaidOutPart]]) -> None:
    case, _ = parts
    joiner = BackgroundJoin(case.job)
    joiner.stop()  # a build that failed before its PDF was written, or Ctrl-C
    assert not joiner.process.is_alive()
