"""Whatever an editor (or an importer) writes, the loader gives a publication or a clean error.

Hypothesis feeds arbitrary Markdown, Markdown built from the constructs editors use (notes,
links to sources, lists, quotes, raw HTML), and arbitrary YAML; the only acceptable outcomes
are a `Loaded` value whose print HTML renders, or a `BuildError` whose every diagnostic names
a file. Anything else (KeyError, IndexError, ...) is a bug in folio.
"""

from __future__ import annotations

import os
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from folio.errors import BuildError
from folio.load import load_publication
from folio.pipeline import Project
from folio.render import render_print_html

META = (
    'title: "T"\npublisher: "P"\ndate: "2025-03"\nlanguage: "en"\nidentifier: "urn:x"\n'
    'first_note: 1\nfirst_page: 1\nsources: "sources.yaml"\nsections: ["s.md"]\n'
)
SOURCES = 'known:\n  title: "A source"\n  url: "https://example.org/a"\nblank:\n  title: "B"\n'

PIECES = st.sampled_from(
    [
        "## Title\n",
        "# Top\n",
        "Text",
        " ",
        "\n",
        "\n\n",
        "[^1]",
        "[^2]",
        "[^x y]",
        "[^1]: note\n",
        "[^2]: ",
        "\n[^3]: third\n    continued\n",
        "^[inline note]",
        "[url][known]",
        "[url][blank]",
        "[url][missing]",
        "[link](https://example.org)",
        "[bad](javascript:alert(1))",
        "![image](x.png)",
        "<script>alert(1)</script>",
        "<b onclick='x()'>",
        "- item\n",
        "1. first\n",
        "> quote\n",
        "```\ncode\n```\n",
        "    indented code\n",
        "---\n",
        "*em*",
        "**strong**",
        "`code`",
        "\\",
        "  \n",
        "| a | b |\n|---|---|\n| 1 | 2 |\n",
        "\t",
        "&amp;",
        "\u00e9",
        "\x00",
    ]
)
MARKDOWN = st.one_of(st.text(max_size=300), st.lists(PIECES, max_size=30).map("".join))
YAML_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 3000) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)
FIELDS = st.sampled_from(
    [
        *("title", "publisher", "date", "language", "identifier", "first_note", "first_page"),
        *("sections", "sources", "footer", "rights", "subtitle", "titel"),
    ]
)


def check_outcome(content: Path) -> None:
    try:
        loaded = load_publication(content)
    except BuildError as error:
        assert error.diagnostics
        assert all(d.location is not None and d.location.path for d in error.diagnostics), str(error)
        return
    html = render_print_html(
        loaded.publication, templates_dir=Project().templates, created=loaded.publication.modified
    )
    assert "<script>" not in html


def write(root: Path, meta: str, section: str | bytes, sources: str = SOURCES) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "publication.yaml").write_text(meta, encoding="utf-8")
    (root / "sources.yaml").write_text(sources, encoding="utf-8")
    data = section.encode("utf-8", errors="surrogatepass") if isinstance(section, str) else section
    (root / "s.md").write_bytes(data)
    return root


# 150 examples per test keep the suite quick; FOLIO_PROPERTY_EXAMPLES=5000 searches harder.
SETTINGS = settings(
    max_examples=int(os.environ.get("FOLIO_PROPERTY_EXAMPLES", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


@SETTINGS
@given(section=MARKDOWN)
def test_any_markdown_gives_a_publication_or_a_clean_error(tmp_path: Path, section: str) -> None:
    check_outcome(write(tmp_path / "c", META, section))


@SETTINGS
@given(section=st.binary(max_size=200))
def test_any_bytes_as_a_section_give_a_publication_or_a_clean_error(tmp_path: Path, section: bytes) -> None:
    check_outcome(write(tmp_path / "c", META, section))


@SETTINGS
@given(meta=st.text(max_size=300))
def test_any_text_as_publication_yaml_gives_a_publication_or_a_clean_error(tmp_path: Path, meta: str) -> None:
    check_outcome(write(tmp_path / "c", meta, "## A\n\nText.\n"))


@SETTINGS
@given(fields=st.dictionaries(FIELDS, YAML_VALUES, max_size=10))
def test_any_field_values_give_a_publication_or_a_clean_error(
    tmp_path: Path, fields: dict[str, object]
) -> None:
    base = yaml.safe_load(META)
    base.update(fields)
    check_outcome(write(tmp_path / "c", yaml.safe_dump(base), "## A\n\nText[^1].\n\n[^1]: note\n"))


@SETTINGS
@given(
    sources=st.text(max_size=200)
    | st.dictionaries(st.text(max_size=8), YAML_VALUES, max_size=4).map(yaml.safe_dump)
)
def test_any_sources_yaml_gives_a_publication_or_a_clean_error(tmp_path: Path, sources: str) -> None:
    check_outcome(write(tmp_path / "c", META, "## A\n\nSee[^1].\n\n[^1]: [url][known]\n", sources))
