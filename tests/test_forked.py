"""ForkedBytes: the bytes made by a forked copy, or here, exactly, when the copy fails."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from folio.errors import BuildError, Diagnostic
from folio.forked import ForkedBytes


def pid_bytes() -> bytes:
    return str(os.getpid()).encode()


def test_the_bytes_are_made_by_a_copy_of_the_process() -> None:
    made = ForkedBytes(pid_bytes).result()
    assert made.isdigit()
    assert int(made) != os.getpid()


def test_one_worker_makes_them_here(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FOLIO_WORKERS", "1")
    forked = ForkedBytes(pid_bytes)
    assert forked.process is None
    assert forked.result() == pid_bytes()


def test_a_copy_that_fails_leaves_them_to_this_process() -> None:
    parent = os.getpid()

    def fails_in_the_copy() -> bytes:
        if os.getpid() != parent:
            raise RuntimeError("a bug in the copy")
        return b"made here"

    assert ForkedBytes(fails_in_the_copy).result() == b"made here"


def test_a_copy_that_ends_without_a_word_leaves_them_to_this_process() -> None:
    parent = os.getpid()

    def ends_in_the_copy() -> bytes:
        if os.getpid() != parent:
            os._exit(9)
        return b"made here"

    forked = ForkedBytes(ends_in_the_copy)
    assert forked.result() == b"made here"
    assert forked.process is not None
    assert forked.process.exitcode == 9


def test_bad_input_is_raised_here_as_it_was_found(tmp_path: Path) -> None:
    error = BuildError.collect([Diagnostic(f"{tmp_path}/a.md: what is wrong")])

    def refuses() -> bytes:
        raise error

    with pytest.raises(BuildError) as raised:
        ForkedBytes(refuses).result()
    assert raised.value is error
