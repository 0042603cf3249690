"""Render: results -> text. A finished `Report` becomes the Markdown worklog, the PR profile,
standalone HTML and JSON; a `Run` becomes CTRF, JUnit (`junit`), run JSON (`run_json`) and the
terminal summary; archived runs become the index (`index`) and a test's timeline. Templates
live in `templates/` and receive plain data.
"""

from __future__ import annotations

from reportgen.render.html import render_html
from reportgen.render.markdown import render_markdown
from reportgen.render.pr import PR_MARKER, render_pr
from reportgen.report import Report


def render_json(report: Report) -> str:
    """The report as indented JSON (the same data every other output is made from)."""
    return report.model_dump_json(indent=2) + "\n"


__all__ = ["PR_MARKER", "render_html", "render_json", "render_markdown", "render_pr"]
