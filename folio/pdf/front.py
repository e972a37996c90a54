"""The front of the print edition (title page, legal notice, front matter, contents), laid out
apart from the body and put before it.

Takes the laid-out body (`LaidOutEdition`, from either route), the front's print HTML, made once
the body's pages are known (so the contents prints each body heading's folio as text), and the
`PrintJob`; gives the edition with the front's pages first, labelled i, ii, ... The front is a
few pages: laying it out costs a fraction of a second, where a contents made with
`target-counter` in the body's own layout would cost a second layout of the whole book (and
keep it in one process). Printed on both sides, the front ends on a left-hand page, so that the
body opens on a right-hand one: the front's HTML ends with a page that is kept blank when the
front's own pages are odd in number, and left out otherwise.

Before a body joined from parts kept in the output folder's part store (the incremental route),
the front is a part like the others: its layout and PDFs are kept, and taken again while its
HTML (the body's folios in its contents among it) and what shapes it are unchanged. An edit
that moves no heading to another page costs no layout or writing of the front.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable

from folio.errors import Diagnostic
from folio.pdf import render
from folio.pdf.boxes import LaidOutPage
from folio.pdf.join import LaidOutPart
from folio.pdf.part_store import PartStore
from folio.pdf.render import Front, LaidOutEdition, PrintJob


def anchor_folios(pages: Iterable[LaidOutPage]) -> dict[str, str]:
    """The printed folio of the page each id first appears on."""
    found: dict[str, str] = {}
    for page in pages:
        for anchor in page.anchors:
            found.setdefault(anchor, page.label)
    return found


def add_front(
    edition: LaidOutEdition,
    front_html: Callable[[dict[str, str]], str],
    job: PrintJob,
    *,
    store: PartStore | None = None,
) -> LaidOutEdition:
    """`edition` with the front before its pages, laid out from the HTML that `front_html` makes
    of the body's folios (each id of the body -> the folio of the page it first appears on); with
    a `store`, before a joined body, taken from it when stored (and stored once written)."""
    html = front_html(anchor_folios(edition.pages))
    if store is not None and edition.joined and job.url_fetcher is not None:
        front, warnings = stored_front(html, job, store)
    else:
        front, warnings = laid_out_front(html, job)
    warnings = tuple(dict.fromkeys(warnings + edition.warnings))
    return dataclasses.replace(edition, pages=front.laid_out + edition.pages, warnings=warnings, front=front)


def laid_out_front(html: str, job: PrintJob) -> tuple[Front, tuple[Diagnostic, ...]]:
    rendered = render.lay_out(html, job, front=True)
    pages = tuple(rendered.document.pages)
    kept = len(pages) - 1 if job.duplex and (len(pages) - 1) % 2 == 0 else len(pages)
    return Front(rendered.document, pages[:kept], rendered.pages[:kept]), rendered.warnings


def stored_front(html: str, job: PrintJob, store: PartStore) -> tuple[Front, tuple[Diagnostic, ...]]:
    """The front as a part of the book (`folio.pdf.part_store`): found under the key of its HTML,
    the stylesheets, the files its layout read and the editions, it is what laying it out and
    writing it again would give; else laid out, and stored with each edition's PDF as written
    (a part's files are written only by a verified build, once every edition is written)."""
    key = store.front_key(html, job)
    found = store.find(key)
    if found is not None:
        front = Front(None, (), found.pages, dict(found.pdfs), found.bookmarks)
        return front, found.warnings
    fetcher = job.url_fetcher
    assert fetcher is not None  # add_front makes sure
    fetcher.fetched.clear()
    front, warnings = laid_out_front(html, job)
    bookmarks = tuple((page.height, tuple(page.bookmarks)) for page in front.pages)
    read = tuple(sorted(fetcher.fetched.items()))
    part = LaidOutPart(front.pdfs, front.laid_out, warnings, bookmarks, read)
    store.add(key, body=store.body_key(html, job), first_folio=1, part=part)
    return front, warnings
