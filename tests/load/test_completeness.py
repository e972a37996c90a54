"""Every word of a section reaches the model, or the load fails at the line where it stops."""

from __future__ import annotations

from pathlib import Path

import pytest

from folio.errors import BuildError
from folio.load import load_publication
from tests.conftest import write_content


def errors(content: Path) -> list[str]:
    with pytest.raises(BuildError) as caught:
        load_publication(content)
    return [str(d) for d in caught.value.diagnostics if not d.warning]


def nested_list(depth: int) -> str:
    return "".join("  " * level + f"- item at level {level}\n" for level in range(depth))


def test_a_list_nested_past_the_parser_s_limit_is_an_error_where_the_text_stops(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write_content(tmp_path, f"## A\n\n{nested_list(12)}\nAfter the list, a paragraph.\n")
    assert errors(Path()) == [
        "s.md:12: 17 word(s) of this file did not reach the book, from 'item' on this line: a construct "
        "folio cannot hold (lists or quotes nested too deep?); write it flatter"
    ]


def test_quotes_nested_past_the_limit_are_caught_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    quotes = "".join(
        ">" * depth + f" quoted at depth {depth}\n" + ">" * depth + "\n" for depth in range(1, 25)
    )
    write_content(tmp_path, f"## A\n\n{quotes}")
    assert errors(Path())[0].startswith("s.md:")
    assert "did not reach the book" in errors(Path())[0]


def test_lists_within_the_limit_keep_every_word(tmp_path: Path) -> None:
    write_content(tmp_path, f"## A\n\n{nested_list(8)}\nAfter the list, a paragraph.\n")
    assert load_publication(tmp_path).publication.body.sections[0].blocks[-1].source.line == 12


def test_markdown_syntax_is_not_counted_as_lost_words(tmp_path: Path) -> None:
    """Labels, source keys, link addresses, entities, replacements and reference definitions
    are syntax: none of them is a word the reader should see."""
    section = (
        "## A &amp; B\n\n"
        'Text[^1] with a [link](https://example.org/some_path "its title") and (c) 2025 &#169;.\n\n'
        "An autolink <https://example.org/caf%C3%A9> and _emphasis_ and `code_span`.\n\n"
        "[ref]: https://example.org/unused\n\n"
        "[^1]: A note citing [url][a-source-key].\n\n"
        "[^unused]: A note never called,\n    with a second paragraph.\n"
    )
    write_content(tmp_path, section)
    (tmp_path / "sources.yaml").write_text('a-source-key: {title: "S", url: ""}\n', encoding="utf-8")
    (tmp_path / "publication.yaml").write_text(
        (tmp_path / "publication.yaml").read_text(encoding="utf-8") + 'sources: "sources.yaml"\n',
        encoding="utf-8",
    )
    loaded = load_publication(tmp_path)
    assert [w.message for w in loaded.warnings] == [
        "footnote [^unused] is defined but never referenced; it is left out"
    ]
