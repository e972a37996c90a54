"""The editions a publication asks for (`editions:`): each a PDF of its own in the output folder,
verified like the main PDF, moved into place only with the others; none made unless asked for."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pikepdf
import pytest

from build import main
from folio.pipeline import build
from tests.conftest import CONTENT, Built, BuiltEditions, with_editions


def test_each_edition_asked_for_is_a_file_of_its_own(built_editions: BuiltEditions) -> None:
    result = built_editions.built.result
    assert result.ok, [str(p) for p in result.problems]
    names = sorted(p.name for p in built_editions.built.out.iterdir() if not p.name.startswith("."))
    assert names == [
        "syria-country-focus.archival.pdf",
        "syria-country-focus.check.json",
        "syria-country-focus.epub",
        "syria-country-focus.pdf",
        "syria-country-focus.print-shop.pdf",
    ]
    assert result.editions == (built_editions.edition("print-shop"), built_editions.edition("archival"))


def test_the_log_says_each_edition_as_it_is_written(built_editions: BuiltEditions) -> None:
    log = built_editions.built.log
    written = log.index("5/7 writing the PDF")
    assert log[written + 1 : written + 4] == (
        "5/7 writing the archival edition (PDF/A-2u)",
        "5/7 laying out and writing the print-shop edition (bleed and crop marks)",
        "6/7 verifying",
    )


def test_every_edition_is_verified_in_the_report(built_editions: BuiltEditions) -> None:
    report = json.loads(
        built_editions.built.result.pdf.with_name("syria-country-focus.check.json").read_text()
    )
    by_file: dict[str, set[str]] = {}
    for result in report["checks"]:
        assert result["status"] == "passed", result
        by_file.setdefault(Path(result["file"]).name, set()).add(result["check"])
    main, archival = by_file["syria-country-focus.pdf"], by_file["syria-country-focus.archival.pdf"]
    print_shop = by_file["syria-country-focus.print-shop.pdf"]
    pdf_checks = {
        "folios",
        "note-calls",
        "note-placement",
        "back-links",
        "links",
        "tags-notes",
        "pdf-epub-pages",
    }
    assert pdf_checks <= main & archival & print_shop
    assert archival - main == {"archival-claim", "archival-file"}
    assert print_shop - main == {"print-boxes", "crop-marks"}


def test_the_editions_are_the_same_book_in_their_pages(built_editions: BuiltEditions) -> None:
    """Same pages, labels and destinations; the print-shop pages larger by the bleed, trimmed to
    the main PDF's size."""
    main = pikepdf.open(built_editions.built.result.pdf)
    for name in ("archival", "print-shop"):
        with pikepdf.open(built_editions.edition(name)) as edition:
            assert len(edition.pages) == len(main.pages)
            assert edition.Root.PageLabels.Nums == main.Root.PageLabels.Nums
            assert [str(n) for n in edition.Root.Names.Dests.Names[::2]] == [
                str(n) for n in main.Root.Names.Dests.Names[::2]
            ]
            for page, main_page in zip(edition.pages, main.pages, strict=True):
                trim = page.obj.get("/TrimBox", page.mediabox) if name == "print-shop" else page.mediabox
                assert [round(float(v), 2) for v in trim] == [round(float(v), 2) for v in main_page.mediabox]
    main.close()


def test_the_default_build_makes_no_other_edition(built: Built) -> None:
    assert built.result.editions == ()
    assert not [line for line in built.log if "edition" in line]
    assert not list(built.out.glob("*.*.pdf"))


def test_an_edition_that_fails_verification_leaves_the_folder_as_it_was(tmp_path: Path) -> None:
    """A house style whose print-shop.css asks for no bleed: WeasyPrint writes the TrimBox as the
    MediaBox and draws no marks, and the print-shop checks refuse it; the proof is the
    print-shop edition's, the only PDF with problems."""
    content = with_editions(CONTENT, tmp_path / "content", "[print-shop]")
    (content / "styles").mkdir()
    (content / "styles" / "print-shop.css").write_text("@page { bleed: 0; }\n", encoding="utf-8")
    out = tmp_path / "dist"
    result = build(content, out, say=lambda _: None)
    assert {p.check for p in result.problems} == {"print-boxes", "crop-marks"}
    assert {Path(p.file).name for p in result.problems} == {"syria-country-focus.print-shop.pdf"}
    assert sorted(p.name for p in out.iterdir()) == ["syria-country-focus.proof"]
    index = (out / "syria-country-focus.proof" / "index.html").read_text(encoding="utf-8")
    assert "it has no bleed at its left edge" in index


