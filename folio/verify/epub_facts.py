"""An EPUB file -> `EpubFacts`: everything the EPUB checks look at, read once (zipfile + lxml).

The package's entries and metadata, the spine's documents and their ids, every noteref and
footnote aside, the navigation's page-list and table of contents, and every remote resource
a document or stylesheet names.
"""

from __future__ import annotations

import dataclasses
import posixpath
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar
from urllib.parse import unquote, urlsplit

from lxml import etree

from folio.references import css_references
from folio.verify.epub_structure import EpubFigure, EpubTable, read_figures, read_tables

T = TypeVar("T")

NS = {
    "x": "http://www.w3.org/1999/xhtml",
    "epub": "http://www.idpf.org/2007/ops",
    "opf": "http://www.idpf.org/2007/opf",
    "dc": "http://purl.org/dc/elements/1.1/",
    "c": "urn:oasis:names:tc:opendocument:xmlns:container",
}
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
RESOURCE_ATTRIBUTES = {"img": "src", "image": "href", "audio": "src", "video": "src", "source": "src"}
RESOURCE_ATTRIBUTES |= {"script": "src", "link": "href", "iframe": "src", "embed": "src", "track": "src"}
RESOURCE_ATTRIBUTES |= {"object": "data", "input": "src"}


@dataclass(frozen=True, slots=True)
class NoteRefFact:
    document: str
    id: str
    target: str  # "document#id"
    text: str


@dataclass(frozen=True, slots=True)
class AsideFact:
    document: str
    id: str
    is_footnote: bool
    backlinks: tuple[str, ...]  # "document#id" of each back-link
    number: str  # the back-link's text
    text: str  # the note's text without its number
    addresses: tuple[str, ...] = ()  # the web addresses its links lead to (its sources')


@dataclass(frozen=True, slots=True)
class LinkFact:
    """A link inside the book that is neither a noteref nor a back-link: a cross-reference, or
    a bibliography entry's link to a note."""

    document: str
    source: str  # the id of the nearest element around it that has one (its paragraph)
    target: str  # "document#id"
    text: str


@dataclass(frozen=True, slots=True)
class EntryFact:
    """A paragraph of the bibliography (the section whose epub:type is "bibliography")."""

    document: str
    text: str
    links: tuple[tuple[str, str], ...]  # inside the book: "document#id", the link's text
    addresses: tuple[str, ...]  # its web addresses


@dataclass(frozen=True, slots=True)
class PartFact:
    """A document of the spine as a part of the book: its body's `epub:type` and the sections it
    holds: id, `epub:type` words, role."""

    document: str
    body_type: str
    sections: tuple[tuple[str, tuple[str, ...], str], ...]


@dataclass(frozen=True, slots=True)
class EpubFacts:
    path: str
    entries: tuple[tuple[str, int], ...]  # zip entries in order: name, compression
    mimetype: bytes
    metadata: dict[str, tuple[str, ...]]
    documents: tuple[str, ...]  # spine order
    ids: dict[str, frozenset[str]]
    noterefs: tuple[NoteRefFact, ...]
    asides: dict[str, AsideFact]  # "document#id" -> aside
    page_list: tuple[tuple[str, str], ...]  # label, "document#id"
    toc: tuple[str, ...]
    remote: tuple[tuple[str, str], ...]  # file, address
    tables: tuple[EpubTable, ...] = ()  # in spine order
    figures: tuple[EpubFigure, ...] = ()
    media_types: dict[str, str] = dataclasses.field(default_factory=dict)  # package path -> its type
    links: tuple[LinkFact, ...] = ()  # in spine order
    headings: dict[str, str] = field(default_factory=dict)  # "document#id" of each h1-h6 -> its text
    bibliography: tuple[EntryFact, ...] = ()
    parts: tuple[PartFact, ...] = ()  # the spine's documents, in order
    lists: dict[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)  # "lot", "loi" -> entries


