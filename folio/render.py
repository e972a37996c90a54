"""Publication -> print HTML and EPUB XHTML, through the Jinja templates in templates/.

Autoescape is on everywhere and undefined names fail, so a template typo or hostile text can
never pass silently into an output.
"""

from __future__ import annotations

import base64
import datetime
import functools
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import jinja2
import jinja2.sandbox
from markupsafe import Markup

from folio.errors import BuildError, SourceLocation, display_path
from folio.lists import front_lists
from folio.model import CONTENTS, Note, Publication, contents_entries, plain_text

TemplateFolders = Path | Sequence[Path]  # one folder, or a report's own before the defaults


def create_environment(templates_dir: TemplateFolders) -> jinja2.Environment:
    """Templates from one folder, or from several (a report's own first: each of its files
    replaces the default of the same name). Several render in Jinja's sandbox, so that a
    report's template can print the publication but not reach Python."""
    folders = (templates_dir,) if isinstance(templates_dir, Path) else tuple(templates_dir)
    kind = jinja2.Environment if len(folders) == 1 else jinja2.sandbox.SandboxedEnvironment
    environment = kind(
        loader=FolderLoader(folders),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["kind"] = lambda value: type(value).__name__
    environment.filters["css_string"] = css_string
    environment.filters["plain"] = plain_text
    return environment


class FolderLoader(jinja2.FileSystemLoader):
    """Jinja's loader, but a template must be a regular file inside its folder: a link out of
    a report's templates/ is refused, as a link out of its content folder is."""

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        source, filename, uptodate = super().get_source(environment, template)
        folder = next(Path(f) for f in self.searchpath if Path(filename).is_relative_to(f))
        if not Path(filename).resolve().is_relative_to(folder.resolve()):
            where = SourceLocation(display_path(filename))
            raise BuildError(f"template refused: it is outside its folder ({display_path(folder)})", where)
        return source, filename, uptodate


def css_string(text: str) -> Markup:
    """A CSS string literal that no text can break out of (of the string or of <style>)."""
    escaped = "".join(ch if ch.isalnum() or ch in " .,;:|@-–—()©" else f"\\{ord(ch):x} " for ch in text)
    return Markup(f'"{escaped}"')


def render_template(environment: jinja2.Environment, name: str, **context: object) -> str:
    """Render one template; its own errors name the template file and line."""
    try:
        return environment.get_template(name).render(**context)
    except jinja2.TemplateSyntaxError as exc:
        location = SourceLocation(template_path(environment, exc.name or name), exc.lineno)
        raise BuildError(f"template syntax error: {exc.message}", location) from None
    except (jinja2.UndefinedError, jinja2.exceptions.SecurityError) as exc:
        raise BuildError(f"template error: {exc.message}", template_location(exc)) from None


def template_path(environment: jinja2.Environment, name: str) -> str:
    """The file a template name is read from: the first folder that has it."""
    loader = environment.loader
    assert isinstance(loader, jinja2.FileSystemLoader)
    folders = [Path(folder) for folder in loader.searchpath]
    return display_path(next((f / name for f in folders if (f / name).is_file()), folders[0] / name))


def template_location(exc: BaseException) -> SourceLocation | None:
    """The deepest template frame of the traceback (Jinja rewrites frames to template lines)."""
    frame = exc.__traceback__
    location = None
    while frame is not None:
        filename = frame.tb_frame.f_code.co_filename
        if filename.endswith(".j2"):
            location = SourceLocation(display_path(filename), frame.tb_lineno)
        frame = frame.tb_next
    return location


def notes_by_number(publication: Publication) -> dict[int, Note]:
    return {note.number: note for note in publication.notes}


def render_print_html(
    publication: Publication, *, templates_dir: TemplateFolders, created: datetime.datetime
) -> str:
    """The print edition's body and annexes; the front matter is `render_front_html`'s."""
    folders = (templates_dir,) if isinstance(templates_dir, Path) else tuple(templates_dir)
    environment = print_environment(folders)
    return render_template(
        environment,
        "print/publication.html.j2",
        pub=publication,
        notes=notes_by_number(publication),
        created=created.strftime("%Y-%m-%dT%H:%M:%SZ"),
        cover=None,
    )


@functools.lru_cache(maxsize=8)
def print_environment(folders: tuple[Path, ...]) -> jinja2.Environment:
    """One environment for these folders, kept (the print templates add nothing to it): each
    template is compiled once, not at every render (60-90 ms, and the PDF stage renders each part
    and probe), and again when its file changes (Jinja checks the template's modification time)."""
    return create_environment(folders)


def render_front_html(
    publication: Publication,
    *,
    templates_dir: TemplateFolders,
    created: datetime.datetime,
    pages: Mapping[str, str],
) -> str:
    """The print edition's front: title page, legal notice, front matter, contents and the lists
    of tables and figures, the page number of each body heading, table and figure in them taken
    from `pages` (id -> printed folio)."""
    environment = create_environment(templates_dir)
    cover = publication.cover
    return render_template(
        environment,
        "print/front.html.j2",
        pub=publication,
        notes=notes_by_number(publication),
        created=created.strftime("%Y-%m-%dT%H:%M:%SZ"),
        cover=cover and f"data:{cover.media_type};base64,{base64.b64encode(cover.data).decode()}",
        entries=tuple(contents_entries(publication, depth=publication.contents_depth)),
        pages=pages,
        contents_id=CONTENTS,
        lists=front_lists(publication),
    )
