"""The preview's loop: build, show, wait for a save, build again, until Ctrl-C.

Each build is the pipeline's (`folio.pipeline.build`, the same outputs in --out, the same
rebuild cache): as soon as its PDF is written, before the checks, the preview copies the PDF
and EPUB into a folder of its own and starts the renderer (`python -m folio.proof`, a process
of its own: PDFium may not be used from two threads, and the build's checks use it) to turn
every page into a PNG, on the second core while the checks run on the first. The checks'
problems are drawn on the pages when they are asked for. A build that stops on bad input keeps
the pages of the last one that made a PDF, with its errors above them.

Builds run in this (the main) thread, so Ctrl-C interrupts one as it interrupts `folio build`
(the parallel route's workers end with it); the watcher (watchfiles) and the HTTP server run
in threads. Stopping ends the renderer, the server and the watcher and removes the preview's
folder; the EPUBCheck service stays warm for the next build, as after any build.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import watchfiles
from lxml import etree

from folio import pipeline
from folio.cache import recorded_pages
from folio.errors import BuildError, Diagnostic
from folio.preview.server import PreviewServer
from folio.preview.state import PreviewState, Shown
from folio.progress import Progress
from folio.project import Project
from folio.verify.epub_facts import read_epub_facts

PACKAGE_ROOT = Path(__file__).resolve().parent.parent.parent  # where `folio` is imported from
XHTML_TITLE = "{http://www.w3.org/1999/xhtml}title"


class IgnoreOutputs(watchfiles.DefaultFilter):
    """Changes under the output folder are the build's own, not the editor's."""

    def __init__(self, out_dir: Path) -> None:
        super().__init__()
        self.out_dir = out_dir.resolve()

    def __call__(self, change: watchfiles.Change, path: str) -> bool:
        return super().__call__(change, path) and not Path(path).resolve().is_relative_to(self.out_dir)


class Preview:
    def __init__(
        self,
        content_dir: Path,
        out_dir: Path,
        *,
        styles: Path | None = None,
        templates: Path | None = None,
        port: int = 0,
        say: Callable[[str], None] = print,
    ) -> None:
        self.content_dir, self.out_dir = content_dir, out_dir
        self.styles, self.templates = styles, templates
        self.say = say
        self.state = PreviewState()
        self.server = PreviewServer(self.state, port=port)
        self.store = Path(tempfile.mkdtemp(prefix="folio-preview-"))
        self.renderer: subprocess.Popen[bytes] | None = None
        self.stop = threading.Event()
        self.changed = threading.Event()

    def watched(self) -> list[Path]:
        """The content and every folder of templates and styles the build reads."""
        try:
            project = Project().for_report(self.content_dir, styles=self.styles, templates=self.templates)
            folders = [self.content_dir, *project.folders]
        except BuildError:  # a house folder refused: the build will say so; watch the content
            folders = [self.content_dir]
        return [folder for folder in dict.fromkeys(folders) if folder.is_dir()]

    def watch(self) -> None:
        for _changes in watchfiles.watch(
            *self.watched(),
            watch_filter=IgnoreOutputs(self.out_dir),
            stop_event=self.stop,
            debounce=200,
            raise_interrupt=False,
        ):
            self.changed.set()

    def run(self) -> None:
        """Serve and rebuild on every save until interrupted (KeyboardInterrupt goes up)."""
        self.server.serve_in_background()
        watcher = threading.Thread(target=self.watch, name="folio-preview-watch", daemon=True)
        watcher.start()
        self.say(f"preview: {self.server.url} (Ctrl-C stops it)")
        try:
            self.build_once()
            while True:
                if self.changed.wait(timeout=0.3):
                    self.changed.clear()
                    self.build_once()
        finally:
            self.close(watcher)

    def close(self, watcher: threading.Thread) -> None:
        self.stop.set()
        self.end_renderer()
        self.server.shutdown()
        self.server.server_close()
        watcher.join(timeout=5)
        shutil.rmtree(self.store, ignore_errors=True)

    def build_once(self) -> None:
        number = self.state.build + 1
        self.state.update(build=number, status="building", step="", errors=(), finished=None)
        shown: list[Shown] = []

        def on_written(pdf: Path, epub: Path) -> None:
            shown.append(self.show(number, pdf, epub))

        def tell(line: str) -> None:
            progress.say(line)
            self.state.update(step=line)

        try:
            with Progress(expected_pages=recorded_pages(self.out_dir), out=self.say) as progress:
                result = pipeline.build(
                    self.content_dir,
                    self.out_dir,
                    styles=self.styles,
                    templates=self.templates,
                    say=tell,
                    on_written=on_written,
                )
        except BuildError as error:
            self.failed(error.diagnostics)
            return
        except OSError as error:  # the machine: a full disk, a read-only output folder
            self.failed((Diagnostic(f"build failed: {error}"),))
            return
        if not shown:  # up to date: nothing was written, the outputs in --out are this build's
            self.show(number, result.pdf, result.epub)
        status = "verified" if result.ok else "refused"
        self.state.update(
            status=status, step="", problems=result.problems, warnings=result.warnings, finished=time.time()
        )
        for line in (*result.warnings, *result.problems):
            self.say(str(line))
        self.say(f"build {number}: {status}, {result.pages} pages, {len(result.problems)} problem(s)")

    def failed(self, diagnostics: tuple[Diagnostic, ...]) -> None:
        """Bad input: the errors above the last pages shown (and their problems)."""
        self.state.update(status="failed", step="", errors=diagnostics, warnings=(), finished=time.time())
        for diagnostic in diagnostics:
            self.say(str(diagnostic))
        self.say(f"build {self.state.build}: failed; the preview keeps the last pages")

    def show(self, number: int, pdf: Path, epub: Path) -> Shown:
        """The build's PDF and EPUB copied into the preview's folder, its pages being rendered."""
        folder = self.store / f"build-{number}"
        folder.mkdir()
        shown = Shown(number, folder, ())
        shutil.copyfile(pdf, shown.pdf)
        shutil.copyfile(epub, shown.epub)
        shown = Shown(number, folder, epub_sections(shown.epub))
        self.end_renderer()
        self.renderer = subprocess.Popen(
            [sys.executable, "-m", "folio.proof", str(shown.pdf), str(folder)],
            env={
                **os.environ,
                "PYTHONPATH": os.pathsep.join(
                    filter(None, [str(PACKAGE_ROOT), os.environ.get("PYTHONPATH")])
                ),
            },
            stdin=subprocess.DEVNULL,
        )
        earlier = self.state.shown
        self.state.update(shown=shown, problems=(), status="checking")
        if earlier is not None:
            shutil.rmtree(earlier.folder, ignore_errors=True)
        return shown

    def end_renderer(self) -> None:
        """An earlier build's renderer is no longer needed: ended, and waited for (no zombie)."""
        if self.renderer is not None:
            if self.renderer.poll() is None:
                self.renderer.kill()
            self.renderer.wait()
            self.renderer = None


def epub_sections(epub: Path) -> tuple[tuple[str, str], ...]:
    """Each document of the EPUB's spine but the navigation, with its title."""
    facts = read_epub_facts(epub)
    found = []
    with zipfile.ZipFile(epub) as package:
        for name in facts.documents:
            if name.endswith("nav.xhtml"):
                continue
            root = etree.fromstring(package.read(name), parser=etree.XMLParser(resolve_entities=False))
            title = root.find(f".//{XHTML_TITLE}")
            found.append((title.text if title is not None and title.text else name, name))
    return tuple(found)
