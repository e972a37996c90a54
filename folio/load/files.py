"""Reading the editor's files: UTF-8 text, YAML mappings with the line of each key, listed files
that must lie inside the content folder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from folio.errors import BuildError, SourceLocation


def read_text(path: Path, shown: str) -> str:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise BuildError("file not found", SourceLocation(shown)) from None
    except OSError as exc:
        raise BuildError(f"cannot read: {exc.strerror}", SourceLocation(shown)) from exc
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        message = f"not UTF-8 text (byte 0x{data[exc.start]:02x}); save the file as UTF-8"
        raise BuildError(message, SourceLocation(shown, line)) from None


def read_yaml_mapping(path: Path, shown: str) -> tuple[dict[str, Any], dict[str, int]]:
    """The mapping at the top of a YAML file, and the line each of its keys is on."""
    text = read_text(path, shown)
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise yaml_error(exc, text, shown) from None
    if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
        raise BuildError("expected a mapping of fields (name: value)", SourceLocation(shown, 1))
    lines = {str(key.value): key.start_mark.line + 1 for key, _ in node.value}
    for key, value in node.value:  # "sections[1]": the line of a list's item, for its errors
        if isinstance(value, yaml.SequenceNode):
            lines.update(
                {f"{key.value}[{i}]": item.start_mark.line + 1 for i, item in enumerate(value.value)}
            )
    return data, lines


def yaml_error(exc: yaml.YAMLError, text: str, shown: str) -> BuildError:
    """PyYAML's complaint at the line where it noticed it, with the line where the construct
    it was reading began when that differs (an unclosed bracket is noticed lines later)."""
    if isinstance(exc, yaml.reader.ReaderError):
        at = text.count("\n", 0, exc.position) + 1
        return BuildError(
            f"malformed YAML: character {exc.character:#06x} is not allowed", SourceLocation(shown, at)
        )
    if not isinstance(exc, yaml.MarkedYAMLError):
        return BuildError(f"malformed YAML: {exc}", SourceLocation(shown))
    line = exc.problem_mark.line + 1 if exc.problem_mark else None
    message = f"malformed YAML: {exc.problem}"
    if exc.context and exc.context_mark and exc.context_mark.line + 1 != line:
        message += f" ({exc.context} that starts on line {exc.context_mark.line + 1})"
    return BuildError(message, SourceLocation(shown, line))


def listed_file_error(path: Path, content_dir: Path, what: str) -> str | None:
    """Why a file that publication.yaml lists cannot be read, or None when it can."""
    try:
        if not is_inside(path, content_dir):
            return f"{what} is outside the content folder"
        if not path.is_file():
            return f"{what} is listed but missing"
    except OSError as exc:  # a name too long for the file system, a folder it may not enter
        return f"{what} cannot be read: {exc.strerror}"
    return None


def is_inside(path: Path, folder: Path) -> bool:
    """Whether `path` (after `..` and symbolic links) lies in `folder`: content reads only content."""
    return path.resolve().is_relative_to(folder.resolve())
