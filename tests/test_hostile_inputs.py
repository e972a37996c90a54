"""A corpus of bad, hostile and unusual inputs, generated here: each is bad input (exit 1, every
line `path:line: message` or `path: message`, no traceback) and leaves the output folder as it was.

Each case writes a small content folder into `root` and names the message it must give.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable
from pathlib import Path

import pytest

import build as cli
from tests.conftest import write_content

Case = Callable[[Path], object]


def section(text: str) -> Case:
    return lambda root: write_content(root, text)


def meta(**fields: object) -> Case:
    return lambda root: write_content(root, "## A\n\nText.\n", **fields)


def replace_file(name: str, text: str) -> Case:
    def write(root: Path) -> None:
        write_content(root, "## A\n\nText.\n")
        (root / name).write_text(text, encoding="utf-8")

    return write


def meta_line(line: str) -> Case:
    """A line added to a good publication.yaml."""

    def write(root: Path) -> None:
        write_content(root, "## A\n\nText.\n")
        with (root / "publication.yaml").open("a", encoding="utf-8") as file:
            file.write(line + "\n")

    return write


def language_with_a_quote(root: Path) -> None:
    write_content(root, "## A\n\nText.\n")
    meta_path = root / "publication.yaml"
    meta_path.write_text(meta_path.read_text(encoding="utf-8").replace('language: "en"', "language: 'en\"x'"))


def publication_yaml_a_pipe(root: Path) -> None:
    write_content(root, "## A\n\nText.\n")
    (root / "publication.yaml").unlink()
    os.mkfifo(root / "publication.yaml")


def fifo(root: Path) -> None:
    write_content(root, "## A\n\nText.\n")
    (root / "s.md").unlink()
    os.mkfifo(root / "s.md")


def device(root: Path) -> None:
    write_content(root, "## A\n\nText.\n")
    (root / "s.md").unlink()
    (root / "s.md").symlink_to("/dev/zero")


def alias_bomb(root: Path) -> None:
    names = "abcdefghij"
    rows = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    rows += [f"{new}: &{new} [*{old}, *{old}, *{old}, *{old}]" for old, new in itertools.pairwise(names)]
    write_content(root, "## A\n\nText.\n")
    with (root / "publication.yaml").open("a", encoding="utf-8") as file:
        file.write("bomb:\n" + "".join(f"  {row}\n" for row in rows))


def nested(depth: int) -> str:
    return "".join("  " * level + f"- level {level}\n" for level in range(depth))


CASES: dict[str, tuple[Case, str]] = {
    "alias bomb": (alias_bomb, "publication.yaml:11: malformed YAML: aliases (*name)"),
    "yaml nested 10,000 deep": (
        replace_file("publication.yaml", "title: " + "[" * 10_000),
        "publication.yaml: ",
    ),
    "a key given twice": (
        meta_line("title: again"),
        "publication.yaml:9: 'title' is given twice",
    ),
    "publication.yaml a pipe": (
        publication_yaml_a_pipe,
        "publication.yaml: not a regular file",
    ),
    "a section that is a pipe": (fifo, "publication.yaml:8: section file 's.md' is not a regular file"),
    "a section linked to /dev/zero": (device, "publication.yaml:8: section file 's.md' is outside"),
    "a backspace": (section("## A\n\nText \b here.\n"), "s.md:3: character U+0008"),
    "an escape": (section("## A\n\nText \x1b[31m here.\n"), "s.md:3: character U+001B"),
    "a vertical tab": (section("## A\n\nText \v here.\n"), "s.md:3: character U+000B"),
    "a form feed": (section("## A\n\n\fText.\n"), "s.md:3: character U+000C"),
    "U+FFFE": (section("## A\n\nText \ufffe.\n"), "s.md:3: character U+FFFE"),
    "5,000 stars": (
        section("## A\n\n" + "*" * 5000 + "a" + "*" * 5000 + "\n"),
        "s.md:3: emphasis and links nested",
    ),
    "a list nested 12 deep": (section(f"## A\n\n{nested(12)}\nAfter.\n"), "s.md:12: "),
    "a note that calls a note": (
        section("## A\n\nText[^1].\n\n[^1]: See[^2].\n[^2]: Two.\n"),
        "s.md:5: a note cannot call a note ([^2])",
    ),
    "a call in a heading": (
        section("## A[^1]\n\nText.\n\n[^1]: One.\n"),
        "s.md:1: a heading cannot call a note",
    ),
    "a label with a space": (
        section("## A\n\nText[^a b].\n\n[^a b]: One.\n"),
        "s.md:3: a note label cannot hold a space",
    ),
    "a language with a quote": (
        language_with_a_quote,
        "publication.yaml:4: 'language' must be a language tag such as en, en-GB or ar, not 'en\"x'",
    ),
    "a title that is a list": (
        meta(title=["a", "b"]),
        "publication.yaml:1: 'title' must be text, not a list",
    ),
    "first note 10^23": (meta(first_note=10**23), "publication.yaml:6: 'first_note' must be a whole number"),
    "a section listed twice": (
        meta(sections=["s.md", "s.md"]),
        "publication.yaml:8: section file 's.md' is listed twice",
    ),
    "Hangul": (section("## A\n\n한국어.\n"), "s.md:3: '한' (U+D55C HANGUL SYLLABLE HAN) is not in the fonts"),
}


@pytest.mark.parametrize("name", CASES)
def test_bad_input_is_exit_1_with_its_place_and_leaves_dist_as_it_was(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    make, expected = CASES[name]
    root = tmp_path / "content"
    root.mkdir()
    make(root)
    out = tmp_path / "dist"
    out.mkdir()
    (out / "t.pdf").write_bytes(b"%PDF the last good one")
    monkeypatch.chdir(root)
    code = cli.main(["--content", ".", "--out", str(out)])
    err = capsys.readouterr().err.splitlines()
    assert code == 1, err
    assert err[0].startswith(expected), err
    assert err[-1] == "build failed: nothing in the output folder was changed"
    assert not any("Traceback" in line for line in err)
    assert sorted(p.name for p in out.iterdir()) == ["t.pdf"]
    assert (out / "t.pdf").read_bytes() == b"%PDF the last good one"
