"""Text extracted from a PDF -> the files of a content/ folder, and a report of what was done.

`import_text` is pure: it takes the raw text and gives an `ImportResult` holding the files to
write (publication.yaml, sources.yaml, sections/*.md), the recovered blocks and notes, the
repairs made and the doubts left, each with its line in the raw text. `build.py import`
writes the files. The stages:

1. clean the lines: markup debris, control characters, page furniture (`import_clean`)
2. tell body, labels and calls apart by the notes' number sequence (`import_notes`)
3. mend split and hyphen-broken words, with the whole text as evidence (`import_clean`); make
   the tables a PDF's layout showed of their cells' paragraphs (`cells`)
4. gather the metadata the furniture offers; mark what the editor must fill in
5. write sections, notes and sources as content/ files (`import_emit`)
6. compare the words of the raw text with those of the files: what was lost or added (`words`)
"""

from __future__ import annotations

import hashlib
import re
import uuid
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, replace

from folio.importer.cells import gather_tables
from folio.importer.clean import Finding, Furniture, clean_lines, repair_text, vocabulary, word_set
from folio.importer.emit import (
    Metadata,
    cite_sources,
    publication_yaml,
    section_markdown,
    sources_yaml,
    split_sections,
)
from folio.importer.notes import recognise_notes
from folio.importer.records import (
    CellPlace,
    FoundNote,
    ImportedBlock,
    ImportedHeading,
    ImportedParagraph,
    ImportedTable,
)
from folio.importer.words import word_differences

PLACEHOLDER_TITLE = "Untitled"
PLACEHOLDER_HEADING = "Imported text"
ENGLISH = word_set("the of and to in a is that for on with as was by from were has have")
YEAR = re.compile(r"\b(19|20)\d{2}\b")


@dataclass(frozen=True, slots=True)
class ImportResult:
    files: tuple[tuple[str, str], ...]  # (path inside the content folder, text)
    blocks: tuple[ImportedBlock, ...]
    notes: tuple[FoundNote, ...]
    metadata: Metadata
    repairs: tuple[Finding, ...]
    doubts: tuple[Finding, ...]
    differences: tuple[Finding, ...] = ()  # words lost or added on the way: none, or a bug

    def summary(self) -> str:
        numbers = [note.number for note in self.notes]
        span = f" ({numbers[0]}–{numbers[-1]})" if numbers else ""
        paragraphs = sum(isinstance(b, ImportedParagraph) for b in self.blocks)
        tables = sum(isinstance(b, ImportedTable) for b in self.blocks)
        sections = sum(path.startswith("sections/") for path, _ in self.files)
        shown = f", {tables} table(s)" if tables else ""
        return f"{len(numbers)} notes{span}, {paragraphs} paragraphs{shown}, {sections} section(s)"


def import_text(
    raw: str, *, furniture: Furniture | None = None, tables: Mapping[int, CellPlace] | None = None
) -> ImportResult:
    """Structured content recovered from `raw`; never raises on any text. `furniture`: what a
    PDF's page layout says (headers, footer, folio) where the text itself has none of it;
    `tables`: where each line of a table's cell the layout showed stands in its table."""
    cleaned = clean_lines(raw, headers=furniture is None)
    if furniture is not None:
        found = cleaned.furniture
        furniture = Furniture(
            found.footer or furniture.footer,
            found.header or furniture.header,
            found.first_page if found.first_page is not None else furniture.first_page,
        )
        cleaned = replace(cleaned, furniture=furniture)
    cells = {line: place for line, place in (tables or {}).items() if line not in cleaned.removed}
    recognised = recognise_notes(cleaned.lines, cells=frozenset(cells))
    blocks, notes, mended = repair_words(recognised.blocks, recognised.notes)
    doubts = list(recognised.doubts)
    blocks = gather_tables(blocks, cells, doubts)
    doubts.sort(key=by_line)
    placeholder = not blocks or not isinstance(blocks[0], ImportedHeading)
    blocks = with_heading(blocks, doubts)
    meta = metadata(cleaned.furniture, notes, raw, doubts)
    sections = split_sections(blocks, notes)
    cited, sources = cite_sources(notes)
    files = [("publication.yaml", publication_yaml(meta, sections, with_sources=bool(sources)))]
    if sources:
        files.append(("sources.yaml", sources_yaml(sources)))
    files.extend((s.path, section_markdown(s, cited)) for s in sections)
    repairs = sorted((*cleaned.repairs, *recognised.repairs, *mended), key=by_line)
    added = (*((PLACEHOLDER_HEADING,) if placeholder else ()), *map(str, recognised.restored))
    differences = word_differences(
        raw, files, removed=cleaned.removed, added=added, renumbered=recognised.renumbered
    )
    return ImportResult(tuple(files), blocks, notes, meta, tuple(repairs), tuple(doubts), differences)


