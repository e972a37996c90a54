"""The verifier: a clean build passes every check; each check catches its own damage.

The sample is built once per session (conftest `built`); each test damages a copy of its PDF
(pypdf: names, links, labels, content streams) or EPUB (zipfile + text edits) and asserts that
exactly the check meant for that damage fails, naming the page and the note.
"""

from __future__ import annotations

import json
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pypdf
import pytest
import weasyprint
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    FloatObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from build import main
from folio.epubchecker import epubcheck_command
from folio.errors import Problem
from folio.load import load_publication
from folio.pdf import write_pdf
from folio.pdftext import OPERATOR, FontCache, TextState
from folio.render import render_print_html
from folio.verify import (
    Expectation,
    PdfFacts,
    Report,
    check_page_labels,
    expect_from_content,
    read_pdf_facts,
    verify_outputs,
)
from tests.conftest import CONTENT, ROOT, Built

PDF_CHECKS = {
    "page-labels",
    "folios",
    "links",
    "note-calls",
    "note-placement",
    "back-links",
    "numbering",
    "completeness",
    "geometry",
    "document",
}


@pytest.fixture(scope="module")
def expected() -> Expectation:
    return expect_from_content(load_publication(CONTENT).publication)


def verify(expected: Expectation | None, *, pdf: Path | None = None, epub: Path | None = None) -> Report:
    return verify_outputs(pdf=pdf, epub=epub, content=expected, run_epubcheck=False)


def found(report: Report) -> list[tuple[str, str | None, int | None]]:
    return [(p.check, p.page, p.note) for p in report.problems]


# ---------------------------------------------------------------------------------------------
# Damaging a PDF


def damaged_pdf(built: Built, tmp_path: Path, damage: Callable[[pypdf.PdfWriter], None]) -> Path:
    """A copy of the sample PDF after `damage`, with the original's header version kept."""
    reader = pypdf.PdfReader(built.result.pdf)
    writer = pypdf.PdfWriter(clone_from=reader)
    writer.pdf_header = reader.pdf_header
    damage(writer)
    path = tmp_path / "damaged.pdf"
    with path.open("wb") as out:
        writer.write(out)
    assert path.read_bytes().startswith(reader.pdf_header.encode())
    return path


def dests(writer: pypdf.PdfWriter) -> ArrayObject:
    names = writer.root_object["/Names"]["/Dests"]["/Names"]  # type: ignore[index]
    assert isinstance(names, ArrayObject)
    return names


def rename_destination(writer: pypdf.PdfWriter, old: str, new: str | None) -> None:
    names = dests(writer)
    index = [str(n) for n in names[0::2]].index(old)
    if new is None:
        del names[2 * index : 2 * index + 2]
    else:
        names[2 * index] = TextStringObject(new)


def link_annots(writer: pypdf.PdfWriter) -> list[pypdf.generic.DictionaryObject]:
    return [
        ref.get_object()
        for page in writer.pages
        for ref in page.get("/Annots") or ()
        if ref.get_object().get("/Subtype") == "/Link"
    ]


def retarget(writer: pypdf.PdfWriter, old: str, new: str) -> None:
    [annot] = [a for a in link_annots(writer) if str(a.get("/Dest")) == old]
    annot[NameObject("/Dest")] = TextStringObject(new)


def text_operations(writer: pypdf.PdfWriter, page: int) -> list[tuple[re.Match[bytes], str]]:
    """Each text-showing or matrix operator of a page's stream, with the text it draws."""
    data = writer.pages[page].get_contents().get_data()  # type: ignore[union-attr]
    state = TextState(FontCache().page_fonts(writer.pages[page]))
    found: list[tuple[re.Match[bytes], str]] = []
    for match in OPERATOR.finditer(data):
        if match.lastgroup == "skip":
            continue
        before = len(state.runs)
        state.apply(match)
        found.append((match, state.runs[-1].text if len(state.runs) > before else ""))
    return found


def edit_stream(writer: pypdf.PdfWriter, page: int, edits: list[tuple[re.Match[bytes], bytes]]) -> None:
    data = writer.pages[page].get_contents().get_data()  # type: ignore[union-attr]
    for match, replacement in sorted(edits, key=lambda e: -e[0].start()):
        data = data[: match.start()] + replacement + data[match.end() :]
    stream = DecodedStreamObject()
    stream.set_data(data)
    writer.pages[page][NameObject("/Contents")] = writer._add_object(stream)


