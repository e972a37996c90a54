"""folio.verify.tags: each rule passes on the sample and fails on a copy damaged to break it."""

from __future__ import annotations

import pickle
from collections.abc import Callable
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

import pikepdf
import pytest

from folio.load import load_publication
from folio.verify.expectation import Expectation, expect_from_content
from folio.verify.pdf_tags import Element, read_tag_facts, walk_file
from tests.conftest import TABLES_EXAMPLE, Built
from tests.verify.damage import found, pike_damaged, verify

Damage = Callable[[pikepdf.Pdf], None]


def elements(pdf: pikepdf.Pdf) -> list[Any]:
    found: list[Any] = []
    pending: list[Any] = [pdf.Root.StructTreeRoot]
    while pending:
        node = pending.pop()
        held: Any = node.get("/K")
        kids = list(held) if isinstance(held, pikepdf.Array) else [held] if held is not None else []
        for kid in kids:
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                found.append(kid)
                pending.append(kid)
    return found


def note(pdf: pikepdf.Pdf, number: int) -> Any:
    [element] = [e for e in elements(pdf) if e.S == "/Note" and str(e.ID) == f"fn-{number}"]
    return element


def call_link(pdf: pikepdf.Pdf, number: int) -> Any:
    parent = note(pdf, number).P
    kids = list(parent.K)
    index = [kid.objgen for kid in kids].index(note(pdf, number).objgen)
    return kids[index - 1]


def move_note_to_the_end(pdf: pikepdf.Pdf) -> None:
    element = note(pdf, 512)
    kids = element.P.K
    index = [kid.objgen for kid in kids].index(element.objgen)
    del kids[index]
    kids.append(element)


def is_address(kid: Any) -> bool:
    return isinstance(kid, pikepdf.Dictionary) and "/Obj" in kid and "/A" in kid.Obj


def link_out_of_note(pdf: pikepdf.Pdf, number: int) -> Any:
    """The Link element in note `number` of the link to its source's address."""
    within = {e.objgen for e in elements(pdf) if e.get("/P") is not None and below(e, note(pdf, number))}
    [link] = [
        e for e in elements(pdf) if e.objgen in within and e.S == "/Link" and any(is_address(k) for k in e.K)
    ]
    return link


def below(element: Any, ancestor: Any) -> bool:
    node = element
    while node is not None and "/S" in node:
        if node.objgen == ancestor.objgen:
            return True
        node = node.get("/P")
    return False


def untag_a_link(pdf: pikepdf.Pdf) -> None:
    """The link out of note 516 (to its source's address) loses its annotation."""
    link = link_out_of_note(pdf, 516)
    link.K = pikepdf.Array([kid for kid in link.K if not isinstance(kid, pikepdf.Dictionary)])


def link_held_by_a_span(pdf: pikepdf.Pdf) -> None:
    """The link out of note 516 is held by a Span: a reader would not say it is a link."""
    link_out_of_note(pdf, 516).S = pikepdf.Name.Span


def orphan_marked_content(pdf: pikepdf.Pdf) -> None:
    first_page = pdf.pages[0].obj
    element = next(e for e in elements(pdf) if e.S == "/Span" and list(e.K) == [0] and e.Pg == first_page)
    element.K = pikepdf.Array()
    element.K.append(pikepdf.Dictionary(Type=pikepdf.Name.Foo))  # keeps it non-empty


def misfile_marked_content(pdf: pikepdf.Pdf) -> None:
    numbers = pdf.Root.StructTreeRoot.ParentTree.Nums
    filed = numbers[1]  # page 1's: the element of each MCID
    filed[0], filed[1] = filed[1], filed[0]


def unmark_the_background(pdf: pikepdf.Pdf) -> None:
    """Page 41 (the body's first, the fourth) paints its background as an artifact: without the
    marks, it is untagged painting."""
    page = pdf.pages[3]
    instructions = list(pikepdf.parse_content_stream(page))
    start = next(i for i, ins in enumerate(instructions) if str(ins.operator) == "BMC")
    end = next(i for i in range(start, len(instructions)) if str(instructions[i].operator) == "EMC")
    del instructions[end]
    del instructions[start]
    page.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(instructions))


def make_a_loop(pdf: pikepdf.Pdf) -> None:
    label = next(e for e in elements(pdf) if e.S == "/Lbl")
    label.K.append(label.P)


def set_contents(number: int, contents: str | None) -> Damage:
    def damage(pdf: pikepdf.Pdf) -> None:
        link = call_link(pdf, number)
        [held] = [kid.Obj for kid in link.K if isinstance(kid, pikepdf.Dictionary)]
        if contents is None:
            del held.Contents
        else:
            held.Contents = pikepdf.String(contents)

    return damage


