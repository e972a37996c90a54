"""A Word document (.docx) -> the files of a content/ folder, through Pandoc's DOCX reader.

`import_docx` runs `pandoc --from docx --to json` (Debian's pandoc, from system-packages.txt),
maps the AST onto the content format with `folio.importer.pandoc_ast`, and reads from the
.docx itself what Pandoc does not pass on: the number Word's footnotes start from (the
report's own numbering), whether they restart on each page or section, the page number the
document starts at, the company (the publisher) and the language. One section file per heading
of the highest level, each with the notes it calls; publication.yaml marks with `# TODO` what
the document does not say; sources.yaml lists the sources notes cite as "url", with the address
the document links. Then the words of the document are compared with those of the files.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import subprocess
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from folio.importer import PLACEHOLDER_HEADING, ImportResult
from folio.importer.clean import Finding
from folio.importer.emit import Metadata, SectionFile, publication_yaml, section_name, sources_yaml
from folio.importer.gfm import CAPTION
from folio.importer.pandoc_ast import SOURCE_REFERENCE, Node, Renderer, plain_words
from folio.importer.pandoc_tables import texts
from folio.importer.records import (
    ConversionError,
    FoundNote,
    ImportedBlock,
    ImportedHeading,
    ImportedParagraph,
)
from folio.importer.words import word_differences

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
JUSTIFIED = {"left": "left", "start": "left", "center": "center", "right": "right", "end": "right"}
LANGUAGE = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")
ISO_MONTH = re.compile(r"^(\d{4})-(\d{2})(?:-\d{2})?")
MONTH_YEAR = re.compile(
    r"\b(January|February|March|April|May|June|July|August|September|October|November|December) (\d{4})\b"
)
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


@dataclass(frozen=True, slots=True)
class WordSettings:
    """What the .docx's own XML says that Pandoc's AST does not carry."""

    first_note: int | None = None
    restarts: str = ""  # "eachPage" or "eachSect" when Word renumbers notes
    first_page: int | None = None
    company: str = ""
    language: str = ""


def import_docx(path: Path) -> ImportResult:
    data = path.read_bytes()
    document = pandoc_json(path)
    settings = word_settings(data)
    doubts: list[Finding] = []
    if settings.restarts:
        doubts.append(
            Finding(
                None, f"Word restarts its footnote numbers ({settings.restarts}); folio numbers them through"
            )
        )
    renderer = Renderer(settings.first_note or 1, alignments=table_alignments(data))
    document["blocks"] = with_captions(document["blocks"])
    groups = top_sections(document["blocks"])
    sections, texts, blocks = render_sections(groups, renderer, doubts)
    meta = metadata(document.get("meta", {}), settings, data, doubts)
    sources = tuple(sorted(renderer.sources.values(), key=lambda e: e.key))
    files = [
        (
            "publication.yaml",
            publication_yaml(meta, sections, with_sources=bool(sources), origin="a Word document"),
        )
    ]
    if sources:
        files.append(("sources.yaml", sources_yaml(sources)))
    files.extend((s.path, text) for s, text in zip(sections, texts, strict=True))
    doubts.extend(Finding(None, message) for message in renderer.doubts)
    notes = tuple(FoundNote(n, " ".join(chunks), 0) for n, chunks in renderer.notes)
    numbers = iter(range(settings.first_note or 1, 1 << 30))
    # "[url][key]" typed in the document is the source reference it becomes: its key is no word
    source = SOURCE_REFERENCE.sub("url", "".join(plain_words(document["blocks"], numbers)))
    added = [PLACEHOLDER_HEADING] if not groups[0] or groups[0][0]["t"] != "Header" else []
    added.extend([CAPTION] * renderer.captions)  # Pandoc's "Table:" before each caption
    differences = word_differences(source, files, removed=frozenset(), added=added)
    return ImportResult(tuple(files), tuple(blocks), notes, meta, (), tuple(doubts), differences)


def pandoc_json(path: Path) -> dict[str, Any]:
    try:
        done = subprocess.run(
            ["pandoc", "--from", "docx", "--to", "json", str(path)], capture_output=True, check=False
        )
    except FileNotFoundError as error:
        raise ConversionError("pandoc is not installed (`make` installs it: system-packages.txt)") from error
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise ConversionError(f"pandoc cannot read it as a Word document: {message[-1] if message else ''}")
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def word_settings(data: bytes) -> WordSettings:
    """Footnote numbering, first page number, company and language, from the .docx's parts."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        part = {name: archive.read(name) for name in archive.namelist() if name.endswith(".xml")}
    document = xml(part.get("word/document.xml"))
    settings = xml(part.get("word/settings.xml"))
    footnotes = [*document.iter(f"{W}footnotePr"), *settings.iter(f"{W}footnotePr")]
    start = next((e.get(f"{W}val") for f in footnotes for e in f.iter(f"{W}numStart")), None)
    restart = next((e.get(f"{W}val", "") for f in footnotes for e in f.iter(f"{W}numRestart")), "")
    page = next((e.get(f"{W}start") for e in document.iter(f"{W}pgNumType") if e.get(f"{W}start")), None)
    app = xml(part.get("docProps/app.xml"))
    company = next((e.text or "" for e in app.iter() if e.tag.endswith("}Company")), "").strip()
    core = xml(part.get("docProps/core.xml"))
    language = next((e.text or "" for e in core.iter() if e.tag.endswith("}language")), "").strip()
    styles = xml(part.get("word/styles.xml"))
    default = next((e.get(f"{W}val", "") for e in styles.iter(f"{W}lang")), "")
    return WordSettings(
        int(start) if start and start.isdigit() else None,
        "" if restart in ("", "continuous") else restart,
        int(page) if page and page.isdigit() else None,
        company,
        language or default,
    )


