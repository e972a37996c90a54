"""What the load's tests share: the messages of a load, and a working folder to load from."""

from __future__ import annotations

from pathlib import Path

import pytest

from folio.errors import BuildError
from folio.load import load_publication


def messages(content: Path) -> list[str]:
    """Every diagnostic of a failed load, or the warnings of a successful one, as printed."""
    try:
        loaded = load_publication(content)
    except BuildError as error:
        return [str(d) for d in error.diagnostics]
    return [str(w) for w in loaded.warnings]


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path
