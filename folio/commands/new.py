"""`folio new DIR`: a new report folder that builds and verifies as it is.

Writes `folio.starter`'s files (a commented publication.yaml, one section with a note,
sources.yaml) into DIR, which must not exist or be empty: a folder that has files is refused,
and nothing in it is touched. Prints what it wrote and the command that builds it.
"""

from __future__ import annotations

import argparse
import datetime
import sys
import uuid
from pathlib import Path

from folio.commands import program
from folio.starter import starter_files


def parse_arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog=f"{program()} new",
        description=(
            "Start a new report: DIR gets a publication.yaml whose comments explain each field, "
            "sources.yaml and one section with a note, ready to build and verify. DIR must not "
            "exist yet or be empty."
        ),
    )
    parser.add_argument("folder", type=Path, metavar="DIR", help="the new report's content folder")
    return parser.parse_args(argv)


def main(argv: list[str]) -> int:
    folder: Path = parse_arguments(argv).folder
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        what = "is not a folder" if not folder.is_dir() else "already has files"
        print(f"{folder}: {what}; a new report needs a new or empty folder", file=sys.stderr)
        return 1
    name = folder.resolve().name
    files = starter_files(name, today=datetime.date.today(), identifier=str(uuid.uuid4()))
    try:
        for relative, text in files.items():
            path = folder / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("x", encoding="utf-8") as file:  # "x": never over a file made meanwhile
                file.write(text)
    except OSError as error:
        print(f"{folder}: cannot write the new report: {error}", file=sys.stderr)
        return 1
    for relative in files:
        print(f"wrote {folder / relative}")
    print(f"build it with: {program()} --content {folder} --out {folder.with_name(folder.name + '-dist')}")
    return 0
