"""`folio import RAW [--content DIR] [--force]`: the command line of `folio.importer`.

Reads RAW: a Word document (.docx, through Pandoc), a PDF (.pdf, its characters through
PDFium) or text copied out of a PDF (any bytes: what
is not UTF-8 is replaced and reported), imports it, writes the
content folder (a new one; an existing non-empty folder only with --force) and prints the
report: notes found, repairs made, doubts, each as `RAW:line: message`; then the words of RAW
that did not reach the content (page furniture aside, which the repairs list), each at its line.
Exit code 0 only when no word was lost or added, else 1.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from folio.commands import program
from folio.importer import ImportResult, import_text
from folio.importer.clean import Finding
from folio.importer.docx import import_docx
from folio.importer.pdf_pages import import_pdf
from folio.importer.records import ConversionError


def parse_arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog=f"{program()} import",
        description=(
            "Turn a report into a content folder (publication.yaml, sources.yaml, sections/*.md "
            "with footnotes): a Word document (.docx), a PDF (.pdf), or text copied out of a PDF. "
            "Recovers headings, paragraphs, note calls and notes; reports what was repaired and "
            "what needs an editor's eye, with RAW line numbers (page numbers for a PDF); exits 1 "
            "when a word of RAW did not reach the content."
        ),
    )
    parser.add_argument(
        "raw", type=Path, metavar="RAW", help="the extracted text, a Word document (.docx) or a PDF (.pdf)"
    )
    parser.add_argument(
        "--content", type=Path, default=Path("imported"), help="where to write (default: imported/)"
    )
    parser.add_argument("--force", action="store_true", help="write into a folder that already has files")
    return parser.parse_args(argv)


def main(argv: list[str]) -> int:
    arguments = parse_arguments(argv)
    raw_path: Path = arguments.raw
    target: Path = arguments.content
    try:
        data = raw_path.read_bytes()
    except OSError as error:
        print(f"{raw_path}: cannot read: {error.strerror}", file=sys.stderr)
        return 1
    if target.exists() and (not target.is_dir() or any(target.iterdir())) and not arguments.force:
        print(
            f"{target}: already exists and is not empty; choose another --content or add --force",
            file=sys.stderr,
        )
        return 1
    try:
        result = imported(raw_path, data)
    except ConversionError as error:
        print(f"{raw_path}: cannot convert: {error}", file=sys.stderr)
        return 1
    try:
        write_files(result, target)
    except OSError as error:
        print(f"{target}: cannot write: {error}", file=sys.stderr)
        return 1
    print(report(result, shown=str(raw_path), target=target))
    return 1 if result.differences else 0


def imported(path: Path, data: bytes) -> ImportResult:
    """A Word document through Pandoc; anything else as text copied out of a PDF."""
    if path.suffix.lower() == ".docx":
        return import_docx(path)
    if path.suffix.lower() == ".pdf":
        return import_pdf(path)
    return import_text(data.decode("utf-8", errors="replace").removeprefix("\ufeff"))


def write_files(result: ImportResult, target: Path) -> None:
    """Each file whole or not at all: written beside its place, then moved into it."""
    for name, text in result.files:
        path = target / name
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", dir=path.parent, delete=False, suffix=".tmp"
        ) as out:
            out.write(text)
        Path(out.name).replace(path)


def report(result: ImportResult, *, shown: str, target: Path) -> str:
    lines = [f"{shown} -> {target}: {result.summary()}"]
    for title, findings in (("repairs made", result.repairs), ("doubts (check these)", result.doubts)):
        lines.append(f"{title}: {len(findings)}")
        lines.extend(f"  {located(finding, shown)}" for finding in findings)
    if result.differences:
        lines.append(f"words lost or added on the way (a bug in the import): {len(result.differences)}")
        lines.extend(f"  {located(finding, shown, whole=True)}" for finding in result.differences)
    else:
        lines.append("every word of the text is in the content (page furniture aside, listed above)")
    return "\n".join(lines)


def located(finding: Finding, shown: str, *, whole: bool = False) -> str:
    """`RAW:line: message`; a finding about the whole file as `RAW: message` when `whole`."""
    if finding.line is not None:
        return f"{shown}:{finding.line}: {finding.message}"
    return f"{shown}: {finding.message}" if whole else finding.message
