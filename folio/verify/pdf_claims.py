"""A PDF file -> `EditionFacts`: what it claims to be and what PDF/A and a print shop look at.

Read only for the editions that make such claims (`folio.verify.outputs.verify_edition`), never
for the main PDF. pikepdf (qpdf) reads the header, the trailer (encryption, /ID), the document
information, the XMP packet (lxml: each property with its namespace, and the properties that
PDF/A extension schemas declare), the output intents with the header of each ICC profile, the
actions and annotations, the images and the colour operators of every content stream, and
each page's boxes; PDFium (`folio.verify.pdf_drawings`) the paths each page draws outside its
TrimBox: the crop marks.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pikepdf
from lxml import etree

from folio.verify.pdf_drawings import Box, read_paths_outside

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
EXTENSION = "http://www.aiim.org/pdfa/ns/extension/"
SCHEMA = "http://www.aiim.org/pdfa/ns/schema#"
PROPERTY = "http://www.aiim.org/pdfa/ns/property#"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
COLOUR_OPERATORS = "k K rg RG g G cs CS"  # those that set a device colour, and that name a colour space
DEVICE_OPERATORS = {op: space for ops, space in (("kK", "/DeviceCMYK"), ("gG", "/DeviceGray")) for op in ops}
DEVICE_OPERATORS |= {"rg": "/DeviceRGB", "RG": "/DeviceRGB"}
XMP_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)

Property = tuple[str, str]  # namespace URI, local name


@dataclass(frozen=True, slots=True)
class Xmp:
    values: dict[Property, str]  # every top-level property: its text (of a list, its first item)
    declared: frozenset[Property]  # the properties PDF/A extension schemas declare
    error: str | None = None  # the packet is no well-formed XML


@dataclass(frozen=True, slots=True)
class OutputIntent:
    subtype: str  # "/GTS_PDFA1", "/GTS_PDFX"
    condition: str  # /OutputConditionIdentifier
    profile: bytes | None  # the first 128 bytes of the DestOutputProfile (the ICC header)
    profile_size: int  # of the whole profile
    components: int | None  # the profile stream's /N


@dataclass(frozen=True, slots=True)
class PageBoxes:
    media: Box
    trim: Box | None
    bleed: Box | None


@dataclass(frozen=True, slots=True)
class EditionFacts:
    path: str
    header: bytes  # the file's first line and the comment after it
    encrypted: bool
    identified: bool  # the trailer has an /ID
    info: dict[str, str]  # the document information, by key ("/Title")
    xmp: Xmp | None
    intents: tuple[OutputIntent, ...]
    forbidden: tuple[tuple[int | None, str], ...]  # page index (None: the document), what
    interpolated: tuple[int | None, ...] = ()  # the page (None: not found on one) of each image interpolated
    colour_spaces: dict[str, int] = field(default_factory=dict)  # device colour space -> uses
    boxes: tuple[PageBoxes, ...] = ()
    outside: tuple[tuple[Box, ...], ...] = ()  # each page's paths drawn outside its TrimBox


def read_edition_facts(path: Path, *, shown: str | None = None) -> EditionFacts:
    header = path.read_bytes()[:64].split(b"\n")
    with pikepdf.open(path) as pdf:
        boxes = tuple(page_boxes(page) for page in pdf.pages)
        trims = [b.trim for b in boxes]
        return EditionFacts(
            path=shown or str(path),
            header=b"\n".join(header[:2]),
            encrypted=pdf.is_encrypted or "/Encrypt" in pdf.trailer,
            identified="/ID" in pdf.trailer,
            info={str(k): text(v) for k, v in pdf.docinfo.items()} if "/Info" in pdf.trailer else {},
            xmp=read_xmp(pdf),
            intents=tuple(output_intents(pdf)),
            forbidden=tuple(forbidden_parts(pdf)),
            interpolated=tuple(interpolated_images(pdf)),
            colour_spaces=device_colour_spaces(pdf),
            boxes=boxes,
            outside=read_paths_outside(path, trims) if any(trims) else (),
        )


def text(value: Any) -> str:
    return str(value) if isinstance(value, pikepdf.String | pikepdf.Name) else repr(value)


def box_of(value: Any) -> Box | None:
    if not isinstance(value, pikepdf.Array) or len(value) != 4:
        return None
    left, bottom, right, top = (float(v) for v in value)
    return (min(left, right), min(bottom, top), max(left, right), max(bottom, top))


def page_boxes(page: pikepdf.Page) -> PageBoxes:
    media = box_of(page.obj.get("/MediaBox")) or box_of(page.mediabox) or (0.0, 0.0, 0.0, 0.0)
    return PageBoxes(media, box_of(page.obj.get("/TrimBox")), box_of(page.obj.get("/BleedBox")))


def read_xmp(pdf: pikepdf.Pdf) -> Xmp | None:
    stream = pdf.Root.get("/Metadata")
    if not isinstance(stream, pikepdf.Stream):
        return None
    data = stream.read_bytes()
    try:
        root = etree.fromstring(data, XMP_PARSER)
    except etree.XMLSyntaxError as error:
        return Xmp({}, frozenset(), error=str(error))
    values: dict[Property, str] = {}
    for description in root.iter(f"{{{RDF}}}Description"):
        if description.getparent() is None or description.getparent().tag != f"{{{RDF}}}RDF":
            continue  # a structure inside a property, not a property of the document
        for name, value in description.attrib.items():
            if not name.startswith(f"{{{RDF}}}"):
                values[qualified(name)] = value
        for child in description:
            values[qualified(child.tag)] = property_text(child)
    return Xmp(values, frozenset(declared_properties(root)))


def property_text(element: Any) -> str:
    """A property's text: a simple value's; of an rdf:Alt, the x-default item's (else the
    first); of an rdf:Seq or rdf:Bag, its items joined by ", " (as /Author joins its authors)."""
    for kind in ("Alt", "Seq", "Bag"):
        container = element.find(f"{{{RDF}}}{kind}")
        if container is None:
            continue
        items = [(item.get(XML_LANG), (item.text or "").strip()) for item in container.iter(f"{{{RDF}}}li")]
        if kind == "Alt":
            return next((t for lang, t in items if lang == "x-default"), items[0][1] if items else "")
        return ", ".join(t for _, t in items)
    return (element.text or "").strip()


def qualified(tag: str) -> Property:
    namespace, _, local = tag[1:].partition("}")
    return namespace, local


def declared_properties(root: Any) -> Iterator[Property]:
    """(namespace, name) of each property the pdfaExtension:schemas declare, in element or
    attribute form."""
    for schemas in root.iter(f"{{{EXTENSION}}}schemas"):
        for schema in schemas.iter(f"{{{RDF}}}li"):
            fields = resource_fields(schema)
            namespace = fields.get(f"{{{SCHEMA}}}namespaceURI")
            if namespace is None:
                continue
            for item in schema.iter(f"{{{RDF}}}li"):
                name = resource_fields(item).get(f"{{{PROPERTY}}}name")
                if name:
                    yield namespace, name


def resource_fields(item: Any) -> dict[str, str]:
    fields = dict(item.attrib.items())
    for child in item:
        fields.setdefault(child.tag, (child.text or "").strip())
    return fields


def output_intents(pdf: pikepdf.Pdf) -> Iterator[OutputIntent]:
    for intent in pdf.Root.get("/OutputIntents", pikepdf.Array()):
        if not isinstance(intent, pikepdf.Dictionary):
            continue
        profile = intent.get("/DestOutputProfile")
        data = profile.read_bytes() if isinstance(profile, pikepdf.Stream) else None
        components = profile.get("/N") if isinstance(profile, pikepdf.Stream) else None
        yield OutputIntent(
            subtype=str(intent.get("/S", "")),
            condition=text(intent.get("/OutputConditionIdentifier", pikepdf.String(""))),
            profile=data[:128] if data is not None else None,
            profile_size=len(data) if data is not None else 0,
            components=int(components) if isinstance(components, int) else None,
        )


FORBIDDEN_ACTIONS = {
    "/Launch",
    "/Sound",
    "/Movie",
    "/ResetForm",
    "/ImportData",
    "/Hide",
    "/SetOCGState",
    "/Rendition",
    "/Trans",
    "/GoTo3DView",
    "/JavaScript",
}
FORBIDDEN_ANNOTATIONS = {"/3D", "/Sound", "/Screen", "/Movie", "/FileAttachment"}
PRINT, HIDDEN_FLAGS = 4, 1 | 2 | 32 | 256  # Print; Invisible, Hidden, NoView, ToggleNoView


def forbidden_parts(pdf: pikepdf.Pdf) -> Iterator[tuple[int | None, str]]:
    """What PDF/A-2 forbids in a file: actions that run or play something, JavaScript, embedded
    files that are not PDF, annotations that would not print, additional actions."""
    root = pdf.Root
    names = root.get("/Names", pikepdf.Dictionary())
    if "/JavaScript" in names:
        yield None, "JavaScript (/Names /JavaScript)"
    for name, spec in pdf.attachments.items():
        if spec.filename and not str(spec.filename).lower().endswith(".pdf"):
            yield None, f"an embedded file that is no PDF ({name})"
    if "/AA" in root:
        yield None, "additional actions of the document (/AA)"
    yield from (where for where in action_problems(root.get("/OpenAction"), None, "the opening action"))
    for index, page in enumerate(pdf.pages):
        if "/AA" in page.obj:
            yield index, "additional actions of the page (/AA)"
        for annotation in page.obj.get("/Annots", pikepdf.Array()):
            yield from annotation_problems(annotation, index)


def annotation_problems(annotation: Any, page: int) -> Iterator[tuple[int | None, str]]:
    if not isinstance(annotation, pikepdf.Dictionary):
        return
    subtype = str(annotation.get("/Subtype", ""))
    if subtype in FORBIDDEN_ANNOTATIONS:
        yield page, f"a {subtype[1:]} annotation"
    given = annotation.get("/F")
    flags = int(given) if isinstance(given, int) else 0
    if subtype != "/Popup" and (not flags & PRINT or flags & HIDDEN_FLAGS):
        yield page, f"a {subtype[1:] or 'nameless'} annotation that does not print (/F {flags})"
    if "/AA" in annotation:
        yield page, f"additional actions of a {subtype[1:]} annotation (/AA)"
    yield from action_problems(annotation.get("/A"), page, f"a {subtype[1:]} annotation's action")


def action_problems(action: Any, page: int | None, where: str) -> Iterator[tuple[int | None, str]]:
    seen = 0
    while isinstance(action, pikepdf.Dictionary) and seen < 100:  # an action and its /Next chain
        kind = str(action.get("/S", ""))
        if kind in FORBIDDEN_ACTIONS:
            yield page, f"{where} is a {kind[1:]} action"
        action = action.get("/Next")
        seen += 1


def images(pdf: pikepdf.Pdf) -> Iterator[tuple[int | None, Any]]:
    """Every image XObject of the file, with the first page that draws it (None: none found)."""
    on_page: dict[tuple[int, int], int] = {}
    for index, page in enumerate(pdf.pages):
        for image in page.get_images().values():
            on_page.setdefault(image.objgen, index)
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == "/Image":
            yield on_page.get(obj.objgen), obj


def interpolated_images(pdf: pikepdf.Pdf) -> Iterator[int | None]:
    for page, image in images(pdf):
        if image.get("/Interpolate") is True:
            yield page


def device_colour_spaces(pdf: pikepdf.Pdf) -> dict[str, int]:
    """How often each device colour space is used: by an image, or by a content stream's
    operators (`k`, `rg`, `g` and their stroking forms set a device colour; `cs`/`CS` name a
    colour space)."""
    found: dict[str, int] = {}
    for _, image in images(pdf):
        space = image.get("/ColorSpace")
        if isinstance(space, pikepdf.Name) and str(space).startswith("/Device"):
            found[str(space)] = found.get(str(space), 0) + 1
    for stream in content_streams(pdf):
        for instruction in pikepdf.parse_content_stream(stream, COLOUR_OPERATORS):
            operands, operator = instruction.operands, instruction.operator
            space = DEVICE_OPERATORS.get(str(operator)) or (str(operands[0]) if operands else "")
            if space.startswith("/Device"):
                found[space] = found.get(space, 0) + 1
    return found


def content_streams(pdf: pikepdf.Pdf) -> Iterator[Any]:
    """Each page, and each form XObject (a form's own colours are in its own stream)."""
    yield from pdf.pages
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == "/Form":
            yield obj
