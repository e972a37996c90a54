"""For tests that start folio in a process of its own and press Ctrl-C on it."""

from __future__ import annotations

import signal


def hear_ctrl_c() -> None:
    """In the child, before folio starts: SIGINT back to its default, so that Python turns it
    into KeyboardInterrupt as in a terminal. A test run started in the background by a shell
    without job control (`make test &` in a script) hands every child SIGINT ignored, and a
    Ctrl-C test would then see the build run to its end."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
