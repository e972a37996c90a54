"""Corrections to WeasyPrint 70's tagged PDF, continued from `folio.pdf.patches.tagging` (which
installs, removes and calls these): tables.

10. A `TH` is given no `/Scope` (PDF/UA-1 7.5 asks for one): WeasyPrint names it in the
    `/Headers` of the cells it heads, and a reader that does not follow `/Headers` cannot tell
    a column's header from a row's. Here each `TH` has `<< /O /Table /Scope /Column >>`
    (`/Row` for a `th scope="row"` or `"rowgroup"`; a `th` without a scope heads its column,
    as WeasyPrint's `/Headers` take it), and its `/ID` is its HTML id when it has one (unique
    in the book, where WeasyPrint's "object-row-column" repeats in each part of a parallel
    layout), named in the `/IDTree` as PDF requires of every `/ID`.
11. A table that runs on to another page repeats its header row there (and its footer row on
    every page but its last); WeasyPrint draws and tags each repeat as header cells of their
    own, which a screen reader reads once a page, as if a table began. Here a repeat is drawn
    as a pagination artifact (`/Artifact <</Type /Pagination>> BDC`), nothing of it in the
    tree and no link of it on the page, and the cells after it name in `/Headers` the header
    cells the table's first page tags.
12. Each page's part of a table is a `Table` of its own (WeasyPrint tags page by page). Here
    the parts after the first join the first: one `Table`, its body one `TBody` when the HTML
    has one `tbody`, the elements that held a later part left out when nothing else is in them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pydyf
from weasyprint import draw
from weasyprint.formatting_structure import boxes
from weasyprint.layout import block as block_layout
from weasyprint.pdf import tags

from folio.pdf.patches.tagging_layout import artifact, struct_elements

ORIGINAL_TABLE_LAYOUT = block_layout.table_layout
ORIGINAL_BLOCK_LEVEL = draw.draw_block_level

RELIED_ON: tuple[tuple[Callable[..., Any], str], ...] = (
    (block_layout.block_level_layout_switch, "result = table_layout("),
    (draw.draw_stacking_context, "draw_block_level(\n"),
    (tags._build_box_tree, "cell.mark['ID'] = key"),
    (tags._build_box_tree, "cell.mark['A']['Headers'] = pydyf.Array(headers)"),
    (tags._build_box_tree, "if box.is_table_wrapper:"),
)
REPEAT = "folio_repeat"  # the flag on the boxes of a repeated header or footer row group
GROUP_TAGS = ("thead", "tbody", "tfoot")
SCOPES = {"row": "/Row", "rowgroup": "/Row"}  # any other, or none: "/Column"


@dataclass
class TableTags:
    """One PDF's tables: each header cell's `TH`, and the stand-ins of the repeated ones."""

    headers: dict[Any, Any] = field(default_factory=dict)  # HTML th -> its first TH
    html_ids: dict[bytes, str] = field(default_factory=dict)  # TH reference -> the th's HTML id
    stand_ins: list[tuple[Any, Any]] = field(default_factory=list)  # (mark, HTML cell) of repeats
    parts: dict[Any, list[Any]] = field(default_factory=dict)  # HTML table -> its Table on each page
    groups: dict[bytes, Any] = field(default_factory=dict)  # THead, TBody, TFoot reference -> HTML


def install() -> None:
    block_layout.table_layout = table_layout
    draw.draw_block_level = draw_block_level


def remove() -> None:
    block_layout.table_layout = ORIGINAL_TABLE_LAYOUT
    draw.draw_block_level = ORIGINAL_BLOCK_LEVEL


def installed() -> bool:
    return block_layout.table_layout is table_layout and draw.draw_block_level is draw_block_level


def table_layout(*args: Any, **kwargs: Any) -> Any:
    """WeasyPrint's table layout; a header row group on a page after the table's first, and a
    footer one on a page before its last, flagged as repeats (the boxes are this page's own)."""
    result = ORIGINAL_TABLE_LAYOUT(*args, **kwargs)
    table, resume_at = result[0], result[1]
    skip_stack = args[3] if len(args) > 3 else kwargs["skip_stack"]
    if table is not None and table.children:
        first, last = table.children[0], table.children[-1]
        if skip_stack is not None and first.is_header:
            flag_repeat(first)
        if resume_at is not None and last.is_footer:
            flag_repeat(last)
    return result


def flag_repeat(group: Any) -> None:
    setattr(group, REPEAT, True)
    for row in group.children:
        setattr(row, REPEAT, True)
        for cell in row.children:
            setattr(cell, REPEAT, True)


def is_repeat(box: Any) -> bool:
    return bool(getattr(box, REPEAT, False))


def draw_block_level(page: Any, stream: Any, blocks_and_cells: dict[Any, Any]) -> None:
    """WeasyPrint's `draw_block_level`, a repeated row's cells drawn as a pagination artifact."""
    if stream._tags is None or not any(is_repeat(block) for block in blocks_and_cells):
        ORIGINAL_BLOCK_LEVEL(page, stream, blocks_and_cells)
        return
    for block, inside in blocks_and_cells.items():
        if is_repeat(block):
            with artifact(stream, pydyf.Dictionary({"Type": "/Pagination"})):
                ORIGINAL_BLOCK_LEVEL(page, stream, {block: inside})
        else:
            ORIGINAL_BLOCK_LEVEL(page, stream, {block: inside})


def is_table_part(box: Any) -> bool:
    """A table (its wrapper), a row group or a header cell: the boxes `table_part` tags."""
    tag = box.element_tag if box.element is not None else None
    if tag == "table":
        return bool(box.is_table_wrapper)
    if tag == "th":
        return isinstance(box, boxes.TableCellBox)
    return tag in GROUP_TAGS and isinstance(box, boxes.TableRowGroupBox)


def table_part(  # noqa: PLR0917 (WeasyPrint's arguments, and what tags them)
    tables: TableTags,
    box: Any,
    parent: Any,
    arguments: tuple[Any, ...],
    build: Callable[..., Iterator[Any]],
    ids: list[tuple[str, bytes]],
) -> Iterator[Any]:
    """A table part tagged by WeasyPrint's `build`, then corrected: a repeat left out, a `TH`'s
    scope and id, a table's `/Headers` named and its page's part recorded."""
    pdf, page_number, marks = arguments[0], arguments[1], arguments[4]
    if is_repeat(box):
        leave_out_repeat(tables, pdf, page_number, box, marks)
        return
    elements = list(build(box, parent, *arguments))
    if box.element_tag == "th":
        header_cell(tables, box, elements)
    elif box.element_tag == "table":
        for table in elements:
            name_headers(tables, pdf, table, ids)
            tables.parts.setdefault(box.element, []).append(table)
    else:
        for group in elements:
            tables.groups[group.reference] = box.element
    yield from elements


def leave_out_repeat(tables: TableTags, pdf: Any, page_number: int, group: Any, marks: Any) -> None:
    """A repeated row group, out of the tree: its links leave the page, anything marked in it
    (nothing, drawn as an artifact) leaves the page's marks, and each cell has a stand-in for
    WeasyPrint's table to name, to be replaced by the first page's header cell."""
    annotations = pdf.objects[int(pdf.page_references[page_number].split()[0])].get("Annots", [])
    for box in descendants(group):
        marks.pop(box, None)
        if box.link_annotation is not None and box.link_annotation.reference in annotations:
            annotations.remove(box.link_annotation.reference)
        box.link_annotation = None
        if isinstance(box, boxes.TableCellBox):
            box.mark = pydyf.Dictionary({"A": pydyf.Dictionary()})
            tables.stand_ins.append((box.mark, box.element))


def descendants(box: Any) -> Iterator[Any]:
    yield box
    for child in getattr(box, "children", ()):
        yield from descendants(child)


def header_cell(tables: TableTags, box: Any, elements: list[Any]) -> None:
    """A `th`'s `TH`: its scope, and its HTML id kept for its `/ID`."""
    for element in elements:
        if element["S"] != "/TH":
            continue
        scope = SCOPES.get((box.element.get("scope") or "").strip().lower(), "/Column")
        element["A"]["Scope"] = scope
        tables.headers.setdefault(box.element, element)
        html_id = (box.element.get("id") or "").strip()
        if html_id:
            tables.html_ids[element.reference] = html_id


def name_headers(tables: TableTags, pdf: Any, table: Any, ids: list[tuple[str, bytes]]) -> None:
    """A `Table` just built: each `TH` its `/ID` (named in `ids`), each cell's `/Headers` those
    ids, a repeat's stand-in replaced by the header cell the table's first page tags."""
    renamed: dict[str, str | None] = {}
    cells = [element for element in struct_elements(pdf, table.reference) if element["S"] in {"/TH", "/TD"}]
    for cell in cells:
        if cell["S"] == "/TH" and "ID" in cell:
            name = tables.html_ids.get(cell.reference) or str(cell["ID"].string)
            renamed[str(cell["ID"].string)] = name
            cell["ID"] = pydyf.String(name)
            ids.append((name, cell.reference))
    waiting = []
    for mark, html_cell in tables.stand_ins:
        if "ID" not in mark:  # a cell of a table not built yet (one around this one)
            waiting.append((mark, html_cell))
            continue
        first = tables.headers.get(html_cell)
        renamed[str(mark["ID"].string)] = str(first["ID"].string) if first is not None else None
    tables.stand_ins = waiting
    for cell in cells:
        headers = cell["A"].get("Headers")
        if headers is not None:
            names = [renamed.get(str(key.string), str(key.string)) for key in headers]
            cell["A"]["Headers"] = pydyf.Array(pydyf.String(name) for name in names if name)


def join_parts(tables: TableTags, pdf: Any) -> None:
    """Each table's parts on later pages moved into its first: a row group continuing the same
    HTML row group as the first's last joins it, any other is added after; an element left
    holding nothing is left out."""
    for first, *later in tables.parts.values():
        for part in later:
            for reference in list(part["K"]):
                move_group(tables, pdf, first, indirect(pdf, reference))
            part["K"] = pydyf.Array()
            leave_out_if_empty(pdf, part)


def move_group(tables: TableTags, pdf: Any, table: Any, group: Any) -> None:
    last = indirect(pdf, table["K"][-1]) if table["K"] else None
    html = tables.groups.get(group.reference)
    if last is not None and html is not None and tables.groups.get(last.reference) is html:
        for reference in group["K"]:
            last["K"].append(reference)
            indirect(pdf, reference)["P"] = last.reference
        group["K"] = pydyf.Array()
        return
    table["K"].append(group.reference)
    group["P"] = table.reference


def leave_out_if_empty(pdf: Any, element: Any) -> None:
    """An element with no kids out of its parent, and the parent too if that empties it."""
    while not element["K"] and element.get("S") != "/Document":
        parent = indirect(pdf, element["P"])
        parent["K"].remove(element.reference)
        element = parent


def indirect(pdf: Any, reference: bytes) -> Any:
    return pdf.objects[int(reference.split()[0])]
