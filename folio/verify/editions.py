"""PDF facts + EPUB facts -> where the two editions differ: their notes (numbers and texts),
their sections (bookmarks and table of contents) and their print pages (labels and page-list)."""

from __future__ import annotations

from collections.abc import Iterator

from folio.errors import Problem
from folio.verify.anchors import note_number
from folio.verify.epub_facts import EpubFacts
from folio.verify.expectation import missing, normalise
from folio.verify.pdf_facts import PdfFacts
from folio.verify.registry import Family

CHECKS = Family()


def note_figures(pdf: PdfFacts) -> dict[str, int]:
    return {"notes": len(pdf.notes)}


def section_figures(epub: EpubFacts) -> dict[str, int]:
    return {"sections": len(epub.toc)}


def page_figures(epub: EpubFacts) -> dict[str, int]:
    return {"pages": len(epub.page_list)}


@CHECKS.check("pdf-epub-notes", needs=("pdf", "epub"), figures=note_figures)
def check_same_notes(pdf: PdfFacts, epub: EpubFacts) -> Iterator[Problem]:
    """The same notes, with the same numbers and texts, in both editions."""
    epub_notes = {
        number: aside
        for aside in epub.asides.values()
        if aside.is_footnote and (number := note_number(aside.id)) is not None
    }
    for number in sorted(set(pdf.notes) - set(epub_notes)):
        page = pdf.label(pdf.notes[number].page)
        yield Problem(
            epub.path,
            f"note {number} is in the PDF, not in the EPUB",
            "pdf-epub-notes",
            page=page,
            note=number,
        )
    for number in sorted(set(epub_notes) - set(pdf.notes)):
        yield Problem(
            pdf.path, f"note {number} is in the EPUB, not in the PDF", "pdf-epub-notes", note=number
        )
    for number in sorted(set(pdf.notes) & set(epub_notes)):
        area = pdf.notes[number]
        lost = missing(epub_notes[number].text, area.text)
        if lost is not None:
            message = f"note {number} differs: {lost} in the PDF"
            yield Problem(epub.path, message, "pdf-epub-notes", page=pdf.label(area.page), note=number)


@CHECKS.check("pdf-epub-sections", needs=("pdf", "epub"), figures=section_figures)
def check_same_sections(pdf: PdfFacts, epub: EpubFacts) -> Iterator[Problem]:
    pdf_titles = [title for title, _ in pdf.outline]
    if [normalise(t) for t in pdf_titles] != [normalise(t) for t in epub.toc]:
        message = f"the PDF's bookmarks {pdf_titles} differ from the EPUB's contents {list(epub.toc)}"
        yield Problem(epub.path, message, "pdf-epub-sections")


@CHECKS.check("pdf-epub-pages", needs=("pdf", "epub"), figures=page_figures)
def check_same_pages(pdf: PdfFacts, epub: EpubFacts) -> Iterator[Problem]:
    labels = list(pdf.labels or ())
    listed = [label for label, _ in epub.page_list]
    for label in labels:
        if label not in listed:
            yield Problem(
                epub.path, f"print page {label} is not in the EPUB's page-list", "pdf-epub-pages", page=label
            )
    for label in listed:
        if label not in labels:
            yield Problem(
                epub.path, f"page-list entry {label} is no page of the PDF", "pdf-epub-pages", page=label
            )
