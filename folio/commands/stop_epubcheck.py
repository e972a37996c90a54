"""`folio stop-epubcheck`: end the EPUBCheck service that builds keep warm."""

from __future__ import annotations

import argparse

from folio.commands import program
from folio.verify.epubcheck import WarmEpubCheck


def main(argv: list[str]) -> int:
    argparse.ArgumentParser(
        prog=f"{program()} stop-epubcheck",
        description="End the EPUBCheck service (a Java process builds keep warm); the next build starts it.",
    ).parse_args(argv)
    if WarmEpubCheck(start=False).stop():
        print("stopped the EPUBCheck service; the next build starts it again")
    else:
        print("no EPUBCheck service was running")
    return 0
