"""A report's house style: its own styles/ and templates/ over the defaults, file by file."""

from __future__ import annotations

import shutil
from pathlib import Path

import pypdf
import pypdfium2
import pytest

from folio.commands import main
from folio.errors import BuildError, display_path
from folio.pipeline import build, input_key
from folio.project import Project
from folio.verify.pdf_text import read_page_texts
from tests.conftest import CONTENT, first_body_page

HOUSE_CSS = """
/* The house style: the defaults, with a wider left margin and red headings. */
@page { margin-left: 50mm; }
h2 { color: rgb(200, 0, 0); }
"""
MM = 72 / 25.4


def quiet(_line: str) -> None:
    pass


@pytest.fixture
def report(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    return content


def with_house_css(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    default = (Project().styles / "print.css").read_text(encoding="utf-8")
    (folder / "print.css").write_text(default + HOUSE_CSS, encoding="utf-8")


def leftmost_text(pdf: Path) -> float:
    return min(run.x for run in next(read_page_texts(pdf)).runs if run.text.strip())


def red_pixels(pdf: Path) -> int:
    image = pypdfium2.PdfDocument(pdf)[first_body_page(pdf)].render(scale=1.5).to_pil().convert("RGB")
    return sum(1 for r, g, b in image.get_flattened_data() if r > 140 and r - g > 80 and r - b > 80)


def test_a_report_with_its_own_print_css_prints_in_it(report: Path, tmp_path: Path) -> None:
    plain = build(CONTENT, tmp_path / "plain", say=quiet)
    with_house_css(report / "styles")
    house = build(report, tmp_path / "house", say=quiet)
    assert (plain.problems, house.problems) == ((), ())
    assert leftmost_text(plain.pdf) == pytest.approx(24 * MM, abs=1)
    assert leftmost_text(house.pdf) == pytest.approx(50 * MM, abs=1)
    assert red_pixels(plain.pdf) == 0
    assert red_pixels(house.pdf) > 100
    # The fonts and epub.css it does not bring are the defaults: the EPUB is the same book.
    assert house.notes == plain.notes


def test_styles_named_on_the_command_line(report: Path, tmp_path: Path) -> None:
    with_house_css(tmp_path / "house-styles")
    out = tmp_path / "out"
    code = main(["--content", str(report), "--out", str(out), "--styles", str(tmp_path / "house-styles")])
    assert code == 0
    assert leftmost_text(next(out.glob("*.pdf"))) == pytest.approx(50 * MM, abs=1)


def test_one_template_overridden_the_others_inherited(report: Path, tmp_path: Path) -> None:
    default = (Project().templates / "print" / "publication.html.j2").read_text(encoding="utf-8")
    (report / "templates" / "print").mkdir(parents=True)
    (report / "templates" / "print" / "publication.html.j2").write_text(
        default.replace("</head>", '<meta name="keywords" content="house template">\n</head>'),
        encoding="utf-8",
    )
    result = build(report, tmp_path / "out", say=quiet)
    assert result.problems == ()
    metadata = pypdf.PdfReader(result.pdf).metadata
    assert metadata is not None
    assert "house template" in str(metadata["/Keywords"])
    assert result.notes == 20  # the inline template it imports, and the EPUB's, are the defaults


def test_a_template_error_names_the_house_file(report: Path, tmp_path: Path) -> None:
    (report / "templates" / "print").mkdir(parents=True)
    house = report / "templates" / "print" / "inline.html.j2"
    house.write_text("{% macro block(b, notes) %}\n{{ b.titel }}\n", encoding="utf-8")
    with pytest.raises(BuildError) as raised:
        build(report, tmp_path / "out", say=quiet)
    assert str(raised.value).startswith(f"{display_path(house)}:2:")


def test_a_house_template_runs_in_the_sandbox(report: Path, tmp_path: Path) -> None:
    default = (Project().templates / "print" / "publication.html.j2").read_text(encoding="utf-8")
    escape = "{{ pub.__class__.__init__.__globals__ }}"
    (report / "templates" / "print").mkdir(parents=True)
    (report / "templates" / "print" / "publication.html.j2").write_text(
        default.replace("<body>", f"<body>\n{escape}"), encoding="utf-8"
    )
    with pytest.raises(BuildError, match="unsafe"):
        build(report, tmp_path / "out", say=quiet)


@pytest.mark.parametrize("kind", ["styles", "templates"])
def test_a_house_folder_that_links_out_of_the_content_is_refused(
    report: Path, tmp_path: Path, kind: str
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (report / kind).symlink_to(elsewhere)
    with pytest.raises(BuildError, match="not a link"):
        build(report, tmp_path / "out", say=quiet)


def test_a_house_stylesheet_that_links_out_of_its_folder_is_refused(report: Path, tmp_path: Path) -> None:
    (report / "styles").mkdir()
    (report / "styles" / "print.css").symlink_to(Project().styles / "print.css")
    with pytest.raises(BuildError, match="outside its folder"):
        build(report, tmp_path / "out", say=quiet)


def test_a_house_template_that_links_out_of_its_folder_is_refused(report: Path, tmp_path: Path) -> None:
    (report / "templates" / "print").mkdir(parents=True)
    (report / "templates" / "print" / "inline.html.j2").symlink_to(
        Project().templates / "print" / "inline.html.j2"
    )
    with pytest.raises(BuildError, match="template refused"):
        build(report, tmp_path / "out", say=quiet)


def test_the_rebuild_key_holds_the_house_style(report: Path, tmp_path: Path) -> None:
    house = tmp_path / "house-styles"
    with_house_css(house)
    named = Project().for_report(report, styles=house)
    before = input_key(report, named)
    assert before != input_key(report, Project().for_report(report))
    (house / "print.css").write_text(HOUSE_CSS.replace("50mm", "40mm"), encoding="utf-8")
    assert input_key(report, named) != before


def test_fonts_are_the_defaults_unless_the_house_brings_a_folder_of_them(tmp_path: Path) -> None:
    assert Project().for_report(tmp_path).fonts == Project().fonts
    (tmp_path / "styles" / "fonts").mkdir(parents=True)
    assert Project().for_report(tmp_path).fonts.path == tmp_path / "styles" / "fonts"
