"""The incremental route: after each kind of edit, the PDF joined from stored and new parts is the
single layout's, fact for fact, and only the parts the edit reached were laid out again.

A synthetic report of three chapters (two sections each, every chapter starting a page) is
built once into an output folder; each test copies that folder (outputs and part store),
edits a copy of the content, builds it again into the copy, and builds the same content from
nothing in one process (the reference: one WeasyPrint layout, no part anywhere).
"""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from bench.synthetic import generate_publication
from folio.errors import BuildError, Diagnostic
from folio.load import load_publication
from folio.model import Heading, link_targets
from folio.pdf import PartStore, PrintJob, ProjectFetcher, add_front, lay_out_print_edition, reuse, split
from folio.pdf import front as front_module
from folio.pdf.render import Front
from folio.pipeline import BuildResult, Project, build
from folio.verify import PdfFacts, read_pdf_facts
from folio.verify.pdf_text import TextRun
from tests.pdf.test_split import Case, make_case, pdf_facts, tags_but_widths

NOTES, PER_SECTION, CHAPTERS = 60, 10, 3  # six sections: chapters at sections 1, 3 and 5


@dataclass(frozen=True)
class Built:
    content: Path
    styles: Path
    out: Path
    said: tuple[str, ...]
    result: BuildResult


def build_into(content: Path, styles: Path, out: Path, *, in_parts: bool = True) -> Built:
    said: list[str] = []
    with pytest.MonkeyPatch.context() as patch:
        # Any size may be laid out in parts here; the reference is one layout, whatever its size.
        patch.setattr(split, "MIN_NOTES", 0 if in_parts else 10**9)
        result = build(content, out, project=Project(styles=styles), say=said.append)
    assert result.ok, [str(p) for p in result.problems]
    return Built(content, styles, out, tuple(said), result)


