"""The Jinja environments: user templates first, packaged templates second, strict always."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import jinja2

import reportgen
from reportgen.render import escape


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
    return _markdown_environment(str(template_dir) if template_dir else None, defang)


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
    env.filters.update(
        text=esc.text,
        cell=esc.cell,
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


@lru_cache(maxsize=1)
def html_environment() -> jinja2.Environment:
    """The environment of the HTML shell: HTML autoescaping on."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(packaged_templates()),
        undefined=jinja2.StrictUndefined,
        autoescape=True,
    )
