"""Report -> the Markdown worklog."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel

from reportgen.render.context import build_context
from reportgen.render.environment import markdown_environment, render_template
from reportgen.report import Report

WORKLOG_TEMPLATE = "worklog.md.j2"


def template_fields(context: BaseModel) -> dict[str, Any]:
    """The context's fields as top-level template names (kept as models, not dumped)."""
    return {name: getattr(context, name) for name in type(context).model_fields}


def tidy(text: str) -> str:
    """Exactly one trailing newline."""
    return text.strip("\n") + "\n"


def render_markdown(
    report: Report, *, ascii: bool = False, template_dir: Path | None = None
) -> str:
    """The worklog of `report` as Markdown (UTF-8 text; ASCII only with `ascii=True`)."""
    context = build_context(report, ascii=ascii)
    env = markdown_environment(template_dir)
    text = render_template(env, WORKLOG_TEMPLATE, template_fields(context))
    return tidy(text)
