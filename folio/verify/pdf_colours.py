"""A PDF (pikepdf) -> the colours it draws with: how often each device colour space is used,
and where device RGB is drawn that no ICC profile defines.

Read for the editions whose claims are about colour (`folio.verify.pdf_claims`): PDF/A-2 asks
that the output intent cover every device colour (6.2.4.3), PDF/X-4 that no device RGB be
drawn under its CMYK intent. Device RGB is defined, by ISO 32000-1 8.6.5.6, where the resources
of the content stream that selects it (with `rg`, `RG`, or `cs`/`CS` naming /DeviceRGB) have an
ICC-based /DefaultRGB colour space; a colour space given as an object (an image's, a shading's,
a transparency group's, a named colour-space resource's) is device RGB when it is /DeviceRGB or
is built on it (the base of /Indexed, the alternate of /Separation or /DeviceN). Inline images
are not read (WeasyPrint writes none).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pikepdf

COLOUR_OPERATORS = "k K rg RG g G cs CS"  # those that set a device colour, and that name a colour space
DEVICE_OPERATORS = {op: space for ops, space in (("kK", "/DeviceCMYK"), ("gG", "/DeviceGray")) for op in ops}
DEVICE_OPERATORS |= {"rg": "/DeviceRGB", "RG": "/DeviceRGB"}
RGB = "/DeviceRGB"

Where = tuple[int | None, str]  # the page's index (None: not drawn by one page), what is wrong


@dataclass(frozen=True, slots=True)
class Colours:
    device: dict[str, int]  # device colour space -> uses (by an image, or a content stream's operators)
    device_rgb: tuple[Where, ...]  # each device RGB colour no ICC profile defines


def read_colours(pdf: pikepdf.Pdf) -> Colours:
    device: dict[str, int] = {}
    undefined: list[Where] = []
    drawn = list(images(pdf))
    for _, image in drawn:
        space = image.get("/ColorSpace")
        if isinstance(space, pikepdf.Name) and str(space).startswith("/Device"):
            device[str(space)] = device.get(str(space), 0) + 1
    for page, what, stream, resources in content_streams(pdf):
        uses = operator_spaces(stream, resources)
        for space, count in uses.items():
            device[space] = device.get(space, 0) + count
        if uses.get(RGB) and not defines_rgb(resources):
            colours = "colour" if uses[RGB] == 1 else "colours"
            message = (
                f"{uses[RGB]} device RGB {colours} (rg, RG) in {what}, whose resources have no "
                "ICC-based /DefaultRGB"
            )
            undefined.append((page, message))
    undefined += rgb_objects(pdf, drawn)
    return Colours(device, tuple(undefined))


def images(pdf: pikepdf.Pdf) -> Iterator[tuple[int | None, Any]]:
    """Every image XObject of the file, with the first page that draws it (None: none found)."""
    on_page: dict[tuple[int, int], int] = {}
    for index, page in enumerate(pdf.pages):
        for image in page.get_images().values():
            on_page.setdefault(image.objgen, index)
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == "/Image":
            yield on_page.get(obj.objgen), obj


def content_streams(pdf: pikepdf.Pdf) -> Iterator[tuple[int | None, str, Any, Any]]:
    """Each page, form XObject and tiling pattern (each draws its own colours), with what it is
    called in a message and its resources."""
    for index, page in enumerate(pdf.pages):
        yield index, "the page's content", page, page.obj.get("/Resources")
    for obj in pdf.objects:
        if not isinstance(obj, pikepdf.Stream):
            continue
        if obj.get("/Subtype") == "/Form":
            yield None, f"form XObject {obj.objgen[0]}", obj, obj.get("/Resources")
        elif obj.get("/PatternType") == 1:
            yield None, f"tiling pattern {obj.objgen[0]}", obj, obj.get("/Resources")


def operator_spaces(stream: Any, resources: Any) -> dict[str, int]:
    """How often the stream's operators set a device colour, by colour space (`cs /CS0`: the
    space that resource names, when it is a device space)."""
    found: dict[str, int] = {}
    for instruction in pikepdf.parse_content_stream(stream, COLOUR_OPERATORS):
        operands, operator = instruction.operands, str(instruction.operator)
        space = DEVICE_OPERATORS.get(operator) or (named_space(operands[0], resources) if operands else "")
        if space.startswith("/Device"):
            found[space] = found.get(space, 0) + 1
    return found


def named_space(name: Any, resources: Any) -> str:
    named = colour_space_resources(resources).get(str(name)) if not str(name).startswith("/Device") else None
    return str(named) if isinstance(named, pikepdf.Name) else str(name)


def colour_space_resources(resources: Any) -> Any:
    spaces = resources.get("/ColorSpace") if isinstance(resources, pikepdf.Dictionary) else None
    return spaces if isinstance(spaces, pikepdf.Dictionary) else pikepdf.Dictionary()


def defines_rgb(resources: Any) -> bool:
    """Whether the resources' /DefaultRGB is an ICC-based space of three components."""
    default = colour_space_resources(resources).get("/DefaultRGB")
    if not isinstance(default, pikepdf.Array) or len(default) != 2 or default[0] != "/ICCBased":
        return False
    profile = default[1]
    return isinstance(profile, pikepdf.Stream) and profile.get("/N") == 3


