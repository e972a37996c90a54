"""The verifier's shape: it reads files and never builds them, its EPUBCheck client loads only
the standard library, its Java parts ship with it, and its modules stay small."""

from __future__ import annotations

import ast
import subprocess
import sys
from importlib.resources import files
from pathlib import Path

import folio.verify
from folio.verify.epubcheck.service import SERVER, WARMUP_BOOK

PACKAGE = Path(folio.verify.__file__).parent
BUILDING = (
    "weasyprint",
    "pydyf",
    "folio.pdf",
    "folio.render",
    "folio.epub",
    "folio.page_map",
    "folio.load",
    "folio.pipeline",
)


def imported_modules(source: Path) -> set[str]:
    tree = ast.parse(source.read_text(encoding="utf-8"))
    nodes = list(ast.walk(tree))
    found = {alias.name for node in nodes if isinstance(node, ast.Import) for alias in node.names}
    return found | {node.module for node in nodes if isinstance(node, ast.ImportFrom) and node.module}


def loaded_by(statement: str) -> set[str]:
    code = f"import sys; {statement}; print('\\n'.join(sys.modules))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(done.stdout.split())


def test_the_verifier_imports_nothing_that_builds() -> None:
    for source in PACKAGE.rglob("*.py"):
        for module in imported_modules(source):
            assert not module.startswith(BUILDING), f"{source.relative_to(PACKAGE)} imports {module}"
    loaded = loaded_by("import folio.verify.outputs")
    assert not {m for m in loaded if m.startswith(BUILDING)}


def test_the_epubcheck_client_loads_neither_pdf_readers_nor_lxml() -> None:
    loaded = loaded_by("from folio.verify.epubcheck import WarmEpubCheck; WarmEpubCheck(start=False)")
    assert not {m for m in loaded if m.split(".")[0] in ("weasyprint", "pypdf", "pypdfium2", "lxml")}


def test_the_java_server_and_its_warm_up_book_are_package_data() -> None:
    java = files("folio.verify.epubcheck") / "java"
    assert java.joinpath("WarmEpubCheck.java").is_file() and SERVER.is_file()
    assert java.joinpath("warmup-epub", "mimetype").is_file() and WARMUP_BOOK.is_dir()
    assert java.joinpath("warmup-epub", "EPUB", "content.opf").is_file()


def test_modules_stay_small_and_functions_short() -> None:
    for source in PACKAGE.rglob("*.py"):
        text = source.read_text(encoding="utf-8")
        assert text.count("\n") <= 400, source
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                assert node.end_lineno is not None
                assert node.end_lineno - node.lineno < 50, f"{source.name}: {node.name}"