def note_text_operation(writer: pypdf.PdfWriter, page: int, starts: str) -> re.Match[bytes]:
    return next(match for match, text in text_operations(writer, page) if text.startswith(starts))


# ---------------------------------------------------------------------------------------------
# A clean build


def test_a_clean_build_passes_every_check_with_its_figures(built: Built, expected: Expectation) -> None:
    report = verify_outputs(pdf=built.result.pdf, epub=built.result.epub, content=expected)
    assert report.problems == ()
    statuses = {r.check: r.status for r in report.results}
    assert set(statuses.values()) == {"passed"}
    assert len(statuses) == 20
    figures = {r.check: dict(r.figures) for r in report.results}
    assert figures["page-labels"] == {"pages": 2}
    assert figures["note-calls"] == {"notes": 20, "calls": 20}
    assert figures["completeness"] == {"notes": 20, "paragraphs": 6}
    assert figures["links"] == {"internal": 40, "external": 1}
    assert figures["epub-footnotes"] == {"noterefs": 20, "asides": 20}


def test_every_build_writes_its_json_report(built: Built) -> None:
    data = json.loads((built.out / "syria-country-focus.check.json").read_text(encoding="utf-8"))
    assert data["summary"] == {"problems": 0, "passed": 20, "failed": 0, "skipped": 0}
    assert [c["check"] for c in data["checks"]][:3] == ["page-labels", "folios", "links"]
    assert data["checks"][-1]["check"] == "epubcheck"


def test_a_pdf_from_elsewhere_skips_what_needs_the_content(built: Built) -> None:
    report = verify(None, pdf=built.result.pdf)
    statuses = {r.check: r.status for r in report.results}
    assert statuses["completeness"] == "skipped"
    assert statuses["epub-footnotes"] == "skipped"
    assert {c for c, s in statuses.items() if s == "passed"} == PDF_CHECKS - {"completeness"}
    assert report.problems == ()


def test_the_facts_of_the_sample(built: Built) -> None:
    facts = read_pdf_facts(built.result.pdf)
    assert facts.folios == ("41", "42")
    assert sorted(facts.notes) == list(range(505, 525))
    assert {n: a.page for n, a in facts.notes.items() if a.page == 1} == {522: 1, 523: 1, 524: 1}
    assert facts.notes[516].printed_number == "516"
    assert facts.notes[524].text.startswith("Meduza, Russia removes military equipment")
    assert facts.fonts and all(embedded for _, embedded in facts.fonts)
    assert facts.outline == (("3.2. Russia", 0),)


# ---------------------------------------------------------------------------------------------
# Each PDF check, failing on its own damage


def test_no_page_labels(built: Built, tmp_path: Path, expected: Expectation) -> None:
    path = damaged_pdf(built, tmp_path, lambda w: w.root_object.pop("/PageLabels"))
    report = verify(expected, pdf=path)
    assert found(report) == [("page-labels", None, None)]
    assert str(report.problems[0]).endswith("the PDF has no page labels (/PageLabels)")


def test_shifted_page_labels(built: Built, tmp_path: Path, expected: Expectation) -> None:
    def shift(writer: pypdf.PdfWriter) -> None:
        writer.root_object["/PageLabels"]["/Nums"][1][NameObject("/St")] = NumberObject(42)  # type: ignore[index]

    report = verify(expected, pdf=damaged_pdf(built, tmp_path, shift))
    assert found(report) == [("page-labels", "42", None), ("page-labels", "43", None)]
    assert [p.message for p in report.problems] == [
        "page label 42 should be 41",
        "page label 43 should be 42",
    ]


def test_roman_front_matter_then_arabic() -> None:
    expected = Expectation(first_page=1, first_note=1, front_pages=2)
    good = PdfFacts("x.pdf", ("i", "ii", "1", "2"), ("i", "ii", "1", "2"))
    assert list(check_page_labels(good, expected)) == []
    bad = PdfFacts("x.pdf", ("1", "2", "3", "4"), ("1", "2", "3", "4"))
    assert [str(p) for p in check_page_labels(bad, expected)] == [
        "x.pdf: page 1: page label 1 should be i",
        "x.pdf: page 2: page label 2 should be ii",
        "x.pdf: page 3: page label 3 should be 1",
        "x.pdf: page 4: page label 4 should be 2",
    ]


