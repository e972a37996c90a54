"""Reading the editor's files: UTF-8 text, YAML mappings with the line of each key, listed files
that must lie inside the content folder."""

from __future__ import annotations

import re
import stat
import unicodedata
from pathlib import Path
from typing import Any

import yaml

from folio.errors import BuildError, Diagnostic, SourceLocation

MAX_BYTES = 16 * 1024 * 1024  # a 3,000-note report is about 2 MB of Markdown
# Characters XML 1.0 cannot carry (and so neither can the EPUB): C0 controls but tab, newline and
# carriage return, and the noncharacters U+FFFE and U+FFFF.
FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def read_text(path: Path, shown: str, *, inside: Path) -> str:
    """A content file's text: a regular file in the content folder, at most MAX_BYTES, UTF-8,
    with no character that the outputs cannot carry."""
    data = read_bytes(path, shown, inside=inside)
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        message = f"not UTF-8 text (byte 0x{data[exc.start]:02x}); save the file as UTF-8"
        raise BuildError(message, SourceLocation(shown, line)) from None
    forbidden = [
        Diagnostic(
            f"character U+{ord(match.group()):04X} ({unicodedata.name(match.group(), 'a control character')})"
            " cannot be printed or stored in an EPUB; remove it",
            SourceLocation(shown, text.count("\n", 0, match.start()) + 1),
        )
        for match in FORBIDDEN.finditer(text)
    ]
    if forbidden:
        raise BuildError.collect(forbidden)
    return text


def read_bytes(path: Path, shown: str, *, inside: Path) -> bytes:
    try:
        if not is_inside(path, inside):
            raise BuildError(f"the file is outside the content folder ({inside})", SourceLocation(shown))
        status = path.stat()
        if not stat.S_ISREG(status.st_mode):
            raise BuildError("not a regular file (a folder, a pipe or a device?)", SourceLocation(shown))
        if status.st_size > MAX_BYTES:
            message = f"{status.st_size:,} bytes: larger than the {MAX_BYTES:,} a content file may have"
            raise BuildError(message, SourceLocation(shown))
        with path.open("rb") as file:
            data = file.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise BuildError("file not found", SourceLocation(shown)) from None
    except OSError as exc:
        raise BuildError(f"cannot read: {exc.strerror}", SourceLocation(shown)) from exc
    if len(data) > MAX_BYTES:  # it grew since stat
        raise BuildError(
            f"larger than the {MAX_BYTES:,} bytes a content file may have", SourceLocation(shown)
        )
    return data


class ContentLoader(yaml.SafeLoader):
    """PyYAML's safe loader without aliases: a content file needs none, and a few lines of nested
    aliases ("billion laughs") expand to more than any memory holds."""

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]
            raise yaml.composer.ComposerError(
                None, None, "aliases (*name) are not allowed in content files", event.start_mark
            )
        return super().compose_node(parent, index)


def read_yaml_mapping(path: Path, shown: str, *, inside: Path) -> tuple[dict[str, Any], dict[str, int]]:
    """The mapping at the top of a YAML file, and the line each of its keys is on."""
    text = read_text(path, shown, inside=inside)
    loader: ContentLoader | None = None
    try:
        loader = ContentLoader(text)
        node = loader.get_single_node()
        duplicate = duplicate_key(node)
        if duplicate is not None:
            message = f"'{duplicate.value}' is given twice (a later value would silently replace the first)"
            raise BuildError(message, SourceLocation(shown, duplicate.start_mark.line + 1))
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        raise yaml_error(exc, text, shown) from None
    except RecursionError:
        raise BuildError("malformed YAML: nested too deeply", SourceLocation(shown)) from None
    finally:
        if loader is not None:
            loader.dispose()
    if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
        raise BuildError("expected a mapping of fields (name: value)", SourceLocation(shown, 1))
    lines = {str(key.value): key.start_mark.line + 1 for key, _ in node.value}
    for key, value in node.value:  # "sections[1]": the line of a list's item, for its errors
        if isinstance(value, yaml.SequenceNode):
            lines.update(
                {f"{key.value}[{i}]": item.start_mark.line + 1 for i, item in enumerate(value.value)}
            )
    return data, lines


def duplicate_key(node: yaml.Node | None) -> yaml.Node | None:
    """The first key given twice in a mapping anywhere in the document, or None."""
    if isinstance(node, yaml.MappingNode):
        seen: set[object] = set()
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                if key.value in seen:
                    return key
                seen.add(key.value)
            found = duplicate_key(value)
            if found is not None:
                return found
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            found = duplicate_key(item)
            if found is not None:
                return found
    return None


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
        if not path.exists():
            return f"{what} is listed but missing"
        if not path.is_file():
            return f"{what} is not a regular file (a folder, a pipe or a device?)"
    except OSError as exc:  # a name too long for the file system, a folder it may not enter
        return f"{what} cannot be read: {exc.strerror}"
    return None


def is_inside(path: Path, folder: Path) -> bool:
    """Whether `path` (after `..` and symbolic links) lies in `folder`: content reads only content."""
    return path.resolve().is_relative_to(folder.resolve())