def rename(number: int, role: str) -> Damage:
    def damage(pdf: pikepdf.Pdf) -> None:
        note(pdf, number).S = pikepdf.Name(role)

    return damage


def relabel(pdf: pikepdf.Pdf) -> None:
    label = note(pdf, 509).K[0]
    label.S = pikepdf.Name.Span


def drop_id(pdf: pikepdf.Pdf) -> None:
    del note(pdf, 523).ID


def catalog(edit: Callable[[Any], None]) -> Damage:
    return lambda pdf: edit(pdf.Root)


def xmp(edit: Callable[[Any], None]) -> Damage:
    def damage(pdf: pikepdf.Pdf) -> None:
        with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as metadata:
            edit(metadata)

    return damage


def tag_the_leaders(pdf: pikepdf.Pdf) -> None:
    """The contents page's dot leaders (page iii, the PDF's third) tagged again: each leader's
    `/Layout` artifact a `Span` of its own, held by the contents' section and filed in the parent
    tree, as WeasyPrint tags a leader (there, a Span a dot)."""
    page = pdf.pages[2]
    filed = pdf.Root.StructTreeRoot.ParentTree.Nums[5]  # page 3's: the element of each MCID
    [heading] = [e for e in elements(pdf) if e.S == "/H1" and e.Pg.objgen == page.obj.objgen]
    instructions = list(pikepdf.parse_content_stream(page))
    for at, instruction in enumerate(instructions):
        properties = instruction.operands[1] if len(instruction.operands) > 1 else None
        if str(instruction.operator) != "BDC" or properties is None or properties.get("/Type") != "/Layout":
            continue
        span = pdf.make_indirect(
            pikepdf.Dictionary(Type=pikepdf.Name.StructElem, S=pikepdf.Name.Span, P=heading.P, Pg=page.obj)
        )
        span.K = len(filed)
        instructions[at] = pikepdf.ContentStreamInstruction(
            [pikepdf.Name.Span, pikepdf.Dictionary(MCID=len(filed))], pikepdf.Operator("BDC")
        )
        filed.append(span)
        heading.P.K.append(span)
    page.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(instructions))


@dataclass(frozen=True)
class Case:
    damage: Damage
    problems: list[tuple[str, str | None, int | None]]  # check, page, note
    message: str  # a part of the first one's


def no_tree(root: Any) -> None:
    del root["/StructTreeRoot"]


def no_viewer_preferences(root: Any) -> None:
    del root["/ViewerPreferences"]


def unmarked(root: Any) -> None:
    root.MarkInfo.Marked = False


CASES = {
    "a note tagged Span": Case(rename(510, "/Span"), [("tags-notes", "41", 510)], "is not a Note element"),
    "a note without its id": Case(drop_id, [("tags-notes", "42", 523)], "is not a Note element"),
    "a note's number not a Lbl": Case(relabel, [("tags-notes", "41", 509)], "does not start with its number"),
    "a note read after its paragraph": Case(
        move_note_to_the_end, [("tags-notes", "41", 512)], "right after its call"
    ),
    "a call without a description": Case(
        set_contents(505, None), [("tags-links", "41", 505)], "no description"
    ),
    "a call described by its target": Case(
        set_contents(507, "fn-507"), [("tags-links", "41", 507)], "no description"
    ),
    "a link no element holds": Case(untag_a_link, [("tags-links", "41", None)], "not held by a Link element"),
    "a link a Span holds": Case(
        link_held_by_a_span, [("tags-links", "41", None)], "not held by a Link element"
    ),
    # the title page, page i: the damage is on the PDF's first page
    "marked content nothing holds": Case(orphan_marked_content, [("tags-tree", "i", None)], "no element"),
    "marked content misfiled": Case(misfile_marked_content, [("tags-tree", "i", None)], "parent tree files"),
    "painting outside marked content": Case(
        unmark_the_background, [("tags-tree", "41", None)], "painting outside"
    ),
    "the contents' leaders tagged": Case(tag_the_leaders, [("tags-contents", "iii", None)], "dot leader(s)"),
    "a loop in the tree": Case(make_a_loop, [("tags-tree", None, None)], "loops back"),
    "no structure tree": Case(catalog(no_tree), [("tags-tree", None, None)], "not tagged"),
    "not marked": Case(catalog(unmarked), [("tags-tree", None, None)], "MarkInfo"),
    "the file name shown": Case(
        catalog(no_viewer_preferences), [("tags-document", None, None)], "DisplayDocTitle"
    ),
    "no PDF/UA part": Case(xmp(lambda m: m.pop("pdfuaid:part")), [("tags-document", None, None)], "pdfuaid"),
    "another XMP title": Case(
        xmp(lambda m: m.__setitem__("dc:title", "Other")), [("tags-document", None, None)], "XMP title"
    ),
}