def test_a_blank_folio(built: Built, tmp_path: Path, expected: Expectation) -> None:
    def blank(writer: pypdf.PdfWriter) -> None:
        [folio] = [m for m, text in text_operations(writer, 1) if text == "42"][-1:]
        edit_stream(writer, 1, [(folio, b"[] TJ")])

    report = verify(expected, pdf=damaged_pdf(built, tmp_path, blank))
    assert found(report) == [("folios", "42", None)]
    assert str(report.problems[0]).endswith("page 42: no folio printed in the footer (should be 42)")


def test_a_removed_note_destination(built: Built, tmp_path: Path, expected: Expectation) -> None:
    path = damaged_pdf(built, tmp_path, lambda w: rename_destination(w, "fn-510", None))
    report = verify(expected, pdf=path)
    assert found(report) == [("links", "41", 510)]
    assert report.problems[0].message == "link to 'fn-510', which is not a destination"


def test_an_external_link_without_its_address(built: Built, tmp_path: Path, expected: Expectation) -> None:
    def blank(writer: pypdf.PdfWriter) -> None:
        [annot] = [a for a in link_annots(writer) if "/A" in a]
        annot["/A"][NameObject("/URI")] = TextStringObject("")  # type: ignore[index]

    report = verify(expected, pdf=damaged_pdf(built, tmp_path, blank))
    assert [(p.check, p.page, p.message) for p in report.problems] == [
        ("links", "41", "an external link without a URI")
    ]


def test_a_call_pointing_at_another_page_s_note(built: Built, tmp_path: Path, expected: Expectation) -> None:
    path = damaged_pdf(built, tmp_path, lambda w: retarget(w, "fn-510", "fn-522"))
    report = verify(expected, pdf=path)
    assert found(report) == [("note-placement", "41", 510)]
    assert report.problems[0].message == "the call of note 510 links to 'fn-522'"


def test_a_call_that_is_not_a_link(built: Built, tmp_path: Path, expected: Expectation) -> None:
    def unlink(writer: pypdf.PdfWriter) -> None:
        annots = writer.pages[0]["/Annots"]
        assert isinstance(annots, ArrayObject)
        [index] = [i for i, a in enumerate(annots) if str(a.get_object().get("/Dest")) == "fn-510"]
        del annots[index]

    report = verify(expected, pdf=damaged_pdf(built, tmp_path, unlink))
    assert found(report) == [("note-calls", "41", 510)]
    assert report.problems[0].message == "the call of note 510 is not a link"


def test_a_back_link_to_another_call(built: Built, tmp_path: Path, expected: Expectation) -> None:
    path = damaged_pdf(built, tmp_path, lambda w: retarget(w, "fnref-510", "fnref-511"))
    report = verify(expected, pdf=path)
    assert found(report) == [("back-links", "41", 510)]
    assert (
        report.problems[0].message == "note 510's back-link leads to 'fnref-511', not to its call 'fnref-510'"
    )


def test_a_renumbered_note(built: Built, tmp_path: Path, expected: Expectation) -> None:
    def renumber(writer: pypdf.PdfWriter) -> None:
        rename_destination(writer, "fn-510", "fn-600")
        rename_destination(writer, "fnref-510", "fnref-600")
        retarget(writer, "fn-510", "fn-600")
        retarget(writer, "fnref-510", "fnref-600")

    report = verify(expected, pdf=damaged_pdf(built, tmp_path, renumber))
    assert [str(p) for p in report.problems] == [
        f"{report.problems[0].file}: note 510: note 510 is missing",
        f"{report.problems[0].file}: page 41: note 600 is not in the numbering (505-524)",
        f"{report.problems[0].file}: page 41: note 600 prints as 510",
        f"{report.problems[0].file}: page 41: note 511 is called after note 600",
    ]
    assert {p.check for p in report.problems} == {"numbering"}


def test_part_of_a_note_s_text_deleted(built: Built, tmp_path: Path, expected: Expectation) -> None:
    def cut(writer: pypdf.PdfWriter) -> None:
        line = note_text_operation(writer, 0, "‘long-term and strategic ties’ with post-Assad Syr")
        edit_stream(writer, 0, [(line, b"[] TJ")])

    report = verify(expected, pdf=damaged_pdf(built, tmp_path, cut))
    assert found(report) == [("completeness", "41", 514)]
    assert report.problems[0].message.startswith("note 514 is incomplete: '‘long-term and strategic ties’")


