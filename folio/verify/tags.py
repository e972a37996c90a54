"""PDF facts (their `TagFacts`) -> problems with the tagged PDF, the rules of PDF/UA-1 folio checks.

- tags-tree: a structure tree and `/MarkInfo /Marked true`; on every page, every marked
  content is owned by an element reached from the tree's root, and filed under that element
  in the parent tree (what a screen reader uses to go from the page to the tree); nothing is
  painted outside marked content (content is tagged or an artifact, ISO 14289-1 7.1);
- tags-notes: every note is a `Note` element reached from the root, whose `/ID` is its
  anchor (`fn-505`), whose first child is its number (`Lbl`), and which comes in the reading
  order right after the link that calls it (when the call is on the note's page);
- tags-links: every link annotation has a description (`/Contents`, not just its
  destination's name) and is held by a `Link` element of the tree (7.18.1, 7.18.5);
- tags-document: the viewer shows the title (`/DisplayDocTitle`, 7.1), the XMP packet holds
  the title and the PDF/UA part (5); the language (`/Lang`, 7.2) is the `document` check's.

Not checked here (a full validator such as veraPDF checks them; none runs offline here): the
Matterhorn protocol's other machine-checkable rules, e.g. role maps, table headers, font
programs and their glyph widths, optional content.
"""

from __future__ import annotations

from collections.abc import Iterator

from folio.errors import Problem
from folio.verify.anchors import note_number
from folio.verify.expectation import Expectation
from folio.verify.pdf_facts import PdfFacts
from folio.verify.pdf_tags import TagFacts
from folio.verify.registry import Family

CHECKS = Family()


def tag_figures(pdf: PdfFacts) -> dict[str, int]:
    tags = pdf.tags
    if tags is None:
        return {}
    return {
        "elements": len(tags.elements),
        "notes": len(tags.notes),
        "links": len(tags.links),
        "marked contents": sum(page.marked for page in tags.pages),
        "artifacts": sum(page.artifacts for page in tags.pages),
    }


def read_tags(pdf: PdfFacts) -> TagFacts:
    assert pdf.tags is not None, "read_pdf_facts reads the tags of every PDF"
    return pdf.tags


@CHECKS.check("tags-tree", needs=("pdf",), figures=tag_figures)
def check_tree(pdf: PdfFacts) -> Iterator[Problem]:
    """A tree, marked; every marked content reached and filed; nothing painted untagged."""
    tags = read_tags(pdf)
    if not tags.tree:
        yield Problem(pdf.path, "the PDF is not tagged (no structure tree)", "tags-tree")
        return
    if not tags.marked:
        yield Problem(pdf.path, "the PDF does not say it is tagged (/MarkInfo /Marked)", "tags-tree")
    if tags.loops:
        yield Problem(pdf.path, f"the structure tree loops back on itself ({tags.loops} times)", "tags-tree")
    for page in tags.pages:
        label = pdf.label(page.page)
        for count, what in (
            (page.unreached, "marked content that no element of the structure tree holds"),
            (page.misfiled, "marked content the parent tree files under another element"),
            (page.unmarked, "painting outside marked content (neither tagged nor an artifact)"),
        ):
            if count:
                yield Problem(pdf.path, f"{count} × {what}", "tags-tree", page=label)


@CHECKS.check("tags-notes", needs=("pdf",), figures=tag_figures)
def check_notes(pdf: PdfFacts, expected: Expectation) -> Iterator[Problem]:
    """Every note a `Note` with its id and `Lbl`, right after its call in the reading order."""
    tags = read_tags(pdf)
    if not tags.tree:
        return  # tags-tree says the PDF is not tagged: once, not once a note
    tagged = tags.notes
    numbers = sorted(expected.calls) if expected.calls is not None else sorted(pdf.notes)
    for number in numbers:
        area = pdf.notes.get(number)
        label = pdf.label(area.page) if area is not None else None
        element = tagged.get(f"fn-{number}")
        if element is None:
            message = f"note {number} is not a Note element (with /ID fn-{number}) of the structure tree"
            yield Problem(pdf.path, message, "tags-notes", page=label, note=number)
            continue
        if element.first != "/Lbl":
            message = f"note {number}'s Note element does not start with its number (Lbl)"
            yield Problem(pdf.path, message, "tags-notes", page=label, note=number)
        if element.after != f"fn-{number}" and call_on_page(pdf, number):
            message = f"note {number} does not come right after its call in the reading order"
            yield Problem(pdf.path, message, "tags-notes", page=label, note=number)


def call_on_page(pdf: PdfFacts, number: int) -> bool:
    """Whether the note's first call is printed on the note's page."""
    area, call = pdf.notes.get(number), pdf.calls.get(f"fnref-{number}")
    return area is not None and call is not None and call[0] == area.page


@CHECKS.check("tags-links", needs=("pdf",), figures=tag_figures)
def check_links(pdf: PdfFacts) -> Iterator[Problem]:
    """Every link annotation described and held by a Link element."""
    tags = read_tags(pdf)
    for link in tags.links:
        label = pdf.label(link.page)
        note = note_number(link.dest or "")
        target = f"'{link.dest}'" if link.dest is not None else "an address"
        contents = (link.contents or "").strip()
        if not contents or contents == link.dest:
            message = f"the link to {target} has no description (/Contents)"
            yield Problem(pdf.path, message, "tags-links", page=label, note=note)
        if tags.tree and not link.tagged:
            message = f"the link to {target} is not held by a Link element of the structure tree"
            yield Problem(pdf.path, message, "tags-links", page=label, note=note)


@CHECKS.check("tags-document", needs=("pdf",))
def check_document(pdf: PdfFacts, content: Expectation | None) -> Iterator[Problem]:
    """The title shown, the XMP's title and PDF/UA part."""
    tags = read_tags(pdf)
    title = content.title if content is not None else None
    if not tags.display_title:
        message = "a viewer shows the file name, not the title (DisplayDocTitle)"
        yield Problem(pdf.path, message, "tags-document")
    if not tags.xmp_title:
        yield Problem(pdf.path, "the XMP metadata has no title (dc:title)", "tags-document")
    elif title is not None and tags.xmp_title != title:
        yield Problem(pdf.path, f"the XMP title is '{tags.xmp_title}', not '{title}'", "tags-document")
    if tags.ua_part != "1":
        found = f"'{tags.ua_part}'" if tags.ua_part else "none"
        message = f"the XMP metadata's PDF/UA part (pdfuaid:part) is {found}, not 1"
        yield Problem(pdf.path, message, "tags-document")
