"""The parallel print route: the joined PDF is the single layout's, fact for fact, or it is not taken."""

from __future__ import annotations

import dataclasses
import io
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pikepdf
import pypdf
import pytest
from pypdf.generic import DictionaryObject

from bench.sameness import CHAPTERS
from bench.synthetic import generate_publication
from folio.errors import BuildError, Diagnostic
from folio.fonts import only_these_fonts
from folio.load import load_publication
from folio.model import (
    ACCESSIBLE,
    PRINT_SHOP,
    CrossRef,
    Heading,
    Paragraph,
    Publication,
    Text,
    contents_entries,
    link_targets,
)
from folio.pdf import (
    LaidOutPage,
    PrintJob,
    ProjectFetcher,
    add_front,
    join,
    join_structure,
    lay_out_print_edition,
    patch_weasyprint,
    render,
    split,
    workers,
)
from folio.pdf.join import BOXES
from folio.pipeline import ROOT, Project
from folio.render import render_front_html, render_print_html
from folio.verify import expect_from_content, verify_pdf
from folio.verify.pdf_tags import TagFacts, read_tag_facts


@dataclass(frozen=True)
class PrintEdition:
    """What a build takes from a route: the PDF bytes, the laid-out pages, WeasyPrint's warnings."""

    pdf: bytes
    pages: tuple[LaidOutPage, ...]
    warnings: tuple[Diagnostic, ...]
    said: tuple[str, ...]  # the lines the stage said while laying out


@dataclass(frozen=True)
class Case:
    publication: Publication
    html: str
    job: PrintJob

    def html_of(self, part: Publication) -> str:
        return render_print_html(part, templates_dir=Project().templates, created=self.publication.modified)

    def render(self, *, workers: int) -> PrintEdition:
        """Laid out and written as the pipeline does: the project's fonts and no other (without
        them fontconfig offers the system's, whatever the tests before have set up)."""
        said: list[str] = []
        with only_these_fonts(Project().fonts):
            edition = lay_out_print_edition(
                self.publication,
                html_of=self.html_of,
                job=self.job,
                workers=workers,
                say=said.append,
            )
            edition = add_front(edition, self.front_html, self.job)
            return PrintEdition(edition.write(), edition.pages, edition.warnings, tuple(said))

    def front_html(self, folios: dict[str, str]) -> str:
        created = self.publication.modified
        return render_front_html(
            self.publication, templates_dir=Project().templates, created=created, pages=folios
        )


