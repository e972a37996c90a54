"""Forked: the bytes made by a forked copy, or here, exactly, when the copy fails."""

from __future__ import annotations

import os
import time
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


def test_a_copy_that_fails_leaves_them_to_this_process() -> None:
    parent = os.getpid()

    def fails_in_the_copy() -> bytes:
        if os.getpid() != parent:
            raise RuntimeError("a bug in the copy")
        return b"made here"

    assert Forked(fails_in_the_copy).result() == b"made here"


def test_a_copy_that_ends_without_a_word_leaves_them_to_this_process() -> None:
    parent = os.getpid()

    def ends_in_the_copy() -> bytes:
        if os.getpid() != parent:
            os._exit(9)
        return b"made here"

    forked = Forked(ends_in_the_copy)
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
    parent = os.getpid()

    def hangs_in_the_copy() -> bytes:
        if os.getpid() != parent:
            time.sleep(60)
        return b"made here"

    forked = Forked(hangs_in_the_copy)
    assert forked.forked_result(timeout=0.2) is None
    assert forked.process is not None and not forked.process.is_alive()
    assert forked.result() == b"made here"  # asked again: made here
