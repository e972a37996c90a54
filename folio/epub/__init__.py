"""Publication (+ the print edition's page starts) -> EPUB 3 bytes, packaged with ebooklib.

One XHTML document a section, in the print edition's order (the front matter, then the
navigation document, which stands for the contents, then the body and annexes), each marked as
the part of the book it is; the cover image, when there is one, on the title page. The XHTML
documents and the navigation document come from templates/epub; ebooklib writes
the package (OPF, NCX, zip). Its own page-list and nav are not used: its page-list counts
every element with `epub:type` as a page; the NCX's navMap and pageList are ours too. The
package carries EPUB Accessibility 1.1 metadata, and the fonts are subsets of Carlito cut to
the characters the documents use. The zip is then re-packed so that the same input gives the
same bytes.
"""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass
from pathlib import Path

from ebooklib import epub
from jinja2 import Environment

from folio.epub.fonts import EPUB_FONTS, subset_fallback, subset_font, used_characters
from folio.epub.metadata import set_metadata
from folio.epub.navigation import PackageWriter, TocEntry, list_navs, section_file, toc_entries
from folio.epub.package import repack
from folio.fonts import FontFolder
from folio.model import (
    TITLE_PAGE,
    Block,
    Figure,
    Heading,
    Inline,
    NoteRef,
    PageBreak,
    Paragraph,
    Publication,
    Table,
    plain_text,
    tables_and_figures,
    text_blocks,
)
from folio.render import TemplateFolders, create_environment, notes_by_number, render_template

__all__ = ["NAV_FILE", "PageStart", "build_epub", "section_file"]

NAV_FILE = "nav.xhtml"  # the navigation document: the print edition's contents and lists
BIBLIOGRAPHY_SECTION = "s-bibliography"  # the generated bibliography's section


@dataclass(frozen=True, slots=True)
class PageStart:
    """Where a printed page begins in the EPUB: the page's label and the document/anchor."""

    label: str
    document: str  # "s-3-2-russia.xhtml"
    anchor: str  # "page-41"
    opens_in: str = ""  # in the navigation document: the contents or list the page opens in


def target_documents(publication: Publication) -> dict[str, str]:
    """Where a cross-reference leads in the EPUB: each heading's and note's id -> "doc.xhtml#id"."""
    found = {}
    for section in publication.sections:
        ids = [b.id for b in text_blocks(section.blocks) if isinstance(b, Heading)] + [
            n.id for n in section.notes
        ]
        ids += [b.id for b in tables_and_figures(section.blocks)]
        found.update({i: f"{section_file(section)}#{i}" for i in ids})
    return found


def called_notes(block: Block) -> list[int]:
    """Numbers of the notes first called in this block's own text (asides follow the block); of
    a table or a figure, in its caption and cells."""
    if isinstance(block, Table | Figure):
        return [number for text in text_blocks((block,)) for number in called_notes(text)]
    if not isinstance(block, Paragraph | Heading):
        return []
    return [item.number for item in block.inlines if isinstance(item, NoteRef) and item.occurrence == 1]


def leading_page_breaks(inlines: tuple[Inline, ...]) -> tuple[tuple[PageBreak, ...], tuple[Inline, ...]]:
    """A page that opens with a block gets its marker before the block, not inside it: inside
    a heading the marker's label would become part of the heading's (and section's) name."""
    count = 0
    while count < len(inlines) and isinstance(inlines[count], PageBreak):
        count += 1
    return tuple(i for i in inlines[:count] if isinstance(i, PageBreak)), inlines[count:]


def build_epub(
    publication: Publication,
    *,
    templates_dir: TemplateFolders,
    stylesheet: Path,
    fonts: FontFolder,
    pages: tuple[PageStart, ...],
    modified: datetime.datetime,
) -> bytes:
    environment = create_environment(templates_dir)
    environment.filters["called_notes"] = called_notes
    environment.filters["leading_page_breaks"] = leading_page_breaks
    environment.filters["xref_href"] = target_documents(publication).__getitem__
    images = image_names(publication)
    environment.filters["image_href"] = lambda figure: images[figure.file].name
    book = epub.EpubBook()
    set_metadata(book, publication, paginated=bool(pages))
    cover = add_cover(book, publication)
    documents = add_sections(book, publication, environment, cover=cover)
    toc = toc_entries(publication)
    page_entries = [TocEntry(p.label, f"{p.document}#{p.anchor}") for p in pages]
    markers = [p for p in pages if p.document == NAV_FILE]  # the print edition's contents pages
    nav = add_navigation(book, publication, environment, toc=toc, pages=page_entries, markers=markers)
    book.add_item(
        epub.EpubItem(
            uid="style", file_name="style/epub.css", media_type="text/css", content=stylesheet.read_bytes()
        )
    )
    add_fonts(book, fonts, used_characters([*(d.content for d in documents), nav.content]))
    add_images(book, images)
    # In the print edition's order: the front matter, then its contents, then the body.
    front = len(publication.front)
    book.spine = [*documents[:front], nav, *documents[front:]]
    buffer = io.BytesIO()
    options = {
        "epub3_pages": False,
        "epub3_landmark": False,
        "epub2_guide": False,
        "raise_exceptions": True,
        "mtime": modified,
    }
    PackageWriter(buffer, book, options, language=publication.language, toc=toc, pages=page_entries).write()
    return repack(buffer.getvalue(), modified)