def test_a_body_line_deleted(built: Built, tmp_path: Path, expected: Expectation) -> None:
    def cut(writer: pypdf.PdfWriter) -> None:
        edit_stream(writer, 1, [(note_text_operation(writer, 1, "have begun to transport"), b"[] TJ")])

    report = verify(expected, pdf=damaged_pdf(built, tmp_path, cut))
    assert found(report) == [("completeness", "42", None)]
    assert (
        report.problems[0].message
        == "paragraph 'However, around mid-December 2024, there were media reports …' is not printed whole"
    )


def test_a_note_line_moved_past_the_foot_of_the_page(
    built: Built, tmp_path: Path, expected: Expectation
) -> None:
    def lower(writer: pypdf.PdfWriter) -> None:
        operations = text_operations(writer, 0)
        line = next(i for i, (_, text) in enumerate(operations) if text.startswith("AP, Russian government"))
        matrix = next(m for m, _ in reversed(operations[:line]) if m.lastgroup == "matrix")
        a, b, c, d, e, f, op = matrix.group(0).split()
        moved = b" ".join((a, b, c, d, e, str(float(f) + 20).encode(), op))
        edit_stream(writer, 0, [(matrix, moved)])

    report = verify(expected, pdf=damaged_pdf(built, tmp_path, lower))
    assert found(report) == [("geometry", "41", 521)]
    assert report.problems[0].message.startswith(
        "note 521 runs past the foot of the page ('AP, Russian government"
    )


def test_a_note_reaching_up_into_the_body(built: Built, tmp_path: Path, expected: Expectation) -> None:
    def raise_note(writer: pypdf.PdfWriter) -> None:
        names = dests(writer)
        index = [str(n) for n in names[0::2]].index("fn-505")
        names[2 * index + 1][3] = FloatObject(600)

    report = verify(expected, pdf=damaged_pdf(built, tmp_path, raise_note))
    assert found(report) == [("geometry", "41", 505)]
    assert report.problems[0].message == "note 505 reaches up into the body text"


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda w: w.root_object.pop("/Lang"), "the PDF has no language (/Lang)"),
        (lambda w: w.root_object.pop("/Outlines"), "the PDF has no bookmarks"),
        (lambda w: w.add_metadata({"/Title": ""}), "the PDF has no title"),
    ],
)
def test_document_metadata(
    built: Built,
    tmp_path: Path,
    expected: Expectation,
    damage: Callable[[pypdf.PdfWriter], None],
    message: str,
) -> None:
    report = verify(expected, pdf=damaged_pdf(built, tmp_path, damage))
    assert [(p.check, p.message) for p in report.problems] == [("document", message)]


def test_a_font_not_embedded(built: Built, tmp_path: Path, expected: Expectation) -> None:
    def unembed(writer: pypdf.PdfWriter) -> None:
        font = next(iter(writer.pages[0]["/Resources"]["/Font"].values())).get_object()  # type: ignore[index]
        font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object().pop("/FontFile2")

    report = verify(expected, pdf=damaged_pdf(built, tmp_path, unembed))
    assert [p.check for p in report.problems] == ["document"]
    assert re.fullmatch(r"font [A-Z]{6}\+Carlito(-Bold)? is not embedded", report.problems[0].message)


