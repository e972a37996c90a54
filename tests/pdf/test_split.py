"""The parallel print route: the joined PDF is the single layout's, fact for fact, or it is not taken."""

from __future__ import annotations

import io
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pypdf
import pytest
from pypdf.generic import DictionaryObject

from bench.synthetic import generate_publication
from folio.errors import Diagnostic
from folio.load import load_publication
from folio.model import Publication
from folio.pdf import LaidOutPage, PrintJob, lay_out_print_edition, render, split
from folio.pipeline import ROOT, Layout
from folio.render import render_print_html
from folio.verify import expect_from_content, verify_pdf

SECTION_BREAK = "\n.section { break-before: page; }\n"


@dataclass(frozen=True)
class PrintEdition:
    """What a build takes from a route: the PDF bytes, the laid-out pages, WeasyPrint's warnings."""

    pdf: bytes
    pages: tuple[LaidOutPage, ...]
    warnings: tuple[Diagnostic, ...]


@dataclass(frozen=True)
class Case:
    publication: Publication
    html: str
    job: PrintJob
    said: list[str] = field(default_factory=list)  # what the stage said while laying out

    def html_of(self, part: Publication) -> str:
        return render_print_html(part, templates_dir=Layout().templates, created=self.publication.modified)

    def render(self, *, workers: int) -> PrintEdition:
        edition = lay_out_print_edition(
            self.publication,
            html=self.html,
            html_of=self.html_of,
            job=self.job,
            workers=workers,
            say=self.said.append,
        )
        return PrintEdition(edition.write(), edition.pages, edition.warnings)


def make_case(folder: Path, *, section_break: bool, notes: int = 40) -> Case:
    generate_publication(folder / "content", notes=notes, first_note=505, first_page=41)
    styles = folder / "styles"
    shutil.copytree(Layout().styles, styles)
    if section_break:
        with (styles / "print.css").open("a", encoding="utf-8") as css:
            css.write(SECTION_BREAK)
    publication = load_publication(folder / "content").publication
    html = render_print_html(publication, templates_dir=Layout().templates, created=publication.modified)
    job = PrintJob(
        base_url=ROOT,
        stylesheet=styles / "print.css",
        first_page=publication.first_page,
        identifier=publication.identifier,
        notes={note.id: note for note in publication.notes},
    )
    return Case(publication, html, job)


@pytest.fixture(scope="module")
def broken(tmp_path_factory: pytest.TempPathFactory) -> Case:
    """Two sections of 20 notes, each starting on a new page: the route's precondition."""
    return make_case(tmp_path_factory.mktemp("parallel"), section_break=True)