def test_the_sample_passes_every_tags_check(built: Built, expected: Expectation) -> None:
    report = verify(expected, pdf=built.result.pdf)
    statuses = {r.check: r.status for r in report.results if r.check.startswith("tags-")}
    checks = (
        "tags-tree",
        "tags-notes",
        "tags-links",
        "tags-contents",
        "tags-document",
        "tags-figures",
        "tags-tables",
    )
    assert statuses == dict.fromkeys(checks, "passed")


def junk_among_the_annotations(pdf: pikepdf.Pdf) -> None:
    """A null and a number among the first linked page's /Annots (a PDF from elsewhere may have
    them; they are no annotations)."""
    annotations = next(page.obj.Annots for page in pdf.pages if "/Annots" in page.obj)
    annotations.append(pikepdf.Object.parse(b"null"))
    annotations.append(7)


def test_what_is_no_annotation_is_no_link(built: Built, tmp_path: Path, expected: Expectation) -> None:
    damaged = pike_damaged(built, tmp_path, junk_among_the_annotations)
    assert read_tag_facts(damaged).links == read_tag_facts(built.result.pdf).links
    assert found(verify(expected, pdf=damaged)) == []


@pytest.mark.parametrize("name", list(CASES))
def test_each_damage_is_caught_by_its_check(
    built: Built, tmp_path: Path, expected: Expectation, name: str
) -> None:
    case = CASES[name]
    report = verify(expected, pdf=pike_damaged(built, tmp_path, case.damage))
    tag_problems = [p for p in report.problems if p.check.startswith("tags-")]
    assert [(p.check, p.page, p.note) for p in tag_problems] == case.problems
    assert case.message in tag_problems[0].message
    assert found(report) == case.problems  # no other check is troubled by it


# --- The figures' tags: examples/tables-figures, its SVG time line on page 3 ------------------
@pytest.fixture(scope="module")
def example() -> Expectation:
    return expect_from_content(load_publication(TABLES_EXAMPLE).publication)


def figure(pdf: pikepdf.Pdf) -> Any:
    [element] = [e for e in elements(pdf) if e.S == "/Figure"]
    return element


def without_alt(pdf: pikepdf.Pdf) -> None:
    del figure(pdf).Alt


def another_alt(pdf: pikepdf.Pdf) -> None:
    figure(pdf).Alt = pikepdf.String("A bar chart of the reports by month.")


def retagged_span(pdf: pikepdf.Pdf) -> None:
    figure(pdf).S = pikepdf.Name.Span


def box_in_css_pixels(pdf: pikepdf.Pdf) -> None:
    """The /BBox as WeasyPrint 70 writes it: CSS pixels from the page's top left."""
    x1, y1, x2, y2 = (float(value) for value in figure(pdf).A.BBox)
    top = float(figure(pdf).Pg.MediaBox[3])
    figure(pdf).A.BBox = pikepdf.Array([x1 / 0.75, (top - y2) / 0.75, x2 / 0.75, (top - y1) / 0.75])


def a_paragraph_retagged_figure(pdf: pikepdf.Pdf) -> None:
    """The paragraph after the figure (page 3) made a Figure, with no /Alt."""
    parent = figure(pdf).P.P
    kids = [kid for kid in parent.K if isinstance(kid, pikepdf.Dictionary)]
    after = [kid.objgen for kid in kids].index(figure(pdf).P.objgen) + 1
    kids[after].S = pikepdf.Name.Figure


PAGE_3: list[tuple[str, str | None, int | None]] = [("tags-figures", "3", None)]
FIGURE_CASES = {
    "a figure without its /Alt": Case(without_alt, PAGE_3, "no alternate text (/Alt)"),
    "a figure with another /Alt": Case(
        another_alt, PAGE_3, "is 'A bar chart of the reports by month.…', not its fig-alt"
    ),
    "a figure tagged Span": Case(
        retagged_span, PAGE_3, "is not a Figure element of the structure tree (held by Span)"
    ),
    "a figure's box in CSS pixels": Case(box_in_css_pixels, PAGE_3, "/BBox is not where"),
    "a Figure without /Alt that is no figure": Case(
        a_paragraph_retagged_figure, PAGE_3, "a Figure element has no alternate text"
    ),
}


def test_the_tables_example_passes_every_tags_check(
    built_tables_example: Built, example: Expectation
) -> None:
    report = verify(example, pdf=built_tables_example.result.pdf)
    statuses = {r.check: r.status for r in report.results if r.check.startswith("tags-")}
    assert set(statuses.values()) == {"passed"}
    assert dict(next(r for r in report.results if r.check == "tags-figures").figures) == {"figures": 1}


@pytest.mark.parametrize("name", list(FIGURE_CASES))
def test_each_damage_to_a_figure_is_caught(
    built_tables_example: Built, tmp_path: Path, example: Expectation, name: str
) -> None:
    case = FIGURE_CASES[name]
    report = verify(example, pdf=pike_damaged(built_tables_example, tmp_path, case.damage))
    assert found(report) == case.problems
    assert case.message in report.problems[0].message