def test_an_over_long_note_loses_text_silently_and_is_caught(tmp_path: Path) -> None:
    """WeasyPrint never splits a note. Here the call's line moves to page 2 (footnote-policy:
    line), the note still does not fit and goes on to page 3, where it runs past the foot and
    the rest is dropped. The pipeline refuses such a layout (folio.pdf); rendered here without
    that guard, the verifier names the lost words, the overflow and the misplaced note."""
    words = " ".join(f"word{i}" for i in range(2500))
    (tmp_path / "publication.yaml").write_text(
        'title: "Long"\npublisher: "P"\ndate: "2025-03"\nlanguage: "en"\nidentifier: "urn:x"\n'
        'first_note: 1\nfirst_page: 1\nsections: ["s.md"]\n',
        encoding="utf-8",
    )
    (tmp_path / "s.md").write_text(
        f"## A\n\nA paragraph.[^1] And another.[^2]\n\n[^1]: Short note.\n[^2]: {words}\n", encoding="utf-8"
    )
    publication = load_publication(tmp_path).publication
    html = render_print_html(publication, templates_dir=ROOT / "templates", created=publication.modified)
    css = weasyprint.CSS(filename=str(ROOT / "styles" / "print.css"))
    document = weasyprint.HTML(string=html, base_url=str(ROOT)).render(stylesheets=[css])
    path = tmp_path / "long.pdf"
    path.write_bytes(write_pdf(document, first_page=1, identifier="urn:x"))
    report = verify(expect_from_content(publication), pdf=path)
    by_check = {p.check: p for p in report.problems}
    assert sorted(by_check) == ["completeness", "geometry", "note-placement"]
    lost = by_check["completeness"]
    assert (lost.page, lost.note) == ("3", 2)
    assert re.fullmatch(r"note 2 is incomplete: 'word\d+ word\d+ .*' is not printed", lost.message)
    assert (by_check["geometry"].page, by_check["geometry"].note) == ("3", 2)
    placement = by_check["note-placement"]
    assert (placement.page, placement.message) == ("2", "note 2 is on page 3, its call on page 2")


# ---------------------------------------------------------------------------------------------
# Damaging an EPUB


def damaged_epub(
    built: Built, tmp_path: Path, edits: dict[str, Callable[[str], str]], *, order: bool = True
) -> Path:
    """A copy of the sample EPUB with text edits to some of its files."""
    source = zipfile.ZipFile(built.result.epub)
    path = tmp_path / "damaged.epub"
    with zipfile.ZipFile(path, "w") as target:
        infos = source.infolist() if order else source.infolist()[::-1]
        for info in infos:
            data = source.read(info.filename)
            if info.filename in edits:
                data = edits[info.filename](data.decode("utf-8")).encode("utf-8")
            target.writestr(info, data)
    return path


SECTION = "EPUB/s-3-2-russia.xhtml"
NAV = "EPUB/nav.xhtml"


def replace_once(old: str, new: str) -> Callable[[str], str]:
    def edit(text: str) -> str:
        assert text.count(old) >= 1, old
        return text.replace(old, new, 1)

    return edit


def test_a_removed_footnote_target(built: Built, tmp_path: Path, expected: Expectation) -> None:
    def remove(text: str) -> str:
        return re.sub(r'<aside [^>]*id="fn-510".*?</aside>', "", text, count=1, flags=re.DOTALL)

    report = verify(expected, epub=damaged_epub(built, tmp_path, {SECTION: remove}))
    assert [p.check for p in report.problems] == ["epub-footnotes"]
    assert (report.problems[0].note, report.problems[0].message) == (
        510,
        "EPUB/s-3-2-russia.xhtml: noteref 510 leads to 'EPUB/s-3-2-russia.xhtml#fn-510', which is no aside",
    )


def test_a_footnote_that_does_not_link_back(built: Built, tmp_path: Path, expected: Expectation) -> None:
    edit = replace_once('class="backlink" href="#fnref-512"', 'class="backlink" href="#fnref-513"')
    report = verify(expected, epub=damaged_epub(built, tmp_path, {SECTION: edit}))
    assert found(report) == [("epub-footnotes", None, 512)]


def test_a_renumbered_noteref(built: Built, tmp_path: Path, expected: Expectation) -> None:
    edit = replace_once('id="fnref-510">510</a>', 'id="fnref-510">600</a>')
    report = verify(expected, epub=damaged_epub(built, tmp_path, {SECTION: edit}))
    assert found(report) == [("epub-numbering", None, 510)]
    assert "noteref 'fnref-510' prints 600" in report.problems[0].message


def test_a_remote_image(built: Built, tmp_path: Path, expected: Expectation) -> None:
    edit = replace_once("</section>", '<p><img src="https://example.org/map.png" alt="map"/></p></section>')
    report = verify(expected, epub=damaged_epub(built, tmp_path, {SECTION: edit}))
    assert [(p.check, p.message) for p in report.problems] == [
        (
            "epub-remote",
            "EPUB/s-3-2-russia.xhtml: remote resource https://example.org/map.png"
            " (a reader offline would not see it)",
        )
    ]


def test_a_page_list_entry_to_nowhere(built: Built, tmp_path: Path, expected: Expectation) -> None:
    edit = replace_once("#page-42", "#page-99")
    report = verify(expected, epub=damaged_epub(built, tmp_path, {NAV: edit}))
    assert found(report) == [("epub-page-list", "42", None)]


