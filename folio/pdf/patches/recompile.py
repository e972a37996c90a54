"""One function of WeasyPrint compiled again from its own source with one piece of it replaced.

Takes the function, the text to replace (found exactly once) and its replacement; gives the new
function, compiled in the function's own module (its globals), under its file name and at its
line numbers, so tracebacks still point at the lines of WeasyPrint's file. The patches that
change a decision or a line inside a WeasyPrint function (keep_notes, footnote_area,
trailing_space, style_keys, ...) use it rather than copying the function.
"""

from __future__ import annotations

import inspect
import sys
import textwrap
from collections.abc import Callable
from typing import Any


def occurrences(function: Callable[..., Any], text: str) -> int:
    return inspect.getsource(function).count(text)


def recompiled(function: Callable[..., Any], old: str, new: str) -> Callable[..., Any]:
    """`function` with `old` (which must occur once in its source) replaced by `new`."""
    source = inspect.getsource(function)
    if source.count(old) != 1:
        raise ValueError(f"{function.__qualname__} does not hold the text to replace exactly once")
    if old.count("\n") != new.count("\n"):
        raise ValueError("the replacement must keep the function's line numbers")
    module = sys.modules[function.__module__]
    padding = "\n" * (function.__code__.co_firstlineno - 1)
    code = compile(padding + textwrap.dedent(source.replace(old, new)), str(module.__file__), "exec")
    defined: dict[str, Any] = {}
    exec(code, vars(module), defined)
    replaced: Callable[..., Any] = defined[function.__name__]
    return replaced
