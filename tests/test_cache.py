"""The rebuild cache: every input changes the key; only intact outputs of the same key are served."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from folio import cache
from folio.cache import MANIFEST, CachedBuild, build_key, cached_build, record_build
from folio.errors import Diagnostic, SourceLocation
from folio.pipeline import Project, build, input_key
from tests.conftest import CONTENT, ROOT, Built


@pytest.fixture
def inputs(tmp_path: Path) -> dict[str, Path]:
    """A private copy of every input folder, so each test may edit one."""
    layout = Project()
    folders = {
        "content": CONTENT,
        "templates": layout.templates,
        "styles": layout.styles,
        "tool": ROOT / "folio",
    }
    copies = {name: tmp_path / name for name in folders}
    for name, folder in folders.items():
        shutil.copytree(folder, copies[name], ignore=shutil.ignore_patterns("__pycache__"))
    return copies


def key_of(inputs: dict[str, Path]) -> str:
    return build_key(
        inputs["content"],
        templates=inputs["templates"],
        styles=inputs["styles"],
        fonts=inputs["styles"] / "fonts",
    )


@pytest.fixture(autouse=True)
def tool_copy(inputs: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache, "PACKAGE_DIR", inputs["tool"])


def test_the_key_is_stable_when_nothing_changes(inputs: dict[str, Path]) -> None:
    assert key_of(inputs) == key_of(inputs)


@pytest.mark.parametrize(
    ("folder", "name"),
    [
        ("content", "sections/3.2-russia.md"),
        ("content", "publication.yaml"),
        ("content", "sources.yaml"),
        ("templates", "print/inline.html.j2"),
        ("templates", "epub/section.xhtml.j2"),
        ("styles", "print.css"),
        ("styles", "epub.css"),
        ("tool", "pdf/render.py"),
    ],
)
def test_an_edit_to_any_input_changes_the_key(inputs: dict[str, Path], folder: str, name: str) -> None:
    before = key_of(inputs)
    path = inputs[folder] / name
    path.write_bytes(path.read_bytes() + b"\n")
    assert key_of(inputs) != before


@pytest.mark.parametrize("folder", ["content", "templates", "styles", "tool"])
def test_an_added_file_changes_the_key(inputs: dict[str, Path], folder: str) -> None:
    before = key_of(inputs)
    (inputs[folder] / "extra.txt").write_text("x", encoding="utf-8")
    assert key_of(inputs) != before


def test_a_renamed_file_changes_the_key(inputs: dict[str, Path]) -> None:
    before = key_of(inputs)
    (inputs["styles"] / "print.css").rename(inputs["styles"] / "print2.css")
    assert key_of(inputs) != before


def test_another_font_file_changes_the_key(inputs: dict[str, Path]) -> None:
    before = key_of(inputs)
    font = inputs["styles"] / "fonts" / "Carlito-Regular.ttf"
    font.write_bytes(font.read_bytes() + b"\0")  # another version of the face, same name
    assert key_of(inputs) != before


def test_a_fonts_folder_outside_styles_is_hashed_too(inputs: dict[str, Path], tmp_path: Path) -> None:
    fonts = tmp_path / "house-fonts"
    shutil.copytree(inputs["styles"] / "fonts", fonts)
    key = build_key(inputs["content"], templates=inputs["templates"], styles=inputs["styles"], fonts=fonts)
    (fonts / "Carlito-Bold.ttf").write_bytes(b"not the same font")
    assert (
        build_key(inputs["content"], templates=inputs["templates"], styles=inputs["styles"], fonts=fonts)
        != key
    )


def test_another_library_version_changes_the_key(
    inputs: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    before = key_of(inputs)
    real = cache.library_version
    monkeypatch.setattr(cache, "library_version", lambda name: "71.0" if name == "weasyprint" else real(name))
    assert key_of(inputs) != before


def test_the_build_date_changes_the_key(inputs: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    before = key_of(inputs)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000001")
    assert key_of(inputs) != before


def recorded(tmp_path: Path) -> tuple[Path, CachedBuild]:
    out = tmp_path / "dist"
    out.mkdir()
    (out / "a.pdf").write_bytes(b"%PDF-1.7 a")
    (out / "a.epub").write_bytes(b"PK epub")
    warning = Diagnostic("footnote [^9] prints as 505", SourceLocation("content/x.md", 4), warning=True)
    build = CachedBuild((out / "a.pdf", out / "a.epub"), 2, 20, (warning,), ("42",))
    record_build("key-1", out, build)
    return out, build


def test_a_recorded_build_is_served_with_its_figures(tmp_path: Path) -> None:
    out, build = recorded(tmp_path)
    assert cached_build("key-1", out) == build


def test_another_key_is_not_served(tmp_path: Path) -> None:
    out, _ = recorded(tmp_path)
    assert cached_build("key-2", out) is None


def test_an_edited_output_is_not_served(tmp_path: Path) -> None:
    out, _ = recorded(tmp_path)
    (out / "a.pdf").write_bytes(b"%PDF-1.7 b")
    assert cached_build("key-1", out) is None


def test_a_deleted_output_is_not_served(tmp_path: Path) -> None:
    out, _ = recorded(tmp_path)
    (out / "a.epub").unlink()
    assert cached_build("key-1", out) is None


def test_a_damaged_manifest_is_not_served(tmp_path: Path) -> None:
    out, _ = recorded(tmp_path)
    (out / MANIFEST).write_text("{not json", encoding="utf-8")
    assert cached_build("key-1", out) is None


def test_the_sample_rebuild_is_served_from_the_cache(built: Built, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.undo()  # the real tool folder: the key the session's build recorded
    if input_key(CONTENT, Project()) != cached_key(built.out):
        pytest.skip("folio's sources changed since the session build (another edit in progress)")
    pdf_bytes = built.result.pdf.read_bytes()
    lines: list[str] = []
    result = build(CONTENT, built.out, say=lines.append)
    assert lines == [f"up to date: {built.out} holds the verified build of these inputs"]
    assert (result.pages, result.notes, result.ok) == (built.result.pages, built.result.notes, True)
    assert result.warnings == built.result.warnings
    assert built.result.pdf.read_bytes() == pdf_bytes


def cached_key(out: Path) -> str:
    return str(json.loads((out / MANIFEST).read_text(encoding="utf-8"))["key"])


def test_links_are_hashed_as_links_never_followed(inputs: dict[str, Path]) -> None:
    """A link to /dev/zero (or a FIFO) in content/ must not hang the key; the load refuses it."""
    (inputs["content"] / "zero.md").symlink_to("/dev/zero")
    os.mkfifo(inputs["content"] / "pipe.md")
    before = key_of(inputs)
    (inputs["content"] / "zero.md").unlink()
    (inputs["content"] / "zero.md").symlink_to("/dev/null")
    assert key_of(inputs) != before
