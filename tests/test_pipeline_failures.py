"""Failures leave dist/ as it was; hostile text stays text; the same inputs give the same bytes.

These tests run the real pipeline (layout, EPUB, EPUBCheck) on a one-page publication, and
`build.py`'s `main` for what an editor sees: messages, exit codes, never a traceback.
"""

from __future__ import annotations

import hashlib
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pypdf
import pytest
from lxml import etree

import build as cli
import folio.pipeline
from folio.errors import BuildError, Problem
from folio.pipeline import build
from tests.conftest import write_content

HOSTILE = "<script>alert(1)</script>"
SECTION = (
    "## 1. Hostile text\n\n"
    f"A paragraph that quotes {HOSTILE} and <img src=x onerror=alert(2)>.[^1] "
    "A [link](javascript:alert(3)) and a second call.[^2]\n\n"
    f"[^1]: A note that quotes {HOSTILE} too, [url][site].\n"
    "[^2]: Another note.\n"
)


class StubEpubCheck:
    """Stands for the warm EPUBCheck of a build: `check` answers `answer(path)`, no Java runs."""

    def __init__(self, answer: Callable[[Path], list[Problem]]) -> None:
        self.answer = answer

    def check(self, path: Path, *, shown: str | None = None) -> list[Problem]:
        return self.answer(path)


def stub_epubcheck(monkeypatch: pytest.MonkeyPatch, answer: Callable[[Path], list[Problem]]) -> None:
    monkeypatch.setattr(folio.pipeline, "WarmEpubCheck", lambda **_options: StubEpubCheck(answer))


@pytest.fixture
def no_epubcheck(monkeypatch: pytest.MonkeyPatch) -> None:
    """EPUBCheck (a Java process) is left out where the outputs' bytes, dates or the messages
    are the point; the hostile build and the sample build run it."""
    stub_epubcheck(monkeypatch, lambda _path: [])


def small_content(root: Path, section: str = SECTION, **meta: object) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    write_content(root, section, sources="sources.yaml", title="Hostile Test", **meta)
    (root / "sources.yaml").write_text(
        'site:\n  title: "Site"\n  url: "https://example.org/a"\n', encoding="utf-8"
    )
    return root


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def previous_dist(tmp_path: Path) -> Path:
    """An output folder holding a previous build's files (their bytes must survive a failure)."""
    out = tmp_path / "dist"
    out.mkdir()
    (out / "hostile-test.pdf").write_bytes(b"%PDF-1.7 the last good PDF")
    (out / "hostile-test.epub").write_bytes(b"PK the last good EPUB")
    return out


def run_cli(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str], list[str]]:
    code = cli.main(argv)
    captured = capsys.readouterr()
    return code, captured.out.splitlines(), captured.err.splitlines()


def test_hostile_text_is_text_in_the_pdf_and_the_epub_and_no_connection_is_attempted(
    tmp_path: Path, no_network: list[object]
) -> None:
    stale = tmp_path / "dist" / ".build-999999999-killed"  # a killed build's scratch folder
    stale.mkdir(parents=True)
    (stale / "hostile-test.pdf").write_bytes(b"%PDF-1.7 half written")
    result = build(small_content(tmp_path / "content"), tmp_path / "dist", say=lambda _line: None)
    assert result.ok, [str(p) for p in result.problems]
    assert not list((tmp_path / "dist").glob(".build-*"))
    text = " ".join(" ".join(page.extract_text() for page in pypdf.PdfReader(result.pdf).pages).split())
    assert text.count(HOSTILE) == 2
    assert "<img src=x onerror=alert(2)>" in text
    assert "A [link](javas" in text  # markdown-it refuses a javascript: link: it stays text
    with zipfile.ZipFile(result.epub) as package:
        documents = [n for n in package.namelist() if n.endswith(".xhtml")]
        section = package.read("EPUB/s-s.xhtml")  # named after the section file, s.md
        assert section.count(b"&lt;script&gt;alert(1)&lt;/script&gt;") == 2
        for name in documents:
            root = etree.fromstring(package.read(name))
            assert root.xpath("//*[local-name()='script']") == [], name
            assert [a for e in root.iter() for a in e.attrib if a.lower().startswith("on")] == [], name
            assert not any("javascript:" in v.lower() for e in root.iter() for v in e.attrib.values()), name
    assert no_network == []