def table_alignments(data: bytes) -> dict[str, list[tuple[str, ...]]]:
    """Each table's column alignments as Word's paragraphs in its cells set them (`w:jc`), by
    the text of its cells (`table_signature`): Pandoc's DOCX reader passes no alignment on."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = set(archive.namelist())
        document = xml(archive.read("word/document.xml") if "word/document.xml" in names else None)
    found: dict[str, list[tuple[str, ...]]] = {}
    for table in document.iter(f"{W}tbl"):
        text = "".join(t.text or "" for t in table.iter(f"{W}t"))
        found.setdefault("".join(text.split()), []).append(column_alignments(table))
    return found


def column_alignments(table: ElementTree.Element) -> tuple[str, ...]:
    """The alignment every cell of a column shares (the header's row aside, unless it is the only
    row): left, center, right, or "" where they differ or Word says nothing."""
    rows = table.findall(f"{W}tr")
    body = [row for row in rows if row.find(f"{W}trPr/{W}tblHeader") is None] or rows
    seen: dict[int, set[str]] = {}
    for row in body:
        column = 0
        for cell in row.findall(f"{W}tc"):
            span = cell.find(f"{W}tcPr/{W}gridSpan")
            width = int(span.get(f"{W}val", "1")) if span is not None else 1
            merged = cell.find(f"{W}tcPr/{W}vMerge")
            if width == 1 and (merged is None or merged.get(f"{W}val") == "restart"):
                marks = {e.get(f"{W}val", "") for e in cell.findall(f"{W}p/{W}pPr/{W}jc")}
                seen.setdefault(column, set()).update(marks or {""})
            column += width
    shared = {column: marks.pop() for column, marks in seen.items() if len(marks) == 1}
    return tuple(JUSTIFIED.get(shared.get(c, ""), "") for c in range(max(seen, default=-1) + 1))


def with_captions(node: Any) -> Any:
    """The AST with each table's caption said once. Pandoc's DOCX reader gives the caption Word
    keeps for a table (its short caption too, the same words) and the caption paragraph before or
    after it: that paragraph, with its notes and emphasis, becomes the caption."""
    if isinstance(node, dict):
        node = {key: with_captions(value) for key, value in node.items()}
        if node.get("t") == "Table" and words_of(node["c"][1][0]) == words_of(node["c"][1][1]):
            node["c"][1] = [None, node["c"][1][1]]
        return node
    if not isinstance(node, list):
        return node
    kept: list[Any] = []
    items = [with_captions(item) for item in node]
    for k, item in enumerate(items):
        table = next((t for t in (kept[-1:] + items[k + 1 : k + 2]) if repeats_caption(item, t)), None)
        if table is None:
            kept.append(item)
        else:
            table["c"][1] = [None, [{"t": "Plain", "c": item["c"]}]]
    return kept


def repeats_caption(block: Any, table: Any) -> bool:
    """Whether `block` is a paragraph of the words of `table`'s caption (its notes aside)."""
    if not (isinstance(block, dict) and isinstance(table, dict)) or table.get("t") != "Table":
        return False
    caption = words_of(table["c"][1][1])
    return block.get("t") in ("Para", "Plain") and bool(caption) and words_of(block["c"]) == caption


def words_of(node: Any) -> str:
    return " ".join("".join(texts(node)).split())


