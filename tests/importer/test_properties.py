"""Whatever text it is given, the importer gives content and a report; it never raises.

Hypothesis feeds arbitrary text (control characters, lone surrogates' replacement characters,
binary-looking runs) and text built from what PDF extractions are made of (numbers, labels,
markup debris, footers, headings, blank lines). Arbitrary text must import; report-like text
must also give a content folder the loader accepts, with every recovered note called.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from folio.errors import BuildError
from folio.importer import ImportResult, import_text
from folio.load import load_publication

PIECES = st.sampled_from(
    [
        "3.2. Russia",
        "1. Introduction",
        "Text",
        "word",
        "Hmeimim",
        "H meimim",
        "non- existent",
        " ",
        "\n",
        "\n\n",
        "\f",
        ".",
        ",",
        "'",
        "1",
        "2",
        "3",
        " 1",
        " 2",
        ".3",
        "<u>2</u>",
        "</u>",
        "2024",
        "AN-124",
        "p. 3",
        "1.3.3.",
        "Ibid.",
        ", 5 May 2024, url",
        "url",
        "© Agency 2025 | Email: a@b.c",
        "Report Title Here",
        "12",
        "*",
        "_",
        "#",
        "- ",
        "> ",
        "`",
        "&amp;",
        "<http://x>",
        "~~~",
        "===",
        "\\",
    ]
)
REPORT_LIKE = st.lists(PIECES, max_size=60).map("".join)
WORDS = st.sampled_from(
    ["Russia", "forces", "withdrew", "the", "in", "2024", "AN-124", "IL-76", "1.3.3.", "of"]
)
NOUNS = st.sampled_from(["Syria", "bases", "Moscow", "airstrikes", "Tartous", "'strategic'"])
CALL_STYLES = ("{text}. {n}", "{text}.{n}", "{text}.<u>{n}</u>", "{text}, {n}", "{text}{n}.")
MONTHS = st.sampled_from(["January", "May", "December"])


@st.composite
def citations(draw: st.DrawFn) -> str:
    kind = draw(st.integers(0, 2))
    if kind == 0:
        return "Ibid."
    if kind == 1:
        return f"Ibid., p. {draw(st.integers(1, 999))}"
    title = " ".join(draw(st.lists(NOUNS, min_size=1, max_size=4)))
    return f"AP, {title}, {draw(st.integers(1, 28))} {draw(MONTHS)} {draw(st.integers(2000, 2025))}, url"


@st.composite
def reports(draw: st.DrawFn) -> tuple[str, int, list[str]]:
    """A section with k notes from `first`, written out in one of the extraction styles."""
    first = draw(st.integers(1, 900))
    notes = draw(st.lists(citations(), min_size=1, max_size=8))
    sentences = []
    for n in range(first, first + len(notes)):
        words = draw(st.lists(WORDS, max_size=6))
        text = " ".join(["Then", *words, draw(NOUNS)])
        sentences.append(draw(st.sampled_from(CALL_STYLES)).format(text=text, n=n))
    body = wrapped(draw, " ".join(sentences))
    style = draw(st.integers(0, 2))
    if style == 0:  # the seed's: a label alone on its line, then the text
        block = "\n\n".join(f"{first + i}\n\n{wrapped(draw, note)}" for i, note in enumerate(notes))
    elif style == 1:  # a label starting each line
        block = "\n".join(f"{first + i} {wrapped(draw, note)}" for i, note in enumerate(notes))
    else:  # all notes run together on one line
        block = " ".join(f"{first + i} {note}" for i, note in enumerate(notes))
    footer = draw(st.sampled_from(["", "\n© Agency 2025 | Email: a@b.example\n"]))
    return f"\n3.2. Russia\n\n{body}\n\n{block}\n{footer}", first, notes


def wrapped(draw: st.DrawFn, text: str) -> str:
    """`text` with some of its spaces turned into line breaks, as a PDF's lines end."""
    words = text.split(" ")
    breaks = draw(st.sets(st.integers(1, max(1, len(words) - 1)), max_size=3))
    return "".join(("\n" if i in breaks else " ") + w if i else w for i, w in enumerate(words))


def load_result(result: ImportResult) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        for name, text in result.files:
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_text(text, encoding="utf-8")
        loaded = load_publication(root)
        called = {n.number for n in loaded.publication.notes}
        assert len(called) == sum(
            isinstance(part, int) for block in result.blocks for part in getattr(block, "parts", ())
        )


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400))
def test_arbitrary_text_imports_and_reports(raw: str) -> None:
    result = import_text(raw)
    names = [name for name, _ in result.files]
    assert names[0] == "publication.yaml" and any(n.startswith("sections/") for n in names)
    assert result.summary()
    try:
        load_result(result)
    except BuildError as error:  # text that reads as Markdown syntax ("[^1]") the loader refuses
        assert all(d.location is not None for d in error.diagnostics)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_binary_input_imports(data: bytes) -> None:
    result = import_text(data.decode("utf-8", errors="replace"))
    assert result.files[0][0] == "publication.yaml"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reports())
def test_generated_reports_give_back_exactly_their_notes(report: tuple[str, int, list[str]]) -> None:
    raw, first, notes = report
    result = import_text(raw)
    assert [(n.number, n.text) for n in result.notes] == [(first + i, t) for i, t in enumerate(notes)]
    calls = [part for block in result.blocks for part in getattr(block, "parts", ()) if isinstance(part, int)]
    assert calls == list(range(first, first + len(notes)))
    assert [f for f in result.doubts if f.line] == []
    load_result(result)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(REPORT_LIKE)
def test_report_like_text_gives_content_that_loads(raw: str) -> None:
    load_result(import_text(raw))
