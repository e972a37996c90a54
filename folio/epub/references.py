"""EPUB bytes -> what the package refers to that it may not: every resource a document or
stylesheet refers to must be a file inside the package, and no document holds a script, an
event handler or a `javascript:` link. (The print edition's side of the rule is
`folio.pdf.fetcher.ProjectFetcher`; `folio.references.find_reference` locates a refusal in the
project's files for both.)
"""

from __future__ import annotations

import posixpath
import zipfile
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from lxml import etree

from folio.errors import Diagnostic
from folio.references import css_references, find_reference

RESOURCE_ATTRIBUTES = ("src", "data", "poster", "srcset")
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"


def check_epub_package(data: bytes, *, searched: tuple[Path, ...]) -> list[Diagnostic]:
    """What in the EPUB breaks the resource rule: a reference leaving the package, a script."""
    found: list[Diagnostic] = []
    with zipfile.ZipFile(BytesIO(data)) as package:
        names = set(package.namelist())
        for name in sorted(names):
            if name.endswith((".xhtml", ".html")):
                references = document_references(package.read(name), name, found)
            elif name.endswith(".css"):
                references = css_references(package.read(name).decode("utf-8", errors="replace"))
            else:
                continue
            for reference in references:
                reason = package_refusal(reference, name, names)
                if reason:
                    found.append(Diagnostic(f"EPUB {name}: {reason}", find_reference(reference, searched)))
    return found


def document_references(data: bytes, name: str, found: list[Diagnostic]) -> Iterator[str]:
    """Resources an XHTML document loads; scripts, event handlers and `javascript:` links go to `found`."""
    root = etree.fromstring(data, parser=etree.XMLParser(resolve_entities=False, no_network=True))
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        tag = etree.QName(element).localname
        if tag == "script":
            found.append(Diagnostic(f"EPUB {name}: contains a script"))
        for attribute, value in element.attrib.items():
            local = etree.QName(attribute).localname
            if local.lower().startswith("on"):
                found.append(Diagnostic(f"EPUB {name}: <{tag}> has an event handler '{local}'"))
            elif local == "href" and value.strip().lower().startswith("javascript:"):
                found.append(Diagnostic(f"EPUB {name}: <{tag}> links to javascript:"))
        yield from element_references(element, tag)


def element_references(element: Any, tag: str) -> Iterator[str]:
    for attribute in RESOURCE_ATTRIBUTES:
        value = element.get(attribute)
        if value:
            yield from (part.split()[0] for part in value.split(",")) if attribute == "srcset" else (value,)
    if tag == "link" and element.get("href"):
        yield element.get("href")
    if tag == "image" and (element.get("href") or element.get(XLINK_HREF)):
        yield element.get("href") or element.get(XLINK_HREF)
    if element.get("style"):
        yield from css_references(element.get("style"))
    if tag == "style" and element.text:
        yield from css_references(element.text)


def package_refusal(reference: str, document: str, names: set[str]) -> str | None:
    """Why `reference` (made in `document`) does not name a file of the package, or None."""
    parts = urlsplit(reference)
    if parts.scheme or parts.netloc:
        return f"resource '{reference}' refused: an EPUB loads nothing from outside the package"
    if not parts.path:
        return None  # a fragment of the same document
    if parts.path.startswith("/"):
        return f"resource '{reference}' refused: an absolute path"
    target = posixpath.normpath(posixpath.join(posixpath.dirname(document), unquote(parts.path)))
    if target.startswith("../") or target == "..":
        return f"resource '{reference}' refused: it leaves the package"
    if target not in names:
        return f"resource '{reference}' is not in the package"
    return None
