"""The bibliography annex: every cited source once, sorted, with its address and access date, and
links back to the notes citing it; annexes are back matter in the EPUB."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from lxml import etree

from folio.errors import SourceLocation
from folio.load import load_publication
from folio.load.bibliography import sort_key
from folio.model import CrossRef, Link, Paragraph, Source, Text, plain_text
from folio.pipeline import BuildResult, build
from tests.conftest import write_content

X = "{http://www.w3.org/1999/xhtml}"
EPUB = "{http://www.idpf.org/2007/ops}"
SOURCES = """\
zeta:
  title: "Zeta News, Returns in 2024"
  url: "https://example.org/zeta"
  accessed: "2025-01-07"
alpha:
  title: "'Alpha' Agency, Checkpoints"
  url: ""
never:
  title: "Never Cited, A Report"
  url: ""
"""


def content(root: Path) -> Path:
    root.mkdir(exist_ok=True)
    write_content(
        root,
        "## 1. Returns\n\nOne.[^1] Two.[^2] Three.[^3]\n\n"
        "[^1]: Zeta, [url][zeta]\n"
        "[^2]: Alpha, [url][alpha]; Zeta, [url][zeta]\n"
        "[^3]: Zeta again, [url][zeta]\n",
        sources="sources.yaml",
        annexes=["tor.md", "bibliography"],
    )
    (root / "sources.yaml").write_text(SOURCES, encoding="utf-8")
    (root / "tor.md").write_text("# Annex 1: Terms of reference\n\nThe terms.\n", encoding="utf-8")
    return root


def test_the_bibliography_lists_cited_sources_sorted_with_back_links(tmp_path: Path) -> None:
    loaded = load_publication(content(tmp_path))
    _, annex, bibliography = loaded.publication.body.sections
    assert (annex.role, bibliography.role, bibliography.id) == ("annex", "annex", "s-bibliography")
    assert plain_text(bibliography.title) == "Annex 2: Bibliography"
    entries = [b for b in bibliography.blocks if isinstance(b, Paragraph)]
    assert [plain_text(e.inlines) for e in entries] == [
        "'Alpha' Agency, Checkpoints (cited in note 2)",
        "Zeta News, Returns in 2024, https://example.org/zeta, accessed 7 January 2025 "
        "(cited in notes 1, 2, 3)",
    ]
    assert [i for i in entries[1].inlines if isinstance(i, CrossRef)] == [
        CrossRef("fn-1", (Text("1"),)),
        CrossRef("fn-2", (Text("2"),)),
        CrossRef("fn-3", (Text("3"),)),
    ]
    assert Link("https://example.org/zeta", (Text("https://example.org/zeta"),)) in entries[1].inlines
    assert [w.message for w in loaded.warnings] == [
        "source 'never' is cited by no note; the bibliography leaves it out"
    ]


def test_leading_punctuation_of_any_kind_is_passed_over_in_the_order() -> None:
    location = SourceLocation("sources.yaml", 1)
    titles = ["#Zeta", "alpha", "«Beta»", "  Gamma", "_Delta"]
    sources = [Source(str(i), title, None, location) for i, title in enumerate(titles)]
    assert [s.title for s in sorted(sources, key=sort_key)] == [
        "alpha",
        "«Beta»",
        "_Delta",
        "  Gamma",
        "#Zeta",
    ]


def test_an_accessed_date_that_is_no_date_is_an_error(tmp_path: Path) -> None:
    content(tmp_path)
    (tmp_path / "sources.yaml").write_text(SOURCES.replace("2025-01-07", "last week"), encoding="utf-8")
    with pytest.raises(Exception, match="accessed must be a date, YYYY-MM-DD"):
        load_publication(tmp_path)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    root = tmp_path_factory.mktemp("bibliography")
    result = build(content(root / "content"), root / "dist", say=lambda _: None)
    assert result.ok, [str(p) for p in result.problems]
    return result


def test_the_epub_marks_annexes_as_back_matter_and_the_bibliography_as_such(built: BuildResult) -> None:
    archive = zipfile.ZipFile(built.epub)
    annex = etree.fromstring(archive.read("EPUB/s-tor.xhtml"))
    bibliography = etree.fromstring(archive.read("EPUB/s-bibliography.xhtml"))
    assert annex.find(f"{X}body").get(f"{EPUB}type") == "backmatter"
    section = bibliography.find(f"{X}body/{X}section")
    assert (section.get(f"{EPUB}type"), section.get("role")) == ("bibliography", "doc-bibliography")
    links = [a.get("href") for a in section.iter(f"{X}a") if a.get("class") == "xref"]
    assert links == ["s-s.xhtml#fn-2", "s-s.xhtml#fn-1", "s-s.xhtml#fn-2", "s-s.xhtml#fn-3"]