def read_epub_facts(path: Path, *, shown: str | None = None) -> EpubFacts:
    with zipfile.ZipFile(path) as archive:
        package = read_package(archive)
        spine, trees, nav_name = package.spine, package.trees, package.nav_name
        nav = trees.get(nav_name or "")

        def in_spine(read: Callable[[str, etree._Element], Iterable[T]]) -> tuple[T, ...]:
            return tuple(item for name in spine if name in trees for item in read(name, trees[name]))

        return EpubFacts(
            path=shown or str(path),
            entries=tuple((info.filename, info.compress_type) for info in archive.infolist()),
            mimetype=archive.read("mimetype") if "mimetype" in package.names else b"",
            metadata=package_metadata(package.opf),
            documents=tuple(spine),
            ids={name: frozenset(tree.xpath("//@id")) for name, tree in trees.items()},
            noterefs=in_spine(noterefs),
            asides={f"{a.document}#{a.id}": a for name, tree in trees.items() for a in asides(name, tree)},
            page_list=tuple(nav_entries(nav_name, nav, "page-list")),
            toc=tuple(label for label, _ in nav_entries(nav_name, nav, "toc")),
            remote=tuple(
                package.remote + [r for name, tree in trees.items() for r in remote_resources(name, tree)]
            ),
            tables=in_spine(read_tables),
            figures=in_spine(read_figures),
            media_types=package.media_types,
            links=tuple(link for link in in_spine(links) if link.document != nav_name),
            headings={place: text for name, tree in trees.items() for place, text in headings(name, tree)},
            bibliography=in_spine(bibliography_entries),
            parts=in_spine(lambda name, tree: (part_fact(name, tree),)),
            lists=nav_lists(nav_name, nav),
        )


@dataclass(frozen=True, slots=True)
class Package:
    """What the package document says: its files, the spine, the parsed XHTML documents."""

    names: tuple[str, ...]
    opf: etree._Element
    spine: tuple[str, ...]
    trees: dict[str, etree._Element]
    nav_name: str | None
    remote: list[tuple[str, str]]  # file, address
    media_types: dict[str, str]  # package path -> its type


def read_package(archive: zipfile.ZipFile) -> Package:
    names = tuple(archive.namelist())
    container = etree.fromstring(archive.read("META-INF/container.xml"))
    opf_name = str(container.find(".//c:rootfile", NS).get("full-path"))
    opf = etree.fromstring(archive.read(opf_name))
    base = posixpath.dirname(opf_name)
    manifest = {item.get("id"): item for item in opf.findall("opf:manifest/opf:item", NS)}
    spine = tuple(
        posixpath.join(base, manifest[ref.get("idref")].get("href"))
        for ref in opf.findall("opf:spine/opf:itemref", NS)
        if ref.get("idref") in manifest
    )
    remote = [("content.opf", item.get("href")) for item in manifest.values() if is_remote(item.get("href"))]
    trees: dict[str, etree._Element] = {}
    for item in manifest.values():
        name = posixpath.join(base, unquote(item.get("href") or ""))
        if item.get("media-type") == "application/xhtml+xml" and name in names:
            trees[name] = etree.fromstring(archive.read(name))
        elif item.get("media-type") == "text/css" and name in names:
            css = archive.read(name).decode("utf-8", "replace")
            remote += [(name, url) for url in css_references(css) if is_remote(url)]
    nav_item = next((i for i in manifest.values() if "nav" in (i.get("properties") or "").split()), None)
    media_types = {
        posixpath.join(base, unquote(item.get("href") or "")): item.get("media-type") or ""
        for item in manifest.values()
    }
    nav_name = posixpath.join(base, nav_item.get("href")) if nav_item is not None else None
    return Package(names, opf, spine, trees, nav_name, remote, media_types)


def is_remote(address: str | None) -> bool:
    return urlsplit(address or "").scheme.lower() in ("http", "https", "ftp") or (address or "").startswith(
        "//"
    )


def package_metadata(opf: etree._Element) -> dict[str, tuple[str, ...]]:
    found: dict[str, list[str]] = {}
    metadata = opf.find("opf:metadata", NS)
    for element in metadata if metadata is not None else ():
        if not isinstance(element.tag, str):
            continue
        if element.tag.startswith(f"{{{NS['dc']}}}"):
            key = "dc:" + element.tag.split("}")[1]
        elif element.get("property"):
            key = str(element.get("property"))
        else:
            continue
        found.setdefault(key, []).append((element.text or "").strip())
    return {key: tuple(values) for key, values in found.items()}


def resolve(document: str, href: str) -> str:
    """`href` as written in `document` -> "document#id" inside the package."""
    path, _, fragment = href.partition("#")
    target = (
        posixpath.normpath(posixpath.join(posixpath.dirname(document), unquote(path))) if path else document
    )
    return f"{target}#{fragment}"


def noterefs(document: str, tree: etree._Element) -> Iterator[NoteRefFact]:
    for ref in tree.iterfind(".//x:a", NS):
        if "noteref" in (ref.get(EPUB_TYPE) or "").split():
            text = "".join(ref.itertext()).strip()
            yield NoteRefFact(document, ref.get("id") or "", resolve(document, ref.get("href") or ""), text)


