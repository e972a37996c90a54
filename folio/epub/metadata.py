"""The package metadata: Dublin Core, and EPUB Accessibility 1.1."""

from __future__ import annotations

from ebooklib import epub

from folio.model import (
    Publication,
)

ACCESSIBILITY_FEATURES = ("structuralNavigation", "tableOfContents", "readingOrder")
PAGE_FEATURES = ("printPageNumbers", "pageBreakMarkers", "pageNavigation")
CONFORMANCE = "EPUB Accessibility 1.1 - WCAG 2.1 Level AA"


def set_metadata(book: epub.EpubBook, publication: Publication, *, paginated: bool) -> None:
    book.set_identifier(publication.identifier)
    # The print edition's ISBN and DOI, as further identifiers beside the unique one.
    if publication.isbn:
        book.add_metadata("DC", "identifier", f"urn:isbn:{isbn_digits(publication.isbn)}")
    if publication.doi:
        book.add_metadata("DC", "identifier", f"doi:{publication.doi}")
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
        source = f"urn:isbn:{isbn_digits(publication.isbn)}" if publication.isbn else publication.identifier
        book.add_metadata(None, "meta", source, {"property": "pageBreakSource"})
    set_accessibility_metadata(book, publication, paginated=paginated)
    # ebooklib writes dcterms:modified from the writer's `mtime` option (see build_epub).


def isbn_digits(isbn: str) -> str:
    """ "978-92-9403-000-9" -> "9789294030009", as a URN writes it."""
    return "".join(ch for ch in isbn if ch.isalnum())


def set_accessibility_metadata(book: epub.EpubBook, publication: Publication, *, paginated: bool) -> None:
    """EPUB Accessibility 1.1. The model's only image is the cover, decorative (the title page
    prints the title beside it): when figures arrive, add the feature "alternativeText" here."""

    def meta(prop: str, value: str) -> None:
        book.add_metadata(None, "meta", value, {"property": prop})

    meta("schema:accessMode", "textual")
    if publication.cover is not None:
        meta("schema:accessMode", "visual")
    meta("schema:accessModeSufficient", "textual")
    for feature in ACCESSIBILITY_FEATURES + (PAGE_FEATURES if paginated else ()):
        meta("schema:accessibilityFeature", feature)
    meta("schema:accessibilityHazard", "none")
    media = (
        "Text, and a cover image on the title page, marked decorative: the text does not depend on it."
        if publication.cover is not None
        else "Text only, no images or media."
    )
    summary = (
        f"{media} Headings, a table of contents and landmarks give "
        "structural navigation; each footnote follows the paragraph that calls it, linked both ways"
    )
    if paginated:
        summary += "; page-break markers and a page list give the page numbers of the print edition"
    meta("schema:accessibilitySummary", summary + ".")
    # The claim is kept true by the tests: EPUBCheck and DAISY Ace report nothing on the sample.
    meta("dcterms:conformsTo", CONFORMANCE)
    meta("a11y:certifiedBy", publication.publisher)  # the evaluator: the publisher's own checks
