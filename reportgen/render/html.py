"""Markdown worklog -> one standalone HTML file (embedded CSS, no external requests)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from markdown_it import MarkdownIt
from markupsafe import Markup

from reportgen.render.environment import html_environment, render_template

HTML_TEMPLATE = "worklog.html.j2"


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    # Raw HTML off: whatever a test wrote inside the worklog is shown as text.
    return MarkdownIt("commonmark", {"html": False}).enable("table")


def render_html(markdown_text: str, *, title: str, template_dir: Path | None = None) -> str:
    """The worklog as a standalone HTML page; `title` is plain text."""
    body = Markup(_parser().render(markdown_text))  # markdown-it escaped it
    env = html_environment(template_dir)
    return render_template(env, HTML_TEMPLATE, {"title": title, "body": body}) + "\n"