def test_mimetype_not_first(built: Built, tmp_path: Path, expected: Expectation) -> None:
    report = verify(expected, epub=damaged_epub(built, tmp_path, {}, order=False))
    assert [p.check for p in report.problems] == ["epub-mimetype"]


def test_missing_metadata(built: Built, tmp_path: Path, expected: Expectation) -> None:
    edit = lambda text: re.sub(r"<dc:publisher>[^<]*</dc:publisher>", "", text)  # noqa: E731
    report = verify(expected, epub=damaged_epub(built, tmp_path, {"EPUB/content.opf": edit}))
    assert [(p.check, p.message) for p in report.problems] == [
        ("epub-metadata", "the package has no dc:publisher")
    ]


def test_epubcheck_reports_an_invalid_document(built: Built, tmp_path: Path) -> None:
    if epubcheck_command() is None:
        pytest.skip("Java is not installed, so EPUBCheck cannot run (Debian: default-jdk-headless)")
    edit = replace_once("</section>", '<p id="fn-510">the same id twice</p></section>')
    path = damaged_epub(built, tmp_path, {SECTION: edit})
    report = verify_outputs(pdf=None, epub=path, content=None)
    assert [p.check for p in report.problems] == ["epubcheck"]
    assert "s-3-2-russia.xhtml" in report.problems[0].message


# ---------------------------------------------------------------------------------------------
# The two editions against each other


def test_a_note_whose_text_differs_between_editions(
    built: Built, tmp_path: Path, expected: Expectation
) -> None:
    edit = replace_once(
        "Russia removes military equipment from Syria", "Russia keeps military equipment in Syria"
    )
    report = verify(expected, pdf=built.result.pdf, epub=damaged_epub(built, tmp_path, {SECTION: edit}))
    assert found(report) == [("pdf-epub-notes", "41", 517)]
    assert report.problems[0].message.startswith("note 517 differs: 'keeps military equipment")


def test_sections_that_differ_between_editions(built: Built, tmp_path: Path, expected: Expectation) -> None:
    edit = replace_once(">3.2. Russia</a>", ">3.3. Russia</a>")
    report = verify(expected, pdf=built.result.pdf, epub=damaged_epub(built, tmp_path, {NAV: edit}))
    assert [p.check for p in report.problems] == ["pdf-epub-sections"]


def test_a_print_page_missing_from_the_page_list(built: Built, tmp_path: Path, expected: Expectation) -> None:
    edit = lambda text: re.sub(r'<li><a href="[^"]*#page-42">42</a></li>', "", text)  # noqa: E731
    report = verify(expected, pdf=built.result.pdf, epub=damaged_epub(built, tmp_path, {NAV: edit}))
    assert found(report) == [("pdf-epub-pages", "42", None)]


# ---------------------------------------------------------------------------------------------
# The command line


def test_check_passes_on_the_sample_build(
    built: Built, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = tmp_path / "report.json"
    code = main(["check", "--out", str(built.out), "--content", str(CONTENT), "--json", str(report)])
    out = capsys.readouterr().out.splitlines()
    assert code == 0
    assert out[-1] == "verified: 0 problem(s); checks: 20 passed, 0 failed, 0 skipped"
    assert report.is_file()


def test_check_fails_on_a_damaged_copy_with_one_line_per_problem(
    built: Built, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = damaged_pdf(built, tmp_path, lambda w: retarget(w, "fn-510", "fn-522"))
    code = main(["check", "--pdf", str(path), "--content", str(CONTENT)])
    out = capsys.readouterr().out.splitlines()
    assert code == 1
    assert out[0] == f"{path}: page 41: the call of note 510 links to 'fn-522'"
    assert out[-1] == "verification failed: 1 problem(s); checks: 9 passed, 1 failed, 10 skipped"


def test_check_names_a_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["check", "--pdf", str(tmp_path / "none.pdf")])
    assert (code, capsys.readouterr().err) == (1, f"{tmp_path / 'none.pdf'}: file not found\n")


def test_problem_lines_name_page_or_note() -> None:
    assert str(Problem("x.pdf", "gone", "links", page="41", note=510)) == "x.pdf: page 41: gone"
    assert str(Problem("x.epub", "gone", "epub-footnotes", note=510)) == "x.epub: note 510: gone"
