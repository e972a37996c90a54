"""PDF facts (their `TagFacts`) + the content's tables -> problems with the tables' tags, as
PDF/UA-1 asks (ISO 14289-1 7.5): tags-tables.

A table's elements nest as PDF 1.7 (14.8.4.3.4) has them: a `Table` holds a `Caption` and row
groups (`THead`, `TBody`, `TFoot`) or rows (`TR`), a row group holds rows, a row holds cells
(`TH`, `TD`), and none of these stands anywhere else. Every header cell (`TH`) says what it
heads: a `/Scope` of `/Column`, `/Row` or `/Both`, or the `/Headers` it is itself headed by.
Each table of the content is one `Table` element (in the reading order, the tables in the
content's order, however many pages it runs on), its header row one row of as many `TH` as
the content's header has cells, in the `THead`, once: a header row repeated on a later page
is an artifact, not a second header a screen reader reads again.
"""

from __future__ import annotations

from collections.abc import Iterator

from folio.errors import Problem
from folio.verify.expectation import Expectation, ExpectedTable
from folio.verify.pdf_facts import PdfFacts
from folio.verify.pdf_tags import Element, TagFacts
from folio.verify.registry import Family

CHECKS = Family()
GROUPS = ("/THead", "/TBody", "/TFoot")
CELLS = ("/TH", "/TD")
PARENTS = {  # each table element, and the elements it may stand in
    "/Caption": None,  # a figure's caption too: not checked here
    "/THead": ("/Table",),
    "/TBody": ("/Table",),
    "/TFoot": ("/Table",),
    "/TR": ("/Table", *GROUPS),
    "/TH": ("/TR",),
    "/TD": ("/TR",),
}
KIDS = {"/Table": ("/Caption", "/TR", *GROUPS), "/TR": CELLS, **dict.fromkeys(GROUPS, ("/TR",))}
SCOPES = ("/Column", "/Row", "/Both")


def table_elements(pdf: PdfFacts) -> dict[str, int]:
    tags = pdf.tags
    if tags is None:
        return {"tables": 0, "header cells": 0}
    return {"tables": tags.roles["/Table"], "header cells": tags.roles["/TH"]}


def parents(elements: tuple[Element, ...]) -> list[int | None]:
    """Each element's parent's index (None for the tree's top), from the walk's depths."""
    found: list[int | None] = []
    above: list[int] = []  # the open element at each depth
    for index, element in enumerate(elements):
        del above[element.depth :]
        found.append(above[-1] if above else None)
        above.append(index)
    return found


@CHECKS.check("tags-tables", needs=("pdf",), figures=table_elements)
def check_tables(pdf: PdfFacts, content: Expectation | None) -> Iterator[Problem]:
    """Table elements nested as PDF has them, every TH a scope, each table one Table with one
    header row of TH."""
    tags = pdf.tags
    if tags is None or not tags.tree:
        return  # tags-tree says the PDF is not tagged
    up = parents(tags.elements)
    for index, element in enumerate(tags.elements):
        problem = nesting_problem(tags, up, index) or scope_problem(element)
        if problem is not None:
            where = pdf.label(element.page) if element.page is not None else None
            yield Problem(pdf.path, problem, "tags-tables", page=where)
    if content is not None and content.tables is not None:
        yield from table_problems(pdf, tags, up, content.tables)


def nesting_problem(tags: TagFacts, up: list[int | None], index: int) -> str | None:
    element = tags.elements[index]
    parent = tags.elements[up[index]].role if up[index] is not None else None  # type: ignore[index]
    allowed = PARENTS.get(element.role)
    if allowed is not None and parent not in allowed:
        held = f"a {parent.lstrip('/')}" if parent else "the tree's top"
        roles = " or ".join(role.lstrip("/") for role in allowed)
        return f"a {element.role.lstrip('/')} element is inside {held}, not a {roles}"
    if parent in KIDS and element.role not in KIDS[parent]:
        kinds = ", ".join(kid.lstrip("/") for kid in KIDS[parent])
        return f"a {parent.lstrip('/')} element holds a {element.role.lstrip('/')}, not only {kinds}"
    return None


def scope_problem(element: Element) -> str | None:
    if element.role != "/TH":
        return None
    name = f"a TH element{f' (#{element.id})' if element.id else ''}"
    if element.scope is None and not element.headers:
        return f"{name} has no /Scope (Column or Row) and no /Headers: what it heads is unknown"
    if element.scope is not None and element.scope not in SCOPES:
        return f"{name} has /Scope {element.scope}, not Column, Row or Both"
    return None


def table_problems(
    pdf: PdfFacts, tags: TagFacts, up: list[int | None], tables: tuple[ExpectedTable, ...]
) -> Iterator[Problem]:
    """Each table of the content one `Table`, in order, whose header row is its header, once."""
    found = [index for index, element in enumerate(tags.elements) if element.role == "/Table"]
    if len(found) != len(tables):
        message = (
            f"the structure tree has {len(found)} Table element(s), the content {len(tables)} "
            "table(s): a table is one Table, however many pages it runs on"
        )
        yield Problem(pdf.path, message, "tags-tables")
        return
    for wanted, index in zip(tables, found, strict=True):
        problem = header_problem(tags, up, index, wanted)
        if problem is not None:
            page = tags.elements[index].page
            yield Problem(
                pdf.path, problem, "tags-tables", page=pdf.label(page) if page is not None else None
            )


def header_problem(tags: TagFacts, up: list[int | None], table: int, wanted: ExpectedTable) -> str | None:
    """What is wrong with one table's header row in its `THead`, or None."""
    below = list(descendants(tags, table))
    rows = [i for i in below if tags.elements[i].role == "/TR" and tags.elements[up[i] or 0].role == "/THead"]
    if len(rows) != 1:
        return f"table {wanted.id} has {len(rows)} header row(s) (TR in its THead), not 1"
    cells = [tags.elements[i].role.lstrip("/") for i in below if up[i] == rows[0]]
    if cells != ["TH"] * len(wanted.header):
        return (
            f"table {wanted.id}'s header row is tagged {', '.join(cells) or 'empty'}, "
            f"not {len(wanted.header)} header cells (TH)"
        )
    return None


def descendants(tags: TagFacts, index: int) -> Iterator[int]:
    """The elements below one: those after it in the walk, until one as shallow as it."""
    depth = tags.elements[index].depth
    for later in range(index + 1, len(tags.elements)):
        if tags.elements[later].depth <= depth:
            return
        yield later
