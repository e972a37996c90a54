"""PDF facts (+ the headings, tables and figures the content lists) -> problems with the contents
page and the lists of tables and of figures after it: each entry prints the folio printed on the
page its heading (table, figure) is on (else its label), and is a link there; with the content,
each lists exactly what it should, in order, and a list's entry reads as its caption prints
("Table 1: Returns by year"). EPUB facts -> the same lists in the EPUB's navigation (`lot`,
`loi`), each entry leading to its table or figure, and in the NCX's navLists (`epub_ncx`).

The contents is the front's pages from the `contents` destination (its heading) up to the first
body page; a list printed after it begins at its own destination (`list-of-tables`,
`list-of-figures`), and an entry belongs to the contents or list whose heading is last above it.
An entry is a link there to a named destination: the text drawn inside its area is the entry,
and the last run of that text standing alone as a page number (arabic or roman) is the page it
prints.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from folio.errors import Problem
from folio.lists import LIST_OF_FIGURES, LIST_OF_TABLES, NAV_TYPES, NAVIGATION, TITLES
from folio.model import CONTENTS
from folio.verify.epub_facts import EpubFacts
from folio.verify.epub_ncx import ncx_differences
from folio.verify.expectation import Expectation, ExpectedList, normalise
from folio.verify.labels import front_page_count
from folio.verify.pdf_facts import PdfFacts, expect_from_pdf
from folio.verify.pdf_layout import FOLIO, SLACK, LinkAnnot, middle
from folio.verify.pdf_text import TextRun
from folio.verify.registry import Family

CHECKS = Family()
NAMES = {CONTENTS: "contents", **{key: title.lower() for key, title in TITLES.items()}}
LISTED = {CONTENTS: "heading", LIST_OF_TABLES: "table", LIST_OF_FIGURES: "figure"}  # what each lists


@dataclass(frozen=True, slots=True)
class ContentsEntry:
    page: int  # index of the contents page it is printed on
    top: float  # the top of its link
    target: str  # the destination it links to
    title: str  # its text, without the dot leader and page number
    printed: str | None  # the page number it prints


def contents_pages(pdf: PdfFacts, expected: Expectation) -> range:
    """The indices of the contents pages and the lists' after it: from the first heading of
    them to the body (none without one)."""
    starts = [pdf.destinations[name][0] for name in NAVIGATION if name in pdf.destinations]
    if not starts:
        return range(0)
    start = min(starts)
    return range(start, max(front_page_count(pdf, expected), start + 1))


def entry_links(pdf: PdfFacts, pages: range) -> list[LinkAnnot]:
    """The links of the contents pages, one an entry: WeasyPrint draws a link over each box of
    an entry (the line, its title, leader and number), each inside the entry's own."""
    links = [link for link in pdf.links if link.page in pages and link.dest is not None]
    kept: list[LinkAnnot] = []
    for link in sorted(links, key=lambda k: (k.rect[0] - k.rect[2]) * (k.rect[3] - k.rect[1])):
        if not any(
            other.dest == link.dest and other.page == link.page and inside(link, other) for other in kept
        ):
            kept.append(link)
    return sorted(kept, key=lambda k: (k.page, -k.rect[3], k.rect[0]))


def inside(link: LinkAnnot, other: LinkAnnot) -> bool:
    (x1, y1, x2, y2), (a1, b1, a2, b2) = link.rect, other.rect
    return a1 - SLACK <= x1 and b1 - SLACK <= y1 and x2 <= a2 + SLACK and y2 <= b2 + SLACK


def contents_entries(pdf: PdfFacts, pages: range) -> Iterator[ContentsEntry]:
    by_height: dict[int, RunsByHeight] = {}
    for link in entry_links(pdf, pages):
        if link.page >= len(pdf.body):
            continue
        assert link.dest is not None
        if link.page not in by_height:
            by_height[link.page] = runs_by_height(pdf.body[link.page])
        runs = [run for run in runs_held(link, by_height[link.page]) if run.text.strip()]
        numbers = [index for index, run in enumerate(runs) if FOLIO.fullmatch(run.text)]
        printed = runs[numbers[-1]].text.strip() if numbers else None
        words = runs[: numbers[-1]] if numbers else runs
        title = " ".join(run.text.strip() for run in words).rstrip(" .")
        yield ContentsEntry(link.page, link.rect[3], link.dest, title, printed)


RunsByHeight = tuple[list[float], list[tuple[int, TextRun]]]  # heights sorted; (index, run) so


def runs_by_height(runs: Sequence[TextRun]) -> RunsByHeight:
    """A page's runs sorted by the height `LinkAnnot.holds` looks at, each with its place."""
    ordered = sorted(enumerate(runs), key=lambda item: middle(item[1]))
    return [middle(run) for _, run in ordered], ordered


