"""The import graph holds the architecture the README draws: which part may import which.

Read from the source with `ast` (imports under `if TYPE_CHECKING:` are for the type checker only
and do not count). Each rule is a fact about the tree; a forbidden import added anywhere fails.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ROOT

PACKAGE = ROOT / "folio"


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def runtime_imports(tree: ast.AST) -> Iterator[str]:
    """Every module imported outside `if TYPE_CHECKING:`."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
            yield from (name for child in node.orelse for name in runtime_imports(child))
        elif isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            yield "." * node.level + base  # relative imports are not used: see the test below
            yield from (f"{base}.{alias.name}" for alias in node.names)
        else:
            yield from runtime_imports(node)


def import_graph() -> dict[str, set[str]]:
    return {
        module_name(path): set(runtime_imports(ast.parse(path.read_text(encoding="utf-8"))))
        for path in sorted(PACKAGE.rglob("*.py"))
    }


def within(name: str, part: str) -> bool:
    return name == part or name.startswith(f"{part}.")


def importers_of(graph: dict[str, set[str]], target: str) -> set[str]:
    return {module for module, imports in graph.items() if any(within(name, target) for name in imports)}


GRAPH = import_graph()
STAGES = ["folio.load", "folio.render", "folio.pdf", "folio.epub", "folio.verify", "folio.importer"]


def test_folio_imports_absolutely() -> None:
    assert {
        module for module, imports in GRAPH.items() if any(name.startswith(".") for name in imports)
    } == set()


def test_the_graph_is_read_from_every_module() -> None:
    assert {"folio.pipeline", "folio.model", "folio.pdf", "folio.pdf.patches", "folio.load"} <= set(GRAPH)


@pytest.mark.parametrize("library", ["weasyprint", "pydyf"])
def test_only_the_pdf_stage_imports_weasyprint(library: str) -> None:
    assert {m for m in importers_of(GRAPH, library) if not within(m, "folio.pdf")} == set()


@pytest.mark.parametrize(
    ("part", "forbidden"),
    [
        (
            "folio.model",
            ["folio.load", "folio.render", "folio.pdf", "folio.epub", "folio.verify", "folio.pipeline"],
        ),
        (  # the model's inline content: below the model, which re-exports it
            "folio.inlines",
            ["folio.model", "folio.load", "folio.render", "folio.pdf", "folio.epub", "folio.verify"],
        ),
        ("folio.forked", ["folio", "folio.errors"]),  # a copy of the process: it needs nothing of folio
        ("folio.errors", ["folio.model", "folio.load", "folio.pdf", "folio.epub", "folio.verify"]),
        ("folio.lists", [*STAGES, "folio.pipeline"]),  # the model's, read by every output
        ("folio.load", ["folio.render", "folio.pdf", "folio.epub", "folio.verify", "folio.pipeline"]),
        ("folio.render", ["folio.load", "folio.pdf", "folio.epub", "folio.verify", "folio.pipeline"]),
        ("folio.pdf", ["folio.load", "folio.epub", "folio.verify", "folio.pipeline"]),
        # Steps 5-7 read only the files they write: the verifier's, no stage that makes them.
        ("folio.publish", ["folio.load", "folio.render", "folio.pdf", "folio.epub", "folio.pipeline"]),
        ("folio.epub_ahead", ["folio.load", "folio.render", "folio.pdf", "folio.epub", "folio.pipeline"]),
        ("folio.page_map", ["folio.pdf", "folio.epub", "folio.verify", "folio.pipeline"]),
        ("folio.epub", ["folio.load", "folio.pdf", "folio.verify", "folio.pipeline"]),
        ("folio.verify", ["folio.load", "folio.render", "folio.pdf", "folio.epub", "folio.pipeline"]),
        ("folio.importer", ["folio.load", "folio.render", "folio.pdf", "folio.epub", "folio.verify"]),
        # The editor's tools: a report's parts, progress, proofs, the preview, a new report.
        ("folio.project", [*STAGES, "folio.pipeline", "folio.proof", "folio.preview"]),
        ("folio.progress", ["folio.errors", *STAGES, "folio.pipeline", "folio.proof", "folio.preview"]),
        ("folio.proof", [*STAGES, "folio.pipeline", "folio.preview"]),
        ("folio.starter", ["folio.errors", "folio.model", *STAGES, "folio.pipeline", "folio.preview"]),
        ("folio.preview", ["folio.load", "folio.render", "folio.pdf", "folio.epub", "folio.importer"]),
    ],
)
def test_each_part_imports_only_what_it_may(part: str, forbidden: list[str]) -> None:
    found = {
        (module, name)
        for module, imports in GRAPH.items()
        if within(module, part)
        for name in imports
        for target in forbidden
        if within(name, target)
    }
    assert found == set()


def test_a_forbidden_import_is_caught(tmp_path: Path) -> None:
    """The rule can fail: a verifier module that imported the PDF stage would be found."""
    tree = ast.parse("from folio.pdf import render_document\nimport weasyprint\n")
    graph = {"folio.verify.example": set(runtime_imports(tree))}
    assert importers_of(graph, "weasyprint") == {"folio.verify.example"}
    assert importers_of(graph, "folio.pdf") == {"folio.verify.example"}


def test_type_checking_imports_do_not_count() -> None:
    tree = ast.parse(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from folio.pdf import LaidOutPage\n"
    )
    assert "folio.pdf" not in set(runtime_imports(tree))


def test_no_module_over_400_lines_and_no_function_over_50() -> None:
    """The sizes the style asks for: a longer module is two stages, a longer function two steps."""
    long_modules, long_functions = [], []
    for path in sorted(PACKAGE.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        if text.count("\n") > 400:
            long_modules.append(module_name(path))
        functions = [
            n for n in ast.walk(ast.parse(text)) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)
        ]
        long_functions += [
            f"{module_name(path)}.{f.name}"
            for f in functions
            if (f.end_lineno or f.lineno) - f.lineno + 1 > 50
        ]
    assert (long_modules, long_functions) == ([], [])
