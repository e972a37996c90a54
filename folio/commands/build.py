"""`folio [--content DIR] [--out DIR]`: build the publication into a verified PDF and EPUB."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from folio.cache import recorded_pages
from folio.commands import print_diagnostics, program
from folio.errors import BuildError
from folio.progress import Progress


def parse_arguments(argv: list[str]) -> argparse.Namespace:
    name = program()
    parser = argparse.ArgumentParser(
        prog=name,
        description=(
            "Turn the publication in CONTENT (publication.yaml, sources.yaml and the section "
            "Markdown files it lists) into a print-ready PDF with footnotes at the foot of their "
            "pages and an EPUB 3, then verify both: page labels equal the printed folios, every "
            "note sits on its call's page and links back, EPUBCheck passes. Outputs are named "
            "after the publication's title and replace the old ones only when all is well."
        ),
        epilog=(
            "other commands:\n"
            f"  {name} check [--pdf PATH] [--epub PATH] [--json PATH] [--content DIR] [--out DIR]\n"
            "      verify existing outputs (default: those in dist/, against content/)\n"
            f"  {name} import REPORT.docx|REPORT.pdf|RAW.txt [--content DIR] [--force]\n"
            "      turn a report into a content folder (default: imported/)\n"
            f"  {name} proof [--every-page] [--pdf PATH] [--content DIR] [--out DIR]\n"
            "      verify the outputs and draw each problem on its page: NAME.proof/index.html\n"
            f"  {name} preview [--content DIR]\n"
            "      rebuild on every save and show the pages, sections and problems in a browser\n"
            f"  {name} new DIR\n"
            "      start a new report in DIR: a commented publication.yaml, a section, its sources\n"
            f"  {name} stop-epubcheck\n"
            "      end the EPUBCheck service that builds keep warm (it ends after 15 idle minutes)\n"
            f"  {name} --version\n"
            "      folio's version and those of WeasyPrint, pikepdf and ebooklib\n"
            "  each has its own --help.\n\n"
            "exit codes: 0 built and verified, 1 bad input or a failed check, 2 a bug in folio"
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--content", type=Path, default=Path("content"), help="the publication (default: content/)"
    )
    parser.add_argument("--out", type=Path, default=Path("dist"), help="where outputs go (default: dist/)")
    add_house_style_arguments(parser)
    return parser.parse_args(argv)


def add_house_style_arguments(parser: argparse.ArgumentParser) -> None:
    """--styles, --templates: a house style's folders, when not CONTENT/styles, CONTENT/templates."""
    for name in ("styles", "templates"):
        parser.add_argument(
            f"--{name}",
            type=Path,
            metavar="DIR",
            help=(
                f"the report's own {name}: each file replaces the default of the same name, the "
                f"others are the defaults (default: CONTENT/{name}/ when there is one)"
            ),
        )


INTERRUPTED = 130  # 128 + SIGINT, as a shell reports a command ended by Ctrl-C


def main(argv: list[str]) -> int:
    arguments = parse_arguments(argv)
    try:
        from folio import pipeline  # noqa: PLC0415 (WeasyPrint loads only when there is something to build)

        with Progress(expected_pages=recorded_pages(arguments.out)) as shown:
            result = pipeline.build(
                arguments.content,
                arguments.out,
                styles=arguments.styles,
                templates=arguments.templates,
                say=shown.say,
            )
    except KeyboardInterrupt:  # the outputs go into place only after verification
        print("interrupted: nothing in the output folder was changed", file=sys.stderr)
        return INTERRUPTED
    except BuildError as error:
        print_diagnostics(error.diagnostics)
        print("build failed: nothing in the output folder was changed", file=sys.stderr)
        return 1
    except OSError as error:  # the machine, not the content: a full disk, a read-only dist/
        print(f"build failed: {error}; nothing in the output folder was changed", file=sys.stderr)
        return 1
    print_diagnostics(result.warnings)
    print_diagnostics(result.problems)
    if not result.ok:
        print(
            f"verification failed: {len(result.problems)} problem(s); outputs were not replaced",
            file=sys.stderr,
        )
        return 1
    print(f"{result.pdf}: {result.pages} pages, {result.notes} notes")
    for edition in result.editions:
        print(f"{edition}: {EDITION_LINES.get(edition.suffixes[-2].lstrip('.'), 'another edition')}")
    print(f"{result.epub}: EPUB 3, page-list of {result.pages} pages")
    report = result.pdf.with_name(f"{result.pdf.stem}.check.json")
    verified = "PDF, its editions," if result.editions else "PDF,"
    print(f"verified: {verified} EPUB and EPUBCheck, no problems (report: {report})")
    return 0


EDITION_LINES = {  # what each further edition is, for the line that names its file
    "archival": "the archival edition, PDF/A-2u (and PDF/UA-1)",
    "print-shop": "the print-shop edition, PDF/X-4 (FOGRA39) and PDF/UA-1, with bleed and crop marks",
}
