"""The Jinja environments: user templates first, packaged templates second, strict always."""

from __future__ import annotations

import traceback
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2

import reportgen
from reportgen.errors import UsageError
from reportgen.render import escape
from reportgen.render.view import Label


def packaged_templates() -> Path:
    """Where the shipped templates are: inside the package in a wheel, at the top of the repo
    in a source tree or editable install."""
    installed = Path(reportgen.__file__).parent / "templates"
    if installed.is_dir():
        return installed
    return Path(reportgen.__file__).parent.parent / "templates"


def markdown_environment(
    template_dir: Path | None = None, *, defang: bool = False
) -> jinja2.Environment:
    """An environment for Markdown output; `template_dir` overrides packaged files by name."""
    if template_dir is None:
        return _markdown_environment(None, defang)
    if not Path(template_dir).is_dir():
        raise UsageError(f"{template_dir}: the template directory does not exist")
    return _markdown_environment(str(Path(template_dir).resolve()), defang)


def render_template(env: jinja2.Environment, name: str, fields: dict[str, Any]) -> str:
    """Render `name`; a broken (user) template becomes a UsageError naming file and line."""
    try:
        return env.get_template(name).render(**fields)
    except jinja2.TemplateSyntaxError as exc:
        raise UsageError(f"{exc.filename or exc.name}:{exc.lineno}: {exc.message}") from exc
    except jinja2.TemplateError as exc:
        raise UsageError(f"{_template_frame(exc)}: {exc.message}") from exc
    except Exception as exc:
        # What a template's own expression can raise (`1/0`, `x[9]`, `"a" + 1`, a macro that
        # calls itself) is the fault of a user template, said with its file and line. Raised
        # with only packaged templates running, it is reportgen's own fault: an internal error.
        frame = _template_frame(exc, user_only=True)
        if frame is None:
            raise
        raise UsageError(f"{frame}: {type(exc).__name__}: {exc}") from exc


def _template_frame(exc: BaseException, user_only: bool = False) -> str | None:
    """Where in a template the error happened (Jinja puts template lines in the traceback);
    with `user_only`, the innermost frame of a template outside the packaged ones, or None."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.endswith(".j2")]
    if user_only:
        packaged = str(packaged_templates().resolve())
        frames = [f for f in frames if not str(Path(f.filename).resolve()).startswith(packaged)]
        if not frames:
            return None
    if not frames:
        return "template"
    return f"{frames[-1].filename}:{frames[-1].lineno}"


@lru_cache(maxsize=8)
def _markdown_environment(template_dir: str | None, defang: bool) -> jinja2.Environment:
    loaders: list[jinja2.BaseLoader] = []
    if template_dir is not None:
        loaders.append(jinja2.FileSystemLoader(template_dir))
    loaders.append(jinja2.FileSystemLoader(packaged_templates()))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # Markdown: escaping is done per context by the filters below
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    esc = escape.Escaper(defang=defang)
    # Text the team wrote in the configuration (known-issue ids and titles) is escaped like
    # any other, but never defanged: its @mentions and #refs are meant to stay live.
    written = escape.Escaper(defang=False)

    def label_cell(label: Label) -> str:
        # a failure signature reads as code: its `<n>` placeholders are not prose
        return written.cell(label.text) if label.written else esc.cell_code(label.text)

    env.filters.update(
        written=written.text,
        written_cell=written.cell,
        written_heading=written.heading,
        written_link_text=written.link_text,
        label_cell=label_cell,
        text=esc.text,
        cell=esc.cell,
        unit=esc.unit,
        heading=esc.heading,
        link_text=esc.link_text,
        code=esc.code,
        cell_code=esc.cell_code,
        fence=esc.fence,
        html_text=esc.html,
        url=escape.url,
        note=escape.note,
    )
    return env


def html_environment(template_dir: Path | None = None) -> jinja2.Environment:
    """The environment of the HTML shell (HTML autoescaping on); `template_dir` overrides it."""
    if template_dir is not None and not Path(template_dir).is_dir():
        raise UsageError(f"{template_dir}: the template directory does not exist")
    return _html_environment(str(Path(template_dir).resolve()) if template_dir else None)


@lru_cache(maxsize=4)
def _html_environment(template_dir: str | None) -> jinja2.Environment:
    loaders: list[jinja2.BaseLoader] = []
    if template_dir is not None:
        loaders.append(jinja2.FileSystemLoader(template_dir))
    loaders.append(jinja2.FileSystemLoader(packaged_templates()))
    return jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        undefined=jinja2.StrictUndefined,
        autoescape=True,
    )