def test_two_builds_with_the_same_source_date_epoch_are_byte_identical(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_network: list[object], no_epubcheck: None
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14 22:13:20 UTC
    content = small_content(tmp_path / "content")
    first = build(content, tmp_path / "one", say=lambda _line: None)
    second = build(content, tmp_path / "two", say=lambda _line: None)
    assert first.ok and second.ok
    assert sha256(first.pdf) == sha256(second.pdf)
    assert sha256(first.epub) == sha256(second.epub)
    metadata = pypdf.PdfReader(first.pdf).metadata
    assert metadata is not None
    assert (metadata.creation_date_raw, metadata.modification_date_raw) == (
        "D:20231114221320Z",
        "D:20231114221320Z",
    )
    with zipfile.ZipFile(first.epub) as package:
        assert {info.date_time for info in package.infolist()} == {(2023, 11, 14, 22, 13, 20)}
        opf = package.read("EPUB/content.opf").decode()
    assert re.findall(r'property="dcterms:modified">([^<]*)<', opf) == ["2023-11-14T22:13:20Z"]
    assert no_network == []


def test_without_source_date_epoch_the_dates_are_the_contents_not_the_clocks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_epubcheck: None
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    content = small_content(tmp_path / "content", date="2024-06")
    first = build(content, tmp_path / "one", say=lambda _line: None)
    metadata = pypdf.PdfReader(first.pdf).metadata
    assert metadata is not None
    assert (metadata.creation_date_raw, metadata.modification_date_raw) == ("D:20240601000000Z",) * 2
    with zipfile.ZipFile(first.epub) as package:
        assert {info.date_time for info in package.infolist()} == {(2024, 6, 1, 0, 0, 0)}
        assert b'property="dcterms:modified">2024-06-01T00:00:00Z<' in package.read("EPUB/content.opf")


def test_a_note_too_long_for_a_page_fails_naming_it_and_leaves_dist_unchanged(
    tmp_path: Path, previous_dist: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    citation = " ".join(f"Source number {i}, a long citation, 1 January 2025, url;" for i in range(260))
    content = small_content(
        tmp_path / "content", f"## A\n\nShort text.[^1] More.[^2]\n\n[^1]: One.\n[^2]: {citation}\n"
    )
    before = snapshot(previous_dist)
    with pytest.raises(BuildError) as caught:
        build(content, previous_dist, say=lambda _line: None)
    length = len(" ".join(citation.split()))
    [message] = [str(d) for d in caught.value.diagnostics]
    assert re.fullmatch(
        rf"content/s\.md:6: note 2 is too long to fit on one page \({length:,} characters, "
        r"2,600 words, \d+ mm past the foot of page \d+\); WeasyPrint cannot continue a note on the "
        r"next page, so its end would be cut off: shorten it or split it into two notes",
        message,
    ), message
    assert snapshot(previous_dist) == before


def test_a_failed_verification_leaves_dist_unchanged_and_no_scratch_files(
    tmp_path: Path, previous_dist: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stub_epubcheck(monkeypatch, lambda _path: [Problem("x.epub", "damaged on purpose", "epubcheck")])
    before = snapshot(previous_dist)
    result = build(small_content(tmp_path / "content"), previous_dist, say=lambda _line: None)
    assert "x.epub: damaged on purpose" in [str(p) for p in result.problems]
    after = snapshot(previous_dist)
    # Beside the untouched outputs, the proof of the PDF it refused (folio.proof), and nothing else.
    proof = {name for name in after if name.startswith(f"{result.pdf.stem}.proof/")}
    assert f"{result.pdf.stem}.proof/index.html" in proof
    assert {name: data for name, data in after.items() if name not in proof} == before


def test_a_crash_after_the_scratch_folder_exists_leaves_dist_unchanged_and_no_scratch_files(
    tmp_path: Path, previous_dist: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def crash(_path: Path) -> list[Problem]:
        raise RuntimeError("verifier crashed")

    stub_epubcheck(monkeypatch, crash)
    before = snapshot(previous_dist)
    with pytest.raises(RuntimeError, match="verifier crashed"):
        build(small_content(tmp_path / "content"), previous_dist, say=lambda _line: None)
    assert snapshot(previous_dist) == before


def test_bad_content_prints_every_problem_exits_1_and_leaves_dist_unchanged(
    tmp_path: Path, previous_dist: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    small_content(tmp_path / "content", "## A\n\nOne[^1] two[^x].\n\n[^1]: a\n[^1]: b\n", titel="X")
    before = snapshot(previous_dist)
    code, _out, err = run_cli(["--content", "content", "--out", "dist"], capsys)
    assert (code, err) == (
        1,
        [
            "content/s.md:6: footnote [^1] is defined twice (first on line 5)",
            "content/s.md:3: footnote [^x] is referenced but never defined",
            "content/publication.yaml:10: warning: unknown field 'titel'; did you mean 'title'?",
            "content/sources.yaml:1: warning: source 'site' is cited by no note; "
            "the bibliography leaves it out",
            "build failed: nothing in the output folder was changed",
        ],
    )
    assert snapshot(previous_dist) == before


def test_warnings_of_a_good_build_are_printed_and_it_exits_0(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], no_epubcheck: None
) -> None:
    monkeypatch.chdir(tmp_path)
    small_content(tmp_path / "content", "## A\n\nOne.[^1]\n\n[^1]: a\n[^2]: unused\n", titel="X")
    code, _out, err = run_cli(["--content", "content", "--out", "dist"], capsys)
    assert code == 0
    assert err[:2] == [
        "content/publication.yaml:10: warning: unknown field 'titel'; did you mean 'title'?",
        "content/s.md:6: warning: footnote [^2] is defined but never referenced; it is left out",
    ]


def test_an_unexpected_exception_is_two_lines_exit_2_and_the_traceback_in_a_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(*_args: object, **_kwargs: object) -> None:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(folio.pipeline, "build", broken)
    code, out, err = run_cli(["--content", str(tmp_path), "--out", str(tmp_path / "dist")], capsys)
    assert (code, out, len(err)) == (2, [], 2)
    assert err[0] == (
        "internal error, a bug in folio rather than in the content: ZeroDivisionError: division by zero "
        "(at tests/test_pipeline_failures.py:" + str(broken.__code__.co_firstlineno + 1) + " in broken)"
    )
    report = Path(re.search(r"the full traceback is in (\S+) ", err[1]).group(1))  # type: ignore[union-attr]
    assert (
        err[1] == f"nothing in the output folder was changed; the full traceback is in {report} "
        "(attach it to the bug report)"
    )
    assert "Traceback (most recent call last)" in report.read_text(encoding="utf-8")
    assert "ZeroDivisionError: division by zero" in report.read_text(encoding="utf-8")
    report.unlink()


def test_a_machine_error_is_one_line_and_exit_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def read_only(*_args: object, **_kwargs: object) -> None:
        raise PermissionError(13, "Permission denied", "dist/.build-x")

    monkeypatch.setattr(folio.pipeline, "build", read_only)
    code, out, err = run_cli(["--content", str(tmp_path), "--out", str(tmp_path / "dist")], capsys)
    assert (code, out, err) == (
        1,
        [],
        [
            "build failed: [Errno 13] Permission denied: 'dist/.build-x'; "
            "nothing in the output folder was changed"
        ],
    )
