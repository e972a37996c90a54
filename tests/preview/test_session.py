"""The preview, driven as an editor drives it: start it, save a file, look at the page."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from bench.synthetic import generate_publication
from folio.pdf import split
from folio.preview.server import PreviewServer
from folio.preview.session import Preview
from folio.preview.state import PreviewState
from tests.conftest import CONTENT, ROOT
from tests.processes import hear_ctrl_c

PNG = b"\x89PNG\r\n\x1a\n"
SECTION = "sections/3.2-russia.md"


@dataclass
class Running:
    process: subprocess.Popen[str]
    url: str
    scratch: Path  # the preview's TMPDIR: its own folder is made there

    def get(self, path: str) -> bytes:
        with urllib.request.urlopen(self.url + path.lstrip("/"), timeout=10) as answer:
            return bytes(answer.read())

    def state(self) -> dict[str, Any]:
        return dict(json.loads(self.get("/state.json")))

    def wait_for(self, done: Callable[[dict[str, Any]], bool], *, seconds: float = 120) -> dict[str, Any]:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            state = self.state()
            if done(state):
                return state
            time.sleep(0.2)
        raise AssertionError(f"the preview did not get there: {self.state()}")

    def image(self, src: str, *, seconds: float = 60) -> bytes:
        """A page's image, once the renderer has made it."""
        deadline = time.monotonic() + seconds
        while True:
            try:
                return self.get(src)
            except urllib.error.HTTPError as missing:
                missing.close()
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)


@pytest.fixture
def preview(tmp_path: Path) -> Iterator[Running]:
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TMPDIR": str(scratch)}
    command = [sys.executable, str(ROOT / "build.py"), "preview", "--content", str(content), "--out"]
    process = subprocess.Popen(
        [*command, str(tmp_path / "out")],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
        preexec_fn=hear_ctrl_c,  # noqa: PLW1509 (it only resets a signal before the exec: no lock taken)
    )
    assert process.stdout is not None
    first = process.stdout.readline()
    found = re.match(r"preview: (http://127\.0\.0\.1:\d+/) ", first)
    assert found, first
    try:
        yield Running(process, found.group(1), scratch)
    finally:
        if process.poll() is None:
            process.kill()
        process.wait()


def processes_mentioning(text: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and text in (entry / "cmdline").read_bytes().decode(errors="replace"):
                found.append(int(entry.name))
        except OSError:
            continue
    return found


@pytest.mark.skipif(sys.platform != "linux", reason="reads processes from /proc")
def test_a_save_rebuilds_and_the_page_shows_the_new_pages(preview: Running, tmp_path: Path) -> None:
    first = preview.wait_for(lambda s: s["status"] == "verified" and len(s["pages"]) == 6)
    assert (first["build"], [p["label"] for p in first["pages"]]) == (1, ["i", "ii", "iii", "41", "42", "43"])
    assert "3.2. Russia" in [s["title"] for s in first["sections"]]
    assert b"folio preview" in preview.get("/")
    before = preview.image(first["pages"][4]["src"])  # page 42, where the new paragraph goes
    assert before.startswith(PNG)
    assert b"3.2. Russia" in preview.get(
        next(s["href"] for s in first["sections"] if s["title"] == "3.2. Russia")
    )

    section = tmp_path / "content" / SECTION
    section.write_text(
        section.read_text(encoding="utf-8") + "\nA paragraph the editor has just written.\n", encoding="utf-8"
    )
    second = preview.wait_for(
        lambda s: s["build"] == 2 and s["status"] == "verified" and len(s["pages"]) == 6
    )
    assert second["pages"][4]["src"].startswith("/page/2/5.png")
    after = preview.image(second["pages"][4]["src"])
    assert after.startswith(PNG) and after != before

    section.write_text(section.read_text(encoding="utf-8") + "\nA call of a note never written.[^999]\n")
    failed = preview.wait_for(lambda s: s["build"] == 3 and s["status"] == "failed")
    assert [e["where"] for e in failed["errors"]] == [f"{section}:{len(section.read_text().splitlines())}"]
    assert failed["shown_build"] == 2 and preview.image(failed["pages"][4]["src"]) == after  # the last good

    preview.process.send_signal(signal.SIGINT)
    output, _ = preview.process.communicate(timeout=30)
    assert preview.process.returncode == 0
    assert output.splitlines()[-1] == "preview stopped"
    assert processes_mentioning(str(tmp_path)) == []  # the renderer too: it reads from the preview's folder
    assert list(preview.scratch.glob("folio-preview-*")) == []  # the preview's folder is gone


def test_the_server_answers_on_127_0_0_1_only_and_nothing_but_its_paths() -> None:
    server = PreviewServer(PreviewState())
    server.serve_in_background()
    try:
        assert server.server_address[0] == "127.0.0.1"
        for path in ("/../etc/passwd", "/page/1/1.png", "/epub/1/EPUB/nav.xhtml", "/x"):
            with pytest.raises(urllib.error.HTTPError) as refused:
                urllib.request.urlopen(server.url + path.lstrip("/"), timeout=5)
            assert refused.value.code == 404
            refused.value.close()
        with urllib.request.urlopen(server.url + "state.json", timeout=5) as answer:
            state = json.loads(answer.read())
        assert (state["status"], state["pages"]) == ("starting", [])
    finally:
        server.shutdown()
        server.server_close()


def test_a_save_lays_out_again_only_the_chapter_it_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The preview builds into its --out folder, so a save takes the incremental route: the
    chapters it did not touch come from the part store, and the pages shown are the new ones."""
    content = tmp_path / "content"
    generate_publication(content, notes=60, notes_per_section=10, chapters=3)
    monkeypatch.setattr(split, "MIN_NOTES", 0)  # any size is laid out in parts here
    said: list[str] = []
    preview = Preview(content, tmp_path / "out", say=said.append)
    try:
        preview.build_once()
        assert preview.state.status == "verified"
        middle = [p for p in sorted((content / "sections").glob("*.md")) if p.read_text().startswith("# ")][1]
        text = middle.read_text(encoding="utf-8")
        middle.write_text(text.replace(" the ", " Qzx ", 1), encoding="utf-8")
        said.clear()
        preview.build_once()
        shown = preview.state.shown
        assert shown is not None
        edited = sum("Qzx" in page.extract_text() for page in PdfReader(shown.pdf).pages)
    finally:
        preview.end_renderer()
        preview.server.server_close()
        shutil.rmtree(preview.store, ignore_errors=True)
    (line,) = [line for line in said if line.startswith("layout in ")]
    assert line.startswith("layout in 3 parts: 2 reused from ")
    assert line.endswith(f", 1 laid out (s-{middle.stem})")
    assert (preview.state.status, shown.build, edited) == ("verified", 2, 1)  # the new pages shown