def runs_held(link: LinkAnnot, runs: RunsByHeight) -> list[TextRun]:
    """The runs `link` holds, in the page's order: those whose height is in its band, found by
    bisection (a contents page draws some 2,000 runs, its dot leaders among them), then held."""
    heights, ordered = runs
    _, bottom, _, top = link.rect
    band = ordered[bisect_left(heights, bottom - SLACK) : bisect_right(heights, top + SLACK)]
    return [run for _, run in sorted(band, key=lambda item: item[0]) if link.holds(run)]


def listings(pdf: PdfFacts, expected: Expectation) -> dict[str, list[ContentsEntry]]:
    """The entries of the contents and of each list the PDF prints (by its heading's id), each
    entry under the last of those headings above it."""
    heads = sorted(
        (pdf.destinations[name][0], -pdf.destinations[name][1], name)
        for name in NAVIGATION
        if name in pdf.destinations
    )
    found: dict[str, list[ContentsEntry]] = {name: [] for *_, name in heads}
    for entry in contents_entries(pdf, contents_pages(pdf, expected)):
        above = [name for page, depth, name in heads if (page, depth) <= (entry.page, -entry.top)]
        if above:
            found[above[-1]].append(entry)
    return found


def contents_figures(pdf: PdfFacts, expected: Expectation) -> dict[str, int]:
    found = listings(pdf, expected)
    lists = [name for name in found if name != CONTENTS]
    return {
        "pages": len(contents_pages(pdf, expected)),
        "entries": len(found.get(CONTENTS, ())),
        "lists": len(lists),
        "list_entries": sum(len(found[name]) for name in lists),
    }


@CHECKS.check("contents", needs=("pdf",), figures=contents_figures)
def check_contents(pdf: PdfFacts, expected: Expectation) -> Iterator[Problem]:
    """Each entry of the contents and the lists prints the page of what it leads to and links
    there; the content's headings listed in the contents, its captioned tables and figures in
    the lists it asks for."""
    if expected.contents and CONTENTS not in pdf.destinations:
        yield Problem(pdf.path, "the PDF has no contents (no destination 'contents')", "contents")
        return
    found = listings(pdf, expected)
    for name, entries in found.items():
        yield from check_printed_pages(pdf, name, entries)
    if expected.contents is not None:
        yield from check_listed(pdf, CONTENTS, expected.contents, found.get(CONTENTS, []))
    if expected.lists is not None:
        yield from check_lists(pdf, expected.lists, found)


def check_printed_pages(pdf: PdfFacts, listing: str, entries: list[ContentsEntry]) -> Iterator[Problem]:
    for entry in entries:
        if entry.target not in pdf.destinations:
            continue  # a link to nowhere: the links check says so
        page = pdf.destinations[entry.target][0]
        wanted = pdf.folios[page] or pdf.label(page)  # as the heading's page prints it
        if entry.printed != wanted:
            prints = f"prints page {entry.printed}" if entry.printed else "prints no page number"
            what = f"its {LISTED[listing]} is on page {wanted}"
            message = f"{NAMES[listing]} entry '{entry.title}' {prints}, but {what}"
            yield Problem(pdf.path, message, "contents", page=pdf.label(entry.page))


def check_listed(
    pdf: PdfFacts, listing: str, wanted: Sequence[str], entries: list[ContentsEntry]
) -> Iterator[Problem]:
    """The entries lead to what the content lists there (headings; tables, figures), each once,
    in reading order."""
    name, what = NAMES[listing], LISTED[listing]
    listed = [entry.target for entry in entries]
    for target in wanted:
        if target not in listed:
            yield Problem(pdf.path, f"the {name} does not list the {what} '{target}'", "contents")
    for index, entry in enumerate(entries):
        if entry.target not in wanted:
            message = f"{name} entry '{entry.title}' leads to '{entry.target}', which it should not list"
            yield Problem(pdf.path, message, "contents", page=pdf.label(entry.page))
        elif entry.target in listed[:index]:
            message = f"{name} entry '{entry.title}' lists '{entry.target}' a second time"
            yield Problem(pdf.path, message, "contents", page=pdf.label(entry.page))
    if sorted(listed) == sorted(wanted) and listed != list(wanted):
        message = f"the {name} lists its {what}s out of their order in the book"
        yield Problem(pdf.path, message, "contents")


