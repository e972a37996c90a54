"""A figure's image file: a PNG, JPEG or SVG file inside content/, that both editions can show
without fetching anything else.

Takes the address a figure gives (relative to its Markdown file) and the content folder; gives
the file, its name inside content/ and its media type, or a `BuildError` at the figure's line (a
remote address, a path out of content/, a missing file, another type, a file whose bytes are not
what its name says) or at the SVG's own line (a reference to anything outside the SVG, a script).
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from lxml import etree
from PIL import Image

from folio.errors import BuildError, Diagnostic, SourceLocation, display_path
from folio.load.files import is_inside, read_bytes
from folio.model import Figure
from folio.references import css_references

MEDIA_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".svg": "image/svg+xml"}
RASTER_FORMATS = {"image/png": "PNG", "image/jpeg": "JPEG"}
SVG_NS = "http://www.w3.org/2000/svg"
SVG = f"{{{SVG_NS}}}svg"
# The DTDs an SVG may name in its DOCTYPE: no parser here or in a reading system fetches them.
SVG_DTDS = {
    "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd",
    "http://www.w3.org/TR/2001/REC-SVG-20010904/DTD/svg10.dtd",
}
REFUSED_ELEMENTS = {"script": "a script", "foreignObject": "a foreignObject (HTML inside the SVG)"}


@dataclass(frozen=True, slots=True)
class CheckedImage:
    file: Path  # resolved
    name: str  # inside content/: "figures/map.svg"
    media_type: str


def check_image(src: str, *, section: Path, content_dir: Path, where: SourceLocation) -> CheckedImage:
    """The image a figure shows, checked; a `BuildError` naming what is wrong with it."""
    path = image_path(src, section=section, content_dir=content_dir, where=where)
    media_type = MEDIA_TYPES.get(path.suffix.lower())
    if media_type is None:
        raise BuildError(
            f"the figure's image '{src}' is not a PNG, JPEG or SVG file (.png, .jpg, .svg)", where
        )
    if not path.is_file():
        raise BuildError(f"the figure's image '{src}' is not found (looked for {display_path(path)})", where)
    shown = display_path(path)
    data = read_bytes(path, shown, inside=content_dir)
    if media_type == "image/svg+xml":
        check_svg(data, shown)
    else:
        check_raster(data, RASTER_FORMATS[media_type], src=src, where=where)
    name = PurePosixPath(*path.resolve().relative_to(content_dir.resolve()).parts).as_posix()
    return CheckedImage(path.resolve(), name, media_type)


def image_path(src: str, *, section: Path, content_dir: Path, where: SourceLocation) -> Path:
    """The file `src` names, relative to the Markdown file that names it, inside content/."""
    parts = urlsplit(src)
    if parts.scheme or parts.netloc:
        raise BuildError(
            f"the figure's image '{src}' is not a file in the content folder: a build fetches "
            "nothing, and the EPUB may show only what it holds; copy the image into content/",
            where,
        )
    if not parts.path or parts.path.startswith("/"):
        raise BuildError(f"the figure's image '{src}' must be a path relative to its Markdown file", where)
    path = section.parent / unquote(parts.path)
    if not is_inside(path, content_dir):
        raise BuildError(f"the figure's image '{src}' is outside the content folder", where)
    return path


def check_raster(data: bytes, wanted: str, *, src: str, where: SourceLocation) -> None:
    """A PNG or JPEG file whose bytes are what its name says, and whole."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                found = image.format
                image.verify()
    except (
        OSError,
        SyntaxError,
        ValueError,
        Image.DecompressionBombWarning,
        Image.DecompressionBombError,
    ) as exc:
        raise BuildError(f"the figure's image '{src}' cannot be read as {wanted}: {exc}", where) from None
    if found != wanted:
        raise BuildError(
            f"the figure's image '{src}' is named as {wanted} but holds {found}: rename it", where
        )


def check_svg(data: bytes, shown: str) -> None:
    """An SVG that refers to nothing outside itself: no other file, no address, no DTD of its
    own, no script. WeasyPrint and reading systems would fetch what it names."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError as exc:
        raise BuildError(
            f"not a well-formed SVG file: {exc.msg}", SourceLocation(shown, exc.lineno)
        ) from None
    if root.tag != SVG:
        raise BuildError(
            "not an SVG file: its root element is not <svg> in the SVG namespace",
            SourceLocation(shown, root.sourceline),
        )
    found = list(svg_problems(root, shown))
    if found:
        raise BuildError.collect(found)


def svg_problems(root: etree._Element, shown: str) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    document = root.getroottree().docinfo
    declared = document.internalDTD
    if declared is not None and (list(declared.iterentities()) or list(declared.iterelements())):
        found.append(
            Diagnostic("the SVG declares a DTD of its own (entities): remove it", SourceLocation(shown, 1))
        )
    if document.system_url and document.system_url not in SVG_DTDS:
        message = f"the SVG names the DTD '{document.system_url}', outside itself: remove the DOCTYPE"
        found.append(Diagnostic(message, SourceLocation(shown, 1)))
    for node in root.itersiblings(preceding=True):
        if isinstance(node, etree._ProcessingInstruction):
            found.append(
                Diagnostic(
                    f"the SVG holds <?{node.target} ...?>, which loads a file: remove it",
                    SourceLocation(shown, node.sourceline),
                )
            )
    for element in root.iter():
        found.extend(element_problems(element, shown))
    return found


def element_problems(element: etree._Element, shown: str) -> list[Diagnostic]:
    """What one element of the SVG refers to outside itself, or runs."""
    where = SourceLocation(shown, element.sourceline)
    if isinstance(element, etree._ProcessingInstruction):
        return [Diagnostic(f"the SVG holds <?{element.target} ...?>: remove it", where)]
    if not isinstance(element.tag, str):
        return []  # a comment or an entity
    local = etree.QName(element).localname
    found = []
    if local in REFUSED_ELEMENTS:
        found.append(Diagnostic(f"the SVG holds {REFUSED_ELEMENTS[local]}: remove it", where))
    references = list(css_references(element.text or "")) if local == "style" else []
    if local == "style" and "@import" in (element.text or ""):
        found.append(Diagnostic("the SVG's style imports another stylesheet: remove the @import", where))
    for attribute, value in element.attrib.items():
        name = etree.QName(attribute).localname
        if name.lower().startswith("on"):
            found.append(Diagnostic(f"the SVG's <{local}> has an event handler '{name}': remove it", where))
        elif name == "href":
            references.append(value)
        else:
            references.extend(css_references(value))
    for reference in references:
        if not reference.strip().startswith("#"):
            message = f"the SVG refers to '{reference[:80]}', outside itself: draw it inside the SVG"
            found.append(Diagnostic(message, where))
    return found


def drawn_texts(figures: Iterable[Figure]) -> Iterator[tuple[str, SourceLocation]]:
    """The text each SVG figure draws, with its line in the SVG: the PDF prints it in the book's
    fonts, so a character they lack is as much an error there as in the Markdown."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    for file in dict.fromkeys(f.file for f in figures if f.media_type == "image/svg+xml"):
        root = etree.fromstring(file.read_bytes(), parser=parser)
        for element in root.iter(f"{{{SVG_NS}}}text"):
            yield "".join(element.itertext()), SourceLocation(display_path(file), element.sourceline)
