#!/usr/bin/env python3
"""How much the verifier costs beside the PDF render, on a generated report of report size.

Writes a deterministic publication (default: about 300 pages, 3000 notes) into a temporary
content/ folder, lays it out and writes the PDF once (timed), then runs the PDF verification
against that content (timed) and, for comparison, pypdf's plain `extract_text` on every page.
Prints pages, notes, the seconds of each and the ratio verification / render (target: < 10 %).

    .venv/bin/python bench/verify_bench.py [--notes 3000] [--keep DIR]

Self-contained on purpose: it only uses folio's stage functions, so other benchmarks can sit
beside it without sharing code.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

import pypdf

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from folio.load import load_publication  # noqa: E402
from folio.pdf import patch_weasyprint, render_document, write_pdf  # noqa: E402
from folio.render import render_print_html  # noqa: E402
from folio.verify import expect_from_content, verify_pdf  # noqa: E402

TEXT = (
    "the government forces reportedly withdrew from several positions in the north while local "
    "armed groups took control of checkpoints along the main road according to sources interviewed "
    "by the agency humanitarian access remained limited in rural areas and displacement continued "
    "as families returned to damaged homes security incidents were recorded in the eastern "
    "governorates including clashes between factions and targeted killings of former officials"
)
WORDS = TEXT.split(" ")
OUTLETS = ("Reuters", "AP", "Enab Baladi", "Syria Direct", "BBC News", "CNN", "Meduza", "ACLED")
NOTES_PER_PARAGRAPH = 5
PARAGRAPHS_PER_SECTION = 30


def sentence(rng: random.Random, length: int) -> str:
    words = [rng.choice(WORDS) for _ in range(length)]
    return " ".join(words).capitalize()


def citation(rng: random.Random, number: int, sources: list[str]) -> str:
    """A citation as COI reports write them; one in five names several sources."""
    parts = []
    for _ in range(3 if number % 5 == 0 else 1):
        outlet = rng.choice(OUTLETS)
        title = sentence(rng, rng.randint(6, 14))
        day = rng.randint(1, 28)
        key = rng.choice(sources)
        parts.append(f"{outlet}, {title}, {day} January 2025, [url][{key}]")
    return "; ".join(parts)


def write_content(root: Path, *, notes: int, seed: int = 7) -> Path:
    """A publication of `notes` notes in sections of 150; the same arguments give the same files."""
    rng = random.Random(seed)
    sources = [f"src-{i}" for i in range(40)]
    (root / "sections").mkdir(parents=True, exist_ok=True)
    lines = [f"{key}:\n  title: Source {key}\n  url: https://example.org/{key}" for key in sources[:20]]
    lines += [f"{key}:\n  title: Source {key}\n  url:" for key in sources[20:]]
    (root / "sources.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    per_section = NOTES_PER_PARAGRAPH * PARAGRAPHS_PER_SECTION
    names = []
    label = 1
    for index in range((notes + per_section - 1) // per_section):
        body = [f"## {index + 1}. Generated section {index + 1}\n"]
        definitions = []
        count = min(per_section, notes - index * per_section)
        for start in range(0, count, NOTES_PER_PARAGRAPH):
            sentences = []
            for _ in range(min(NOTES_PER_PARAGRAPH, count - start)):
                sentences.append(f"{sentence(rng, rng.randint(26, 46))}.[^{label}]")
                definitions.append(f"[^{label}]: {citation(rng, label, sources)}")
                label += 1
            body.append(" ".join(sentences) + "\n")
        name = f"sections/s{index + 1:02d}.md"
        (root / name).write_text("\n".join(body + definitions) + "\n", encoding="utf-8")
        names.append(name)
    meta = [
        "title: Generated Report",
        "subtitle: Benchmark",
        "publisher: folio",
        "date: 2025-03",
        "language: en",
        "identifier: urn:x-folio:bench",
        "first_note: 1",
        "first_page: 1",
        "footer: Generated report for the verifier benchmark",
        "sources: sources.yaml",
        "sections:",
        *(f"  - {name}" for name in names),
    ]
    (root / "publication.yaml").write_text("\n".join(meta) + "\n", encoding="utf-8")
    return root


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--notes", type=int, default=3000)
    parser.add_argument("--keep", type=Path, help="also write the content and PDF here")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        where = arguments.keep or Path(scratch)
        content = write_content(where / "content", notes=arguments.notes)
        publication = load_publication(content).publication
        html = render_print_html(publication, templates_dir=ROOT / "templates", created=publication.modified)
        patch_weasyprint(print)  # WeasyPrint patched as a build patches it
        started, cpu = time.perf_counter(), time.process_time()
        rendered = render_document(
            html, base_url=ROOT, stylesheet=ROOT / "styles" / "print.css", first_page=publication.first_page
        )
        pdf = write_pdf(
            rendered.document, first_page=publication.first_page, identifier=publication.identifier
        )
        render_seconds, render_cpu = time.perf_counter() - started, time.process_time() - cpu
        path = where / "bench.pdf"
        path.write_bytes(pdf)
        started, cpu = time.perf_counter(), time.process_time()
        problems = verify_pdf(path, expect_from_content(publication.body))  # the body, laid out alone
        verify_seconds, verify_cpu = time.perf_counter() - started, time.process_time() - cpu
        started, cpu = time.perf_counter(), time.process_time()
        for page in pypdf.PdfReader(path).pages:
            page.extract_text()
        naive_seconds, naive_cpu = time.perf_counter() - started, time.process_time() - cpu
    print(f"pages {len(rendered.pages)}, notes {len(publication.notes)}")
    # CPU seconds too: wall-clock times swing when other work shares the machine.
    print("                         wall s    ratio    CPU s    ratio")
    print(f"render (layout + PDF)  {render_seconds:8.2f}           {render_cpu:8.2f}")
    for name, wall, cpu_seconds in (
        ("verification (PDF)", verify_seconds, verify_cpu),
        ("naive extract_text", naive_seconds, naive_cpu),
    ):
        print(
            f"{name:<22} {wall:8.2f}  {wall / render_seconds:6.1%}  "
            f"{cpu_seconds:8.2f}  {cpu_seconds / render_cpu:6.1%}"
        )
    for problem in problems[:10]:
        print(problem)
    print(f"problems: {len(problems)}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
