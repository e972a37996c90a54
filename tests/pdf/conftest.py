"""Fixtures of the PDF stage's tests."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project folder with styles/ and templates/, the working directory of the test."""
    (tmp_path / "styles").mkdir()
    (tmp_path / "templates").mkdir()
    (tmp_path / "styles" / "ok.css").write_text("p { color: red; }\n", encoding="utf-8")
    (tmp_path / "secret.txt").write_text("not for the PDF\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path
