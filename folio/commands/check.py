"""`folio check`: verify existing outputs, against their content when it is at hand.

Takes the PDF and/or EPUB to check (by default the publication's outputs in dist/, with the
further editions its `editions:` asks for), and the content they were built from (`--content`;
used by default when checking dist/); `--edition` says which edition `--pdf` is, whose own
checks then run too. Prints one
line per problem, `FILE: page N: what is wrong`, then a one-line summary; writes the JSON
report when asked; exits 1 on any problem or unreadable input.
"""

from __future__ import annotations

import argparse
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pikepdf
from lxml import etree

from folio.commands import print_diagnostics, program
from folio.errors import BuildError
from folio.load import load_publication
from folio.model import ACCESSIBLE, EDITIONS
from folio.verify import Expectation, Report, expect_from_content, verify_edition, verify_outputs

# What reading a file that is no PDF or EPUB, or a broken one, raises (qpdf, zip, lxml, the readers).
UNREADABLE = (pikepdf.PdfError, zipfile.BadZipFile, etree.XMLSyntaxError, ValueError, KeyError, OSError)


def parse_arguments(argv: list[str]) -> argparse.Namespace:
    description = (
        "Verify a PDF and/or EPUB: page labels and printed folios, note calls, placement, "
        "back-links, numbering, completeness and geometry of the notes, document metadata, "
        "the EPUB's footnotes, page-list, resources and package (EPUBCheck), and that both "
        "editions hold the same notes and sections. Checks that need the content are "
        "skipped when it is not given. Without --pdf and --epub, checks the publication's "
        "outputs in --out against --content, the editions it asks for among them."
    )
    parser = file_arguments(f"{program()} check", description)
    parser.add_argument("--json", type=Path, help="write the report of every check here")
    return parser.parse_args(argv)


def file_arguments(prog: str, description: str) -> argparse.ArgumentParser:
    """The files to check, as `check` and `proof` take them."""
    parser = argparse.ArgumentParser(prog=prog, description=description)
    parser.add_argument("--pdf", type=Path, help="the PDF to check")
    parser.add_argument("--epub", type=Path, help="the EPUB to check")
    parser.add_argument("--content", type=Path, help="the content the files were built from")
    parser.add_argument(
        "--out", type=Path, default=Path("dist"), help="where the outputs are (default: dist/)"
    )
    parser.add_argument(
        "--edition",
        choices=EDITIONS,
        default=ACCESSIBLE,
        help="the edition --pdf is: an archival or print-shop edition's own checks run too",
    )
    return parser


def main(argv: list[str]) -> int:
    arguments = parse_arguments(argv)
    checked = verify_arguments(arguments)
    if isinstance(checked, int):
        return checked
    report = checked.report
    for problem in report.problems:
        print(problem)
    for result in report.results:
        if result.status == "skipped":
            print(f"skipped {result.check}: {result.reason}")
    if arguments.json is not None:
        arguments.json.write_text(report.to_json(), encoding="utf-8")
    print(f"{'verification failed' if report.problems else 'verified'}: {report.summary}")
    return 1 if report.problems else 0


@dataclass(frozen=True, slots=True)
class Checked:
    report: Report
    pdf: Path | None
    epub: Path | None


def verify_arguments(arguments: argparse.Namespace) -> Checked | int:
    """The report on the files the arguments name (`--pdf`, `--epub`, else the outputs in
    `--out` of `--content`), or the exit code when they cannot be read (said on stderr)."""
    pdf, epub, content_dir = arguments.pdf, arguments.epub, arguments.content
    editions: list[tuple[str, Path]] = []  # the further editions to check, each with its PDF
    try:
        expected: Expectation | None = None
        if pdf is None and epub is None:  # our own build: its content is the reference
            publication = load_publication(content_dir or Path("content")).publication
            expected = expect_from_content(publication)
            pdf = arguments.out / f"{publication.slug}.pdf"
            epub = arguments.out / f"{publication.slug}.epub"
            others = (e for e in publication.editions if e != ACCESSIBLE)
            editions = [(e, arguments.out / f"{publication.slug}.{e}.pdf") for e in others]
        elif content_dir is not None:
            expected = expect_from_content(load_publication(content_dir).publication)
    except BuildError as error:
        print_diagnostics(error.diagnostics)
        return 1
    missing = [
        path for path in (pdf, epub, *(p for _, p in editions)) if path is not None and not path.is_file()
    ]
    for path in missing:
        print(f"{path}: file not found", file=sys.stderr)
    if missing:
        return 1
    try:
        report = verified(pdf, epub, expected, edition=arguments.edition, editions=editions)
    except UNREADABLE as error:
        print(f"{pdf or epub}: cannot be read: {error}", file=sys.stderr)
        return 1
    return Checked(report, pdf, epub)


def verified(
    pdf: Path | None,
    epub: Path | None,
    expected: Expectation | None,
    *,
    edition: str,
    editions: list[tuple[str, Path]],
) -> Report:
    """The report on the files: a PDF of another edition than the accessible one gets that
    edition's checks (and every check of a PDF); the EPUB its own; each further edition its own."""
    if pdf is not None and edition != ACCESSIBLE:
        report = verify_edition(
            pdf, edition, epub=epub, content=expected, shown=str(pdf), shown_epub=str(epub)
        )
        if epub is not None:
            epub_only = verify_outputs(pdf=None, epub=epub, content=expected, shown_epub=str(epub))
            report = Report((*report.results, *(r for r in epub_only.results if r.status != "skipped")))
    else:
        report = verify_outputs(
            pdf=pdf, epub=epub, content=expected, shown_pdf=str(pdf), shown_epub=str(epub)
        )
    for name, path in editions:
        found = verify_edition(path, name, epub=epub, content=expected, shown=str(path), shown_epub=str(epub))
        report = Report((*report.results, *found.results))
    return report
