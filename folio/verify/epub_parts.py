"""EPUB facts (+ the content's parts) -> problems with the book's parts in the EPUB: the title
page and front matter (`epub:type` frontmatter, the title page `titlepage`, the legal notice
`copyright-page`), the body (bodymatter), the annexes (backmatter, the bibliography
`doc-bibliography`), in the print edition's order.

Without the content, the spine's documents must still run front matter, body, back matter.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from folio.errors import Problem
from folio.verify.epub_facts import EpubFacts, PartFact
from folio.verify.expectation import Expectation, Part
from folio.verify.registry import Family

CHECKS = Family()
BODY_TYPES = {"front": "frontmatter", "body": "bodymatter", "annex": "backmatter"}
ORDER = ("frontmatter", "bodymatter", "backmatter")
BIBLIOGRAPHY = "s-bibliography"  # the generated bibliography's section


def part_figures(epub: EpubFacts) -> dict[str, int]:
    return {"documents": len(epub.parts)}


def wanted_types(part: Part) -> tuple[str, str]:
    """The `epub:type` word and role a part's section must carry ("" for none)."""
    if part.id == BIBLIOGRAPHY:
        return "bibliography", "doc-bibliography"
    if part.role == "annex":
        return "appendix", "doc-appendix"
    return part.kind, ""


@CHECKS.check("epub-parts", needs=("epub",), figures=part_figures)
def check_epub_parts(epub: EpubFacts, content: Expectation | None) -> Iterator[Problem]:
    """Front matter, body and back matter, each part where and as the content has it."""
    kinds = [part.body_type for part in epub.parts]
    ranks = [ORDER.index(kind) if kind in ORDER else -1 for kind in kinds]
    for part, rank in zip(epub.parts, ranks, strict=True):
        if rank < 0:
            message = f"{part.document}: its body is no part of the book (epub:type '{part.body_type}')"
            yield Problem(epub.path, message, "epub-parts")
    if any(later < earlier for earlier, later in itertools.pairwise(ranks) if later >= 0):
        yield Problem(
            epub.path, f"the spine does not run front matter, body, back matter: {kinds}", "epub-parts"
        )
    if content is not None and content.parts:
        yield from check_expected_parts(epub, content.parts)


def check_expected_parts(epub: EpubFacts, parts: tuple[Part, ...]) -> Iterator[Problem]:
    where: dict[str, tuple[int, PartFact, tuple[str, ...], str]] = {}
    for index, fact in enumerate(epub.parts):
        for section, types, role in fact.sections:
            where.setdefault(section, (index, fact, types, role))
    for part in parts:
        if part.id not in where:
            yield Problem(epub.path, f"the section '{part.id}' is in no document of the spine", "epub-parts")
            continue
        _, fact, types, role = where[part.id]
        if fact.body_type != BODY_TYPES[part.role]:
            message = f"{fact.document}: epub:type '{fact.body_type}', not '{BODY_TYPES[part.role]}'"
            yield Problem(epub.path, message, "epub-parts")
        kind, wanted_role = wanted_types(part)
        if kind and kind not in types:
            yield Problem(
                epub.path, f"{fact.document}: section '{part.id}' is not epub:type '{kind}'", "epub-parts"
            )
        if wanted_role and role != wanted_role:
            yield Problem(
                epub.path, f"{fact.document}: section '{part.id}' has no role {wanted_role}", "epub-parts"
            )
    found = [where[part.id][0] for part in parts if part.id in where]
    if found != sorted(found):
        yield Problem(epub.path, "the spine does not hold the sections in the book's order", "epub-parts")
