"""The import corpus: documents the project makes itself, each with its oracle.

Each source in `tests/fixtures/corpus/*.md` is Markdown written for the corpus (CommonMark,
Pandoc-style footnotes, pipe tables; its words are the seed's) with a front matter that says
how to set it: where the notes go (`foot`: at the page foot, `end`: raised calls and an
endnotes section, `bracket`: calls typed "[n]" and a list of "[n]" notes at the end), whether
their numbers restart with each chapter (`restart: chapter`), how many columns a page has, and
which files to make (`formats: [pdf, docx]`). From it:
- `make_pdf`: Typst source written here, set by Typst (the `typst` package, a dev dependency):
  another engine than folio's, with its own footnote layout, superscript figures and hyphenation;
- `make_docx`: a Word document made by Pandoc from the same Markdown, footnotes Word's own (and
  Word's "restart each section" set in its settings when the notes restart);
- `oracle`: what an import must give back, in folio's running numbering: each note by number and
  text, each call by its place, each paragraph (a table's cells too), each table (rows of cells).
The files are made at run time, into a folder the caller gives: both tools are deterministic
(the same source gives the same bytes) and quick, and the sources stay the only thing to review.
`bench.corpus_scores` compares an imported content folder with the oracle.
"""

from __future__ import annotations

import re
import subprocess
import zipfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "tests" / "fixtures" / "corpus"
MARKDOWN = MarkdownIt("commonmark").enable("table").use(footnote_plugin, inline=False)
NOTES_HEADING = "Notes"  # what the endnote layouts print above their notes
CONTEXT = 4  # words before a call that place it
WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True, slots=True)
class Ref:
    label: str


Parts = tuple[str | Ref, ...]


@dataclass(frozen=True, slots=True)
class Block:
    kind: str  # "heading", "paragraph", "table"
    parts: Parts = ()
    level: int = 0
    rows: tuple[tuple[Parts, ...], ...] = ()  # a table's cells, the header row first


@dataclass(frozen=True, slots=True)
class Source:
    name: str
    settings: dict[str, Any]
    blocks: tuple[Block, ...]
    notes: dict[str, str]  # label -> text

    @property
    def formats(self) -> tuple[str, ...]:
        return tuple(self.settings.get("formats", ["pdf"]))

    @property
    def kinds(self) -> tuple[str, ...]:
        """The files made of it: "docx", and a PDF per typeset ("pdf", "pdf-cm", ...)."""
        pdfs = tuple(self.settings.get("typesets", TYPESETS))
        return tuple(k for f in self.formats for k in (pdfs if f == "pdf" else (f,)))

    @property
    def restart(self) -> bool:
        return self.settings.get("restart") == "chapter"

    def numbers(self) -> dict[str, tuple[int, int]]:
        """Each note's (running number, printed number), in the order the text calls them."""
        found: dict[str, tuple[int, int]] = {}
        printed = 0
        for block in self.blocks:
            if block.kind == "heading" and block.level == 1 and self.restart:
                printed = 0
            for part in block_parts(block):
                if isinstance(part, Ref) and part.label not in found:
                    printed += 1
                    found[part.label] = (len(found) + 1, printed)
        return found


@dataclass(frozen=True, slots=True)
class Oracle:
    notes: dict[int, str]
    calls: Counter[tuple[int, tuple[str, ...]]]  # (number, the words just before it)
    paragraphs: Counter[str]  # every block of text: headings, paragraphs, a table's cells
    tables: Counter[tuple[tuple[str, ...], ...]]  # each table's rows of cells, the header row first


def corpus_sources() -> list[Source]:
    return [read_source(path) for path in sorted(SOURCES.glob("*.md")) if path.name != "README.md"]


def read_source(path: Path) -> Source:
    text = path.read_text(encoding="utf-8")
    _, front, body = text.split("---\n", 2)
    env: dict[str, Any] = {}
    tokens = MARKDOWN.parse(body, env)
    blocks, notes = read_tokens(tokens)
    return Source(path.stem, yaml.safe_load(front), tuple(blocks), notes)


