"""Every word of a section reaches the model, or the load fails at the line where it stops."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from folio.errors import BuildError
from folio.load import load_publication
from folio.load.completeness import WORD, readable_text
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


# What the load blanks, as it first did it: a reference definition in the whole text, then each
# line alone, its list number and then its syntax in one alternation. The load now blanks the
# whole text with one fast pass of each pattern; it must blank exactly the same.
LINE_REFERENCE = re.compile(r"^ {0,3}\[(?!\^)[^\]]+\]:\s*\S.*$", re.MULTILINE)
LINE_LIST_NUMBER = re.compile(r"^[ \t>]*\d{1,9}[.)](?=\s|$)")
LINE_SYNTAX = re.compile(
    r"\[\^[^\]\s]+\]:?|\]\[[^\]]*\]|\]\([^)]*\)|<[a-z][a-z0-9+.-]*:[^\s<>]*>"
    r"|&(?:#[0-9]+|#x[0-9a-f]+|[a-z][a-z0-9]*);|\((?:c|r|tm|p)\)|\{#[^}\s]*\}"
    r"|^[\s>]*(?:table)?:(?=\s)|\{\s*#[A-Za-z][\w.:-]*|\bfig-alt=",
    re.IGNORECASE,
)
# The syntax, its parts, and what sits next to it: spaces of every kind, line ends, letters that
# fold with others when case is ignored (ı, ſ, the Kelvin sign), digits of other scripts.
SYNTAX_PIECES = st.sampled_from(
    [
        *("[^1]", "[^a b]", "[^", "]:", "][x]", "][", '](u "t")', "](", "<https://x.y/z>", "<a:b", ">"),
        *("&amp;", "&#169;", "&#x1F;", "&", ";", "(c)", "(TM)", "(r)", "{#id}", "{#", "{ #fig-a", "{"),
        *("}", "#", "fig-alt=", "FIG-ALT=", "fig-alt", "=", "Table:", "table: ", "TABLE:\t", "tab", ":"),
        *(" ", "   ", "    ", "> ", "\n", "\n\n", "\t", "\r", "\r\n", "\x0b", "\x85", "\u2028", "\u00a0"),
        *("1.", "12)", "123456789.", "1234567890)", "[ref]: http://x", "   [r]:", "[r]:\n x", "x", "word"),
        *("é", "_", "İ", "ı", "ſ", "\u212a", "]", "[", "(", ")", "-", ".", "f", "ig", "\u0663"),
    ]
)


def blanked_line_by_line(text: str) -> list[str]:
    lines = LINE_REFERENCE.sub("", text).split("\n")
    return [LINE_SYNTAX.sub(" ", LINE_LIST_NUMBER.sub("", line)) for line in lines]


@given(st.one_of(st.text(max_size=200), st.lists(SYNTAX_PIECES, max_size=40).map("".join)))
def test_the_whole_text_is_blanked_as_each_line_alone_with_one_alternation(text: str) -> None:
    assert readable_text(text).split("\n") == blanked_line_by_line(text)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("[^1]Table: x", ["Table", "x"]),  # a caption only at the start of its line
        ("> Table: x\n1. Table: y", ["x", "y"]),
        ("{#tbl-a.fig-alt=x}", []),  # a heading's id, whole: its "fig-alt=" is no figure's
        ('![a](i.png){#fig-a fig-alt="the alt"}', ["a", "the", "alt"]),
        ("[a][b\nc] d", ["a", "b", "c", "d"]),  # a source key never runs over a line's end
        ("Table:\nx", ["Table", "x"]),  # nor a caption's space
        ("[ref]:\n\n  https://e.org/x\nafter", ["after"]),  # a reference definition may
    ],
)
def test_what_is_syntax_and_what_is_a_word(text: str, words: list[str]) -> None:
    assert WORD.findall(readable_text(text)) == words
