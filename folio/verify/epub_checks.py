"""EPUB facts -> problems with the EPUB: footnotes and their back-links, numbering, page-list,
remote resources, the `mimetype` entry, package metadata. (EPUBCheck runs apart: `epubcheck/`.)"""

from __future__ import annotations

import itertools
import zipfile
from collections.abc import Iterator

from folio.errors import Problem
from folio.verify.anchors import note_number, number_of
from folio.verify.epub_facts import EpubFacts
from folio.verify.epub_ncx import ncx_differences
from folio.verify.expectation import Expectation
from folio.verify.notes import wanted_numbers
from folio.verify.registry import Family

CHECKS = Family()
REQUIRED_METADATA = (
    "dc:title",
    "dc:language",
    "dc:identifier",
    "dc:publisher",
    "dc:date",
    "dcterms:modified",
)


def footnote_figures(epub: EpubFacts) -> dict[str, int]:
    return {"noterefs": len(epub.noterefs), "asides": len(epub.asides)}


def noteref_figures(epub: EpubFacts) -> dict[str, int]:
    return {"noterefs": len(epub.noterefs)}


def page_list_figures(epub: EpubFacts) -> dict[str, int]:
    return {"entries": len(epub.page_list)}


def document_figures(epub: EpubFacts) -> dict[str, int]:
    return {"documents": len(epub.ids)}


def metadata_figures(epub: EpubFacts) -> dict[str, int]:
    return {"fields": len(epub.metadata)}


@CHECKS.check("epub-footnotes", needs=("epub",), figures=footnote_figures)
def check_epub_footnotes(epub: EpubFacts) -> Iterator[Problem]:
    """Each noteref reaches a footnote aside, and that aside links back to a call of its note."""
    refs_by_place = {f"{r.document}#{r.id}": r for r in epub.noterefs}
    for ref in epub.noterefs:
        aside = epub.asides.get(ref.target)
        number = number_of(ref.id)
        if aside is None:
            message = f"{ref.document}: noteref {ref.text} leads to '{ref.target}', which is no aside"
            yield Problem(epub.path, message, "epub-footnotes", note=number)
        elif not aside.is_footnote:
            message = f"{ref.document}: noteref {ref.text} leads to an aside that is not a footnote"
            yield Problem(epub.path, message, "epub-footnotes", note=number)
    for place, aside in epub.asides.items():
        if not aside.is_footnote:
            continue
        number = note_number(aside.id)
        backs = [refs_by_place.get(b) for b in aside.backlinks]
        if not backs or any(b is None or b.target != place for b in backs):
            message = f"{aside.document}: footnote '{aside.id}' does not link back to its noteref"
            yield Problem(epub.path, message, "epub-footnotes", note=number)


@CHECKS.check("epub-numbering", needs=("epub",), figures=noteref_figures)
def check_epub_numbering(epub: EpubFacts, epub_expected: Expectation) -> Iterator[Problem]:
    """Notes numbered from the first, each once, in reading order; each prints its own number."""
    seen: list[int] = []
    for ref in epub.noterefs:
        number = number_of(ref.id)
        target = note_number(ref.target.partition("#")[2])
        if number is None or ref.text != str(number) or (target is not None and target != number):
            message = f"{ref.document}: noteref '{ref.id}' prints {ref.text} and leads to '{ref.target}'"
            yield Problem(epub.path, message, "epub-numbering", note=number)
        if number is not None and number not in seen:
            seen.append(number)
    for aside in epub.asides.values():
        number = note_number(aside.id)
        if aside.is_footnote and number is not None and aside.number != str(number):
            message = f"{aside.document}: footnote '{aside.id}' prints as {aside.number or 'nothing'}"
            yield Problem(epub.path, message, "epub-numbering", note=number)
    wanted = wanted_numbers(epub_expected, len(seen))
    if seen != wanted:
        for number in sorted(set(wanted) - set(seen)):
            yield Problem(
                epub.path, f"note {number} is not called in the EPUB", "epub-numbering", note=number
            )
        for number in sorted(set(seen) - set(wanted)):
            yield Problem(epub.path, f"note {number} is not in the numbering", "epub-numbering", note=number)
        for previous, number in itertools.pairwise(seen):
            if number < previous:
                message = f"note {number} is called after note {previous}"
                yield Problem(epub.path, message, "epub-numbering", note=number)


@CHECKS.check("epub-page-list", needs=("epub",), figures=page_list_figures)
def check_epub_page_list(epub: EpubFacts) -> Iterator[Problem]:
    """The navigation has a page-list, each entry leading to a place in the EPUB; the NCX's
    pageList (for EPUB 2 reading systems) has the same entries, in the same order."""
    if not epub.page_list:
        yield Problem(epub.path, "the navigation has no page-list", "epub-page-list")
        return
    for label, target in epub.page_list:
        document, _, anchor = target.partition("#")
        if anchor not in epub.ids.get(document, frozenset()):
            message = f"page-list entry {label} leads to '{target}', which does not exist"
            yield Problem(epub.path, message, "epub-page-list", page=label)
    if epub.ncx is None:
        message = "the package has no NCX: EPUB 2 reading systems get no page list"
        yield Problem(epub.path, message, "epub-page-list")
    elif epub.ncx.page_list is None:
        message = (
            f"{epub.ncx.path} has no pageList (the navigation's page-list has {len(epub.page_list)} pages)"
        )
        yield Problem(epub.path, message, "epub-page-list")
    else:
        for message in ncx_differences(
            epub.page_list, epub.ncx.page_list, nav_name="page-list", ncx_name="pageList"
        ):
            yield Problem(epub.path, message, "epub-page-list")


@CHECKS.check("epub-remote", needs=("epub",), figures=document_figures)
def check_epub_remote(epub: EpubFacts) -> Iterator[Problem]:
    for document, address in epub.remote:
        message = f"{document}: remote resource {address} (a reader offline would not see it)"
        yield Problem(epub.path, message, "epub-remote")


@CHECKS.check("epub-mimetype", needs=("epub",))
def check_epub_mimetype(epub: EpubFacts) -> Iterator[Problem]:
    first = epub.entries[0] if epub.entries else ("", 0)
    if first != ("mimetype", zipfile.ZIP_STORED) or epub.mimetype != b"application/epub+zip":
        message = "the first entry must be 'mimetype', stored uncompressed, holding application/epub+zip"
        yield Problem(epub.path, message, "epub-mimetype")


@CHECKS.check("epub-metadata", needs=("epub",), figures=metadata_figures)
def check_epub_metadata(epub: EpubFacts, content: Expectation | None) -> Iterator[Problem]:
    for key in REQUIRED_METADATA:
        if not any(epub.metadata.get(key, ())):
            yield Problem(epub.path, f"the package has no {key}", "epub-metadata")
    if content is not None:
        for key, value in (("dc:title", content.title), ("dc:language", content.language)):
            found = epub.metadata.get(key, ())
            if value and found and found[0] != value:
                yield Problem(epub.path, f"{key} is '{found[0]}', not '{value}'", "epub-metadata")