def add_cover(book: epub.EpubBook, publication: Publication) -> str | None:
    """The cover image in the package (`cover-image`), for the title page; its file name."""
    cover = publication.cover
    if cover is None:
        return None
    name = f"images/cover.{'png' if cover.media_type == 'image/png' else 'jpg'}"
    item = epub.EpubItem(uid="cover-image", file_name=name, media_type=cover.media_type, content=cover.data)
    item.properties = ["cover-image"]
    book.add_item(item)
    return name


def add_sections(
    book: epub.EpubBook, publication: Publication, environment: Environment, *, cover: str | None
) -> list[epub.EpubItem]:
    """One XHTML document per section, in reading order; the cover image on the title page."""
    notes = notes_by_number(publication)
    documents = []
    for section in publication.sections:
        title = plain_text(section.title)
        xhtml = render_template(
            environment,
            "epub/section.xhtml.j2",
            pub=publication,
            section=section,
            notes=notes,
            title=title,
            cover=cover,
        )
        item = epub.EpubItem(
            uid=section.id,
            file_name=section_file(section),
            media_type="application/xhtml+xml",
            content=xhtml.encode(),
        )
        book.add_item(item)
        documents.append(item)
    return documents


def add_navigation(
    book: epub.EpubBook,
    publication: Publication,
    environment: Environment,
    *,
    toc: tuple[TocEntry, ...],
    pages: list[TocEntry],
    markers: list[PageStart],
) -> epub.EpubItem:
    """The navigation document (contents, the lists of tables and figures, landmarks, page-list,
    and the page-break markers of the print edition's contents and lists pages, each before the
    part its page opens in) and the NCX beside it."""
    lists = list_navs(publication)
    by_part = {nav.part: [m for m in markers if m.opens_in == nav.part] for nav in lists}
    nav_xhtml = render_template(
        environment,
        "epub/nav.xhtml.j2",
        pub=publication,
        toc=toc,
        lists=lists,
        pages=[{"label": p.title, "href": p.href} for p in pages],
        markers=[m for m in markers if m.opens_in not in by_part],
        list_markers=by_part,
        landmarks=landmarks(publication),
    )
    nav = epub.EpubItem(
        uid="nav", file_name=NAV_FILE, media_type="application/xhtml+xml", content=nav_xhtml.encode()
    )
    nav.properties = ["nav"]
    book.add_item(nav)
    book.add_item(epub.EpubNcx())
    return nav


LANDMARKS = ("titlepage", "frontmatter", "toc", "bodymatter", "backmatter", "bibliography")


def landmarks(publication: Publication) -> list[tuple[str, str, str]]:
    """(epub:type, href, label) of the book's landmarks, in this order: the title page, the front
    matter (its first file), the contents, the body, the back matter (annexes), the bibliography."""
    found: dict[str, tuple[str, str]] = {"toc": (f"{NAV_FILE}#toc", "Contents")}
    for section in publication.sections:
        kinds = {"front": {TITLE_PAGE: ["titlepage"], "": ["frontmatter"]}.get(section.kind, [])}
        kinds["body"] = ["bodymatter"]
        kinds["annex"] = ["backmatter", "bibliography" if section.id == BIBLIOGRAPHY_SECTION else ""]
        for kind in kinds[section.role]:
            if kind:
                found.setdefault(kind, (section_file(section), plain_text(section.title)))
    return [(kind, *found[kind]) for kind in LANDMARKS if kind in found]


def add_fonts(book: epub.EpubBook, fonts: FontFolder, characters: str) -> None:
    """Each face cut to `characters`, and the licences the OFL asks to travel with them."""
    cuts = [
        (name, subset_font(fonts.face(style), characters, style=style)) for style, name in EPUB_FONTS.items()
    ]
    cuts += [(face.name, subset_fallback(face, characters)) for face in fonts.fallbacks]
    for name, data in cuts:
        book.add_item(
            epub.EpubItem(
                uid=name.split(".")[0], file_name=f"fonts/{name}", media_type="font/ttf", content=data
            )
        )
    for licence in fonts.licences:
        book.add_item(
            epub.EpubItem(
                uid=f"licence-{licence.stem}",
                file_name=f"fonts/{licence.name}",
                media_type="text/plain",
                content=licence.read_bytes(),
            )
        )


# --- Figures' images (issue #15) -------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class PackagedImage:
    name: str  # "images/image-1.svg"
    media_type: str


def image_names(publication: Publication) -> dict[Path, PackagedImage]:
    """Each image file a figure shows -> its place in the package, "images/image-1.svg" (once
    however many figures show it): a content file's own name may hold what EPUBCheck warns of."""
    names: dict[Path, PackagedImage] = {}
    for section in publication.sections:
        for block in tables_and_figures(section.blocks):
            if isinstance(block, Figure) and block.file not in names:
                name = f"images/image-{len(names) + 1}{block.file.suffix.lower()}"
                names[block.file] = PackagedImage(name, block.media_type)
    return names


def add_images(book: epub.EpubBook, images: dict[Path, PackagedImage]) -> None:
    for file, image in images.items():
        uid = image.name.removeprefix("images/").replace(".", "-")
        book.add_item(
            epub.EpubItem(
                uid=uid, file_name=image.name, media_type=image.media_type, content=file.read_bytes()
            )
        )
