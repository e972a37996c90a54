"""Forked: the bytes made by a forked copy, or here, exactly, when the copy fails."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from folio.errors import BuildError, Diagnostic
from folio.forked import Forked


def pid_bytes() -> bytes:
    return str(os.getpid()).encode()


def test_the_bytes_are_made_by_a_copy_of_the_process() -> None:
    made = Forked(pid_bytes).result()
    assert made.isdigit()
    assert int(made) != os.getpid()


def test_one_worker_makes_them_here(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FOLIO_WORKERS", "1")
    forked = Forked(pid_bytes)
    assert forked.process is None
    assert forked.result() == pid_bytes()


def made_here_but_in_the_copy(happens: Callable[[], object]) -> Callable[[], bytes]:
    """A maker that gives b"made here" in this process, and in a forked copy first does `happens`."""
    parent = os.getpid()

    def make() -> bytes:
        if os.getpid() != parent:
            happens()
        return b"made here"

    return make


def fail() -> None:
    raise RuntimeError("a bug in the copy")


def test_a_copy_that_fails_leaves_them_to_this_process() -> None:
    assert Forked(made_here_but_in_the_copy(fail)).result() == b"made here"


def test_a_copy_that_ends_without_a_word_leaves_them_to_this_process() -> None:
    forked = Forked(made_here_but_in_the_copy(lambda: os._exit(9)))
    assert forked.result() == b"made here"
    assert forked.process is not None
    assert forked.process.exitcode == 9


def test_bad_input_is_raised_here_as_it_was_found(tmp_path: Path) -> None:
    error = BuildError.collect([Diagnostic(f"{tmp_path}/a.md: what is wrong")])

    def refuses() -> bytes:
        raise error

    with pytest.raises(BuildError) as raised:
        Forked(refuses).result()
    assert raised.value is error


def test_a_copy_that_takes_too_long_is_ended_and_gives_nothing() -> None:
    forked = Forked(made_here_but_in_the_copy(lambda: time.sleep(60)))
    assert forked.forked_result(timeout=0.2) is None
    assert forked.process is not None and not forked.process.is_alive()
    assert forked.result() == b"made here"  # asked again: made here
