"""Where a build's templates, styles and fonts come from: the repository's, under a report's own.

Takes the repository's folders (templates/, styles/) and, for one report, its house style: a
`styles/` and a `templates/` folder inside the content folder, or folders named on the command
line (`--styles`, `--templates`). Gives a `Project`: each file of a house folder replaces the
default file of the same name (its path inside the folder), every other file is the default.
Fonts are a folder, taken whole (a family's faces and licences go together): the house styles'
`fonts/` when it has one, else the repository's.

What a report may bring stays as strict as the rest of its content: a house folder inside the
content folder must be a folder there, not a link out of it; a stylesheet must be a regular
file inside its folder. Templates a report brings render in Jinja's sandbox (`folio.render`),
so a template can print the publication but not reach Python.
"""

from __future__ import annotations

import stat
from dataclasses import dataclass, replace
from pathlib import Path

from folio.errors import BuildError, SourceLocation, display_path
from folio.fonts import FontFolder

ROOT = Path(__file__).resolve().parent.parent
HOUSE_STYLES = "styles"  # inside a content folder
HOUSE_TEMPLATES = "templates"
MAX_STYLESHEET = 16 * 1024 * 1024  # as any content file


@dataclass(frozen=True, slots=True)
class Project:
    """The project's parts: the defaults, and the house style laid over them."""

    templates: Path = ROOT / "templates"
    styles: Path = ROOT / "styles"
    house_templates: Path | None = None
    house_styles: Path | None = None

    @property
    def template_folders(self) -> tuple[Path, ...]:
        """Where a template is looked for, first found first: the house's, then the defaults."""
        return (*((self.house_templates,) if self.house_templates else ()), self.templates)

    @property
    def style_folders(self) -> tuple[Path, ...]:
        return (*((self.house_styles,) if self.house_styles else ()), self.styles)

    @property
    def folders(self) -> tuple[Path, ...]:
        """Every folder a build may read besides the content."""
        return (*self.style_folders, *self.template_folders)

    @property
    def fonts(self) -> FontFolder:
        house = self.house_styles / "fonts" if self.house_styles else None
        return FontFolder(house if house is not None and house.is_dir() else self.styles / "fonts")

    def stylesheet(self, name: str) -> Path:
        """The house's stylesheet `name` when it has one, else the default; refused (BuildError)
        when the file found is not a regular file inside its folder (a link out of it, a pipe)."""
        folder = next((f for f in self.style_folders if (f / name).exists()), self.styles)
        path = folder / name
        shown = SourceLocation(display_path(path))
        if not path.resolve().is_relative_to(folder.resolve()):
            raise BuildError(f"the stylesheet is outside its folder ({display_path(folder)})", shown)
        try:
            status = path.stat()
        except FileNotFoundError:
            raise BuildError("stylesheet not found", shown) from None
        if not stat.S_ISREG(status.st_mode) or status.st_size > MAX_STYLESHEET:
            raise BuildError(f"not a stylesheet: a regular file of at most {MAX_STYLESHEET:,} bytes", shown)
        return path

    def for_report(
        self, content_dir: Path, *, styles: Path | None = None, templates: Path | None = None
    ) -> Project:
        """This project with the report's house style: the folders named, else those the
        content folder holds."""
        for named in (styles, templates):
            if named is not None and not named.is_dir():
                where = SourceLocation(display_path(named))
                raise BuildError("no such folder (a house style's folder)", where)
        return replace(
            self,
            house_styles=styles or self.house_styles or house_folder(content_dir, HOUSE_STYLES),
            house_templates=templates or self.house_templates or house_folder(content_dir, HOUSE_TEMPLATES),
        )


def house_folder(content_dir: Path, name: str) -> Path | None:
    """`content/styles` (or templates) when the content folder has one; a link out of the
    content folder, or a file of that name, is refused."""
    path = content_dir / name
    if not path.exists() and not path.is_symlink():
        return None
    shown = SourceLocation(display_path(path))
    if path.is_symlink() or not path.resolve().is_relative_to(content_dir.resolve()):
        message = f"the report's {name}/ must be a folder inside the content folder, not a link"
        raise BuildError(message, shown)
    if not path.is_dir():
        raise BuildError(f"the report's {name}/ must be a folder (of files replacing the defaults)", shown)
    return path
