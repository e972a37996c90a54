"""What a content file may be: a regular UTF-8 file inside the content folder, of a sane size,
with no character the outputs cannot carry; YAML without aliases or repeated keys."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from folio.errors import BuildError
from folio.load import load_publication
from folio.load.files import MAX_BYTES
from tests.conftest import write_content


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    write_content(tmp_path, "## A\n\nText.\n")
    return Path()


def errors(content: Path) -> list[str]:
    with pytest.raises(BuildError) as caught:
        load_publication(content)
    return [str(d) for d in caught.value.diagnostics if not d.warning]


def test_a_yaml_alias_bomb_is_refused_at_once(here: Path) -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)}]" for i in range(8)
    ]
    text = (
        Path("publication.yaml")
        .read_text(encoding="utf-8")
        .replace('title: "T"', 'title: "T"\nbomb:\n  ' + "\n  ".join(lines))
    )
    Path("publication.yaml").write_text(text, encoding="utf-8")
    assert errors(here) == [
        "publication.yaml:4: malformed YAML: aliases (*name) are not allowed in content files"
    ]


def test_a_key_given_twice_is_an_error_at_the_second(here: Path) -> None:
    Path("publication.yaml").write_text(
        Path("publication.yaml").read_text(encoding="utf-8") + 'title: "Another"\n', encoding="utf-8"
    )
    assert errors(here) == [
        "publication.yaml:9: 'title' is given twice (a later value would silently replace the first)"
    ]


def test_yaml_nested_too_deeply_is_bad_input(here: Path) -> None:
    Path("publication.yaml").write_text("title: " + "[" * 10_000 + "\n", encoding="utf-8")
    assert errors(here) == ["publication.yaml: malformed YAML: nested too deeply"]


def test_a_fifo_is_refused_without_waiting_for_a_writer(here: Path) -> None:
    Path("publication.yaml").unlink()
    os.mkfifo("publication.yaml")
    assert errors(here) == ["publication.yaml: not a regular file (a folder, a pipe or a device?)"]


def test_a_link_to_a_device_is_refused(here: Path) -> None:
    Path("s.md").unlink()
    Path("s.md").symlink_to("/dev/zero")
    assert errors(here) == ["publication.yaml:8: section file 's.md' is outside the content folder"]


def test_publication_yaml_linked_from_outside_the_content_folder_is_refused(
    here: Path, tmp_path: Path
) -> None:
    outside = tmp_path.parent / f"{tmp_path.name}-outside.yaml"
    outside.write_text(Path("publication.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    Path("publication.yaml").unlink()
    Path("publication.yaml").symlink_to(outside)
    assert errors(here) == [f"publication.yaml: the file is outside the content folder ({here})"]


def test_a_file_larger_than_the_cap_is_refused_before_it_is_read(here: Path) -> None:
    with Path("s.md").open("ab") as section:
        section.truncate(MAX_BYTES + 1)
    assert errors(here) == [
        f"s.md: {MAX_BYTES + 1:,} bytes: larger than the {MAX_BYTES:,} a content file may have"
    ]


@pytest.mark.parametrize("character", ["\b", "\x1b", "\v", "\f", "\ufffe"])
def test_a_character_xml_cannot_carry_is_bad_input_at_its_line(here: Path, character: str) -> None:
    Path("s.md").write_text(f"## A\n\nText.\n\nMore {character} text.\n", encoding="utf-8")
    message = errors(here)[0]
    assert message.startswith(f"s.md:5: character U+{ord(character):04X} (")
    assert message.endswith("cannot be printed or stored in an EPUB; remove it")
