"""`folio proof`: the outputs verified, and their pages drawn with each problem where it is.

Takes the files as `folio check` does (by default the publication's outputs in dist/, against
content/); verifies them and writes `NAME.proof/` beside the PDF (`folio.proof`): PNG pages,
each problem drawn on its page, and index.html. The pages with a problem, or every page with
`--every-page`. Exits as `check` does: 1 on any problem.
"""

from __future__ import annotations

import argparse
import sys

from folio.commands import program
from folio.commands.check import file_arguments, verify_arguments
from folio.errors import display_path
from folio.proof import write_proof


def parse_arguments(argv: list[str]) -> argparse.Namespace:
    description = (
        "Verify the PDF (and EPUB) as `check` does and write a proof beside the PDF, NAME.proof/: "
        "its pages as PNG with each problem drawn where it is (a note that overflows outlined, a "
        "call whose note went elsewhere circled, with the page it went to) and index.html."
    )
    parser = file_arguments(f"{program()} proof", description)
    parser.add_argument(
        "--every-page", action="store_true", help="render every page, not only those with a problem"
    )
    return parser.parse_args(argv)


def main(argv: list[str]) -> int:
    arguments = parse_arguments(argv)
    checked = verify_arguments(arguments)
    if isinstance(checked, int):
        return checked
    problems = checked.report.problems
    for problem in problems:
        print(problem)
    if checked.pdf is None:
        print("no PDF to draw: give --pdf, or the content whose outputs to proof", file=sys.stderr)
        return 1
    folder = checked.pdf.with_name(f"{checked.pdf.stem}.proof")
    proof = write_proof(checked.pdf, problems, folder, every_page=arguments.every_page)
    print(
        f"proof: {display_path(proof.index)} ({len(proof.pages)} page(s) drawn, {len(problems)} problem(s))"
    )
    return 1 if problems else 0
