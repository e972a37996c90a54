"""An image alone in its paragraph -> `Figure` (Pandoc's rule): its bracket text the caption,
Pandoc's attributes after it the id and Quarto's `fig-alt`, the description that stands in for
the image for a reader who cannot see it:

    ![Sites named in section 2.1](figures/sites.svg){#fig-sites fig-alt="A schematic map: ..."}

Takes the paragraph's inline token; gives the figure, or errors at its line: no description, an
attribute folio does not know, an id that is not `fig-...`, an image file that may not be used
(`folio.load.images`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from markdown_it.token import Token

from folio.errors import BuildError, SourceLocation
from folio.load.diagnostics import Diagnostics
from folio.load.ids import Ids
from folio.load.images import check_image
from folio.model import Figure, Inline, Paragraph

ATTRIBUTE_BLOCK = re.compile(r"\{([^{}]*)\}\s*$")
ATTRIBUTE = re.compile(
    r"""\s*(?:\#(?P<id>[A-Za-z][\w.:-]*)"""
    r"""|\.(?P<class>[\w-]+)"""
    r"""|(?P<key>[A-Za-z][\w-]*)=(?:"(?P<double>(?:[^"\\]|\\.)*)"|'(?P<single>(?:[^'\\]|\\.)*)'|(?P<bare>[^\s"'=]+)))""",
    re.DOTALL,
)
ESCAPE = re.compile(r"\\(.)", re.DOTALL)
KNOWN = '#fig-id and fig-alt="..."'


def figure_parts(inline: Token) -> tuple[Token, str] | None:
    """The image and the text of its attribute block (without braces), when the paragraph is one
    image and nothing else; else None."""
    children = inline.children or []
    if not children or children[0].type != "image":
        return None
    rest = children[1:]
    if any(child.type not in ("text", "softbreak") for child in rest):
        return None
    after = "".join(child.content if child.type == "text" else " " for child in rest).strip()
    if not after:
        return children[0], ""
    block = ATTRIBUTE_BLOCK.search(inline.content)  # the written text: the typographer left it alone
    if block is None or not (after.startswith("{") and after.endswith("}")):
        return None
    return children[0], block.group(1)


def read_attributes(text: str) -> tuple[str | None, dict[str, str], list[str]]:
    """Pandoc's attributes `#id key="value"`: the id, the key-value pairs and what is wrong."""
    wanted: str | None = None
    values: dict[str, str] = {}
    wrong: list[str] = []
    position = 0
    while text[position:].strip():
        match = ATTRIBUTE.match(text, position)
        if match is None:
            wrong.append(f"cannot read the attributes from '{text[position:].strip()[:40]}'")
            break
        position = match.end()
        if match.group("id"):
            wanted = match.group("id")
        elif match.group("class"):
            wrong.append(f"a figure takes no class (.{match.group('class')}): only {KNOWN}")
        else:
            key = match.group("key")
            raw = next(
                v
                for v in (match.group("double"), match.group("single"), match.group("bare"))
                if v is not None
            )
            values[key] = ESCAPE.sub(r"\1", raw)
    for key in values:
        if key != "fig-alt":
            wrong.append(f"a figure takes no attribute '{key}': only {KNOWN}")
    return wanted, values, wrong


def read_figure(
    image: Token,
    attributes: str,
    *,
    caption: Callable[[Token], tuple[Inline, ...]],
    where: SourceLocation,
    section: Path,
    content_dir: Path,
    ids: Ids,
    problems: Diagnostics,
) -> Figure | None:
    """The figure of one image paragraph; None, with its errors reported, when it cannot be one."""
    wanted, values, wrong = read_attributes(attributes)
    for message in wrong:
        problems.error(message, where)
    src = str(image.attrs.get("src", ""))
    alt = " ".join(values.get("fig-alt", "").split())
    if not alt:
        problems.error(
            f"the figure '{src}' has no description: add fig-alt=\"...\" after the image, "
            '{#fig-id fig-alt="what the image shows"}, for readers who cannot see it',
            where,
        )
    if wanted is not None and not wanted.startswith("fig-"):
        problems.error(f"a figure's id starts with 'fig-' (Quarto's rule): write {{#fig-{wanted}}}", where)
        wanted = None
    try:
        checked = check_image(src, section=section, content_dir=content_dir, where=where)
    except BuildError as error:
        problems.items.extend(error.diagnostics)
        return None
    inlines = caption(image)
    if wanted is not None:
        ids.take_id(wanted, where)
    figure_id = wanted or ids.numbered_id("fig")
    ids.take_id(f"{figure_id}-end", where)
    text = Paragraph(inlines, ids.unique_id(f"{figure_id}-caption"), where) if inlines else None
    return Figure(checked.name, checked.file, checked.media_type, alt, text, figure_id, where)