def rgb_objects(pdf: pikepdf.Pdf, drawn: list[tuple[int | None, Any]]) -> Iterator[Where]:
    """Each image, and each colour space, shading and transparency group of a content stream's
    resources or of the stream itself, in device RGB (a dictionary many share, once)."""
    for page, image in drawn:
        if on_rgb(image.get("/ColorSpace")):
            yield page, f"image {image.objgen[0]} is in device RGB"
    seen: set[tuple[int, int]] = set()
    for page, what, stream, resources in content_streams(pdf):
        owner = stream.obj if isinstance(stream, pikepdf.Page) else stream
        group = owner.get("/Group")
        if isinstance(group, pikepdf.Dictionary) and on_rgb(group.get("/CS")):
            yield page, f"the transparency group of {what} blends in device RGB"
        spaces = colour_space_resources(resources)
        for name, named in spaces.items() if first_time(spaces, seen) else ():
            if name != "/DefaultRGB" and on_rgb(named):
                yield page, f"the colour space {name} of {what}'s resources is device RGB"
        for name, shading in shadings(resources):
            if first_time(shading, seen) and on_rgb(shading.get("/ColorSpace")):
                yield page, f"the shading {name} of {what}'s resources is in device RGB"


def first_time(obj: Any, seen: set[tuple[int, int]]) -> bool:
    if not obj.is_indirect:
        return True
    if obj.objgen in seen:
        return False
    seen.add(obj.objgen)
    return True


def shadings(resources: Any) -> Iterator[tuple[str, Any]]:
    """The resources' shadings, and those of their shading patterns."""
    if not isinstance(resources, pikepdf.Dictionary):
        return
    for name, shading in resources.get("/Shading", pikepdf.Dictionary()).items():
        if isinstance(shading, pikepdf.Dictionary | pikepdf.Stream):
            yield name, shading
    for name, pattern in resources.get("/Pattern", pikepdf.Dictionary()).items():
        is_object = isinstance(pattern, pikepdf.Dictionary | pikepdf.Stream)
        of_pattern = pattern.get("/Shading") if is_object else None
        if isinstance(of_pattern, pikepdf.Dictionary | pikepdf.Stream):
            yield name, of_pattern


def on_rgb(space: Any, depth: int = 0) -> bool:
    """Whether a colour space is /DeviceRGB or built on it (not an ICC-based space's /Alternate:
    the profile defines those colours)."""
    if isinstance(space, pikepdf.Name):
        return space == RGB
    if not isinstance(space, pikepdf.Array) or len(space) == 0 or depth > 4:
        return False
    family = space[0]
    if family == "/Indexed" and len(space) > 1:
        return on_rgb(space[1], depth + 1)
    if family in ("/Separation", "/DeviceN") and len(space) > 2:
        return on_rgb(space[2], depth + 1)
    return False
