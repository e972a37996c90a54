"""`python -m bench.import_corpus [--show]`: imports every document of the corpus
(`bench.corpus`) and prints, per document, the precision and recall of its notes, calls and
paragraphs (and tables) against its oracle, how many words the word check found lost or added, and how many
doubts the import raised. `--show` prints what each import missed.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from bench.corpus import Source, corpus_sources, make_file, oracle
from bench.corpus_scores import Scores, imported, score
from folio.importer import ImportResult
from folio.importer.docx import import_docx
from folio.importer.pdf_pages import import_pdf
from folio.load import load_publication


@dataclass(frozen=True, slots=True)
class Outcome:
    name: str
    result: ImportResult
    scores: Scores


def import_document(source: Source, kind: str, folder: Path) -> Outcome:
    """Make the document, import it, write the content, load it and score it."""
    path = make_file(source, kind, folder)
    result = import_docx(path) if kind == "docx" else import_pdf(path)
    content = folder / f"{source.name}-{kind}"
    for name, text in result.files:
        (content / name).parent.mkdir(parents=True, exist_ok=True)
        (content / name).write_text(text, encoding="utf-8")
    loaded = load_publication(content).publication
    return Outcome(path.name, result, score(imported(loaded), oracle(source, kind=kind)))


def import_corpus(folder: Path) -> list[Outcome]:
    return [import_document(source, kind, folder) for source in corpus_sources() for kind in source.kinds]


def table(outcomes: list[Outcome]) -> list[str]:
    rows = [
        f"{'document':<22} {'notes P/R':>11} {'calls P/R':>11} {'paras P/R':>11} {'tables P/R':>11} "
        f"{'lost':>5} {'doubts':>6}"
    ]
    for outcome in outcomes:
        s = outcome.scores
        cells = [f"{x.precision:.2f}/{x.recall:.2f}" for x in (s.notes, s.calls, s.paragraphs, s.tables)]
        rows.append(
            f"{outcome.name:<22} {cells[0]:>11} {cells[1]:>11} {cells[2]:>11} {cells[3]:>11} "
            f"{len(outcome.result.differences):>5} {len(outcome.result.doubts):>6}"
        )
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.import_corpus")
    parser.add_argument("--show", action="store_true", help="print what each import missed")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        outcomes = import_corpus(Path(tmp))
    print("\n".join(table(outcomes)))
    if args.show:
        for outcome in outcomes:
            print(f"\n== {outcome.name}")
            for kind, missing in outcome.scores.missing.items():
                for item in missing:
                    print(f"  missing {kind}: {item}")
            for finding in (*outcome.result.doubts, *outcome.result.differences):
                print(f"  {finding}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
