"""PDF facts + the content's texts -> what is not printed: a note's text cut at the page foot
(WeasyPrint can drop it silently), a body paragraph lost or out of order."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from folio.errors import Problem
from folio.verify.contents import contents_pages
from folio.verify.expectation import Expectation, missing, normalise, rtl_words
from folio.verify.marks import note_mark
from folio.verify.pdf_facts import PdfFacts
from folio.verify.pdf_layout import FOOTER_BAND, common_size
from folio.verify.registry import Family

CHECKS = Family()


def completeness_figures(pdf: PdfFacts, expected: Expectation) -> dict[str, int]:
    return {"notes": len(pdf.notes), "paragraphs": len(expected.paragraphs or ())}


@CHECKS.check("completeness", needs=("pdf", "content"), figures=completeness_figures)
def check_completeness(pdf: PdfFacts, expected: Expectation) -> Iterator[Problem]:
    """Every note's whole text on its page; every paragraph of the body somewhere, in order."""
    assert expected.note_texts is not None
    for number, area in sorted(pdf.notes.items()):
        text = expected.note_texts.get(number)
        if text is None:
            continue  # a note the content does not have: the numbering check's finding
        lost = missing(text, area.text)
        if lost is not None:
            message = f"note {number} is incomplete: {lost}"
            page, marks = pdf.label(area.page), (note_mark(area),)
            yield Problem(pdf.path, message, "completeness", page=page, note=number, marks=marks)
    yield from check_paragraphs(pdf, expected)


def body_text(pdf: PdfFacts, expected: Expectation) -> tuple[str, list[int], Counter[str]]:
    """The body of every page but the contents' (which repeats the headings), normalised and
    joined, running lines left out: a line in the top or bottom tenth of the page with a running
    text's words, or a part of them (a long chapter title wraps), set smaller than the book's
    text (a heading that says the title, or the chapter the header names, stays; the folio's
    line is left out by position when the page is read); where each page begins in it; and its
    right-to-left words."""
    running = {normalise(text) for text in expected.running if text}
    skipped = contents_pages(pdf, expected)
    size = common_size([run for runs in pdf.body for run in runs])  # the text's, over the whole book
    words: Counter[str] = Counter()
    pieces: list[str] = []
    starts: list[int] = []
    length = 0
    for page, runs in enumerate(pdf.body):
        starts.append(length)
        if page in skipped:
            continue
        _, bottom, _, top = pdf.boxes[page]
        band = (top - bottom) * FOOTER_BAND
        for run in runs:
            piece = normalise(run.text)
            in_margin = run.y > top - band or run.y < bottom + band
            running_line = run.size < size * 0.9 and any(piece and piece in text for text in running)
            if running_line and in_margin and not rtl_words(run.text):
                continue
            words += rtl_words(run.text)
            pieces.append(piece)
            length += len(piece)
    return "".join(pieces), starts, words


def check_paragraphs(pdf: PdfFacts, expected: Expectation) -> Iterator[Problem]:
    assert expected.paragraphs is not None
    document, starts, printed_words = body_text(pdf, expected)
    cursor = 0
    for text in expected.paragraphs:
        wanted = normalise(text)
        found = document.find(wanted, cursor)
        lost = rtl_words(text) - printed_words
        printed_words -= rtl_words(text)
        if found >= 0 and not lost:
            cursor = found + len(wanted)
            continue
        page = max(0, sum(1 for start in starts if start <= cursor) - 1)
        begin = " ".join(text.split()[:8])
        message = f"paragraph '{begin} …' is not printed whole"
        yield Problem(pdf.path, message, "completeness", page=pdf.label(page))