@pytest.fixture(autouse=True)
def any_size(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(split, "MIN_NOTES", 0)


@pytest.fixture
def routes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    taken: list[str] = []
    lay_out_parts = split.lay_out_parts

    def spy(htmls: list[str], job: PrintJob) -> Any:
        taken.append(f"{len(htmls)} parts")
        return lay_out_parts(htmls, job)

    monkeypatch.setattr(split, "lay_out_parts", spy)
    return taken


def pdf_facts(pdf: bytes) -> dict[str, object]:
    """Everything a reader or the verifier sees: labels, folios and text, destinations, links, outline."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    destinations = {
        name: (
            reader.get_destination_page_number(d),
            round(float(d.left or 0), 2),
            round(float(d.top or 0), 2),
        )
        for name, d in reader.named_destinations.items()
    }
    links = []
    for index, page in enumerate(reader.pages):
        for ref in page.get("/Annots") or ():
            annot = ref.get_object()
            action = annot.get("/A")
            uri = str(action["/URI"]) if action is not None else None
            rect = tuple(round(float(v), 2) for v in annot["/Rect"])
            links.append((index, rect, str(annot.get("/Dest")), uri))

    def outline(items: list[Any], depth: int = 0) -> list[tuple[int, str, int | None, float]]:
        flat: list[tuple[int, str, int | None, float]] = []
        for item in items:
            if isinstance(item, list):
                flat += outline(item, depth + 1)
            else:
                page = reader.get_destination_page_number(item)
                flat.append((depth, str(item.title), page, round(float(item.top or 0), 2)))
        return flat

    return {
        "header": reader.pdf_header,
        "labels": list(reader.page_labels),
        "text": [page.extract_text() for page in reader.pages],
        "destinations": destinations,
        "links": links,
        "outline": outline(reader.outline),
        "metadata": dict(reader.metadata or {}),
        "catalog": sorted(catalog(reader)),
    }


def catalog(reader: pypdf.PdfReader) -> list[str]:
    root = reader.trailer["/Root"].get_object()
    assert isinstance(root, DictionaryObject)
    return [str(key) for key in root]


@pytest.fixture(scope="module")
def single(broken: Case) -> PrintEdition:
    return broken.render(workers=1)


@pytest.fixture(scope="module")
def joined(broken: Case) -> PrintEdition:
    return broken.render(workers=2)


def test_the_parallel_route_is_taken_when_sections_start_pages(broken: Case, routes: list[str]) -> None:
    broken.render(workers=2)
    assert routes == ["2 parts"]


def test_the_joined_pdf_shows_what_the_single_layout_shows(
    single: PrintEdition, joined: PrintEdition
) -> None:
    expected, actual = pdf_facts(single.pdf), pdf_facts(joined.pdf)
    assert len(expected["labels"]) > 2  # type: ignore[arg-type]
    for fact in expected:
        assert actual[fact] == expected[fact], fact


def test_folios_and_labels_run_on_across_the_join(joined: PrintEdition) -> None:
    facts = pdf_facts(joined.pdf)
    labels = facts["labels"]
    assert labels == [str(41 + i) for i in range(len(labels))]  # type: ignore[arg-type]
    folios = [text.rstrip().split()[-1] for text in facts["text"]]  # type: ignore[attr-defined]
    assert folios == labels


def test_the_pages_and_warnings_handed_on_are_the_single_layouts(
    single: PrintEdition, joined: PrintEdition
) -> None:
    assert joined.pages == single.pages
    assert joined.warnings == single.warnings


def test_the_verifier_finds_the_same_in_both(
    broken: Case, single: PrintEdition, joined: PrintEdition, tmp_path: Path
) -> None:
    found = []
    for name, edition in (("single", single), ("joined", joined)):
        path = tmp_path / f"{name}.pdf"
        path.write_bytes(edition.pdf)
        found.append(
            [
                str(p).replace(str(path), "x.pdf")
                for p in verify_pdf(path, expect_from_content(broken.publication))
            ]
        )
    assert found[0] == found[1]


def test_run_on_sections_are_laid_out_in_one_process(tmp_path: Path, routes: list[str]) -> None:
    case = make_case(tmp_path, section_break=False)
    assert (
        split.parallel_parts(case.publication, html=case.html, html_of=case.html_of, job=case.job, workers=2)
        is None
    )
    case.render(workers=2)
    assert routes == []


def test_a_small_publication_is_laid_out_in_one_process(
    broken: Case, routes: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(split, "MIN_NOTES", 41)
    broken.render(workers=2)
    assert routes == []


def test_page_numbers_in_the_flow_keep_one_process(broken: Case) -> None:
    html = broken.html.replace("</style>", "a::after { content: target-counter(attr(href), page); }</style>")
    parts = split.parallel_parts(
        broken.publication, html=html, html_of=broken.html_of, job=broken.job, workers=2
    )
    assert parts is None


def test_a_failing_part_falls_back_to_one_process(
    broken: Case, single: PrintEdition, monkeypatch: pytest.MonkeyPatch
) -> None:
    lay_out = render.lay_out
    first_section = broken.publication.sections[0].id

    def fails_in_the_second_part(html: str, job: PrintJob) -> Any:
        if f'id="{first_section}"' not in html:
            raise RuntimeError("a worker crashed")
        return lay_out(html, job)

    monkeypatch.setattr(render, "lay_out", fails_in_the_second_part)
    edition = broken.render(workers=2)
    assert edition.pages == single.pages
    assert pdf_facts(edition.pdf) == pdf_facts(single.pdf)


def test_a_part_starts_at_the_page_starting_section_nearest_half_the_weight(tmp_path: Path) -> None:
    case = make_case(tmp_path, section_break=False, notes=160)
    sections = case.publication.sections
    assert len(sections) >= 6
    middle = len(sections) // 2
    with case.job.stylesheet.open("a", encoding="utf-8") as css:  # two chapters start a page
        css.write(f"\n#{sections[1].id}, #{sections[middle].id} {{ break-before: page; }}\n")
    found = split.page_starting_sections(case.publication, html_of=case.html_of, job=case.job)
    assert found == [1, middle]
    parts = split.parallel_parts(
        case.publication, html=case.html, html_of=case.html_of, job=case.job, workers=2
    )
    assert parts is not None
    assert [s.id for s in parts[1].sections] == [s.id for s in sections[middle:]]