def test_an_edition_no_longer_asked_for_is_removed(tmp_path: Path) -> None:
    content = with_editions(CONTENT, tmp_path / "content", "[archival]")
    out = tmp_path / "dist"
    assert build(content, out, say=lambda _: None).ok
    assert (out / "syria-country-focus.archival.pdf").is_file()
    meta = content / "publication.yaml"
    meta.write_text(meta.read_text(encoding="utf-8").replace("editions: [archival]\n", ""), encoding="utf-8")
    said: list[str] = []
    result = build(content, out, say=said.append)
    assert result.ok
    assert result.editions == ()
    assert not (out / "syria-country-focus.archival.pdf").exists()
    gone = out / "syria-country-focus.archival.pdf"
    assert f"removed {gone}: an earlier build's output that this build does not make" in said


def test_a_rebuild_with_nothing_changed_keeps_the_editions(tmp_path: Path) -> None:
    content = with_editions(CONTENT, tmp_path / "content", "[archival]")
    out = tmp_path / "dist"
    first = build(content, out, say=lambda _: None)
    said: list[str] = []
    again = build(content, out, say=said.append)
    assert said == [f"up to date: {out} holds the verified build of these inputs"]
    assert again.editions == first.editions == (out / "syria-country-focus.archival.pdf",)
    (out / "syria-country-focus.archival.pdf").write_bytes(b"%PDF damaged")
    assert build(content, out, say=said.append).ok  # an edition changed: rebuilt
    assert (out / "syria-country-focus.archival.pdf").read_bytes().startswith(b"%PDF-1.7")


def test_check_verifies_the_editions_the_publication_asks_for(
    built_editions: BuiltEditions, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out, content = built_editions.built.out, built_editions.content
    report = tmp_path / "report.json"
    code = main(["check", "--out", str(out), "--content", str(content), "--json", str(report)])
    assert (code, capsys.readouterr().out.splitlines()[-1]) == (
        0,
        "verified: 0 problem(s); checks: 92 passed, 0 failed, 0 skipped",
    )
    files = {Path(r["file"]).name for r in json.loads(report.read_text())["checks"]}
    assert files == {
        f"syria-country-focus{suffix}" for suffix in (".pdf", ".epub", ".print-shop.pdf", ".archival.pdf")
    }


def test_check_names_an_edition_that_is_missing(
    built_editions: BuiltEditions, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "dist"
    shutil.copytree(built_editions.built.out, out)
    (out / "syria-country-focus.archival.pdf").unlink()
    code = main(["check", "--out", str(out), "--content", str(built_editions.content)])
    assert (code, capsys.readouterr().err) == (
        1,
        f"{out / 'syria-country-focus.archival.pdf'}: file not found\n",
    )


@pytest.mark.parametrize(
    ("edition", "code", "failed"),
    [("print-shop", 0, set()), ("archival", 1, {"archival-claim", "archival-file"})],
)
def test_check_holds_a_pdf_to_the_edition_named(
    built_editions: BuiltEditions, edition: str, code: int, failed: set[str], tmp_path: Path
) -> None:
    """The print-shop PDF is what `--edition print-shop` asks, and no PDF/A: no claim, no output intent."""
    report = tmp_path / "report.json"
    pdf = built_editions.edition("print-shop")
    argv = [
        "check",
        "--pdf",
        str(pdf),
        "--content",
        str(CONTENT),
        "--edition",
        edition,
        "--json",
        str(report),
    ]
    assert main(argv) == code
    assert {r["check"] for r in json.loads(report.read_text())["checks"] if r["status"] == "failed"} == failed
