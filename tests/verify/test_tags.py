"""folio.verify.tags: each rule passes on the sample and fails on a copy damaged to break it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pikepdf
import pytest

from folio.verify.expectation import Expectation
from tests.conftest import Built
from tests.verify.damage import found, verify

Damage = Callable[[pikepdf.Pdf], None]


def damaged_tags(built: Built, tmp_path: Path, damage: Damage) -> Path:
    """A copy of the sample PDF after `damage` (pikepdf: the structure tree and content streams)."""
    path = tmp_path / "damaged.pdf"
    with pikepdf.open(built.result.pdf) as pdf:
        damage(pdf)
        pdf.save(path)
    return path


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
    assert statuses == dict.fromkeys(("tags-tree", "tags-notes", "tags-links", "tags-document"), "passed")


@pytest.mark.parametrize("name", list(CASES))
def test_each_damage_is_caught_by_its_check(
    built: Built, tmp_path: Path, expected: Expectation, name: str
) -> None:
    case = CASES[name]
    report = verify(expected, pdf=damaged_tags(built, tmp_path, case.damage))
    tag_problems = [p for p in report.problems if p.check.startswith("tags-")]
    assert [(p.check, p.page, p.note) for p in tag_problems] == case.problems
    assert case.message in tag_problems[0].message
    assert found(report) == case.problems  # no other check is troubled by it
