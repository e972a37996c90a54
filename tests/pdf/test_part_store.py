"""The part store: a part is found exactly as it was laid out, and only while all it depended on holds."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from pathlib import Path

import pytest

from folio.errors import Diagnostic, SourceLocation
from folio.pdf import PrintJob, part_store
from folio.pdf.boxes import LaidOutPage
from folio.pdf.join import LaidOutPart
from folio.pdf.part_store import INDEX, STORE, PartStore
from folio.pipeline import Project


@pytest.fixture
def job(tmp_path: Path) -> PrintJob:
    (tmp_path / "print.css").write_text("p { margin: 0; }\n", encoding="utf-8")
    return PrintJob(base_url=tmp_path, stylesheet=tmp_path / "print.css", first_page=41, identifier="urn:x")


@pytest.fixture
def image(tmp_path: Path) -> Path:
    path = tmp_path / "logo.png"
    path.write_bytes(b"an image the layout read")
    return path


def a_part(image: Path) -> LaidOutPart:
    """As a worker sends one: floats, tuples, a located warning, bookmarks, what it read."""
    pages = (
        LaidOutPage("41", ("s-1", "h-1", "fn-505"), "h-1", "1. Damascus – Security"),
        LaidOutPage("42", ("p-2",), None, ""),
    )
    warning = Diagnostic("WeasyPrint: Ignored `x: y`", SourceLocation("styles/print.css", 3), warning=True)
    bookmarks = (
        (1122.5196850393702, ((1, "1. Damascus", (90.70866141732284, 90.7), "open"),)),
        (1122.52, ()),
    )
    pdfs = {"accessible": b"%PDF-1.7 the part", "print-shop": b"%PDF-1.6 the part for the printer"}
    return LaidOutPart(pdfs, pages, (warning,), bookmarks, ((str(image), sha(image)),))


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def saved(tmp_path: Path, job: PrintJob, part: LaidOutPart) -> tuple[str, str]:
    store = PartStore.beside(tmp_path / "out", fonts=Project().fonts.path)
    body = store.body_key("<html>part</html>", job)
    key = store.part_key(body, 41, job)
    store.add(key, body=body, first_folio=41, part=part)
    store.save()
    return body, key


def reopened(tmp_path: Path) -> PartStore:
    return PartStore.beside(tmp_path / "out", fonts=Project().fonts.path)


def test_a_saved_part_is_found_as_it_was_laid_out(tmp_path: Path, job: PrintJob, image: Path) -> None:
    part = a_part(image)
    body, key = saved(tmp_path, job, part)
    store = reopened(tmp_path)
    assert store.find(key) == part
    assert store.pages_of(body) == 2


def test_the_keys_hold_the_html_the_stylesheet_the_folio_and_the_identifier(
    tmp_path: Path, job: PrintJob
) -> None:
    store = reopened(tmp_path)
    body = store.body_key("<html>part</html>", job)
    assert store.body_key("<html>part.</html>", job) != body
    assert store.part_key(body, 42, job) != store.part_key(body, 41, job)
    assert store.part_key(body, 41, job) != store.part_key(body, 41, dataclasses.replace(job, identifier="y"))
    job.stylesheet.write_text("p { margin: 1px; }\n", encoding="utf-8")
    assert store.body_key("<html>part</html>", job) != body


def test_a_file_the_layout_read_that_changed_is_a_miss(tmp_path: Path, job: PrintJob, image: Path) -> None:
    body, key = saved(tmp_path, job, a_part(image))
    image.write_bytes(b"another image")
    store = reopened(tmp_path)
    assert store.find(key) is None
    assert store.pages_of(body) is None


@pytest.mark.parametrize("damage", ["pdf", "json", "index", "gone"])
def test_a_damaged_store_is_a_miss_never_an_error(
    tmp_path: Path, job: PrintJob, image: Path, damage: str
) -> None:
    _, key = saved(tmp_path, job, a_part(image))
    folder = tmp_path / "out" / STORE
    if damage == "pdf":
        (folder / f"{key}.print-shop.pdf").write_bytes(b"%PDF-1.7 another part")
    elif damage == "json":
        (folder / f"{key}.json").write_text('{"pages": [["41"]]}', encoding="utf-8")
    elif damage == "index":
        (folder / INDEX).write_text("{not json", encoding="utf-8")
    else:
        (folder / f"{key}.accessible.pdf").unlink()
    assert reopened(tmp_path).find(key) is None


def test_a_file_read_that_became_a_pipe_is_not_read(tmp_path: Path, job: PrintJob, image: Path) -> None:
    _, key = saved(tmp_path, job, a_part(image))
    image.unlink()
    os.mkfifo(image)  # reading it would wait for ever
    assert reopened(tmp_path).find(key) is None


def test_an_older_format_is_not_read(tmp_path: Path, job: PrintJob, image: Path) -> None:
    _, key = saved(tmp_path, job, a_part(image))
    index = tmp_path / "out" / STORE / INDEX
    data = json.loads(index.read_text(encoding="utf-8"))
    index.write_text(json.dumps({**data, "format": 0}), encoding="utf-8")
    assert reopened(tmp_path).find(key) is None


def test_saving_keeps_only_what_this_build_used(tmp_path: Path, job: PrintJob, image: Path) -> None:
    _, old = saved(tmp_path, job, a_part(image))
    store = reopened(tmp_path)
    body = store.body_key("<html>another part</html>", job)
    new = store.part_key(body, 41, job)
    store.add(new, body=body, first_folio=41, part=a_part(image))
    store.save()
    folder = tmp_path / "out" / STORE
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [".gitignore", INDEX, f"{new}.json", f"{new}.accessible.pdf", f"{new}.print-shop.pdf"]
    )
    assert reopened(tmp_path).find(old) is None


def test_a_build_that_used_no_part_leaves_no_store(tmp_path: Path, job: PrintJob, image: Path) -> None:
    saved(tmp_path, job, a_part(image))
    (tmp_path / "out" / "book.pdf").write_bytes(b"an output")
    reopened(tmp_path).save()
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["book.pdf"]


def test_the_environment_holds_folios_modules_and_not_what_else_appears_in_its_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """EPUBCheck's warm-up writes `warmup-epub.epub` inside folio/ and removes it: a key taken
    while it was there must still find the parts (it did not, and every part was laid out)."""
    package = tmp_path / "folio"
    (package / "pdf").mkdir(parents=True)
    (package / "pdf" / "render.py").write_text("LAYOUT = 1\n", encoding="utf-8")
    monkeypatch.setattr(part_store, "PACKAGE_DIR", package)
    fonts = tmp_path / "fonts"
    before = part_store.environment_digest(fonts)
    (package / "warmup-epub.epub").write_bytes(b"PK\x03\x04")
    assert part_store.environment_digest(fonts) == before
    (package / "pdf" / "render.py").write_text("LAYOUT = 2\n", encoding="utf-8")
    assert part_store.environment_digest(fonts) != before
