"""Markdown worklog -> one standalone HTML file (embedded CSS, no external requests).

A Mermaid trend chart that `reportgen.render.chart` wrote is drawn as inline SVG when the caller
hands over its `Trend`: the fence is recognised by its exact source, never parsed. Other
Mermaid stays a code block, since the page runs no script.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict
from markupsafe import Markup

from reportgen.render.chart import Trend, draw_svg, mermaid
from reportgen.render.environment import html_environment, render_template

HTML_TEMPLATE = "worklog.html.j2"


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    # Raw HTML off: whatever a test wrote inside the worklog is shown as text.
    md = MarkdownIt("commonmark", {"html": False}).enable("table")

    def fence(
        renderer: RendererHTML,
        tokens: Sequence[Token],
        idx: int,
        options: OptionsDict,
        env: EnvType,
    ) -> str:
        token = tokens[idx]
        drawn: dict[str, str] = env.get("drawn", {})
        if token.info.strip() == "mermaid" and token.content in drawn:
            return drawn[token.content]
        return RendererHTML.fence(renderer, tokens, idx, options, env)

    md.add_render_rule("fence", fence)
    return md


def _drawings(charts: Sequence[Trend]) -> dict[str, str]:
    """Mermaid source (as a fence holds it) -> what the page shows instead."""
    drawn = {}
    for chart in charts:
        percent, failures = mermaid(chart)
        drawn[percent + "\n"] = f'<figure class="chart">\n{draw_svg(chart)}\n</figure>\n'
        drawn[failures + "\n"] = ""  # the SVG's lower panel
    return drawn


def render_html(
    markdown_text: str,
    *,
    title: str,
    template_dir: Path | None = None,
    charts: Sequence[Trend] = (),
    page: str = "",
) -> str:
    """The worklog as a standalone HTML page; `title` is plain text. The Mermaid of `charts`
    is drawn as SVG; `page` names the kind of page for the stylesheet ("index")."""
    rendered = _parser().render(markdown_text, {"drawn": _drawings(charts)})
    body = Markup(rendered)  # markdown-it escaped it; the SVG escapes its own text
    env = html_environment(template_dir)
    return render_template(env, HTML_TEMPLATE, {"title": title, "body": body, "page": page}) + "\n"
