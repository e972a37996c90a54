"""`python -m bench.structure FILE.pdf [--pages 1-2] [--width 72]`: a tagged PDF's structure as an outline.

An independent look at what a screen reader is given: the structure tree as the verifier walks
it (`folio.verify.pdf_tags`, pikepdf), each element with its role, its `/ID`, its page, the
text of the marked contents it holds (read by PDFium, which knows nothing of the tree: each
text object's marked-content id and its text) and the description of each link it holds:

    Document
      Sect p.1
        H2 p.1 "3.2. Russia"
        P p.1 "Russia continued to hold its bases in Hmeimim and Tartus"
          Link p.1 [Note 505] "505"
          Note #fn-505 p.1
            Lbl p.1
              Link p.1 [Back to the text of note 505] "505"
            Span p.1
              Span p.1 "Enab Baladi, Russia…"

`--pages` keeps the elements of those pages (1-based, as `pdftoppm -f -l`) and what holds them.
"""

from __future__ import annotations

import argparse
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import pypdfium2
import pypdfium2.raw as pdfium

from folio.verify.pdf_tags import Element, read_tag_facts
from folio.verify.pdf_text import RunReader


def marked_texts(path: Path) -> dict[tuple[int, int], str]:
    """The text each marked content shows, by (page index, MCID), as PDFium reads the pages."""
    texts: dict[tuple[int, int], list[str]] = defaultdict(list)
    reader = RunReader()
    document = pypdfium2.PdfDocument(path)
    try:
        for index in range(len(document)):
            page = document[index]
            text_page = page.get_textpage()
            for number in range(pdfium.FPDFPage_CountObjects(page.raw)):
                item = pdfium.FPDFPage_GetObject(page.raw, number)
                mcid = pdfium.FPDFPageObj_GetMarkedContentID(item)
                if mcid >= 0 and pdfium.FPDFPageObj_GetType(item) == pdfium.FPDF_PAGEOBJ_TEXT:
                    texts[(index, mcid)].append(reader.read_text(item, text_page.raw))
            text_page.close()
            page.close()
    finally:
        document.close()
    return {key: "".join(parts) for key, parts in texts.items()}


def outline_lines(
    elements: tuple[Element, ...], texts: dict[tuple[int, int], str], *, width: int
) -> Iterator[str]:
    for element in elements:
        words = [element.role.removeprefix("/")]
        if element.id:
            words.append(f"#{element.id}")
        if element.page is not None:
            words.append(f"p.{element.page + 1}")
        words += [f"[{contents}]" for contents in element.links]
        text = " ".join("".join(texts.get(mark, "") for mark in element.marks).split())
        if text:
            words.append('"' + (text if len(text) <= width else text[: width - 1] + "…") + '"')
        yield "  " * element.depth + " ".join(words)


def on_pages(elements: tuple[Element, ...], first: int, last: int) -> tuple[Element, ...]:
    """The elements of pages first..last (0-based), with every element above them."""
    kept: list[Element] = []
    above: list[list[object]] = []  # [element, kept already] at each depth down to this one
    for element in elements:
        del above[element.depth :]
        above.append([element, False])
        if element.page is not None and first <= element.page <= last:
            for entry in above:
                if not entry[1]:
                    kept.append(entry[0])  # type: ignore[arg-type]
                    entry[1] = True
    return tuple(kept)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.structure", description=__doc__.splitlines()[0])
    parser.add_argument("pdf", type=Path)
    parser.add_argument("--pages", help="first-last (1-based), e.g. 1-2")
    parser.add_argument("--width", type=int, default=72, help="characters of text shown per element")
    args = parser.parse_args(argv)
    facts = read_tag_facts(args.pdf)
    elements = facts.elements
    if args.pages:
        first, _, last = args.pages.partition("-")
        elements = on_pages(elements, int(first) - 1, int(last or first) - 1)
    for line in outline_lines(elements, marked_texts(args.pdf), width=args.width):
        print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