def xml(data: bytes | None) -> ElementTree.Element:
    return ElementTree.fromstring(data) if data else ElementTree.Element("none")


def top_sections(blocks: list[Node]) -> list[list[Node]]:
    """The blocks split before each heading of the highest level."""
    levels = [b["c"][0] for b in blocks if b["t"] == "Header"]
    top = min(levels, default=0)
    groups: list[list[Node]] = [[]]
    for block in blocks:
        if block["t"] == "Header" and block["c"][0] == top and groups[-1]:
            groups.append([])
        groups[-1].append(block)
    return groups


def render_sections(
    groups: list[list[Node]], renderer: Renderer, doubts: list[Finding]
) -> tuple[tuple[SectionFile, ...], list[str], list[ImportedBlock]]:
    """Each group as a section file's Markdown, its notes at its end; a first group with no
    heading gets a placeholder one, reported."""
    sections: list[SectionFile] = []
    texts: list[str] = []
    blocks: list[ImportedBlock] = []
    names: set[str] = set()
    for group in groups:
        before = len(renderer.notes)
        chunks = renderer.blocks(group)
        heading = plain_heading(group[0]) if group and group[0]["t"] == "Header" else None
        if heading is None:
            level = min((b["c"][0] for g in groups for b in g if b["t"] == "Header"), default=2)
            heading = ImportedHeading(level, PLACEHOLDER_HEADING, 0)
            chunks.insert(0, f"{'#' * level} {PLACEHOLDER_HEADING}")
            doubts.append(
                Finding(None, f"text before the first heading: added '{PLACEHOLDER_HEADING}'; rename it")
            )
        blocks.append(heading)
        blocks.extend(ImportedParagraph((c,), 0) for c in chunks[1:] if not c.startswith(("#", "|", CAPTION)))
        name = section_name(heading, len(sections) + 1)
        while name in names:
            name = name.removesuffix(".md") + "-2.md"
        names.add(name)
        sections.append(SectionFile(f"sections/{name}", (), ()))
        notes = [note_markdown(number, body) for number, body in renderer.notes[before:]]
        texts.append("\n\n".join([*chunks, *notes]) + "\n")
    return tuple(sections), texts, blocks


def plain_heading(block: Node) -> ImportedHeading:
    return ImportedHeading(block["c"][0], " ".join("".join(plain_words(block["c"][2])).split()), 0)


def note_markdown(number: int, chunks: list[str]) -> str:
    """`[^n]: first paragraph`, every further line indented under it."""
    body = "\n\n".join(chunks) or "\u00a0"
    lines = body.split("\n")
    return "\n".join([f"[^{number}]: {lines[0]}", *(f"    {line}" if line else "" for line in lines[1:])])


def metadata(meta: dict[str, Any], settings: WordSettings, data: bytes, doubts: list[Finding]) -> Metadata:
    """What the document says of itself; a placeholder, marked and reported, for the rest."""
    placeholders: list[str] = []

    def given(name: str, value: str, placeholder: str) -> str:
        if value:
            return value
        placeholders.append(name)
        return placeholder

    title = given("title", meta_text(meta, "title"), "Untitled")
    publisher = given("publisher", settings.company, "Unknown publisher")
    date = given("date", month_of(meta_text(meta, "date")), "2000-01")
    tag = settings.language if LANGUAGE.match(settings.language) else ""
    language = given("language", tag, "en")
    if settings.first_page is None:
        placeholders.append("first_page")
    digest = hashlib.sha256(data).hexdigest()
    identifier = f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'folio-import:' + digest)}"
    for name in placeholders:
        doubts.append(Finding(None, f"publication.yaml: '{name}' is a placeholder; fill it in"))
    first_note = settings.first_note or 1
    first_page = settings.first_page or 1
    return Metadata(
        title, publisher, date, language, identifier, "", first_note, first_page, "", tuple(placeholders)
    )


def meta_text(meta: dict[str, Any], name: str) -> str:
    value = meta.get(name, {})
    if value.get("t") == "MetaString":
        return " ".join(str(value.get("c", "")).split())
    return " ".join("".join(plain_words(meta.get(name, {}).get("c", []))).split())


def month_of(text: str) -> str:
    """ "2024-05-01" or "May 2024" as folio's YYYY-MM; anything else is no date."""
    if match := ISO_MONTH.match(text):
        return f"{match.group(1)}-{match.group(2)}"
    if match := MONTH_YEAR.search(text):
        return f"{match.group(2)}-{MONTHS.index(match.group(1)) + 1:02d}"
    return ""
