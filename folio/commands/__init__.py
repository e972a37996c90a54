"""The command line: `folio` (or `python build.py`) and its subcommands.

`main` dispatches on the first argument: `check`, `import`, `new`, `preview`, `proof`,
`stop-epubcheck`, `--version`, else a build. Each command's module is imported only when it
runs, so `--help`, `--version`, `import`, `new` and `stop-epubcheck` never load WeasyPrint.
Exit codes: 0 done (built and verified), 1 bad input or a failed check, 2 a bug in folio (two
lines, the traceback in a file).
"""

from __future__ import annotations

import importlib
import importlib.metadata
import sys
import sysconfig
import tempfile
import traceback
from collections.abc import Callable, Iterable
from pathlib import Path

from folio.errors import Diagnostic

COMMANDS = {  # argv[0] -> module of folio.commands with a `main(argv) -> int`
    "check": "check",
    "import": "import_text",
    "new": "new",
    "preview": "preview",
    "proof": "proof",
    "stop-epubcheck": "stop_epubcheck",
}
# lay out; join and read the PDF (qpdf); package the EPUB
LIBRARIES = {"weasyprint": "WeasyPrint", "pikepdf": "pikepdf", "ebooklib": "EbookLib"}


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args[:1] == ["--version"]:
        print(version_text())
        return 0
    module = COMMANDS.get(args[0], "build") if args else "build"
    rest = args[1:] if module != "build" else args
    command: Callable[[list[str]], int] = importlib.import_module(f"folio.commands.{module}").main
    try:
        return command(rest)
    except Exception as error:
        return report_internal_error(error)


def program() -> str:
    """How the user called us, for usage lines: "build.py" or "folio"."""
    return Path(sys.argv[0]).name if sys.argv and sys.argv[0] else "folio"


def version_text() -> str:
    versions = ", ".join(f"{shown} {importlib.metadata.version(name)}" for name, shown in LIBRARIES.items())
    return f"folio {importlib.metadata.version('folio')} ({versions})"


def print_diagnostics(diagnostics: Iterable[Diagnostic | object]) -> None:
    """Bad input and findings, one `path:line: message` a line, on stderr."""
    for diagnostic in diagnostics:
        print(diagnostic, file=sys.stderr)


def report_internal_error(error: Exception) -> int:
    """A bug in folio, not in the content: two lines for the editor, the whole traceback in a
    file for the bug report. Exit code 2, so scripts can tell it from bad input (1)."""
    frames = traceback.extract_tb(error.__traceback__)
    libraries = tuple({sysconfig.get_path(name) for name in ("stdlib", "platstdlib", "purelib", "platlib")})
    ours = [frame for frame in frames if not frame.filename.startswith(libraries)] or frames
    where = (
        f" (at {'/'.join(Path(ours[-1].filename).parts[-2:])}:{ours[-1].lineno} in {ours[-1].name})"
        if ours
        else ""
    )
    with tempfile.NamedTemporaryFile("w", prefix="folio-crash-", suffix=".txt", delete=False) as report:
        traceback.print_exception(error, file=report)
    print(
        f"internal error, a bug in folio rather than in the content: {type(error).__name__}: {error}{where}",
        file=sys.stderr,
    )
    print(
        f"nothing in the output folder was changed; the full traceback is in {report.name} "
        "(attach it to the bug report)",
        file=sys.stderr,
    )
    return 2
