"""The package metadata: Dublin Core, and EPUB Accessibility 1.1."""

from __future__ import annotations

from ebooklib import epub

from folio.model import (
    Figure,
    Publication,
    Table,
    tables_and_figures,
)

ACCESSIBILITY_FEATURES = ("structuralNavigation", "tableOfContents", "readingOrder")
PAGE_FEATURES = ("printPageNumbers", "pageBreakMarkers", "pageNavigation")


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
    """EPUB Accessibility 1.1. A book with figures is also visual; every figure has its
    description (the load requires it), so text alone is still sufficient. The cover is
    decorative (the title page prints the title beside it)."""

    def meta(prop: str, value: str) -> None:
        book.add_metadata(None, "meta", value, {"property": prop})

    kinds = {type(b) for s in publication.sections for b in tables_and_figures(s.blocks)}
    meta("schema:accessMode", "textual")
    if Figure in kinds or publication.cover is not None:
        meta("schema:accessMode", "visual")
    meta("schema:accessModeSufficient", "textual")
    features = ACCESSIBILITY_FEATURES + (("alternativeText",) if Figure in kinds else ())
    for feature in features + (PAGE_FEATURES if paginated else ()):
        meta("schema:accessibilityFeature", feature)
    meta("schema:accessibilityHazard", "none")
    media = content_summary(
        has_tables=Table in kinds, has_figures=Figure in kinds, has_cover=publication.cover is not None
    )
    summary = (
        f"{media}. Headings, a table of contents and landmarks give "
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


def content_summary(*, has_tables: bool, has_figures: bool, has_cover: bool = False) -> str:
    """What the book is made of, for the accessibility summary."""
    if has_cover:
        tables = " and tables with a header row" if has_tables else ""
        figures = ", figures each with a text description" if has_figures else ""
        return (
            f"Text{tables}{figures}, and a cover image on the title page, marked decorative: "
            "the text does not depend on it; no media"
        )
    if has_figures:
        tables = " and tables with a header row" if has_tables else ""
        return f"Text{tables}, and figures each with a text description; no media"
    if has_tables:
        return "Text and tables with a header row, no images or media"
    return "Text only, no images or media"
