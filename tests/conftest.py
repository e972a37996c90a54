"""Shared fixtures: the sample is built once per test session and many facts are read off it."""

from __future__ import annotations

import logging
import os
import shutil
import socket
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pypdf
import pytest
from hypothesis import settings

from folio.pipeline import BuildResult, build
from folio.verify.epubcheck import WarmEpubCheck

# Under CI the property tests draw the same examples every run: a landing never hangs on a
# random draw. Elsewhere they explore (a fresh clone's run found a crash this way); a failure
# found there becomes an exact test in tests/test_load.py or tests/test_importer.py.
settings.register_profile("ci", derandomize=True)
if os.environ.get("CI") == "true":
    settings.load_profile("ci")

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
EXAMPLE = ROOT / "examples" / "report"  # the worked example of every feature of the format
SEED = ROOT / "tests" / "fixtures" / "seed" / "000_bf5a09fecda073c3.txt"


@dataclass(frozen=True)
class Built:
    result: BuildResult
    out: Path
    log: tuple[str, ...]


@pytest.fixture(scope="session", autouse=True)
def epubcheck_service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Builds under test share an EPUBCheck service of their own, stopped when the tests end."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("FOLIO_RUNTIME_DIR", str(tmp_path_factory.mktemp("runtime")))
        yield
        WarmEpubCheck(start=False).stop()


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    out = tmp_path_factory.mktemp("dist")
    lines: list[str] = []
    result = build(CONTENT, out, say=lines.append)
    return Built(result, out, tuple(lines))


@pytest.fixture(scope="session")
def built_example(tmp_path_factory: pytest.TempPathFactory) -> Built:
    out = tmp_path_factory.mktemp("example-dist")
    lines: list[str] = []
    result = build(EXAMPLE, out, say=lines.append)
    return Built(result, out, tuple(lines))


class WeasyPrintLog(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "weasyprint_logs: the test provokes WeasyPrint warnings on purpose and asserts them"
    )


@pytest.fixture(autouse=True)
def no_weasyprint_warnings(request: pytest.FixtureRequest) -> Iterator[None]:
    """Any WeasyPrint warning or error logged during a test fails it (as WeasyPrint's own tests do),
    unless the test is marked `weasyprint_logs` because provoking them is its point."""
    handler = WeasyPrintLog()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    try:
        yield
    finally:
        logger.removeHandler(handler)
    if request.node.get_closest_marker("weasyprint_logs") is None:
        assert not handler.messages, f"WeasyPrint logged: {handler.messages}"


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[object]]:
    """Every attempt to connect a network socket during the test is recorded and fails (local
    Unix sockets, such as the EPUBCheck service's, are not the network)."""
    attempts: list[object] = []
    connect = socket.socket.connect

    def refuse(self: socket.socket, address: Any) -> Any:
        if self.family == socket.AF_UNIX:
            return connect(self, address)
        attempts.append(address)
        raise OSError("network use during a build")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    yield attempts


def require(available: bool, why: str) -> None:
    """Skip a validator whose runtime is missing, but never in CI: there it must run."""
    if available:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI must run this validator: {why}")
    pytest.skip(why)


def write_content(root: Path, section: str, **meta: object) -> Path:
    fields = {
        "title": "T",
        "publisher": "P",
        "date": "2025-03",
        "language": "en",
        "identifier": "urn:x",
        "first_note": 1,
        "first_page": 1,
        "sections": ["s.md"],
    }
    fields.update(meta)
    lines = [
        f"{key}: {value!r}" if isinstance(value, str) else f"{key}: {value}" for key, value in fields.items()
    ]
    (root / "publication.yaml").write_text("\n".join(lines).replace("'", '"') + "\n", encoding="utf-8")
    (root / "s.md").write_text(section, encoding="utf-8")
    return root


def first_body_page(pdf: Path) -> int:
    """The index of the body's first page: the front (title page, legal notice, contents) is
    numbered i, ii, iii before it, the body from `first_page` in arabic figures."""
    labels = pypdf.PdfReader(pdf).page_labels
    return next(index for index, label in enumerate(labels) if label.isdigit())


# --- Tables and figures (issue #15) ----------------------------------------------------------
TABLES_EXAMPLE = ROOT / "examples" / "tables-figures"


@pytest.fixture(scope="session")
def built_tables_example(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """examples/tables-figures built once: a two-page table with a note in every row, a second
    table, an SVG figure, cross-references to each."""
    out = tmp_path_factory.mktemp("tables-example-dist")
    lines: list[str] = []
    result = build(TABLES_EXAMPLE, out, say=lines.append)
    return Built(result, out, tuple(lines))


# --- The print-shop and archival editions (issue #16) ----------------------------------------
@dataclass(frozen=True)
class BuiltEditions:
    built: Built
    content: Path  # the sample, asking for both editions

    def edition(self, name: str) -> Path:
        return self.built.result.pdf.with_name(f"{self.built.result.pdf.stem}.{name}.pdf")


def with_editions(content: Path, folder: Path, editions: str) -> Path:
    """A copy of `content` whose publication.yaml asks for `editions` ("[archival]")."""
    shutil.copytree(content, folder)
    meta = folder / "publication.yaml"
    meta.write_text(meta.read_text(encoding="utf-8") + f"editions: {editions}\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def built_editions(tmp_path_factory: pytest.TempPathFactory) -> BuiltEditions:
    """The sample built with every edition: NAME.pdf, NAME.print-shop.pdf, NAME.archival.pdf."""
    root = tmp_path_factory.mktemp("editions")
    content = with_editions(CONTENT, root / "content", "[accessible, print-shop, archival]")
    lines: list[str] = []
    result = build(content, root / "dist", say=lines.append)
    return BuiltEditions(Built(result, root / "dist", tuple(lines)), content)
