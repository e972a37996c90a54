"""Each test of a patch starts with every patch applied and leaves them so (a test may remove its
own patch to show plain WeasyPrint; a module may name its own `patched` fixture instead); the
computed styles a layout made, which the tests of two memory savings read."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from weasyprint import document

from folio.pdf import patches


@pytest.fixture(autouse=True)
def patched() -> Iterator[None]:
    assert patches.apply() == ()
    yield
    assert patches.apply() == ()


@pytest.fixture
def styles_made(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """The StyleFor of each document rendered, for its computed styles after the layout."""
    made: list[Any] = []
    original = document.get_all_computed_styles

    def keeping(*args: Any, **kwargs: Any) -> Any:
        made.append(original(*args, **kwargs))
        return made[-1]

    monkeypatch.setattr(document, "get_all_computed_styles", keeping)
    return made
