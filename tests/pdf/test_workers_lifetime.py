"""The parallel route's workers never outlive the build, and Ctrl-C ends a build at once, cleanly."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from bench.synthetic import generate_publication
from folio.pipeline import ROOT, Project
from tests.processes import hear_ctrl_c

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="reads processes from /proc")

# A build on the parallel route (any size, a chapter at every section), as `folio` runs it.
DRIVER = """
import functools, sys
from pathlib import Path
from folio import pipeline
from folio.commands import build as command
from folio.pdf import split
split.MIN_NOTES = 0
project = pipeline.Project(styles=Path(sys.argv[1]))
pipeline.build = functools.partial(pipeline.build, project=project)
sys.exit(command.main(["--content", sys.argv[2], "--out", sys.argv[3]]))
"""
EARLIER = b"the verified PDF of an earlier build"


@dataclass(frozen=True)
class Running:
    build: subprocess.Popen[str]
    out: Path
    workers: tuple[int, ...]


def children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # the process ended meanwhile
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def alive(pid: int) -> bool:
    """Running, not ended: a zombie waiting for its parent to read its status has ended."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def layout_workers(pid: int) -> tuple[int, ...]:
    """The build's forked children (EPUBCheck's Java is not one: its command line differs)."""
    own = cmdline(pid)
    return tuple(child for child in children(pid) if cmdline(child) == own)


@pytest.fixture
def running(tmp_path: Path) -> Iterator[Running]:
    """A build in its own process group, caught in the middle of its two parts' layout."""
    generate_publication(tmp_path / "content", notes=300, first_note=505, first_page=41)
    styles = tmp_path / "styles"
    shutil.copytree(Project().styles, styles)
    with (styles / "print.css").open("a", encoding="utf-8") as css:
        css.write("\n.section { break-before: page; }\n")
    out = tmp_path / "dist"
    out.mkdir()
    (out / "earlier.pdf").write_bytes(EARLIER)
    build = subprocess.Popen(
        [sys.executable, "-c", DRIVER, str(styles), str(tmp_path / "content"), str(out)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        preexec_fn=hear_ctrl_c,  # noqa: PLW1509 (it only resets a signal before the exec: no lock taken)
    )
    try:
        workers = wait_for(lambda: layout_workers(build.pid), count=2)
        time.sleep(0.5)  # well inside the parts' layout, which takes seconds
        yield Running(build, out, workers)
    finally:
        build.kill()
        build.communicate()
        for worker in layout_workers(build.pid):
            os.kill(worker, signal.SIGKILL)


def wait_for(found: Callable[[], tuple[int, ...]], *, count: int, seconds: float = 60) -> tuple[int, ...]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if len(value := found()) == count:
            return value
        time.sleep(0.05)
    raise AssertionError(f"not {count} workers within {seconds} s")


def test_workers_die_with_a_killed_build(running: Running) -> None:
    os.kill(running.build.pid, signal.SIGKILL)
    running.build.wait()
    deadline = time.monotonic() + 3
    while any(alive(worker) for worker in running.workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert [worker for worker in running.workers if alive(worker)] == []


def test_ctrl_c_ends_the_build_at_once_with_one_line(running: Running) -> None:
    interrupted = time.monotonic()
    os.killpg(running.build.pid, signal.SIGINT)  # as the terminal sends Ctrl-C: to the whole group
    _, stderr = running.build.communicate(timeout=30)
    took = time.monotonic() - interrupted
    assert running.build.returncode == 130
    assert stderr.splitlines() == ["interrupted: nothing in the output folder was changed"]
    assert took < 1.5
    assert [worker for worker in running.workers if alive(worker)] == []
    assert sorted(path.name for path in running.out.iterdir()) == ["earlier.pdf"]
    assert (running.out / "earlier.pdf").read_bytes() == EARLIER
