#!/usr/bin/env python3
"""Build the publication in content/ into a verified PDF and EPUB in dist/."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

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
    )
    parser.add_argument(
        "--content", type=Path, default=Path("content"), help="the publication (default: content/)"
    )
    parser.add_argument("--out", type=Path, default=Path("dist"), help="where outputs go (default: dist/)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    arguments = parse_arguments(argv)
    try:
        result = build(arguments.content, arguments.out)
    except BuildError as error:
        for diagnostic in error.diagnostics:
            print(diagnostic, file=sys.stderr)
        print("build failed: nothing in the output folder was changed", file=sys.stderr)
        return 1
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
    print("verified: page labels, folios, note calls and back-links, EPUBCheck: no problems")
    return 0


if __name__ == "__main__":
    sys.exit(main())