def by_line(finding: Finding) -> int:
    return finding.line or 0


def repair_words(
    blocks: tuple[ImportedBlock, ...], notes: tuple[FoundNote, ...]
) -> tuple[tuple[ImportedBlock, ...], tuple[FoundNote, ...], list[Finding]]:
    texts = [p for b in blocks if isinstance(b, ImportedParagraph) for p in b.parts if isinstance(p, str)]
    words = vocabulary([*texts, *(n.text for n in notes)])
    found: list[Finding] = []

    def mend(text: str, line: int) -> str:
        repaired, findings = repair_text(text, words, line=line)
        found.extend(findings)
        return repaired

    mended: list[ImportedBlock] = []
    for block in blocks:
        if isinstance(block, ImportedParagraph):
            parts = tuple(mend(p, block.line) if isinstance(p, str) else p for p in block.parts)
            mended.append(ImportedParagraph(parts, block.line))
        elif isinstance(block, ImportedHeading):  # broken over two lines ("administra- tion")
            mended.append(ImportedHeading(block.level, mend(block.text, block.line), block.line))
        else:
            mended.append(block)
    return tuple(mended), tuple(FoundNote(n.number, mend(n.text, n.line), n.line) for n in notes), found


def with_heading(blocks: tuple[ImportedBlock, ...], doubts: list[Finding]) -> tuple[ImportedBlock, ...]:
    """A section starts with its heading: give text before the first one a placeholder."""
    if blocks and isinstance(blocks[0], ImportedHeading):
        return blocks
    line = blocks[0].line if blocks else 1
    doubts.append(
        Finding(line, f"no numbered heading before this text: added '{PLACEHOLDER_HEADING}'; rename it")
    )
    level = min((b.level for b in blocks if isinstance(b, ImportedHeading)), default=2)
    return (ImportedHeading(level, PLACEHOLDER_HEADING, line), *blocks)


def metadata(furniture: Furniture, notes: tuple[FoundNote, ...], raw: str, doubts: list[Finding]) -> Metadata:
    """What the footer and headers say; placeholders, reported, for the rest."""
    placeholders: list[str] = []
    rights = next((part.strip() for part in furniture.footer.split("|") if "©" in part), "")
    year = YEAR.search(rights)
    publisher = YEAR.sub("", rights.replace("©", "")).strip(" ,.")
    title = furniture.header
    if not title:
        title = PLACEHOLDER_TITLE
        placeholders.append("title")
    if not publisher:
        publisher = "Unknown publisher"
        placeholders.append("publisher")
    placeholders.append("date")  # the month is never in the text; the footer may give the year
    date = f"{year.group(0) if year else '2000'}-01"
    language = "en"
    if not looks_english(raw):
        placeholders.append("language")
    first_page = furniture.first_page
    if first_page is None:
        first_page = 1
        placeholders.append("first_page")
    digest = hashlib.sha256(raw.encode("utf-8", "replace")).hexdigest()
    identifier = f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'folio-import:' + digest)}"
    for name in placeholders:
        doubts.append(Finding(None, f"publication.yaml: '{name}' is a placeholder; fill it in"))
    first_note = min((n.number for n in notes), default=1)
    return Metadata(
        title,
        publisher,
        date,
        language,
        identifier,
        rights,
        first_note,
        first_page,
        furniture.footer,
        tuple(placeholders),
    )


def looks_english(text: str) -> bool:
    words = Counter(w.lower() for w in re.findall(r"[A-Za-z]+", text))
    total = sum(words.values())
    return total > 0 and sum(words[w] for w in ENGLISH) / total > 0.08