def read_tokens(tokens: list[Token]) -> tuple[list[Block], dict[str, str]]:
    blocks: list[Block] = []
    notes: dict[str, str] = {}
    rows: list[tuple[Parts, ...]] = []
    label: str | None = None
    for k, token in enumerate(tokens):
        if token.type == "footnote_open":
            label = token.meta["label"]
        elif token.type == "tr_open":
            rows.append(())
        elif token.type == "table_close":
            blocks.append(Block("table", rows=tuple(rows)))
            rows = []
        elif token.type == "inline":
            parts = inline_parts(token)
            opener = tokens[k - 1]
            if label is not None:
                notes[label] = " ".join(p for p in parts if isinstance(p, str))
                label = None
            elif opener.type in ("th_open", "td_open"):
                rows[-1] = (*rows[-1], parts)
            elif opener.type == "heading_open":
                blocks.append(Block("heading", parts, level=int(opener.tag[1])))
            else:
                blocks.append(Block("paragraph", parts))
    return blocks, notes


def inline_parts(token: Token) -> Parts:
    parts: list[str | Ref] = []
    for child in token.children or []:
        if child.type == "footnote_ref":
            parts.append(Ref(child.meta["label"]))
        elif child.type in ("text", "softbreak"):
            text = child.content if child.type == "text" else " "
            if parts and isinstance(parts[-1], str):
                parts[-1] += text
            else:
                parts.append(text)
        else:
            raise ValueError(f"the corpus has no {child.type}: keep its sources plain")
    return tuple(parts)


def block_parts(block: Block) -> Parts:
    return block.parts if block.kind != "table" else tuple(p for row in block.rows for c in row for p in c)


def oracle(source: Source, *, kind: str) -> Oracle:
    """What the import of `source` made as `kind` (a PDF's typeset, or "docx") must give back."""
    numbers = source.numbers()
    notes = {numbers[label][0]: normal(text) for label, text in source.notes.items()}
    texts: list[Parts] = []
    for block in source.blocks:
        texts.extend([cell for row in block.rows for cell in row] if block.kind == "table" else [block.parts])
    if kind != "docx" and source.settings["notes"] in ("end", "bracket"):
        texts.append((NOTES_HEADING,))
    calls: Counter[tuple[int, tuple[str, ...]]] = Counter()
    paragraphs: Counter[str] = Counter()
    for parts in texts:
        shown = ""
        for part in parts:
            if isinstance(part, Ref):
                calls[(numbers[part.label][0], context(shown))] += 1
            else:
                shown += part
        paragraphs[normal(shown)] += 1
    return Oracle(
        notes, calls, paragraphs, Counter(table_text(b) for b in source.blocks if b.kind == "table")
    )


def table_text(block: Block) -> tuple[tuple[str, ...], ...]:
    return tuple(
        tuple(normal("".join(p for p in c if isinstance(p, str))) for c in row) for row in block.rows
    )


def normal(text: str) -> str:
    """Text as a reader compares it: spaces collapsed, typographic quotes as typed."""
    text = text.replace("‘", "'").replace("’", "'").replace("“", '"').replace("”", '"')
    return " ".join(text.split())


def context(text: str) -> tuple[str, ...]:
    return tuple(WORD.findall(normal(text))[-CONTEXT:])


# -- Typst ---------------------------------------------------------------------------------

TYPST_SPECIAL = re.compile(r"([\\#*_`$\[\]<>@=\-+/~]|(?<=\d)\.)")
# Each PDF is set in these (paper, font, points): fonts Typst ships, one with superior figures
# for its calls and labels (Libertinus), one without (Computer Modern: digits shrunk and raised).
TYPESETS = {
    "pdf": ("a5", "Libertinus Serif", 10),
    "pdf-cm": ("a5", "New Computer Modern", 10),
    "pdf-letter": ("us-letter", "New Computer Modern", 12),
}


def typst_text(text: str) -> str:
    """Text as Typst markup that prints it (quotes left for Typst to make typographic)."""
    return TYPST_SPECIAL.sub(r"\\\1", re.sub(r"\s+", " ", text))


