"""PDF facts -> problems with its links: every internal link reaches a destination that exists,
every external one has its address."""

from __future__ import annotations

from collections.abc import Iterator

from folio.errors import Problem
from folio.verify.anchors import number_of
from folio.verify.marks import link_mark
from folio.verify.pdf_facts import PdfFacts
from folio.verify.registry import Family

CHECKS = Family()


def link_figures(pdf: PdfFacts) -> dict[str, int]:
    return {
        "internal": sum(1 for link in pdf.links if link.dest),
        "external": sum(1 for link in pdf.links if link.uri),
    }


@CHECKS.check("links", needs=("pdf",), figures=link_figures)
def check_links(pdf: PdfFacts) -> Iterator[Problem]:
    for link in pdf.links:
        label, marks = pdf.label(link.page), (link_mark(link),)
        if link.dest is not None and link.dest not in pdf.destinations:
            message = f"link to '{link.dest}', which is not a destination"
            yield Problem(pdf.path, message, "links", page=label, note=number_of(link.dest), marks=marks)
        elif link.dest is None and link.uri is None:
            kind = "an external link without a URI" if link.is_uri_action else "a link going nowhere"
            yield Problem(pdf.path, kind, "links", page=label, marks=marks)
