"""folio/pdf/patches/upstream/: each change written for WeasyPrint or pydyf still applies to the
pinned version's source, the one it was written and checked against."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pydyf
import pytest
import weasyprint

UPSTREAM = Path(__file__).resolve().parents[3] / "folio" / "pdf" / "patches" / "upstream"
PACKAGES = {"weasyprint": Path(weasyprint.__file__).parent, "pydyf": Path(pydyf.__file__).parent}
PATCHES = sorted(UPSTREAM.glob("*.patch"))


def touched(patch: Path) -> set[str]:
    """The top-level folders a patch changes, read from its `+++ b/...` lines."""
    return {match.group(1) for match in re.finditer(r"^\+\+\+ b/([^/\s]+)/", patch.read_text(), re.MULTILINE)}


def test_there_are_the_eight_patches_the_readme_lists() -> None:
    readme = (UPSTREAM / "README.md").read_text(encoding="utf-8")
    assert len(PATCHES) == 8
    assert all(f"`{patch.name}`" in readme for patch in PATCHES)


@pytest.mark.parametrize("patch", PATCHES, ids=lambda patch: patch.name[:4])
def test_each_patch_applies_to_the_pinned_source(patch: Path, tmp_path: Path) -> None:
    packages = touched(patch) & PACKAGES.keys()
    assert len(packages) == 1, f"{patch.name} changes {touched(patch)}"
    (package,) = packages
    shutil.copytree(PACKAGES[package], tmp_path / package, ignore=shutil.ignore_patterns("__pycache__"))
    checked = subprocess.run(
        ["git", "apply", "--check", "-p1", str(patch)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stderr
