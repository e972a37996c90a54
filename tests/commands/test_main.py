"""The command line: --version, the console script, and what each command imports."""

from __future__ import annotations

import importlib.metadata
import subprocess
import sys
from pathlib import Path

import pytest

from folio.commands import main, version_text
from tests.conftest import ROOT

PROBE = """
import sys
from folio.commands import main
try:
    code = main(sys.argv[1:])
except SystemExit as stop:
    code = stop.code
print(code, "weasyprint" in sys.modules)
"""


def test_version_names_folio_and_the_libraries_that_shape_the_outputs(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["--version"]) == 0
    printed = capsys.readouterr().out.strip()
    assert printed == version_text()
    assert printed == (
        f"folio {importlib.metadata.version('folio')} (WeasyPrint 70.0, pikepdf 10.18.0, EbookLib 0.20)"
    )


@pytest.mark.parametrize(
    "argv",
    [
        ["--help"],
        ["--version"],
        ["import", "--help"],
        ["check", "--help"],
        ["new", "--help"],
        ["proof", "--help"],
        ["preview", "--help"],
        ["stop-epubcheck"],
    ],
)
def test_commands_that_lay_nothing_out_do_not_import_weasyprint(argv: list[str]) -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *argv], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert done.stdout.splitlines()[-1] == "0 False", done.stderr


def test_the_folio_console_script_runs_the_same_commands() -> None:
    script = Path(sys.executable).parent / "folio"  # installed beside the interpreter by pip
    done = subprocess.run([str(script), "--version"], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == version_text()
    usage = subprocess.run([str(script), "--help"], capture_output=True, text=True, check=True).stdout
    assert usage.startswith("usage: folio [-h] [--content CONTENT] [--out OUT]")
    assert "folio check [--pdf PATH]" in usage
