"""`folio preview [--content DIR] [--out DIR] [--port N]`: rebuild on every save, show it in a browser.

Prints the address (127.0.0.1 only, a free port unless --port), builds, then rebuilds whenever
a file of the content, the styles or the templates is saved; each build's lines and problems
print here as `folio build` prints them. Ctrl-C (or SIGTERM) stops it (exit 0): the renderer, the
server and the watcher end with it, and a build under way ends as `folio build` does.
"""

from __future__ import annotations

import argparse
import signal
import sys
from pathlib import Path

from folio.commands import program
from folio.commands.build import add_house_style_arguments


def parse_arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog=f"{program()} preview",
        description=(
            "Build the publication, then rebuild it whenever a file of the content, the styles or "
            "the templates is saved, and show the latest pages, the EPUB's sections, the problems "
            "and the warnings on a page served at http://127.0.0.1:PORT/, which refreshes itself."
        ),
    )
    parser.add_argument(
        "--content", type=Path, default=Path("content"), help="the publication (default: content/)"
    )
    parser.add_argument("--out", type=Path, default=Path("dist"), help="where outputs go (default: dist/)")
    parser.add_argument("--port", type=int, default=0, help="the port (default: a free one)")
    add_house_style_arguments(parser)
    return parser.parse_args(argv)


def main(argv: list[str]) -> int:
    arguments = parse_arguments(argv)
    from folio.preview.session import Preview  # noqa: PLC0415 (loads WeasyPrint)

    try:
        preview = Preview(
            arguments.content,
            arguments.out,
            styles=arguments.styles,
            templates=arguments.templates,
            port=arguments.port,
            say=lambda line: print(line, flush=True),
        )
    except OSError as error:  # the port is taken
        print(f"preview: cannot serve on port {arguments.port}: {error.strerror}", file=sys.stderr)
        return 1
    signal.signal(signal.SIGTERM, stop)  # `kill` stops it as cleanly as Ctrl-C
    try:
        preview.run()
    except KeyboardInterrupt:
        print("preview stopped", flush=True)
    return 0


def stop(_signal: int, _frame: object) -> None:
    raise KeyboardInterrupt