def typst_source(source: Source, typeset: str = "pdf") -> str:
    """The source as a Typst document in its layout, set as `typeset` says."""
    settings = source.settings
    paper, font, size = TYPESETS[typeset]
    header = typst_text(settings.get("header", ""))
    lines = [
        f'#set document(title: "{settings.get("title", "")}", date: none)',
        f'#set page(paper: "{paper}", margin: (x: 1.6cm, top: 2cm, bottom: 1.8cm),'
        f" columns: {settings.get('columns', 1)},",
        f"  header: align(right, text(size: 8pt)[{header}]),",
        "  footer: context align(center, text(size: 8pt, counter(page).display())))",
        f'#set text(size: {size}pt, font: "{font}", lang: "en")',
        "#set par(justify: true)",
        "#show heading: set block(above: 1.4em, below: 1em)",
    ]
    if source.restart:
        lines.append("#show heading.where(level: 1): it => { counter(footnote).update(0); it }")
    numbers = source.numbers()
    for block in source.blocks:
        lines.append("")
        if block.kind == "table":
            lines.append(typst_table(block, source, numbers))
        elif block.kind == "heading":
            lines.append("=" * block.level + " " + typst_parts(block.parts, source, numbers))
        else:
            lines.append(typst_parts(block.parts, source, numbers))
    if settings["notes"] in ("end", "bracket"):
        lines.extend(["", f"= {NOTES_HEADING}", "", typst_endnotes(source, numbers)])
    return "\n".join(lines) + "\n"


def typst_parts(parts: Parts, source: Source, numbers: dict[str, tuple[int, int]]) -> str:
    out: list[str] = []
    style = source.settings["notes"]
    for part in parts:
        if isinstance(part, str):
            out.append(typst_text(part))
        elif style == "foot":
            out.append(f"#footnote[{typst_text(source.notes[part.label])}]")
        elif style == "end":
            out.append(f"#super[{numbers[part.label][1]}]")
        else:
            out.append(f"\\[{numbers[part.label][1]}\\]")
    return "".join(out)


def typst_table(block: Block, source: Source, numbers: dict[str, tuple[int, int]]) -> str:
    head, *rows = block.rows
    cells = [", ".join(f"[{typst_parts(cell, source, numbers)}]" for cell in row) for row in rows]
    header = ", ".join(f"[*{typst_parts(cell, source, numbers)}*]" for cell in head)
    return (
        f"#table(columns: {len(head)}, align: left, inset: 5pt,\n"
        f"  table.header({header}),\n  " + ",\n  ".join(cells) + ")"
    )


def typst_endnotes(source: Source, numbers: dict[str, tuple[int, int]]) -> str:
    """The notes after the text: raised labels in smaller type, or "[n]" labels as typed."""
    entries: list[str] = []
    for label, (_, printed) in sorted(numbers.items(), key=lambda item: item[1]):
        text = typst_text(source.notes[label])
        if source.settings["notes"] == "end":
            entries.append(f"#par(hanging-indent: 1em)[#super[{printed}] {text}]")
        else:
            entries.append(f"#par(hanging-indent: 1.5em)[\\[{printed}\\] {text}]")
    size = "0.9em" if source.settings["notes"] == "end" else "1em"
    return f"#[\n#set text(size: {size})\n" + "\n".join(entries) + "\n]"


def make_pdf(source: Source, folder: Path, typeset: str = "pdf") -> Path:
    import typst  # noqa: PLC0415 (a dev dependency: only the corpus needs it)

    name = source.name + typeset.removeprefix("pdf")  # "chapters", "chapters-cm"
    typ = folder / f"{name}.typ"
    typ.write_text(typst_source(source, typeset), encoding="utf-8")
    pdf = folder / f"{name}.pdf"
    typst.compile(str(typ), output=str(pdf), ignore_system_fonts=True)
    return pdf


# -- Word ----------------------------------------------------------------------------------

RESTART = ("<w:footnotePr>", '<w:footnotePr><w:numRestart w:val="eachSect" />')


def make_docx(source: Source, folder: Path) -> Path:
    """Pandoc's Word document of the source; its notes restart as Word records it when they do."""
    made = folder / f"{source.name}.pandoc.docx"
    subprocess.run(["pandoc", str(SOURCES / f"{source.name}.md"), "-o", str(made)], check=True)
    path = folder / f"{source.name}.docx"
    with zipfile.ZipFile(made) as original, zipfile.ZipFile(path, "w") as target:
        for item in original.infolist():
            data = original.read(item)
            if item.filename == "word/settings.xml" and source.restart:
                text = data.decode("utf-8")
                assert RESTART[0] in text
                data = text.replace(*RESTART, 1).encode("utf-8")
            target.writestr(item, data)
    made.unlink()
    return path


def make_file(source: Source, kind: str, folder: Path) -> Path:
    """The file of `kind` ("docx", or a typeset's name) made of `source`."""
    return make_docx(source, folder) if kind == "docx" else make_pdf(source, folder, kind)
