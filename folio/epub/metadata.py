"""The package metadata: Dublin Core, and EPUB Accessibility 1.1."""

from __future__ import annotations

from ebooklib import epub

from folio.model import (
    Publication,
)

ACCESSIBILITY_FEATURES = ("structuralNavigation", "tableOfContents", "readingOrder")
PAGE_FEATURES = ("printPageNumbers", "pageBreakMarkers", "pageNavigation")


def set_metadata(book: epub.EpubBook, publication: Publication, *, paginated: bool) -> None:
    book.set_identifier(publication.identifier)
    book.set_title(publication.title)
    book.set_language(publication.language)
    book.add_author(publication.publisher)
    book.add_metadata("DC", "publisher", publication.publisher)
    book.add_metadata("DC", "date", publication.date)
    if publication.rights:
        book.add_metadata("DC", "rights", publication.rights)
    if publication.subtitle:
        book.add_metadata("DC", "description", publication.subtitle)
    if paginated:
        # Both ways of naming the page source: `pageBreakSource` (EPUB Accessibility 1.1) and,
        # for older reading systems, a dc:source refined as the source of the pagination.
        book.add_metadata(
            "DC", "source", f"{publication.title}, print edition (PDF)", {"id": "print-edition"}
        )
        book.add_metadata(None, "meta", "pagination", {"refines": "#print-edition", "property": "source-of"})
        book.add_metadata(None, "meta", print_edition(publication), {"property": "pageBreakSource"})
    set_accessibility_metadata(book, publication, paginated=paginated)
    # ebooklib writes dcterms:modified from the writer's `mtime` option (see build_epub).


def set_accessibility_metadata(book: epub.EpubBook, publication: Publication, *, paginated: bool) -> None:
    """EPUB Accessibility 1.1. The model has no images yet, so the book is text only: when
    figures arrive, add accessMode "visual" and the feature "alternativeText" here."""

    def meta(prop: str, value: str) -> None:
        book.add_metadata(None, "meta", value, {"property": prop})

    meta("schema:accessMode", "textual")
    meta("schema:accessModeSufficient", "textual")
    for feature in ACCESSIBILITY_FEATURES + (PAGE_FEATURES if paginated else ()):
        meta("schema:accessibilityFeature", feature)
    meta("schema:accessibilityHazard", "none")
    summary = (
        "Text only, no images or media. Headings, a table of contents and landmarks give "
        "structural navigation; each footnote follows the paragraph that calls it, linked both ways"
    )
    if paginated:
        summary += "; page-break markers and a page list give the page numbers of the print edition"
    meta("schema:accessibilitySummary", summary + ".")
    # A conformance claim, and who certified it, only as publication.yaml gives them: folio's
    # checks (EPUBCheck, Ace, its own) are no evaluation of what the content says.
    claim = publication.accessibility
    if claim.conforms_to:
        meta("dcterms:conformsTo", claim.conforms_to)
    if claim.certified_by:
        meta("a11y:certifiedBy", claim.certified_by)


def print_edition(publication: Publication) -> str:
    """The print edition the page breaks come from: its ISBN when the publication gives one, as
    `urn:isbn:…`, else the publication's identifier (the PDF carries it as its /ID)."""
    isbn = str(getattr(publication, "isbn", "") or "")  # `isbn` comes with the front matter work
    return f"urn:isbn:{isbn.replace('-', '').replace(' ', '')}" if isbn else publication.identifier
