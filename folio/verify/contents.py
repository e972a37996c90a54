"""PDF facts (+ the headings the content lists) -> problems with the contents page: each entry
prints the folio printed on the page its heading is on (else its label), and is a link there;
with the content, it lists
exactly the headings it should, in their order.

The contents is the front's pages from the `contents` destination (its heading) up to the first
body page. An entry is a link there to a named destination: the text drawn inside its area is
the entry, and the last run of that text standing alone as a page number (arabic or roman) is
the page it prints.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from folio.errors import Problem
from folio.model import CONTENTS
from folio.verify.expectation import Expectation
from folio.verify.labels import front_page_count
from folio.verify.pdf_facts import PdfFacts
from folio.verify.pdf_layout import FOLIO, SLACK, LinkAnnot
from folio.verify.registry import Family

CHECKS = Family()


@dataclass(frozen=True, slots=True)
class ContentsEntry:
    page: int  # index of the contents page it is printed on
    target: str  # the destination it links to
    title: str  # its text, without the dot leader and page number
    printed: str | None  # the page number it prints


def contents_pages(pdf: PdfFacts, expected: Expectation) -> range:
    """The indices of the contents pages: from its heading to the body (none without one)."""
    if CONTENTS not in pdf.destinations:
        return range(0)
    start = pdf.destinations[CONTENTS][0]
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
    for link in entry_links(pdf, pages):
        if link.page >= len(pdf.body):
            continue
        assert link.dest is not None
        runs = [run for run in pdf.body[link.page] if link.holds(run) and run.text.strip()]
        numbers = [index for index, run in enumerate(runs) if FOLIO.fullmatch(run.text)]
        printed = runs[numbers[-1]].text.strip() if numbers else None
        words = runs[: numbers[-1]] if numbers else runs
        title = " ".join(run.text.strip() for run in words).rstrip(" .")
        yield ContentsEntry(link.page, link.dest, title, printed)


def contents_figures(pdf: PdfFacts, expected: Expectation) -> dict[str, int]:
    pages = contents_pages(pdf, expected)
    return {"pages": len(pages), "entries": sum(1 for _ in contents_entries(pdf, pages))}


@CHECKS.check("contents", needs=("pdf",), figures=contents_figures)
def check_contents(pdf: PdfFacts, expected: Expectation) -> Iterator[Problem]:
    """Each entry prints the page its heading is on and links to it; the content's headings listed."""
    pages = contents_pages(pdf, expected)
    if expected.contents and not pages:
        yield Problem(pdf.path, "the PDF has no contents (no destination 'contents')", "contents")
        return
    entries = list(contents_entries(pdf, pages))
    for entry in entries:
        if entry.target not in pdf.destinations:
            continue  # a link to nowhere: the links check says so
        page = pdf.destinations[entry.target][0]
        wanted = pdf.folios[page] or pdf.label(page)  # as the heading's page prints it
        label = pdf.label(entry.page)
        if entry.printed != wanted:
            prints = f"prints page {entry.printed}" if entry.printed else "prints no page number"
            message = f"contents entry '{entry.title}' {prints}, but its heading is on page {wanted}"
            yield Problem(pdf.path, message, "contents", page=label)
    if expected.contents is not None:
        yield from check_listed(pdf, expected.contents, entries)


def check_listed(pdf: PdfFacts, wanted: tuple[str, ...], entries: list[ContentsEntry]) -> Iterator[Problem]:
    """The entries lead to the headings the content lists, each once, in reading order."""
    listed = [entry.target for entry in entries]
    for target in wanted:
        if target not in listed:
            yield Problem(pdf.path, f"the contents does not list the heading '{target}'", "contents")
    for index, entry in enumerate(entries):
        if entry.target not in wanted:
            message = f"contents entry '{entry.title}' leads to '{entry.target}', which it should not list"
            yield Problem(pdf.path, message, "contents", page=pdf.label(entry.page))
        elif entry.target in listed[:index]:
            message = f"contents entry '{entry.title}' lists '{entry.target}' a second time"
            yield Problem(pdf.path, message, "contents", page=pdf.label(entry.page))
    if sorted(listed) == sorted(wanted) and listed != list(wanted):
        yield Problem(pdf.path, "the contents lists its headings out of their order in the book", "contents")
