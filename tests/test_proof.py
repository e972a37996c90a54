"""Proofs: the pages as PNG with each problem drawn at its place, and an index of them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import weasyprint
from PIL import Image

from folio.errors import Mark, Problem
from folio.load import load_publication
from folio.pdf import write_pdf
from folio.pipeline import ROOT, build
from folio.proof import CIRCLE_MARGIN, RED, pixel_box, write_proof
from folio.render import render_print_html
from folio.verify import expect_from_content, verify_pdf
from tests.conftest import CONTENT, Built

HEIGHT = 841.89  # A4, points


def is_red(pixel: tuple[int, ...]) -> bool:
    return abs(pixel[0] - RED[0]) < 40 and pixel[1] < 90 and pixel[2] < 90


def red_near(image: Image.Image, x: float, y: float, radius: int = 3) -> bool:
    return any(
        is_red(image.getpixel((round(x) + dx, round(y) + dy)))  # type: ignore[arg-type]
        for dx in range(-radius, radius + 1)
        for dy in range(-radius, radius + 1)
        if 0 <= round(x) + dx < image.width and 0 <= round(y) + dy < image.height
    )


@pytest.fixture(scope="module")
def misplaced(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Problem]]:
    """A note too long for its page, laid out without the build's guard: WeasyPrint moves it to
    the page after its call, where it runs past the foot (tests/verify/test_outputs.py)."""
    folder = tmp_path_factory.mktemp("misplaced")
    words = " ".join(f"word{i}" for i in range(2500))
    (folder / "publication.yaml").write_text(
        'title: "Long"\npublisher: "P"\ndate: "2025-03"\nlanguage: "en"\nidentifier: "urn:x"\n'
        'first_note: 1\nfirst_page: 1\nsections: ["s.md"]\n',
        encoding="utf-8",
    )
    (folder / "s.md").write_text(
        f"## A\n\nA paragraph.[^1] And another.[^2]\n\n[^1]: Short note.\n[^2]: {words}\n", encoding="utf-8"
    )
    publication = load_publication(folder).publication
    html = render_print_html(publication, templates_dir=ROOT / "templates", created=publication.modified)
    css = weasyprint.CSS(filename=str(ROOT / "styles" / "print.css"))
    document = weasyprint.HTML(string=html, base_url=str(ROOT)).render(stylesheets=[css])
    pdf = folder / "long.pdf"
    pdf.write_bytes(write_pdf(document, first_page=1, identifier="urn:x"))
    return pdf, verify_pdf(pdf, expect_from_content(publication))


def test_the_call_whose_note_went_elsewhere_is_circled_with_the_page_it_went_to(
    misplaced: tuple[Path, list[Problem]], tmp_path: Path
) -> None:
    pdf, problems = misplaced
    [placement] = [p for p in problems if p.check == "note-placement"]
    call, note = placement.marks
    assert (call.page, call.shape, call.label) == (1, "circle", "note 2 is on page 3")
    assert (note.page, note.shape) == (2, "outline")
    # The pages of these two findings (the title page holds other findings of this bare PDF).
    placed = [p for p in problems if p.check in ("note-placement", "geometry")]
    proof = write_proof(pdf, placed, tmp_path / "long.proof")
    assert [page.image for page in proof.pages] == ["page-0002.png", "page-0003.png"]
    image = Image.open(proof.folder / "page-0002.png").convert("RGB")
    left, top, right, bottom = pixel_box(
        tuple(
            v + d
            for v, d in zip(
                call.box, (-CIRCLE_MARGIN, -CIRCLE_MARGIN, CIRCLE_MARGIN, CIRCLE_MARGIN), strict=True
            )
        ),  # type: ignore[arg-type]
        page_height=HEIGHT,
    )
    middle_x, middle_y = (left + right) / 2, (top + bottom) / 2
    for x, y in ((left, middle_y), (right, middle_y), (middle_x, top), (middle_x, bottom)):
        assert red_near(image, x, y), (x, y)
    assert not red_near(image, middle_x, middle_y, radius=1)  # a ring, not a blot


def test_the_note_that_overflows_is_outlined(misplaced: tuple[Path, list[Problem]], tmp_path: Path) -> None:
    pdf, problems = misplaced
    [overflow] = [p for p in problems if p.check == "geometry"]
    [mark] = overflow.marks
    assert mark.page == 2 and mark.box[1] < 80  # it reaches down into the footer's band
    proof = write_proof(pdf, problems, tmp_path / "long.proof")
    image = Image.open(proof.folder / "page-0003.png").convert("RGB")
    left, top, right, bottom = pixel_box(
        (mark.box[0] - 2, mark.box[1] - 2, mark.box[2] + 2, mark.box[3] + 2), page_height=HEIGHT
    )
    bottom = min(bottom, image.height - 1)  # it runs off the page: outlined at the page's edge
    for x, y in ((left, (top + bottom) / 2), (right, (top + bottom) / 2), ((left + right) / 2, bottom)):
        assert red_near(image, x, y), (x, y)


def test_the_index_lists_each_problem_under_its_page(
    misplaced: tuple[Path, list[Problem]], tmp_path: Path
) -> None:
    pdf, problems = misplaced
    proof = write_proof(pdf, problems, tmp_path / "long.proof")
    index = proof.index.read_text(encoding="utf-8")
    assert "note 2 is on page 3, its call on page 2" in index
    assert index.index("Page 2") < index.index("its call on page 2") < index.index("Page 3")
    assert '<img src="page-0003.png"' in index


def test_every_page_on_request_and_an_older_proof_replaced(built: Built, tmp_path: Path) -> None:
    folder = tmp_path / "x.proof"
    folder.mkdir()
    (folder / "page-0099.png").write_bytes(b"an older proof's page")
    proof = write_proof(built.result.pdf, [], folder, every_page=True)
    assert sorted(p.name for p in folder.iterdir()) == ["index.html"] + [
        f"page-000{n}.png" for n in range(1, 7)
    ]
    assert [page.label for page in proof.pages] == ["i", "ii", "iii", "41", "42", "43"]
    assert "No problems" in proof.index.read_text(encoding="utf-8")


def test_a_problem_with_only_a_page_label_is_listed_on_that_page(built: Built, tmp_path: Path) -> None:
    problem = Problem("x.pdf", "printed folio xlii should be 42", "folios", page="42")
    elsewhere = Problem("x.pdf", "the PDF has no title", "document")
    marked = Problem("x.pdf", "a mark", "geometry", marks=(Mark(3, (10, 10, 20, 20)),))  # page 41's index
    proof = write_proof(built.result.pdf, [problem, elsewhere, marked], tmp_path / "p.proof")
    assert [(page.label, page.problems) for page in proof.pages] == [("41", (marked,)), ("42", (problem,))]
    assert proof.unplaced == (elsewhere,)


def test_a_build_that_fails_verification_writes_the_proof_of_the_refused_pdf(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    (content / "styles").mkdir()
    default = (ROOT / "styles" / "print.css").read_text(encoding="utf-8")
    # A house style whose notes start 40 mm left of the text: past the page's left edge.
    (content / "styles" / "print.css").write_text(default + "\n.footnote { margin-left: -40mm; }\n")
    out = tmp_path / "dist"
    lines: list[str] = []
    result = build(content, out, say=lines.append)
    assert result.problems and {p.check for p in result.problems} == {"geometry"}
    proof = out / "syria-country-focus.proof"
    assert sorted(p.name for p in out.iterdir()) == ["syria-country-focus.proof"]  # no output shipped
    # Every page with a note: 41 and 42 (the fourth and fifth, after the front's three).
    assert sorted(p.name for p in proof.iterdir()) == ["index.html", "page-0004.png", "page-0005.png"]
    assert lines[-1].endswith(f"{proof / 'index.html'}")
    (content / "styles" / "print.css").write_text(default)
    assert build(content, out, say=lines.append).ok
    assert not proof.exists()  # the proof of a PDF no longer there goes with it