def check_lists(
    pdf: PdfFacts, wanted: tuple[ExpectedList, ...], found: dict[str, list[ContentsEntry]]
) -> Iterator[Problem]:
    """Each list asked for printed, with the content's entries, each reading as its caption; no
    other list printed."""
    for expected in wanted:
        if expected.id not in found:
            name = f"{NAMES[expected.id]} (no destination '{expected.id}')"
            message = f"the PDF has no {name}, which the content asks for"
            yield Problem(pdf.path, message, "contents")
            continue
        entries = found[expected.id]
        yield from check_listed(pdf, expected.id, [target for target, _ in expected.entries], entries)
        texts = dict(expected.entries)
        for entry in entries:
            text = texts.get(entry.target)
            if text is not None and normalise(entry.title) != normalise(text):
                message = f"{NAMES[expected.id]} entry '{entry.title}' should read '{text}'"
                yield Problem(pdf.path, message, "contents", page=pdf.label(entry.page))
    for extra in set(found) - {CONTENTS} - {expected.id for expected in wanted}:
        message = f"the PDF prints a {NAMES[extra]}, which the content does not have"
        yield Problem(pdf.path, message, "contents", page=pdf.label(pdf.destinations[extra][0]))


def printed_lists(pdf: PdfFacts, expected: Expectation) -> tuple[ExpectedList, ...]:
    """The lists the PDF prints, as the EPUB should hold them when the content is not known."""
    found = listings(pdf, expected)
    return tuple(
        ExpectedList(name, tuple((entry.target, entry.title) for entry in found[name]))
        for name in found
        if name != CONTENTS
    )


def epub_list_figures(epub: EpubFacts) -> dict[str, int]:
    return {"lists": len(epub.lists), "entries": sum(len(entries) for entries in epub.lists.values())}


@CHECKS.check("epub-lists", needs=("epub",), figures=epub_list_figures)
def check_epub_lists(epub: EpubFacts, content: Expectation | None, pdf: PdfFacts | None) -> Iterator[Problem]:
    """The EPUB's navigation has the lists of tables and figures the content asks for (else the
    PDF prints), as `lot` and `loi` navs, with the same entries, each leading to its table's
    caption or its figure."""
    for kind, entries in epub.lists.items():
        for label, target in entries:
            document, _, anchor = target.partition("#")
            if anchor not in epub.ids.get(document, frozenset()):
                message = f"the navigation's {kind} entry '{label}' leads to {target}, not in the EPUB"
                yield Problem(epub.path, message, "epub-lists")
    yield from compared_ncx_lists(epub)
    if content is not None and content.lists is not None:
        wanted = content.lists
    elif pdf is not None:
        wanted = printed_lists(pdf, expect_from_pdf(pdf))
    else:
        return
    for expected in wanted:
        yield from compared_nav(epub, expected)
    for kind in set(epub.lists) - {NAV_TYPES[expected.id] for expected in wanted}:
        other = "content" if content else "PDF"
        message = f"the navigation has a nav of epub:type '{kind}', which the {other} does not have"
        yield Problem(epub.path, message, "epub-lists")


def compared_ncx_lists(epub: EpubFacts) -> Iterator[Problem]:
    """The NCX has a navList for each list of the navigation, its class the nav's epub:type, with
    the same entries in the same order (EPUB 2 reading systems read only the NCX), and no other."""
    if epub.ncx is None:
        if epub.lists:
            message = "the package has no NCX: EPUB 2 reading systems get no list of tables or figures"
            yield Problem(epub.path, message, "epub-lists")
        return
    for kind, entries in epub.lists.items():
        found = epub.ncx.lists.get(kind)
        if found is None:
            message = f"{epub.ncx.path} has no navList of class '{kind}' (the navigation's {kind} nav)"
            yield Problem(epub.path, message, "epub-lists")
            continue
        for message in ncx_differences(entries, found, nav_name=f"{kind} nav", ncx_name=f"navList '{kind}'"):
            yield Problem(epub.path, message, "epub-lists")
    for kind in sorted(set(epub.ncx.lists) - set(epub.lists)):
        message = f"{epub.ncx.path} has a navList of class '{kind}', which the navigation does not have"
        yield Problem(epub.path, message, "epub-lists")


def compared_nav(epub: EpubFacts, expected: ExpectedList) -> Iterator[Problem]:
    """How the EPUB's nav of a list differs from what it should list."""
    kind, name = NAV_TYPES[expected.id], NAMES[expected.id]
    entries = epub.lists.get(kind)
    if entries is None:
        yield Problem(epub.path, f"the navigation has no {name} (a nav of epub:type '{kind}')", "epub-lists")
        return
    targets = [target.partition("#")[2] for _, target in entries]
    wanted = [target for target, _ in expected.entries]
    if targets != wanted:
        message = f"the navigation's {name} leads to {targets}, not to {wanted}"
        yield Problem(epub.path, message, "epub-lists")
        return
    for (label, _), (_, text) in zip(entries, expected.entries, strict=True):
        if normalise(label) != normalise(text):
            message = f"the navigation's {name} entry '{label}' should read '{text}'"
            yield Problem(epub.path, message, "epub-lists")