@pytest.fixture(scope="module")
def first(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The first build, in the working folder; a copy of all of it is kept beside, pristine."""
    folder = tmp_path_factory.mktemp("reuse")
    work = folder / "work"
    generate_publication(
        work / "content",
        notes=NOTES,
        notes_per_section=PER_SECTION,
        chapters=CHAPTERS,
        first_note=505,
        first_page=41,
    )
    shutil.copytree(Project().styles, work / "styles")
    built = build_into(work / "content", work / "styles", work / "out")
    shutil.copytree(work, folder / "pristine")
    return built


@dataclass(frozen=True)
class Rebuilt:
    incremental: Built
    full: Built

    @property
    def layout_line(self) -> str:
        (line,) = [line for line in self.incremental.said if line.startswith("layout in ")]
        return line


def rebuild(first: Built, tmp_path: Path, edit: Callable[[Path, Path], None]) -> Rebuilt:
    """The first build's folder as it was, edited and built again in place (a part's key holds
    the stylesheet's path), and the same content built from nothing in one process."""
    work = first.out.parent
    shutil.rmtree(work)
    shutil.copytree(work.parent / "pristine", work)
    edit(first.content, first.styles)
    incremental = build_into(first.content, first.styles, first.out)
    return Rebuilt(incremental, build_into(first.content, first.styles, tmp_path / "full", in_parts=False))


def sections(content: Path) -> list[Path]:
    return sorted((content / "sections").glob("*.md"))


def chapter_files(content: Path) -> list[list[Path]]:
    chapters: list[list[Path]] = []
    for path in sections(content):
        if path.read_text(encoding="utf-8").startswith("# "):
            chapters.append([])
        chapters[-1].append(path)
    return chapters


def first_paragraph_line(text: str) -> int:
    lines = text.split("\n")
    return next(i for i, line in enumerate(lines) if i > 0 and line and not line.startswith(("#", "[^")))


def replace_in_first_paragraph(path: Path, old: str, new: str) -> None:
    lines = path.read_text(encoding="utf-8").split("\n")
    number = first_paragraph_line("\n".join(lines))
    assert old in lines[number]
    lines[number] = lines[number].replace(old, new, 1)
    path.write_text("\n".join(lines), encoding="utf-8")


def assert_same(rebuilt: Rebuilt) -> None:
    """Page labels, text by page, destinations, links, outline, note placement, the verifier's
    findings and the build's warnings: as the single layout gives them."""
    incremental, full = rebuilt.incremental.result, rebuilt.full.result
    expected, actual = pdf_facts(full.pdf.read_bytes()), pdf_facts(incremental.pdf.read_bytes())
    for fact in expected:
        assert actual[fact] == expected[fact], fact
    seen, reference = read_pdf_facts(incremental.pdf), read_pdf_facts(full.pdf)
    for field in dataclasses.fields(reference):
        if field.name == "tags":  # each drawn object but its right edge: `tags_but_widths`
            assert seen.tags is not None and reference.tags is not None
            assert tags_but_widths(seen.tags) == tags_but_widths(reference.tags)
        elif field.name not in ("path", "fonts", "body", "notes"):  # each part embeds its own font subsets
            assert getattr(seen, field.name) == getattr(reference, field.name), field.name
    assert placed(seen) == placed(reference)
    assert {name.split("+")[-1] for name, _ in seen.fonts} == {
        name.split("+")[-1] for name, _ in reference.fonts
    }
    assert findings(incremental) == findings(full)
    assert (incremental.pages, incremental.notes, incremental.warnings) == (
        full.pages,
        full.notes,
        full.warnings,
    )
    assert incremental.inexact_pages == full.inexact_pages


def runs(texts: tuple[TextRun, ...]) -> list[tuple[float, float, float, str]]:
    return [(run.x, run.y, run.size, run.text) for run in texts]


def placed(facts: PdfFacts) -> tuple[object, ...]:
    """Each page's body text and each note, where they print: every run's place, size and text,
    and each note's page, top, number and back-links. Not a run's width: WeasyPrint writes a
    glyph's width as it was rounded where the glyph was first drawn (weasyprint/draw/text.py), so
    a glyph the single write first drew on the title page in 28 pt may be 1/1000 em wider in a
    part, and the joined PDF's runs 0.1 pt longer (the parallel route's too, since the front)."""
    notes = {
        number: (area.page, area.top, area.printed_number, area.back_links, runs(area.runs))
        for number, area in facts.notes.items()
    }
    return tuple(runs(page) for page in facts.body), notes


def findings(result: BuildResult) -> list[object]:
    """The verifier's report, check by check, with its figures and problems (the file names
    aside, and the count of embedded fonts: each part embeds its own subsets of the same fonts)."""
    report = json.loads(
        result.pdf.with_name(result.pdf.name.removesuffix(".pdf") + ".check.json").read_text()
    )
    for check in report["checks"]:
        check.pop("file")
        if check["check"] == "document":
            assert check["figures"].pop("fonts") >= 1
    return [report["summary"], *report["checks"]]


def laid_out(rebuilt: Rebuilt) -> list[str]:
    """The sections named in the layout line as laid out again."""
    found = re.search(r"laid out \(([^)]*)\)", rebuilt.layout_line)
    return found.group(1).split(", ") if found else []


def section_id(path: Path) -> str:
    return f"s-{path.stem}"


def test_the_first_build_lays_out_every_chapter_as_a_part(first: Built) -> None:
    assert [line for line in first.said if line.startswith("layout in ")] == [
        "layout in 3 parts: none reused (none in "
        + str(first.out / ".folio-parts")
        + " matches), all laid out"
    ]
    assert (first.out / ".folio-parts" / ".gitignore").read_text(encoding="utf-8").endswith("*\n")


def test_a_word_changed_in_a_middle_chapter_lays_out_that_chapter_alone(first: Built, tmp_path: Path) -> None:
    def edit(content: Path, _styles: Path) -> None:
        middle = chapter_files(content)[1][0]
        text = middle.read_text(encoding="utf-8")
        word = text.split("\n")[first_paragraph_line(text)].split()[3]
        replace_in_first_paragraph(middle, f" {word} ", f" {word[::-1]} ")

    rebuilt = rebuild(first, tmp_path, edit)
    assert rebuilt.layout_line.startswith("layout in 3 parts: 2 reused from ")
    assert laid_out(rebuilt) == [section_id(chapter_files(rebuilt.incremental.content)[1][0])]
    assert_same(rebuilt)
    # Reproducible whatever was reused: the same bytes as the same content built in parts from nothing.
    fresh = build_into(first.content, first.styles, tmp_path / "fresh")
    assert fresh.said[3].startswith("layout in 3 parts: none reused")
    assert fresh.result.pdf.read_bytes() == rebuilt.incremental.result.pdf.read_bytes()
    assert fresh.result.epub.read_bytes() == rebuilt.incremental.result.epub.read_bytes()


def test_a_note_added_lays_out_its_chapter_and_the_later_ones(first: Built, tmp_path: Path) -> None:
    """Note numbers print in the text: every later note's number moves, so its part's HTML does."""

    def edit(content: Path, _styles: Path) -> None:
        middle = chapter_files(content)[1][1]
        replace_in_first_paragraph(middle, ". ", ".[^added] ")
        with middle.open("a", encoding="utf-8") as text:
            text.write("\n[^added]: An added note, as an editor adds one.\n")

    rebuilt = rebuild(first, tmp_path, edit)
    chapters = chapter_files(rebuilt.incremental.content)
    assert rebuilt.layout_line.startswith("layout in 3 parts: 1 reused from ")
    assert laid_out(rebuilt) == [section_id(chapters[1][0]), section_id(chapters[2][0])]
    assert rebuilt.incremental.result.notes == NOTES + 1
    assert_same(rebuilt)


def test_a_note_removed_lays_out_its_chapter_and_the_later_ones(first: Built, tmp_path: Path) -> None:
    def edit(content: Path, _styles: Path) -> None:
        middle = chapter_files(content)[1][0]
        text = middle.read_text(encoding="utf-8")
        label = re.findall(r"\[\^(\d+)\]", text)[0]
        text = text.replace(f"[^{label}]", "", 1)
        text = re.sub(rf"\n\[\^{label}\]: [^\n]*\n", "\n", text)
        middle.write_text(text, encoding="utf-8")

    rebuilt = rebuild(first, tmp_path, edit)
    chapters = chapter_files(rebuilt.incremental.content)
    assert rebuilt.layout_line.startswith("layout in 3 parts: 1 reused from ")
    assert laid_out(rebuilt) == [section_id(chapters[1][0]), section_id(chapters[2][0])]
    assert rebuilt.incremental.result.notes == NOTES - 1
    assert_same(rebuilt)


def test_a_chapter_added_moves_the_later_folios_so_their_parts_are_laid_out_again(
    first: Built, tmp_path: Path
) -> None:
    """A chapter without notes: the chapters after it keep their HTML, and so their page count,
    but print other folios, which WeasyPrint draws in every page's margin boxes."""

    def edit(content: Path, _styles: Path) -> None:
        (content / "sections" / "0002a-added.md").write_text(
            "# An added chapter\n\n" + "A paragraph of the added chapter, without a note. " * 30 + "\n",
            encoding="utf-8",
        )
        publication = content / "publication.yaml"
        listed = publication.read_text(encoding="utf-8")
        after = "  - sections/" + sections(content)[1].name + "\n"
        publication.write_text(
            listed.replace(after, after + "  - sections/0002a-added.md\n"), encoding="utf-8"
        )

    rebuilt = rebuild(first, tmp_path, edit)
    chapters = chapter_files(rebuilt.incremental.content)
    assert rebuilt.layout_line.startswith("layout in 4 parts: 1 reused from ")
    assert laid_out(rebuilt) == [
        section_id(chapters[1][0]),
        section_id(chapters[2][0]),
        section_id(chapters[3][0]),
    ]
    assert rebuilt.incremental.result.pages > first.result.pages
    assert_same(rebuilt)


def test_a_page_gained_in_a_middle_chapter_lays_out_the_later_ones_for_their_folios(
    first: Built, tmp_path: Path
) -> None:
    def edit(content: Path, _styles: Path) -> None:
        middle = chapter_files(content)[1][-1]
        with middle.open("a", encoding="utf-8") as text:
            text.write("\n" + "A longer ending, enough text for another page. " * 120 + "\n")

    rebuilt = rebuild(first, tmp_path, edit)
    chapters = chapter_files(rebuilt.incremental.content)
    assert rebuilt.incremental.result.pages > first.result.pages
    assert rebuilt.layout_line.startswith("layout in 3 parts: 1 reused from ")
    assert laid_out(rebuilt) == [section_id(chapters[1][0]), section_id(chapters[2][0])]
    assert_same(rebuilt)


def test_a_stylesheet_changed_lays_out_every_part(first: Built, tmp_path: Path) -> None:
    def edit(_content: Path, styles: Path) -> None:
        with (styles / "print.css").open("a", encoding="utf-8") as css:
            css.write("\np { margin-bottom: 3.2mm; }\n")

    rebuilt = rebuild(first, tmp_path, edit)
    assert rebuilt.layout_line.startswith("layout in 3 parts: none reused")
    assert_same(rebuilt)


def test_nothing_changed_but_the_epub_reuses_every_part(first: Built, tmp_path: Path) -> None:
    """An edit of the EPUB's stylesheet leaves every part of the print edition as it was."""

    def edit(_content: Path, styles: Path) -> None:
        with (styles / "epub.css").open("a", encoding="utf-8") as css:
            css.write("\np { margin-bottom: 0.6em; }\n")

    rebuilt = rebuild(first, tmp_path, edit)
    assert (
        rebuilt.layout_line
        == f"layout in 3 parts: all reused from {rebuilt.incremental.out / '.folio-parts'}, none laid out"
    )
    assert_same(rebuilt)


def fronts_laid_out(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The HTML of every front laid out from now on (not taken from the store)."""
    laid: list[str] = []
    original = front_module.laid_out_front

    def counted(html: str, job: PrintJob) -> tuple[Front, tuple[Diagnostic, ...]]:
        laid.append(html)
        return original(html, job)

    monkeypatch.setattr(front_module, "laid_out_front", counted)
    return laid


def test_the_front_is_taken_from_the_store_while_its_contents_prints_the_same_folios(
    first: Built, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A word changed moves no heading: the front (title page, contents) is neither laid out nor
    written again, and the PDF is still the one the same content gives from nothing. A page
    gained moves the later chapters' folios, which the contents prints: it is laid out again."""

    def edit(content: Path, _styles: Path) -> None:
        middle = chapter_files(content)[1][0]
        text = middle.read_text(encoding="utf-8")
        word = text.split("\n")[first_paragraph_line(text)].split()[3]
        replace_in_first_paragraph(middle, f" {word} ", f" {word[::-1]} ")

    laid = fronts_laid_out(monkeypatch)
    rebuilt = rebuild(first, tmp_path, edit)
    assert len(laid) == 1  # the reference's (one process): the incremental build laid out none
    assert rebuilt.incremental.result.pages == first.result.pages
    labels = pdf_facts(rebuilt.incremental.result.pdf.read_bytes())["labels"]
    assert isinstance(labels, list) and labels[:2] == ["i", "ii"]  # the front, taken from the store
    assert_same(rebuilt)
    fresh = build_into(first.content, first.styles, tmp_path / "fresh")
    assert len(laid) == 2  # from nothing: laid out
    assert fresh.result.pdf.read_bytes() == rebuilt.incremental.result.pdf.read_bytes()

    with chapter_files(first.content)[1][-1].open("a", encoding="utf-8") as text:
        text.write("\n" + "A longer ending, enough text for another page. " * 120 + "\n")
    gained = build_into(first.content, first.styles, first.out)
    assert len(laid) == 3 and gained.result.pages > first.result.pages
    assert_same(Rebuilt(gained, build_into(first.content, first.styles, tmp_path / "full", in_parts=False)))


def test_the_store_keeps_what_the_last_build_used_and_nothing_else(first: Built, tmp_path: Path) -> None:
    def edit(content: Path, _styles: Path) -> None:
        replace_in_first_paragraph(chapter_files(content)[0][0], ". ", ".[^one-more] ")
        with chapter_files(content)[0][0].open("a", encoding="utf-8") as text:
            text.write("\n[^one-more]: A note that renumbers every later one.\n")

    rebuilt = rebuild(first, tmp_path, edit)
    store = rebuilt.incremental.out / ".folio-parts"
    index = json.loads((store / "index.json").read_text(encoding="utf-8"))
    assert len(index["parts"]) == 4  # the three chapters and the front
    assert sorted(p.name for p in store.iterdir()) == sorted(
        [
            ".gitignore",
            "index.json",
            *(f"{key}{suffix}" for key in index["parts"] for suffix in (".json", ".accessible.pdf")),
        ]
    )


def test_a_build_that_fails_after_the_layout_leaves_the_store_as_it_was(first: Built) -> None:
    """A note too long for a page is found by a worker: the book is laid out again in one
    process, which reports it; nothing in the output folder changes, the store included."""
    work = first.out.parent
    shutil.rmtree(work)
    shutil.copytree(work.parent / "pristine", work)
    before = {p.name: p.read_bytes() for p in (first.out / ".folio-parts").iterdir()}
    middle = chapter_files(first.content)[1][0]
    replace_in_first_paragraph(middle, ". ", ".[^long] ")
    with middle.open("a", encoding="utf-8") as text:
        text.write("\n[^long]: " + "A note far too long for one page. " * 900 + "\n")
    said: list[str] = []
    with pytest.MonkeyPatch.context() as patch, pytest.raises(BuildError) as caught:
        patch.setattr(split, "MIN_NOTES", 0)
        build(first.content, first.out, project=Project(styles=first.styles), say=said.append)
    assert "is too long to fit on one page" in str(caught.value)
    assert any(line.startswith("layout in parts: worker 2 failed (BuildError: ") for line in said)
    assert {p.name: p.read_bytes() for p in (first.out / ".folio-parts").iterdir()} == before


def test_a_stored_page_count_that_a_new_layout_contradicts_is_not_believed(
    first: Built, tmp_path: Path
) -> None:
    """A damaged index says the last chapter has one page more: when a page gained before it
    makes it be laid out again, its worker's count differs, and the book is laid out in one
    process (a wrong count would have misplaced every later folio)."""

    def edit(content: Path, _styles: Path) -> None:
        index_path = first.out / ".folio-parts" / "index.json"
        index = json.loads(index_path.read_text(encoding="utf-8"))
        last = max(index["parts"].values(), key=lambda record: record["first_folio"])
        last["pages"] += 1
        index_path.write_text(json.dumps(index), encoding="utf-8")
        with chapter_files(content)[1][-1].open("a", encoding="utf-8") as text:
            text.write("\n" + "A longer ending, enough text for another page. " * 120 + "\n")

    rebuilt = rebuild(first, tmp_path, edit)
    (line,) = [line for line in rebuilt.incremental.said if line.startswith("layout in parts: ")]
    pages = re.fullmatch(
        r"layout in parts: worker 3 laid out (\d+) pages where the stored layout of the same part has "
        r"(\d+): laying out in one process",
        line,
    )
    assert pages is not None
    assert int(pages.group(2)) == int(pages.group(1)) + 1
    assert_same(rebuilt)


def test_many_page_starting_sections_are_grouped_by_a_power_of_two() -> None:
    """Up to 24 parts each page-starting section starts one; past that every 2nd, 4th, 8th..."""
    assert reuse.grouped(list(range(1, 24))) == list(range(1, 24))  # 24 parts
    assert reuse.grouped(list(range(1, 31))) == list(range(2, 31, 2))  # 31 parts: 16
    assert reuse.grouped(list(range(1, 150))) == list(range(8, 150, 8))  # 150 parts: 19
    assert reuse.grouped([4, 9]) == [4, 9]


@pytest.mark.parametrize(
    ("duplex", "bibliography"),
    [(False, False), (False, True), (True, False)],
    ids=["", "bibliography", "duplex"],
)
def test_links_between_parts_and_both_sides_as_in_the_single_layout(
    tmp_path: Path, duplex: bool, bibliography: bool
) -> None:
    """Three chapters, each with a cross-reference to the next (the last to the first); with a
    bibliography, whose entries link back to notes of every part; printed on both sides, where a
    chapter after an odd page count follows a blank page. Laid out in parts and joined, from
    nothing and then from the store, the PDF is the single layout's, fact for fact."""
    case = make_case(tmp_path, section_break=True, notes=60, duplex=duplex, bibliography=bibliography)
    plain = case.render(workers=1).pdf
    chapters = sorted((tmp_path / "content" / "sections").glob("*.md"))
    headings = [section.blocks[0] for section in case.publication.body.sections[: len(chapters)]]
    ids = [heading.id for heading in headings if isinstance(heading, Heading)]
    for path, target in zip(chapters, [*ids[1:], ids[0]], strict=True):
        text = path.read_text(encoding="utf-8")
        path.write_text(
            text.replace("\n\n", f"\n\nAs [another chapter](#{target}) says.\n\n", 1), encoding="utf-8"
        )
    publication = load_publication(tmp_path / "content").publication
    job = dataclasses.replace(
        case.job,
        url_fetcher=ProjectFetcher(roots=(case.job.stylesheet.parent,)),
        link_targets=link_targets(publication),
    )
    crossed = Case(publication, case.html_of(publication.body), job)
    store = PartStore.beside(tmp_path / "out", fonts=Project().fonts.path)
    said: list[str] = []
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(split, "MIN_NOTES", 0)
        single = crossed.render(workers=1)
        editions = []
        for _ in range(2):
            laid_out = lay_out_print_edition(
                publication, html_of=crossed.html_of, job=job, say=said.append, store=store
            )
            edition = add_front(laid_out, crossed.front_html, job)
            editions.append((edition.write(), edition.pages))
            store.save()
    parts = len(chapters) + bibliography
    assert said == [
        f"layout in {parts} parts: none reused (none in {store.folder} matches), all laid out",
        f"layout in {parts} parts: all reused from {store.folder}, none laid out",
    ]
    added = Counter(dest for _, _, dest, _ in pdf_facts(single.pdf)["links"])  # type: ignore[attr-defined]
    added.subtract(dest for _, _, dest, _ in pdf_facts(plain)["links"])  # type: ignore[attr-defined]
    assert +added == Counter(ids[: len(chapters)])  # one link to each chapter, from another
    for pdf, pages in editions:
        assert pages == single.pages
        expected, actual = pdf_facts(single.pdf), pdf_facts(pdf)
        for fact in expected:
            assert actual[fact] == expected[fact], fact


def test_a_style_in_a_later_parts_html_keeps_the_book_in_one_layout(tmp_path: Path) -> None:
    """What forbids a cut is looked for in every part's print HTML (the whole book's is not
    rendered on this route): a running element in the last part's alone is found."""
    case = make_case(tmp_path, section_break=True, notes=60)
    last = case.publication.body.sections[-1].id

    def html_of(part: object) -> str:
        html = case.html_of(part)  # type: ignore[arg-type]
        if f'id="{last}"' in html:
            html = html.replace("<section", '<section style="position: running(header)"', 1)
        return html

    store = PartStore.beside(tmp_path / "out", fonts=Project().fonts.path)
    job = dataclasses.replace(case.job, url_fetcher=ProjectFetcher(roots=(case.job.stylesheet.parent,)))
    kept = reuse.lay_out_reusing_parts(
        case.publication.body, html_of=case.html_of, job=job, store=store, say=print
    )
    assert not isinstance(kept, split.OneProcess)  # the book as it is may be cut
    refused = reuse.lay_out_reusing_parts(
        case.publication.body, html_of=html_of, job=job, store=store, say=print
    )
    assert refused == split.OneProcess("running elements in the styles need the whole book in one layout")
