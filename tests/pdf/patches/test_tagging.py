"""folio.pdf.patches.tagging: the tagged PDF, read back with pikepdf, on the sample and a 200-note report.

Each fact is read from the file with pikepdf's own objects (this test walks the structure
tree itself, not through the verifier): every note a `Note` with its id, after the link that
calls it, its number a `Lbl`; every link described; the running texts artifacts; the
catalog's and the XMP's accessibility entries. `pdfua` and `qpdf --check` give second opinions.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pdfua
import pikepdf
import pypdfium2
import pypdfium2.raw as pdfium
import pytest

from bench.structure import marked_texts
from bench.synthetic import generate_publication
from folio.lists import front_lists
from folio.load import load_publication
from folio.model import LEGAL_NOTICE, TITLE_PAGE, Publication, contents_entries, figures_of, tables_of
from folio.pipeline import build
from tests.conftest import CONTENT, TABLES_EXAMPLE, Built, require, write_content
from tests.load.test_front import png


@dataclass(frozen=True)
class Tagged:
    pdf: Path
    publication: Publication


# A note of two paragraphs in a list item: WeasyPrint wraps its first line in an anonymous block.
LIST_NOTES = """## A

- on the road;[^1]
- near the town.

Text with a link to [the list](#h-a).[^2]

[^1]: Two paragraphs in this note.

    The second paragraph of the note.

[^2]: A plain note.
"""


# A cover (decorative: `alt=""`) and a PNG figure with its description, in a body whose contents
# and list of figures have dot leaders.
PICTURES = """## Pictures {#h-pictures}

The square below is grey.[^1]

![A grey square](square.png){#fig-square fig-alt="A grey square, wider than it is tall."}

[^1]: A note.
"""


def write_pictures(content: Path) -> None:
    write_content(content, PICTURES, footer="A footer", cover="cover.png", lists=["figures"])
    (content / "cover.png").write_bytes(png(60, 40))
    (content / "square.png").write_bytes(png(40, 30))


@pytest.fixture(
    scope="module", params=["sample", "200 notes", "notes in a list", "tables and figures", "pictures"]
)
def tagged(request: pytest.FixtureRequest, built: Built, tmp_path_factory: pytest.TempPathFactory) -> Tagged:
    if request.param == "sample":
        return Tagged(built.result.pdf, load_publication(CONTENT).publication)
    if request.param == "tables and figures":
        example: Built = request.getfixturevalue("built_tables_example")
        return Tagged(example.result.pdf, load_publication(TABLES_EXAMPLE).publication)
    content = tmp_path_factory.mktemp("content")
    if request.param == "notes in a list":
        write_content(content, LIST_NOTES, footer="A footer")
    elif request.param == "pictures":
        write_pictures(content)
    else:
        generate_publication(content, notes=200, first_note=1, first_page=1)
    result = build(content, tmp_path_factory.mktemp("dist200"), say=lambda line: None)
    assert result.ok, result.problems
    return Tagged(result.pdf, load_publication(content).publication)


def kids(node: Any) -> list[Any]:
    found = node.get("/K")
    if found is None:
        return []
    return list(found) if isinstance(found, pikepdf.Array) else [found]


def elements(node: Any) -> list[Any]:
    return [kid for kid in kids(node) if isinstance(kid, pikepdf.Dictionary) and "/S" in kid]


def walk(node: Any) -> Iterator[tuple[Any, Any, int]]:
    """Every structure element below `node`: the element, its parent, its place among the parent's."""
    for index, kid in enumerate(elements(node)):
        yield kid, node, index
        yield from walk(kid)


def annotation(link: Any) -> Any:
    [held] = [kid.Obj for kid in kids(link) if isinstance(kid, pikepdf.Dictionary) and "/Obj" in kid]
    return held


def test_every_note_is_a_note_element_right_after_its_call_with_its_number_a_label(tagged: Tagged) -> None:
    with pikepdf.open(tagged.pdf) as pdf:
        notes = {}
        for element, parent, index in walk(pdf.Root.StructTreeRoot):
            if element.S != "/Note":
                continue
            notes[str(element.ID)] = element
            call = elements(parent)[index - 1]
            number = str(element.ID).removeprefix("fn-")
            assert call.S == "/Link"
            assert (str(annotation(call).Dest), str(annotation(call).Contents)) == (
                f"fn-{number}",
                f"Note {number}",
            )
            label = elements(element)[0]
            assert label.S == "/Lbl"
            [back] = elements(label)
            assert (str(annotation(back).Dest), str(annotation(back).Contents)) == (
                f"fnref-{number}",
                f"Back to the text of note {number}",
            )
        assert sorted(notes) == sorted(note.id for note in tagged.publication.notes)
        id_tree = pdf.Root.StructTreeRoot.IDTree.Names
        named = {str(id_tree[i]): id_tree[i + 1].objgen for i in range(0, len(id_tree), 2)}
        headers = {str(e.ID): e.objgen for e, _, _ in walk(pdf.Root.StructTreeRoot) if e.S == "/TH"}
        assert named == {name: element.objgen for name, element in notes.items()} | headers


def test_every_link_says_what_it_does_and_is_tagged(tagged: Tagged) -> None:
    with pikepdf.open(tagged.pdf) as pdf:
        held = {
            annotation(element).objgen
            for element, _, _ in walk(pdf.Root.StructTreeRoot)
            if element.S == "/Link"
        }
        links = [a for page in pdf.pages for a in page.obj.get("/Annots", ()) if a.Subtype == "/Link"]
        assert links
        for link in links:
            assert link.objgen in held
            contents = str(link.Contents)
            if "/A" in link:
                # "its text (address)", or the address alone when it is the text (the bibliography's)
                assert contents == str(link.A.URI) or contents.endswith(f"({link.A.URI})")
            elif str(link.Dest).startswith("fn-"):  # a call (a later one too), or the bibliography's
                number = str(link.Dest).removeprefix("fn-")  # "cited in note 521", "521" the link
                assert contents in {f"Note {number}", number}
            elif str(link.Dest).startswith("fnref-"):
                assert contents == f"Back to the text of note {str(link.Dest).removeprefix('fnref-')}"
            else:  # a cross-reference, described by its text
                assert contents.strip() and contents != str(link.Dest)


def test_no_element_is_empty(tagged: Tagged) -> None:
    with pikepdf.open(tagged.pdf) as pdf:
        empty = [str(e.S) for e, _, _ in walk(pdf.Root.StructTreeRoot) if not kids(e)]
        assert empty == []


def marked_contents(page: pikepdf.Page) -> list[tuple[str, Any]]:
    return [
        (str(instruction.operands[0]), instruction.operands[1] if len(instruction.operands) > 1 else None)
        for instruction in pikepdf.parse_content_stream(page, "BDC BMC")
    ]


def test_running_header_footer_and_folio_are_pagination_artifacts(tagged: Tagged) -> None:
    with pikepdf.open(tagged.pdf) as pdf:
        owned = {
            (element.Pg.objgen, kid)
            for element, _, _ in walk(pdf.Root.StructTreeRoot)
            for kid in kids(element)
            if isinstance(kid, int)
        }
        # The title page and the legal notice (one page each) print no running text.
        plain = sum(section.kind in {TITLE_PAGE, LEGAL_NOTICE} for section in tagged.publication.front)
        assert plain == 2
        for number, page in enumerate(pdf.pages):
            marks = marked_contents(page)
            pagination = [
                str(properties.get("/Subtype"))
                for tag, properties in marks
                if tag == "/Artifact"
                and properties is not None
                and properties.get("/Type") == "/Pagination"
                and "/Subtype" in properties  # a table's repeated header row has none
            ]
            # chapter, book title; footer line, folio
            assert pagination == ([] if number < plain else ["/Header", "/Header", "/Footer", "/Footer"])
            mcids = [int(p.MCID) for tag, p in marks if p is not None and "/MCID" in p]
            assert mcids
            assert all((page.obj.objgen, mcid) in owned for mcid in mcids)


def test_the_catalog_and_the_xmp_say_what_a_reader_needs(tagged: Tagged) -> None:
    with pikepdf.open(tagged.pdf) as pdf:
        assert str(pdf.Root.Lang) == tagged.publication.language
        flags: list[object] = [pdf.Root.ViewerPreferences.DisplayDocTitle, pdf.Root.MarkInfo.Marked]
        assert flags == [True, True]
        assert all(page.obj.Tabs == "/S" for page in pdf.pages)
        metadata = pdf.open_metadata()
        assert metadata["dc:title"] == tagged.publication.title
        assert metadata["pdfuaid:part"] == "1"
        assert pdf.pdf_version == "1.7"


def test_pdfua_finds_nothing(tagged: Tagged) -> None:
    """A second opinion: the `pdfua` package's machine checks of PDF/UA-1 (16 of its 106 rules)."""
    report = pdfua.validate(str(tagged.pdf))
    assert [(f.rule_id, f.message) for f in report.findings] == []
    # pdfua 0.1.3's heading rule fails on pikepdf 10 (it asks a pikepdf Array for an attribute,
    # which raises ValueError, not AttributeError) and is skipped; test_no_element_is_empty
    # holds what it checks (no empty heading), and every other rule runs.
    assert {outcome.rule_id for outcome in report.skipped} <= {"UA-14-001"}
    assert len(report.outcomes) - len(report.skipped) >= 11


def test_qpdf_finds_nothing(tagged: Tagged) -> None:
    qpdf = shutil.which("qpdf")
    require(qpdf is not None, "qpdf is not installed (Debian: qpdf, in system-packages.txt)")
    run = subprocess.run([str(qpdf), "--check", str(tagged.pdf)], capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "No syntax or stream encoding errors found" in run.stdout


def test_every_figure_is_a_figure_element_with_its_description_over_its_image(tagged: Tagged) -> None:
    """One `Figure` a figure of the content (a decorative cover is none), its `/Alt` the content's
    description, its `/BBox` the image's place in the page's user space, its caption after it."""
    with pikepdf.open(tagged.pdf) as pdf:
        found = [(e, parent, index) for e, parent, index in walk(pdf.Root.StructTreeRoot) if e.S == "/Figure"]
        assert [str(e.Alt) for e, _, _ in found] == [f.alt for f in figures_of(tagged.publication)]
        for element, parent, index in found:
            x1, y1, x2, y2 = (float(value) for value in element.A.BBox)
            [page] = [i for i, page in enumerate(pdf.pages) if page.obj.objgen == element.Pg.objgen]
            [mcid] = kids(element)
            left, bottom, right, top = drawn_bounds(tagged.pdf, page, int(mcid))
            assert (x1, y1, x2, y2) == pytest.approx((left, bottom, right, top), abs=1.5)
            assert elements(parent)[index + 1].S == "/Caption"


def drawn_bounds(path: Path, page_index: int, mcid: int) -> tuple[float, float, float, float]:
    """The bounds of what page `page_index` draws in marked content `mcid` (PDFium)."""
    document = pypdfium2.PdfDocument(path)
    try:
        page = document[page_index]
        boxes = [
            page_object.get_bounds()
            for page_object in page.get_objects(max_depth=1)
            if pdfium.FPDFPageObj_GetMarkedContentID(page_object.raw) == mcid
        ]
        assert boxes
        return (
            min(b[0] for b in boxes),
            min(b[1] for b in boxes),
            max(b[2] for b in boxes),
            max(b[3] for b in boxes),
        )
    finally:
        document.close()


def test_dot_leaders_are_layout_artifacts_and_no_tagged_text_is_dots(tagged: Tagged) -> None:
    """The contents' and lists' leaders are drawn as `/Layout` artifacts, one an entry: no
    element holds a dot a screen reader would read out."""
    texts = marked_texts(tagged.pdf)
    assert texts
    dots = [key for key, text in sorted(texts.items()) if text.strip() and not text.strip(". ")]
    # a sentence's full stop after a link is a tagged "." of its own; a leader is dots in a row
    in_a_row = [(page, mcid) for page, mcid in dots if (page, mcid + 1) in dots and (page, mcid + 2) in dots]
    assert in_a_row == []
    publication = tagged.publication
    listed = list(contents_entries(publication, depth=publication.contents_depth))
    entries = len(listed) + sum(len(front_list.entries) for front_list in front_lists(publication))
    assert entries > 0
    with pikepdf.open(tagged.pdf) as pdf:
        layout = sum(
            1
            for page in pdf.pages
            for tag, properties in marked_contents(page)
            if tag == "/Artifact" and properties is not None and properties.get("/Type") == "/Layout"
        )
    assert layout == entries


def test_every_table_is_one_table_its_header_cells_scoped_its_repeated_header_an_artifact(
    tagged: Tagged,
) -> None:
    """One `Table` a table of the content, however many pages it runs on: a `THead` of one row of
    `TH`, each with `/Scope /Column` and its HTML id as `/ID`, then one `TBody` of its rows, each
    cell's `/Headers` its column's `TH`; on each later page the header row is drawn again as a
    pagination artifact (three cells, three marked contents), not tagged."""
    wanted = tables_of(tagged.publication)
    with pikepdf.open(tagged.pdf) as pdf:
        tables = [e for e, _, _ in walk(pdf.Root.StructTreeRoot) if e.S == "/Table"]
        assert len(tables) == len(wanted)
        pages = {page.obj.objgen: number for number, page in enumerate(pdf.pages)}
        repeated = 0  # header cells drawn again on a later page
        for table, content in zip(tables, wanted, strict=True):
            groups = [e for e in elements(table) if e.S != "/Caption"]
            assert [str(g.S) for g in groups] == ["/THead", "/TBody"]
            [header] = elements(groups[0])
            cells = elements(header)
            assert [(str(c.S), str(c.ID), dict(c.A)) for c in cells] == [
                ("/TH", cell.id, {"/O": "/Table", "/Scope": "/Column"}) for cell in content.header
            ]
            rows = elements(groups[1])
            assert len(rows) == len(content.rows)
            for row in rows:
                names = [[str(name) for name in cell.A.Headers] for cell in elements(row)]
                assert names == [[cell.id] for cell in content.header]
            later = {pages[row.Pg.objgen] for row in rows} - {pages[header.Pg.objgen]}
            repeated += len(content.header) * len(later)
        drawn = sum(
            1
            for page in pdf.pages
            for tag, properties in marked_contents(page)
            if tag == "/Artifact" and properties is not None and dict(properties) == {"/Type": "/Pagination"}
        )
    assert drawn == repeated
