"""The PDF and EPUB files (+ the `Expectation` drawn from the content, when known) -> a `Report`.

Each file is read once into facts (`pdf_facts`, `epub_facts`); every registered check runs on
them, in the order below, which is the order of the report; EPUBCheck (`epubcheck/`) last.
A further edition of the PDF (`verify_edition`) gets every check that reads a PDF, from the same
expectation and against the same EPUB, and the checks of what that edition claims to be.
"""

from __future__ import annotations

from pathlib import Path

from folio.errors import Problem
from folio.model import ACCESSIBLE, ARCHIVAL, PRINT_SHOP
from folio.verify import (
    archival,
    bibliography,
    completeness,
    contents,
    cross_references,
    document,
    editions,
    epub_checks,
    epub_parts,
    figures,
    geometry,
    labels,
    links,
    notes,
    print_shop,
    tables,
    tags,
    tags_figures,
    tags_tables,
)
from folio.verify.epub_facts import EpubFacts, read_epub_facts
from folio.verify.epubcheck import WarmEpubCheck
from folio.verify.expectation import Expectation
from folio.verify.page_memo import PageMemo
from folio.verify.pdf_claims import read_edition_facts
from folio.verify.pdf_facts import read_pdf_facts
from folio.verify.registry import Check, Inputs, run_checks
from folio.verify.report import Report, epubcheck_result

CHECKS: tuple[Check, ...] = (
    *labels.CHECKS,  # page-labels, folios
    *contents.CHECKS,
    *links.CHECKS,
    *notes.CHECKS,  # note-calls, note-placement, back-links, numbering
    *completeness.CHECKS,
    *geometry.CHECKS,
    *document.CHECKS,
    *tags.CHECKS,  # tags-tree, -notes, -links, -document, -contents
    *tags_figures.CHECKS,
    *tags_tables.CHECKS,
    *epub_checks.CHECKS,  # epub-footnotes, -numbering, -page-list, -remote, -mimetype, -metadata
    *epub_parts.CHECKS,
    *editions.CHECKS,  # pdf-epub-notes, -sections, -pages
    *tables.CHECKS,  # pdf-epub-tables, table-headers, epub-tables
    *figures.CHECKS,  # figure-images, epub-figures, pdf-epub-captions
    *cross_references.CHECKS,  # cross-references, epub-cross-references
    *bibliography.CHECKS,  # bibliography, epub-bibliography
)


# Each edition's own checks, besides those of every PDF.
EDITION_CHECKS: dict[str, tuple[Check, ...]] = {
    ACCESSIBLE: (),
    ARCHIVAL: tuple(archival.CHECKS),  # archival-claim, archival-file
    PRINT_SHOP: tuple(print_shop.CHECKS),  # print-boxes, crop-marks
}


def verify_outputs(
    *,
    pdf: Path | None,
    epub: Path | None,
    content: Expectation | None,
    shown_pdf: str | None = None,
    shown_epub: str | None = None,
    run_epubcheck: bool = True,
    memo: PageMemo | None = None,
    walk_apart: bool = False,
    epub_facts: EpubFacts | None = None,
) -> Report:
    """Every check on the outputs given; `content` None checks them on their own; `memo`: pages
    read before, found by their bytes; `walk_apart`: see `read_pdf_facts`; `epub_facts`: the
    EPUB's facts, when read already from the same bytes."""
    inputs = Inputs(
        pdf=read_pdf_facts(pdf, shown=shown_pdf, memo=memo, walk_apart=walk_apart)
        if pdf is not None
        else None,
        epub=epub_facts or (read_epub_facts(epub, shown=shown_epub) if epub is not None else None),
        content=content,
    )
    results = list(run_checks(inputs, CHECKS))
    if run_epubcheck:
        shown = shown_epub or str(epub or "")
        found = WarmEpubCheck().check(epub, shown=shown) if epub else None  # the builds' warm service
        results.append(epubcheck_result(found, shown))
    return Report(tuple(results))


def verify_pdf(path: Path, expected: Expectation | None, *, shown: str | None = None) -> list[Problem]:
    """The PDF checks alone (the content's expectations when given)."""
    report = verify_outputs(pdf=path, epub=None, content=expected, shown_pdf=shown, run_epubcheck=False)
    return list(report.problems)


def verify_edition(
    pdf: Path,
    edition: str,
    *,
    epub: Path | None,
    content: Expectation | None,
    shown: str | None = None,
    shown_epub: str | None = None,
    memo: PageMemo | None = None,
    walk_apart: bool = False,
    epub_facts: EpubFacts | None = None,
) -> Report:
    """Every check that reads a PDF, on `edition`'s PDF (against the EPUB, when given, as the
    main PDF is), and the checks of what that edition claims (`EDITION_CHECKS`)."""
    inputs = Inputs(
        pdf=read_pdf_facts(pdf, shown=shown, memo=memo, walk_apart=walk_apart),
        epub=epub_facts or (read_epub_facts(epub, shown=shown_epub) if epub is not None else None),
        content=content,
        edition=read_edition_facts(pdf, shown=shown) if EDITION_CHECKS[edition] else None,
    )
    checks = [check for check in CHECKS if "pdf" in check.needs] + list(EDITION_CHECKS[edition])
    return Report(tuple(run_checks(inputs, checks)))
