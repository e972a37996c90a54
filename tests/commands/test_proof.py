"""`folio proof`: verify the outputs and write NAME.proof/ beside the PDF."""

from __future__ import annotations

import shutil
from pathlib import Path

import pypdf
import pytest

from folio.commands import main
from tests.conftest import CONTENT, Built
from tests.verify.damage import damaged_pdf, retarget


def test_a_proof_of_every_page_of_a_good_build(
    built: Built, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pdf = Path(shutil.copy(built.result.pdf, tmp_path))
    epub = Path(shutil.copy(built.result.epub, tmp_path))
    arguments = ["proof", "--pdf", str(pdf), "--epub", str(epub), "--content", str(CONTENT), "--every-page"]
    assert main(arguments) == 0
    folder = tmp_path / f"{pdf.stem}.proof"
    # The sample: title page, legal notice, contents (i-iii), 41, 42 and the bibliography (43).
    assert sorted(p.name for p in folder.iterdir()) == ["index.html"] + [
        f"page-000{n}.png" for n in range(1, 7)
    ]
    assert capsys.readouterr().out.strip().endswith("(6 page(s) drawn, 0 problem(s))")


def test_a_proof_of_a_damaged_pdf_draws_its_problem(
    built: Built, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def misdirect(writer: pypdf.PdfWriter) -> None:
        retarget(writer, "fn-510", "fn-522", on="41")

    pdf = damaged_pdf(built, tmp_path, misdirect)
    assert main(["proof", "--pdf", str(pdf), "--content", str(CONTENT)]) == 1
    printed = capsys.readouterr().out
    assert "the call of note 510 links to 'fn-522'" in printed
    index = (tmp_path / "damaged.proof" / "index.html").read_text(encoding="utf-8")
    assert "the call of note 510 links to &#x27;fn-522&#x27;" in index
    assert sorted(p.name for p in (tmp_path / "damaged.proof").glob("*.png")) == ["page-0004.png"]  # page 41
