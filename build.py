#!/usr/bin/env python3
"""Build the publication in content/ into a verified PDF and EPUB in dist/."""

from __future__ import annotations

import argparse
import sys
import tempfile
import traceback
from pathlib import Path

from folio import check_cli, import_cli
from folio.epubchecker import WarmEpubCheck
from folio.errors import BuildError
from folio.pipeline import build


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="build.py",
        description=(
            "Turn the publication in CONTENT (publication.yaml, sources.yaml and the section "
            "Markdown files it lists) into a print-ready PDF with footnotes at the foot of their "
            "pages and an EPUB 3, then verify both: page labels equal the printed folios, every "
            "note sits on its call's page and links back, EPUBCheck passes. Outputs are named "
            "after the publication's title and replace the old ones only when all is well."
        ),
        epilog=(
            "other commands:\n"
            "  build.py check [--pdf PATH] [--epub PATH] [--json PATH] [--content DIR] [--out DIR]\n"
            "      verify existing outputs (default: those in dist/, against content/)\n"
            "  build.py import RAW.txt [--content DIR] [--force]\n"
            "      turn text copied out of a PDF into a content folder (default: imported/)\n"
            "  build.py stop-epubcheck\n"
            "      end the EPUBCheck service that builds keep warm (it ends after 15 idle minutes)\n"
            "  each has its own --help.\n\n"
            "exit codes: 0 built and verified, 1 bad input or a failed check, 2 a bug in folio"
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--content", type=Path, default=Path("content"), help="the publication (default: content/)"
    )
    parser.add_argument("--out", type=Path, default=Path("dist"), help="where outputs go (default: dist/)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    # `build.py import RAW`: text extracted from a PDF -> content/;
    # `build.py check [--pdf P] [--epub E] [--json J] [--content C]`: verify existing outputs.
    commands = {"import": import_cli.main, "check": check_cli.main, "stop-epubcheck": stop_epubcheck}
    if args[:1] and args[0] in commands:
        return commands[args[0]](args[1:])
    arguments = parse_arguments(argv)
    try:
        result = build(arguments.content, arguments.out)
    except BuildError as error:
        for diagnostic in error.diagnostics:
            print(diagnostic, file=sys.stderr)
        print("build failed: nothing in the output folder was changed", file=sys.stderr)
        return 1
    except OSError as error:  # the machine, not the content: a full disk, a read-only dist/
        print(f"build failed: {error}; nothing in the output folder was changed", file=sys.stderr)
        return 1
    except Exception as error:
        return report_internal_error(error)
    for warning in result.warnings:
        print(warning, file=sys.stderr)
    for problem in result.problems:
        print(problem, file=sys.stderr)
    if not result.ok:
        print(
            f"verification failed: {len(result.problems)} problem(s); outputs were not replaced",
            file=sys.stderr,
        )
        return 1
    print(f"{result.pdf}: {result.pages} pages, {result.notes} notes")
    print(f"{result.epub}: EPUB 3, page-list of {result.pages} pages")
    report = result.pdf.with_name(f"{result.pdf.stem}.check.json")
    print(f"verified: PDF, EPUB and EPUBCheck, no problems (report: {report})")
    return 0


def stop_epubcheck(_args: list[str]) -> int:
    """Ends the EPUBCheck service (a Java process builds keep warm); the next build starts it."""
    if WarmEpubCheck(start=False).stop():
        print("stopped the EPUBCheck service; the next build starts it again")
    else:
        print("no EPUBCheck service was running")
    return 0


def report_internal_error(error: Exception) -> int:
    """A bug in folio, not in the content: two lines for the editor, the whole traceback in a
    file for the bug report. Exit code 2, so scripts can tell it from bad input (1)."""
    frames = traceback.extract_tb(error.__traceback__)
    ours = [frame for frame in frames if "/folio/" in frame.filename] or frames
    where = (
        f" (at {'/'.join(Path(ours[-1].filename).parts[-2:])}:{ours[-1].lineno} in {ours[-1].name})"
        if ours
        else ""
    )
    with tempfile.NamedTemporaryFile("w", prefix="folio-crash-", suffix=".txt", delete=False) as report:
        traceback.print_exception(error, file=report)
    print(
        f"internal error, a bug in folio rather than in the content: {type(error).__name__}: {error}{where}",
        file=sys.stderr,
    )
    print(
        f"nothing in the output folder was changed; the full traceback is in {report.name} "
        "(attach it to the bug report)",
        file=sys.stderr,
    )
    return 2


if __name__ == "__main__":
    sys.exit(main())
