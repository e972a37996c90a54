"""Each test of a patch starts with every patch applied and leaves them so (a test may remove its
own patch to show plain WeasyPrint; a module may name its own `patched` fixture instead)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from folio.pdf import patches


@pytest.fixture(autouse=True)
def patched() -> Iterator[None]:
    assert patches.apply() == ()
    yield
    assert patches.apply() == ()