# --- The tables' tags: examples/tables-figures, Table 1 on pages 1-2 of the body, Table 2 on 2-3
def header_cell(pdf: pikepdf.Pdf, name: str) -> Any:
    [element] = [e for e in elements(pdf) if e.S == "/TH" and str(e.get("/ID", "")) == name]
    return element


def without_scope(pdf: pikepdf.Pdf) -> None:
    del header_cell(pdf, "tbl-reports-h2").A.Scope


def another_scope(pdf: pikepdf.Pdf) -> None:
    header_cell(pdf, "tbl-reports-h2").A.Scope = pikepdf.Name("/Col")


def header_retagged_data(pdf: pikepdf.Pdf) -> None:
    header_cell(pdf, "tbl-reports-h1").S = pikepdf.Name.TD


def last_rows_a_table_of_their_own(pdf: pikepdf.Pdf) -> None:
    """Table 2's last row a second Table after the first (as WeasyPrint tags a table's part on a
    later page)."""
    table = header_cell(pdf, "tbl-places-h1").P.P.P
    body = next(kid for kid in table.K if kid.S == "/TBody")
    row = body.K[len(body.K) - 1]
    del body.K[len(body.K) - 1]
    part = pdf.make_indirect(
        pikepdf.Dictionary(Type=pikepdf.Name.StructElem, S=pikepdf.Name.Table, P=table.P, Pg=row.Pg)
    )
    part.K = pikepdf.Array([row])
    row.P = part
    kids = table.P.K
    kids.insert([kid.objgen for kid in kids].index(table.objgen) + 1, part)


def row_outside_its_table(pdf: pikepdf.Pdf) -> None:
    """Table 2's last row moved out of its TBody, into the section that holds the table."""
    table = header_cell(pdf, "tbl-places-h1").P.P.P
    body = next(kid for kid in table.K if kid.S == "/TBody")
    row = body.K[len(body.K) - 1]
    del body.K[len(body.K) - 1]
    kids = table.P.K
    kids.insert([kid.objgen for kid in kids].index(table.objgen) + 1, row)
    row.P = table.P


TABLE_CASES = {
    "a TH without its /Scope": Case(
        without_scope, [("tags-tables", "1", None)], "a TH element (#tbl-reports-h2) has no /Scope"
    ),
    "a TH with a scope PDF has not": Case(
        another_scope,
        [("tags-tables", "1", None)],
        "(#tbl-reports-h2) has /Scope /Col, not Column, Row or Both",
    ),
    "a header cell retagged TD": Case(
        header_retagged_data,
        [("tags-tables", "1", None)],
        "table tbl-reports's header row is tagged TD, TH, TH, not 3 header cells (TH)",
    ),
    "a table's rows a second Table": Case(
        last_rows_a_table_of_their_own,
        [("tags-tables", None, None)],
        "the structure tree has 3 Table element(s), the content 2 table(s)",
    ),
    "a row outside its table": Case(
        row_outside_its_table,
        [("tags-tables", "3", None)],
        "a TR element is inside a Sect, not a Table or THead",
    ),
}


def test_the_tables_tags_are_counted(built_tables_example: Built, example: Expectation) -> None:
    report = verify(example, pdf=built_tables_example.result.pdf)
    [result] = [r for r in report.results if r.check == "tags-tables"]
    assert result.status == "passed"
    assert dict(result.figures) == {"tables": 2, "header cells": 6}  # one Table a table, however long


@pytest.mark.parametrize("name", list(TABLE_CASES))
def test_each_damage_to_a_table_is_caught(
    built_tables_example: Built, tmp_path: Path, example: Expectation, name: str
) -> None:
    case = TABLE_CASES[name]
    report = verify(example, pdf=pike_damaged(built_tables_example, tmp_path, case.damage))
    assert found(report) == case.problems
    assert case.message in report.problems[0].message


def test_an_element_crosses_to_another_process_whole(built: Built) -> None:
    """Pickled as its values (`Element.__reduce__`): every field comes back, none shifted."""
    element = Element(
        3, "/TD", "cell-1", 7, ((7, 12),), ("a link",), "/P", "n-4", "alt text", (1.0, 2.0, 3.0, 4.0),
        "/Column", ("h-1", "h-2"),
    )  # fmt: skip
    assert len({getattr(element, f.name) for f in fields(Element)}) == len(fields(Element))
    assert pickle.loads(pickle.dumps(element)) == element
    walked = walk_file(built.result.pdf)
    assert len(walked.elements) > 100
    assert pickle.loads(pickle.dumps(walked, protocol=pickle.HIGHEST_PROTOCOL)) == walked
