"""scripts/system-packages and the Makefile: missing Debian packages are installed, or named.

apt-get, sudo, dpkg-query and id are stand-ins on PATH that log their arguments, so each case
runs the real script (and the real Makefile) without touching the machine.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT

SCRIPT = ROOT / "scripts" / "system-packages"
LIST = """\
# a comment line
build  libfoo1                              # a library dpkg knows
build  libbar2
build  tool-pkg   command -v folio-test-tool  # met when the command exists
test   browser    command -v folio-test-browser
"""


def stub(folder: Path, name: str, body: str) -> None:
    path = folder / name
    path.write_text(f"#!/usr/bin/env bash\n{body}\n", encoding="utf-8")
    path.chmod(0o755)


@pytest.fixture
def machine(tmp_path: Path) -> Path:
    """A stand-in machine: libfoo1 installed, nothing else; a log of every apt-get and sudo call."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "log"
    stub(bin_dir, "dpkg-query", 'for p; do :; done; [ "$p" = libfoo1 ] && echo "install ok installed"; true')
    stub(bin_dir, "apt-get", f'echo "apt-get $*" >> {log}')
    stub(bin_dir, "sudo", f'[ "$1" = -n ] && {{ [ -n "$SUDO_OK" ]; exit; }}; echo "sudo" >> {log}; "$@"')
    stub(bin_dir, "id", 'echo "${FAKE_UID:-0}"')
    (tmp_path / "packages.txt").write_text(LIST, encoding="utf-8")
    return tmp_path


def run(machine: Path, *args: str, uid: int = 0, sudo_ok: bool = False) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PATH": f"{machine / 'bin'}:{os.environ['PATH']}",
        "FAKE_UID": str(uid),
        "SUDO_OK": "1" if sudo_ok else "",
    }
    return subprocess.run(
        args, cwd=ROOT, env=env, capture_output=True, text=True, check=False, stdin=subprocess.DEVNULL
    )


def calls(machine: Path) -> list[str]:
    log = machine / "log"
    return log.read_text(encoding="utf-8").splitlines() if log.exists() else []


def test_missing_lists_what_dpkg_and_the_checks_do_not_find(machine: Path) -> None:
    listed = machine / "packages.txt"
    build = run(machine, str(SCRIPT), "missing", "build", str(listed))
    assert build.stdout.split() == ["libbar2", "tool-pkg"]
    assert run(machine, str(SCRIPT), "missing", "test", str(listed)).stdout.split() == [
        "libbar2",
        "tool-pkg",
        "browser",
    ]


def test_as_root_it_installs_what_is_missing(machine: Path) -> None:
    done = run(machine, str(SCRIPT), "install", "build", str(machine / "packages.txt"))
    assert done.returncode == 0, done.stderr
    assert calls(machine) == [
        "apt-get update -qq",
        "apt-get install -y -qq --no-install-recommends libbar2 tool-pkg",
    ]
    assert "installing Debian packages: libbar2 tool-pkg" in done.stdout


def test_a_user_with_sudo_installs_through_sudo(machine: Path) -> None:
    done = run(machine, str(SCRIPT), "install", "test", str(machine / "packages.txt"), uid=1000, sudo_ok=True)
    assert done.returncode == 0, done.stderr
    assert calls(machine) == [
        "sudo",
        "apt-get update -qq",
        "sudo",
        "apt-get install -y -qq --no-install-recommends libbar2 tool-pkg browser",
    ]


def test_without_root_or_sudo_it_prints_the_command_and_fails(machine: Path) -> None:
    done = run(machine, str(SCRIPT), "install", "build", str(machine / "packages.txt"), uid=1000)
    assert done.returncode == 1
    assert calls(machine) == []
    assert done.stderr.splitlines()[-1] == "  sudo apt-get install -y libbar2 tool-pkg"


def test_nothing_missing_installs_nothing(machine: Path) -> None:
    listed = machine / "installed.txt"
    listed.write_text("build libfoo1\nbuild shell command -v bash\n", encoding="utf-8")
    done = run(machine, str(SCRIPT), "install", "test", str(listed), uid=1000)
    assert (done.returncode, done.stdout, calls(machine)) == (0, "", [])


def test_make_installs_from_the_list_it_is_given(machine: Path) -> None:
    listed = machine / "packages.txt"
    done = run(machine, "make", "-s", "--no-print-directory", "system-packages", f"SYSTEM_PACKAGES={listed}")
    assert done.returncode == 0, done.stderr
    assert calls(machine)[-1] == "apt-get install -y -qq --no-install-recommends libbar2 tool-pkg"
    missing = run(
        machine, "make", "-s", "--no-print-directory", "missing-packages", f"SYSTEM_PACKAGES={listed}"
    )
    assert missing.stdout.split() == ["libbar2", "tool-pkg", "browser"]


def test_the_project_list_names_each_package_once_with_its_stage() -> None:
    rows = [
        line.split("#")[0].split()
        for line in (ROOT / "system-packages.txt").read_text(encoding="utf-8").splitlines()
    ]
    rows = [row for row in rows if row]
    assert {row[0] for row in rows} == {"build", "test"}
    names = [row[1] for row in rows]
    assert len(names) == len(set(names))
    assert "fonts-crosextra-carlito" not in names  # the fonts are in styles/fonts/
