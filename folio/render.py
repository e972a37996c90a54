"""Publication -> print HTML and EPUB XHTML, through the Jinja templates in templates/.

Autoescape is on everywhere and undefined names fail, so a template typo or hostile text can
never pass silently into an output.
"""

from __future__ import annotations

import datetime
import functools
from pathlib import Path

import jinja2
from markupsafe import Markup

from folio.errors import BuildError, SourceLocation, display_path
from folio.model import Note, Publication


def create_environment(templates_dir: Path) -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["kind"] = lambda value: type(value).__name__
    environment.filters["css_string"] = css_string
    return environment


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
    except jinja2.UndefinedError as exc:
        raise BuildError(f"template error: {exc.message}", template_location(exc)) from None


def template_path(environment: jinja2.Environment, name: str) -> str:
    loader = environment.loader
    assert isinstance(loader, jinja2.FileSystemLoader)
    return display_path(str(Path(loader.searchpath[0]) / name))


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


@functools.lru_cache(maxsize=8)
def print_environment(templates_dir: Path) -> jinja2.Environment:
    """One environment a folder, kept (the print templates add nothing to it): each template is
    compiled once, not at every render (60 ms, and the PDF stage renders each part and probe),
    and again when its file changes (Jinja checks the template's modification time)."""
    return create_environment(templates_dir)


def render_print_html(publication: Publication, *, templates_dir: Path, created: datetime.datetime) -> str:
    environment = print_environment(templates_dir)
    return render_template(
        environment,
        "print/publication.html.j2",
        pub=publication,
        notes=notes_by_number(publication),
        created=created.strftime("%Y-%m-%dT%H:%M:%SZ"),
    )
