"""PDF and EPUB facts + the content's cross-references -> where one does not reach its heading.

The content says which cross-references it writes (the block each is written in, the id it
leads to, its text). In the PDF each must be a link to that id printing that text, and a link to
a heading must land where the heading is printed: on the destination's page, the first text
under the destination's top is the heading's, a line below it at most. In the EPUB each must be
a link, in its block, to an element of the named document that has the id, and when the id is
a heading's, that element is the heading (`h1`…`h6`) with the heading's text; a link to a note
reaches its footnote.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from folio.errors import Problem
from folio.verify.anchors import NOTE_DEST
from folio.verify.contents import contents_pages
from folio.verify.epub_facts import EpubFacts, LinkFact
from folio.verify.expectation import Expectation, ExpectedCrossRef, normalise
from folio.verify.notes import call_links
from folio.verify.pdf_facts import PdfFacts
from folio.verify.pdf_layout import SLACK
from folio.verify.registry import Family

CHECKS = Family()


def cross_reference_figures(expected: Expectation) -> dict[str, int]:
    return {"cross-references": len(expected.cross_references or ())}


@CHECKS.check("cross-references", needs=("pdf", "content"), figures=cross_reference_figures)
def check_cross_references(pdf: PdfFacts, expected: Expectation) -> Iterator[Problem]:
    """Each cross-reference a link to its id, printing its text; each link to a heading lands on it."""
    headings = expected.headings or {}
    written: dict[str, list[ExpectedCrossRef]] = {}
    for reference in expected.cross_references or ():
        written.setdefault(reference.target, []).append(reference)
    calls = set(call_links(pdf).values())
    contents = contents_pages(pdf, expected)  # its entries are the contents check's
    printed: dict[str, list[tuple[int, str]]] = {}
    for link, text in zip(pdf.links, pdf.link_texts, strict=True):
        if link.page in contents:
            continue
        if link.dest is not None and (link.dest in written or link.dest in headings) and link not in calls:
            printed.setdefault(link.dest, []).append((link.page, text))
    for target in sorted(set(written) | set(printed), key=lambda t: first_page(pdf, written, printed, t)):
        links = printed.get(target, [])
        yield from compare_links(pdf, target, written.get(target, []), links, exact=target in headings)
    for target in printed:
        if target in headings and target in pdf.destinations:
            yield from check_landing(pdf, target, headings[target])


def first_page(
    pdf: PdfFacts,
    written: dict[str, list[ExpectedCrossRef]],
    printed: dict[str, list[tuple[int, str]]],
    target: str,
) -> tuple[int, str]:
    pages = [page for page, _ in printed.get(target, [])]
    pages += [pdf.destinations[r.source][0] for r in written.get(target, []) if r.source in pdf.destinations]
    return min(pages, default=len(pdf.body)), target


def compare_links(
    pdf: PdfFacts,
    target: str,
    written: list[ExpectedCrossRef],
    printed: list[tuple[int, str]],
    *,
    exact: bool,
) -> Iterator[Problem]:
    """The texts printed on the links to `target`, in reading order, against the texts written
    (a link broken over two lines is two links, its text read on). `exact`: every link to it is
    a cross-reference (to a heading); to a note, the bibliography links too, and are passed over."""
    stream = "".join(normalise(text) for _, text in printed)
    read = 0
    for reference in written:
        wanted = normalise(reference.text)
        found = read if stream.startswith(wanted, read) else -1 if exact else stream.find(wanted, read)
        if wanted and found >= 0:
            read = found + len(wanted)
            continue
        page = pdf.destinations.get(reference.source, (0, 0.0))[0]
        message = f"the cross-reference '{reference.text}' to '#{target}' is not a link to it"
        yield Problem(pdf.path, message, "cross-references", page=pdf.label(page))
    start = 0
    for page, text in printed if exact else ():  # the links whose text no cross-reference read
        start += len(normalise(text))
        if start > read:
            message = f"a link to '#{target}' prints '{text.strip()}', which no cross-reference to it does"
            yield Problem(pdf.path, message, "cross-references", page=pdf.label(page))


def check_landing(pdf: PdfFacts, target: str, heading: str) -> Iterator[Problem]:
    """The destination's page prints the heading first under its top, a line below it at most."""
    page, top = pdf.destinations[target]
    runs = pdf.body[page] if 0 <= page < len(pdf.body) else ()
    below = [i for i, run in enumerate(runs) if run.text.strip() and run.y + run.size * 0.75 <= top + SLACK]
    if below:
        first = max(below, key=lambda i: (runs[i].y, -i))  # the highest, the first drawn of a line
        wanted = normalise(heading)
        read = ""
        for run in runs[first:]:
            read += normalise(run.text)
            if len(read) >= len(wanted):
                break
        if read.startswith(wanted) and top - runs[first].y <= 2 * runs[first].size + SLACK:
            return
    message = f"the destination '#{target}' is not where the heading '{heading}' is printed"
    yield Problem(pdf.path, message, "cross-references", page=pdf.label(page))


@CHECKS.check("epub-cross-references", needs=("epub", "content"), figures=cross_reference_figures)
def check_epub_cross_references(epub: EpubFacts, expected: Expectation) -> Iterator[Problem]:
    """Each cross-reference a link in its block; each link to a heading or note reaches it."""
    links = Counter((link.source, anchor_of(link), normalise(link.text)) for link in epub.links)
    for reference in expected.cross_references or ():
        key = (reference.source, reference.target, normalise(reference.text))
        if links[key] > 0:
            links[key] -= 1
            continue
        where = f"in '{reference.source}' to '#{reference.target}'"
        message = f"the cross-reference '{reference.text}' {where} is not a link to it"
        yield Problem(epub.path, message, "epub-cross-references")
    yield from check_epub_targets(epub, expected)


def check_epub_targets(epub: EpubFacts, expected: Expectation) -> Iterator[Problem]:
    """A link to a heading's id leads to that heading; a cross-reference to a note, to its footnote."""
    headings = expected.headings or {}
    sources = {reference.source for reference in expected.cross_references or ()}
    for link in epub.links:
        anchor = anchor_of(link)
        start = f"{link.document}: the link '{link.text}' leads to '{link.target}', which is not"
        if anchor in headings and normalise(epub.headings.get(link.target, "\0")) != normalise(
            headings[anchor]
        ):
            yield Problem(epub.path, f"{start} the heading '{headings[anchor]}'", "epub-cross-references")
        elif link.source in sources and NOTE_DEST.match(anchor) and link.target not in epub.asides:
            yield Problem(epub.path, f"{start} its note", "epub-cross-references")


def anchor_of(link: LinkFact) -> str:
    return link.target.partition("#")[2]