def asides(document: str, tree: etree._Element) -> Iterator[AsideFact]:
    for aside in tree.iterfind(".//x:aside", NS):
        backs = [a for a in aside.iterfind(".//x:a", NS) if a.get("role") == "doc-backlink"]
        number = "".join(backs[0].itertext()).strip() if backs else ""
        text = "".join(aside.itertext()).strip()
        yield AsideFact(
            document,
            aside.get("id") or "",
            "footnote" in (aside.get(EPUB_TYPE) or "").split(),
            tuple(resolve(document, a.get("href") or "") for a in backs),
            number,
            text.removeprefix(number).strip(),
            tuple(a.get("href") or "" for a in aside.iterfind(".//x:a", NS) if is_remote(a.get("href"))),
        )


def links(document: str, tree: etree._Element) -> Iterator[LinkFact]:
    """Its links inside the book but noterefs and back-links, each with the id of its block."""
    for a in tree.iterfind(".//x:a", NS):
        href = a.get("href") or ""
        kinds = (a.get(EPUB_TYPE) or "").split()
        if "#" not in href or is_remote(href) or "noteref" in kinds or a.get("role") == "doc-backlink":
            continue
        around = next((e for e in a.iterancestors() if e.get("id")), None)
        source = around.get("id") if around is not None else ""
        yield LinkFact(document, source or "", resolve(document, href), "".join(a.itertext()).strip())


def headings(document: str, tree: etree._Element) -> Iterator[tuple[str, str]]:
    for level in range(1, 7):
        for heading in tree.iterfind(f".//x:h{level}[@id]", NS):
            yield f"{document}#{heading.get('id')}", "".join(heading.itertext()).strip()


def bibliography_entries(document: str, tree: etree._Element) -> Iterator[EntryFact]:
    """The paragraphs of each section whose epub:type is "bibliography"."""
    for section in tree.iter():
        if not isinstance(section.tag, str) or "bibliography" not in (section.get(EPUB_TYPE) or "").split():
            continue
        for paragraph in section.iterfind(".//x:p", NS):
            hrefs = [
                (a.get("href") or "", "".join(a.itertext()).strip()) for a in paragraph.iterfind(".//x:a", NS)
            ]
            yield EntryFact(
                document,
                "".join(paragraph.itertext()).strip(),
                tuple((resolve(document, href), text) for href, text in hrefs if not is_remote(href)),
                tuple(href for href, _ in hrefs if is_remote(href)),
            )


def part_fact(document: str, tree: etree._Element) -> PartFact:
    body = tree.find("x:body", NS)
    sections = body.iterfind("x:section", NS) if body is not None else iter(())
    return PartFact(
        document,
        (body.get(EPUB_TYPE) or "") if body is not None else "",
        tuple(
            (s.get("id") or "", tuple((s.get(EPUB_TYPE) or "").split()), s.get("role") or "")
            for s in sections
        ),
    )


def nav_entries(document: str | None, tree: etree._Element | None, kind: str) -> Iterator[tuple[str, str]]:
    if document is None or tree is None:
        return
    for nav in tree.iterfind(".//x:nav", NS):
        if kind in (nav.get(EPUB_TYPE) or "").split():
            for a in nav.iterfind(".//x:a", NS):
                yield "".join(a.itertext()).strip(), resolve(document, a.get("href") or "")


LIST_NAVS = ("lot", "loi")  # EPUB 3's nav types of a list of tables and a list of illustrations


def nav_lists(document: str | None, tree: etree._Element | None) -> dict[str, tuple[tuple[str, str], ...]]:
    """The navigation's lists of tables and figures: each nav's type -> its entries (label, target)."""
    if document is None or tree is None:
        return {}
    kinds = {kind for nav in tree.iterfind(".//x:nav", NS) for kind in (nav.get(EPUB_TYPE) or "").split()}
    return {kind: tuple(nav_entries(document, tree, kind)) for kind in LIST_NAVS if kind in kinds}


def remote_resources(document: str, tree: etree._Element) -> Iterator[tuple[str, str]]:
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        local = etree.QName(element).localname
        attribute = RESOURCE_ATTRIBUTES.get(local)
        for name in (attribute, "{http://www.w3.org/1999/xlink}href" if local == "image" else None, "srcset"):
            value = element.get(name) if name else None
            if value and is_remote(value.split()[0]):
                yield document, value
        for url in css_references(element.get("style") or ""):
            if is_remote(url):
                yield document, url
        if local == "style":
            yield from ((document, url) for url in css_references(element.text or "") if is_remote(url))