def make_case(
    folder: Path,
    *,
    section_break: bool,
    notes: int = 40,
    duplex: bool = False,
    bibliography: bool = False,
    longer_first: int = 0,
) -> Case:
    """A synthetic report of `notes` notes in sections of 20 (each starting a page, with
    `section_break`; a right-hand page, `duplex`), with Annex 1 (`bibliography`), whose entries
    link back to notes of every section: links from the last part to the first. The first
    section ends with `longer_first` paragraphs more."""
    content = folder / "content"
    generate_publication(content, notes=notes, first_note=505, first_page=41)
    first = sorted((content / "sections").iterdir())[0]
    text = first.read_text(encoding="utf-8").split("\n[^", 1)
    paragraph = "\n\nThe situation was reported in several places of the country at the time." * longer_first
    first.write_text(text[0].rstrip() + paragraph + "\n\n[^" + text[1], encoding="utf-8")
    with (content / "publication.yaml").open("a", encoding="utf-8") as meta:
        meta.write("annexes: [bibliography]\n" if bibliography else "")
        meta.write("print: duplex\n" if duplex else "")
    styles = folder / "styles"
    shutil.copytree(Project().styles, styles)
    if section_break:
        with (styles / "print.css").open("a", encoding="utf-8") as css:
            css.write("\n.section { break-before: right; }\n" if duplex else CHAPTERS)
    publication = load_publication(content).publication
    html = render_print_html(publication, templates_dir=Project().templates, created=publication.modified)
    job = PrintJob(
        base_url=ROOT,
        stylesheet=styles / "print.css",
        first_page=publication.first_page,
        identifier=publication.identifier,
        notes={note.id: note for note in publication.notes},
        duplex=publication.duplex,
        duplex_stylesheet=styles / "duplex.css",
        link_targets=link_targets(publication),
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
    lay_out_parts = workers.lay_out_parts

    def spy(htmls: list[str], job: PrintJob) -> Any:
        taken.append(f"{len(htmls)} parts")
        return lay_out_parts(htmls, job)

    monkeypatch.setattr(workers, "lay_out_parts", spy)
    return taken


def tags_but_widths(tags: TagFacts) -> TagFacts:
    """The tag facts with each drawn object's box but its right edge: WeasyPrint writes a glyph's
    width as it was rounded where the glyph was first drawn (weasyprint/draw/text.py), so a glyph
    the single write first drew on the title page may be 1/1000 em wider in a part, and a line
    of the joined PDF 0.1 pt longer (its place, its text and every other fact the same)."""
    pages = tuple(
        dataclasses.replace(
            page,
            drawn=tuple(
                dataclasses.replace(drawn, box=(drawn.box[0], drawn.box[1], 0.0, drawn.box[3]))
                for drawn in page.drawn
            ),
        )
        for page in tags.pages
    )
    return dataclasses.replace(tags, pages=pages)


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
        "tags": tags_but_widths(read_tag_facts(pdf)),  # the tree, marked contents, link descriptions
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
    assert broken.render(workers=2).said == ()
    assert routes == ["2 parts"]


def test_three_workers_lay_out_three_parts_as_the_single_layout_does(
    tmp_path: Path, routes: list[str]
) -> None:
    case = make_case(tmp_path, section_break=True, notes=60)  # three sections, each a chapter
    single, joined = case.render(workers=1), case.render(workers=3)
    assert routes == ["3 parts"]
    assert joined.said == ()
    assert pdf_facts(joined.pdf) == pdf_facts(single.pdf)
    assert joined.pages == single.pages


def test_printed_on_both_sides_the_parts_join_with_the_blank_pages_the_single_layout_leaves(
    tmp_path: Path, routes: list[str]
) -> None:
    """Every section opens a right-hand page: a part laid out alone opens on one, and the join
    puts before it the blank page the single layout leaves after an odd number of pages."""
    case = make_case(tmp_path, section_break=True, notes=60, duplex=True, longer_first=30)
    single, joined = case.render(workers=1), case.render(workers=3)
    assert routes == ["3 parts"]
    assert joined.said == ()
    assert pdf_facts(joined.pdf) == pdf_facts(single.pdf)
    assert joined.pages == single.pages
    texts: list[str] = pdf_facts(single.pdf)["text"]  # type: ignore[assignment]
    blank = [index for index, text in enumerate(texts) if not text.strip()]
    body = [page.anchors for page in single.pages].index(())  # the first blank page is the body's
    assert blank and all(index % 2 == 1 for index in blank) and body in blank
    headings = opening_headings(case.publication)
    starts = [index for index, page in enumerate(single.pages) if headings & set(page.anchors)]
    assert len(starts) == 3 and all(index % 2 == 0 for index in starts)  # each on a right-hand page
    assert len(blank) == 2  # the front's last page, and one before a section
    assert page_boxes(joined.pdf) == page_boxes(single.pdf)  # the join's blank page as WeasyPrint's


def page_boxes(pdf: bytes) -> list[dict[str, list[float]]]:
    with pikepdf.open(io.BytesIO(pdf)) as opened:
        return [
            {name: [float(v) for v in page.obj[name]] for name in BOXES if name in page.obj}
            for page in opened.pages
        ]


def opening_headings(publication: Publication) -> set[str]:
    """The ids of the headings that open the body's sections."""
    return {entry.id for entry in contents_entries(publication.body) if entry.opens}


def test_links_from_one_part_to_another_are_kept(tmp_path: Path, routes: list[str]) -> None:
    """The bibliography (in the last part) links to notes of every part, the contents (in the
    front) to headings of every part: each link is in the joined PDF, and WeasyPrint logs no
    missing anchor (the test would fail on any WeasyPrint log)."""
    case = make_case(tmp_path, section_break=True, notes=60, bibliography=True)
    single, joined = case.render(workers=1), case.render(workers=3)
    assert routes == ["3 parts"]
    facts = pdf_facts(joined.pdf)
    assert facts == pdf_facts(single.pdf)
    linked = {dest for _, _, dest, _ in facts["links"]}  # type: ignore[attr-defined]
    assert {note.id for note in case.publication.notes} <= linked
    assert opening_headings(case.publication) <= linked  # the contents'


def test_parts_start_at_the_chapters_nearest_equal_shares(broken: Case) -> None:
    """Eight sections of equal weight: part k+1 of 4 starts nearest k/4 of the text."""
    publication = dataclasses.replace(broken.publication, sections=broken.publication.body.sections[:1] * 8)
    assert split.balanced_splits(publication, [1, 2, 3, 5, 6, 7], parts=4) == [2, 3, 6]
    assert split.balanced_splits(publication, [5], parts=4) == [5]  # too few chapters: two parts
    assert split.balanced_splits(publication, [], parts=4) == []


def test_one_worker_keeps_one_process(broken: Case) -> None:
    parts = split.parallel_parts(
        broken.publication.body, html=broken.html, html_of=broken.html_of, job=broken.job, workers=1
    )
    assert parts == split.OneProcess("one worker (FOLIO_WORKERS, else the machine's cores)")


def test_the_joined_pdf_shows_what_the_single_layout_shows(
    single: PrintEdition, joined: PrintEdition
) -> None:
    expected, actual = pdf_facts(single.pdf), pdf_facts(joined.pdf)
    assert len(expected["labels"]) > 2  # type: ignore[arg-type]
    for fact in expected:
        assert actual[fact] == expected[fact], fact


def test_folios_and_labels_run_on_across_the_join(joined: PrintEdition) -> None:
    facts = pdf_facts(joined.pdf)
    labels: list[str] = facts["labels"]  # type: ignore[assignment]
    texts: list[str] = facts["text"]  # type: ignore[assignment]
    # The front (title page, legal notice, contents), then the body from 41.
    assert labels == ["i", "ii", "iii", *(str(41 + i) for i in range(len(labels) - 3))]
    assert [text.rstrip().split()[-1] for text in texts[2:]] == labels[2:]  # no folio on i, ii


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
    why = "the stylesheet starts no section after the first on a new page"
    assert split.parallel_parts(
        case.publication.body, html=case.html, html_of=case.html_of, job=case.job, workers=2
    ) == split.OneProcess(why)
    assert case.render(workers=2).said == (f"parallel layout not taken: {why}: laying out in one process",)
    assert routes == []


def test_a_small_publication_is_laid_out_in_one_process(
    broken: Case, routes: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(split, "MIN_NOTES", 41)
    assert broken.render(workers=2).said == ()  # the route is not for a small book: nothing to say
    assert routes == []


def test_the_print_shop_edition_printed_on_both_sides_keeps_one_process(broken: Case) -> None:
    """Its blank pages carry crop marks, which the blank page the join adds would lack."""

    def planned(*, duplex: bool, edition: str) -> object:
        job = dataclasses.replace(broken.job, duplex=duplex, editions=(edition,))
        return split.parallel_parts(
            broken.publication.body, html=broken.html, html_of=broken.html_of, job=job, workers=2
        )

    assert planned(duplex=True, edition=PRINT_SHOP) == split.OneProcess(
        "printed on both sides, the print-shop edition's blank pages carry its crop marks"
    )
    assert isinstance(planned(duplex=False, edition=PRINT_SHOP), tuple)
    assert isinstance(planned(duplex=True, edition=ACCESSIBLE), tuple)


def test_page_numbers_in_the_flow_keep_one_process(broken: Case) -> None:
    html = broken.html.replace("</style>", "a::after { content: target-counter(attr(href), page); }</style>")
    parts = split.parallel_parts(
        broken.publication.body, html=html, html_of=broken.html_of, job=broken.job, workers=2
    )
    assert parts == split.OneProcess(
        "page numbers in the flow (target-counter) need the whole book in one layout"
    )


def test_a_link_from_one_part_to_another_keeps_one_process_unless_kept(broken: Case) -> None:
    """WeasyPrint would drop it from the part's PDF (a cross-reference, the bibliography's link
    back to a note): the verifier found the bibliography of a 1,000-note report linking nowhere.
    A target the job's `link_targets` names is kept by the part's writer: the split is taken."""
    body = broken.publication.body  # what the parts lay out: the front is laid out apart
    first, second = body.sections[:2]
    heading = first.blocks[0]
    assert isinstance(heading, Heading)
    back = Paragraph((Text("See "), CrossRef(heading.id, (Text("the first"),))), "p-back", heading.source)
    linked = dataclasses.replace(second, blocks=(*second.blocks, back))
    publication = dataclasses.replace(body, sections=(first, linked, *body.sections[2:]))
    unkept = dataclasses.replace(broken.job, link_targets=broken.job.link_targets - {heading.id})
    parts = split.parallel_parts(publication, html=broken.html, html_of=broken.html_of, job=unkept, workers=2)
    assert parts == split.OneProcess(
        f"section {second.id} links to #{heading.id}, which another part lays out"
    )
    assert heading.id in broken.job.link_targets
    parts = split.parallel_parts(
        publication, html=broken.html, html_of=broken.html_of, job=broken.job, workers=2
    )
    assert isinstance(parts, tuple)
    assert [part.sections for part in parts] == [(first,), (linked, *body.sections[2:])]


def spoil_the_second_part(broken: Case, monkeypatch: pytest.MonkeyPatch, spoil: Callable[[], Any]) -> None:
    """The worker laying out the second part (the one without the first section) calls `spoil`."""
    lay_out = render.lay_out
    first_section = broken.publication.body.sections[0].id

    def spoiled(html: str, job: PrintJob, *, front: bool = False) -> Any:
        if f'id="{first_section}"' not in html and not front:
            return spoil()
        return lay_out(html, job, front=front)

    monkeypatch.setattr(render, "lay_out", spoiled)


def test_a_failing_part_falls_back_to_one_process(
    broken: Case, single: PrintEdition, monkeypatch: pytest.MonkeyPatch
) -> None:
    def crash() -> None:
        raise RuntimeError("a worker crashed")

    spoil_the_second_part(broken, monkeypatch, crash)
    edition = broken.render(workers=2)
    assert edition.pages == single.pages
    assert pdf_facts(edition.pdf) == pdf_facts(single.pdf)
    assert edition.said == (
        "parallel layout: worker 2 failed (RuntimeError: a worker crashed): laying out in one process",
    )


def test_a_worker_that_dies_is_reported_and_the_book_laid_out_in_one_process(
    broken: Case, single: PrintEdition, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As the kernel's OOM killer or a segfault would end it: no message.
    spoil_the_second_part(broken, monkeypatch, lambda: os._exit(3))
    edition = broken.render(workers=2)
    assert edition.pages == single.pages
    assert edition.said == (
        "parallel layout: worker 2 ended without a result (exit code 3): laying out in one process",
    )


@pytest.mark.weasyprint_logs
def test_the_probes_fetch_and_log_as_the_layout_does(tmp_path: Path) -> None:
    """A probe that meets a refused resource keeps the book in one process, and the refusal is
    reported once, by the layout, though the probes shared its fetcher."""
    case = make_case(tmp_path, section_break=True)
    with case.job.stylesheet.open("a", encoding="utf-8") as css:
        css.write("\nhtml { background: url(/etc/hostname); }\n")
    job = dataclasses.replace(case.job, url_fetcher=ProjectFetcher(roots=(case.job.stylesheet.parent,)))
    parts = split.parallel_parts(
        case.publication.body, html=case.html, html_of=case.html_of, job=job, workers=2
    )
    assert isinstance(parts, split.OneProcess)
    assert parts.why.startswith("a probe layout found a problem (")
    assert "resource refused: /etc/hostname is outside" in parts.why
    said: list[str] = []
    with pytest.raises(BuildError) as caught:
        lay_out_print_edition(case.publication, html_of=case.html_of, job=job, workers=2, say=said.append)
    assert said == [f"parallel layout not taken: {parts.why}: laying out in one process"]
    refusals = [str(d) for d in caught.value.diagnostics if "/etc/hostname" in str(d)]
    assert len(refusals) == 1


def test_a_part_starts_at_the_page_starting_section_nearest_half_the_weight(tmp_path: Path) -> None:
    case = make_case(tmp_path, section_break=False, notes=160)
    sections = case.publication.body.sections
    assert len(sections) >= 6
    middle = len(sections) // 2
    with case.job.stylesheet.open("a", encoding="utf-8") as css:  # two chapters start a page
        css.write(f"\n#{sections[1].id}, #{sections[middle].id} {{ break-before: page; }}\n")
    found = split.page_starting_sections(case.publication.body, html_of=case.html_of, job=case.job)
    assert found == [1, middle]
    parts = split.parallel_parts(
        case.publication.body, html=case.html, html_of=case.html_of, job=case.job, workers=2
    )
    assert isinstance(parts, tuple)
    assert [s.id for s in parts[1].sections] == [s.id for s in sections[middle:]]


@pytest.mark.parametrize(
    ("css", "why", "in_duplex"),
    [
        ("h2::before { content: counter(chapter) '. '; }", "a counter printed across parts", False),
        (
            ".footnote::footnote-marker { content: counters(footnote, '.'); }",
            "a counter printed across parts",
            False,
        ),
        ("@page { @top-right { content: element(header); } }", "running elements", False),
        ("@page:first { margin-top: 60mm; }", "a style for first pages (@page :first, :nth)", False),
        ("@page :left { margin-left: 30mm; }", "a style for left, right or blank pages", True),
        ("h1 { break-before: right; }", "a break to a left or right page", True),
    ],
)
def test_what_a_page_carries_over_keeps_the_book_in_one_layout(
    broken: Case, css: str, why: str, in_duplex: bool
) -> None:
    """A part laid out alone would start without it: its first page would print otherwise. Left
    and right pages are exact printed on both sides, where every part opens a right-hand page."""
    expected = f"{why} in the styles need the whole book in one layout"
    assert split.cut_forbidden((css,), (broken.html,), duplex=False) == expected
    in_html = broken.html.replace("</style>", f"{css}</style>")
    assert split.cut_forbidden((), (in_html,), duplex=False) == expected
    assert split.cut_forbidden((css,), (broken.html,), duplex=True) == (None if in_duplex else expected)


def test_what_a_page_carries_over_is_found_in_any_part_of_the_book(broken: Case) -> None:
    """The incremental route looks in each part's HTML, not the whole book's: a style in the
    last part forbids the cut as it does in the whole."""
    in_html = broken.html.replace("</style>", "@page:first { margin-top: 60mm; }</style>")
    expected = "a style for first pages (@page :first, :nth) in the styles need the whole book in one layout"
    assert split.cut_forbidden((), (broken.html, broken.html, in_html), duplex=False) == expected
    attribute = broken.html.replace("<section", '<section style="position: running(header)"', 1)
    assert attribute != broken.html
    assert split.cut_forbidden((), (broken.html, attribute), duplex=False) == (
        "running elements in the styles need the whole book in one layout"
    )
    assert split.cut_forbidden((), (broken.html, broken.html), duplex=False) is None


def test_the_folio_lists_running_headers_and_the_templates_first_folio_may_be_cut(broken: Case) -> None:
    css = broken.job.stylesheet.read_text(encoding="utf-8")
    assert (
        "counter(page)" in css
        and "string-set: chapter" in css
        and "@page:first { counter-reset: page 41; }" in broken.html
    )
    css += "\nol li::marker { content: counter(list-item) ') '; }  /* not counter(chapter) */\n"
    duplex = (Project().styles / "duplex.css").read_text(encoding="utf-8")
    assert split.cut_forbidden((css,), (broken.html,), duplex=False) is None
    assert split.cut_forbidden((css, duplex), (broken.html,), duplex=True) is None


def test_a_section_opens_a_page_only_when_no_earlier_one_is_on_it(broken: Case) -> None:
    ids = [section.id for section in broken.publication.sections]
    pages = [SimpleNamespace(anchors=[ids[0], "h-x"]), SimpleNamespace(anchors=[ids[0], ids[1]])]
    assert split.sections_starting_pages(broken.publication, SimpleNamespace(pages=pages)) == []
    pages[1] = SimpleNamespace(anchors=["h-y", ids[1]])
    assert split.sections_starting_pages(broken.publication, SimpleNamespace(pages=pages)) == [1]


def test_the_structure_trees_joined_once_at_the_end_give_the_same_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Merging each part's ids into the tree as it comes rebuilt the whole tree a part (the
    join of 15 parts took minutes); merged once at the end, the PDF is byte for byte the same."""
    patch_weasyprint(lambda _line: None)  # as the stage does: the tagging patch names the notes
    case = make_case(tmp_path, section_break=True, notes=60)
    job = dataclasses.replace(case.job, link_targets=link_targets(case.publication))  # as a build's
    parts = split.parallel_parts(case.publication, html=case.html, html_of=case.html_of, job=job, workers=3)
    assert isinstance(parts, tuple)
    assert len(parts) == 3
    laid_out = workers.lay_out_parts([case.html_of(part) for part in parts], job)
    once = join.join_parts(laid_out, job)
    append = join_structure.append_structure

    def part_by_part(joined: Any, part: Any, *, first_page: int, so_far: object = None) -> None:
        append(joined, part, first_page=first_page)  # without `so_far`: the ids merged at once

    monkeypatch.setattr(join, "append_structure", part_by_part)
    monkeypatch.setattr(join, "finish_structure", lambda *_args: None)
    assert join.join_parts(laid_out, job) == once
    with pikepdf.open(io.BytesIO(once)) as joined:
        ids = [str(name) for name in joined.Root.StructTreeRoot.IDTree.Names[::2]]
    assert len(ids) == 60  # every note's id, from the three parts
