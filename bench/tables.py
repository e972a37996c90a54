"""What the benchmark's tables share: a Markdown header, and each size's synthetic content."""

from __future__ import annotations

from pathlib import Path

from bench.synthetic import generate_publication


def print_header(header: str) -> None:
    print(header)
    print("|" + "---|" * (header.count("|") - 1))


def synthetic_content(scratch: Path, notes: int, *, seed: int) -> Path:
    """The content folder of `notes` notes, generated once per benchmark."""
    content = scratch / f"content-{notes}"
    if not content.exists():
        generate_publication(content, notes=notes, seed=seed)
    return content
