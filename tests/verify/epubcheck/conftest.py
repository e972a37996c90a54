"""Each EPUBCheck test has a service folder of its own; its service, if any, is stopped afterwards."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from folio.verify.epubcheck import WarmEpubCheck, epubcheck_command
from tests.conftest import require


@pytest.fixture(autouse=True)
def runtime(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    require(epubcheck_command() is not None, "Java is not installed (Debian: default-jdk-headless)")
    folder = tmp_path / "runtime"
    monkeypatch.setenv("FOLIO_RUNTIME_DIR", str(folder))
    yield folder
    WarmEpubCheck(start=False).stop()
