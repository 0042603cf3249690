"""The shipped templates: tables from one macros file, no arithmetic, overridable by name."""

from __future__ import annotations

from pathlib import Path

import pytest
from jinja2 import nodes

from reportgen.render import render_markdown, render_pr
from reportgen.render.environment import markdown_environment, packaged_templates

from .fixtures import full_report, realistic_report

TEMPLATES = sorted(
    str(p.relative_to(packaged_templates())) for p in packaged_templates().rglob("*.md.j2")
)
# Numbers are computed in the context (reportgen.render.context), never in a template.
ARITHMETIC = (nodes.Add, nodes.Sub, nodes.Mul, nodes.Div, nodes.FloorDiv, nodes.Mod, nodes.Pow)


def _table(text: str, header: str) -> list[str]:
    """The lines of the Markdown table whose header row starts with `header`."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(header))
    end = next((i for i in range(start, len(lines)) if not lines[i].startswith("|")), len(lines))
    return lines[start:end]


@pytest.mark.parametrize("name", TEMPLATES)
def test_no_template_computes(name: str) -> None:
    env = markdown_environment()
    assert env.loader is not None
    source = env.loader.get_source(env, name)[0]
    tree = env.parse(source)
    found = [type(node).__name__ for node in tree.find_all((*ARITHMETIC, nodes.Neg, nodes.Slice))]
    assert found == [], f"{name} computes ({', '.join(found)}): compute it in the context"


def test_worklog_and_pr_profile_write_the_same_results_and_criteria_rows() -> None:
    report = full_report()
    worklog = render_markdown(report)
    pr = render_pr(report, limit=10**6)
    for header in ("| Test Category |", "| Criterion |"):
        assert _table(worklog, header) == _table(pr, header)
        assert len(_table(worklog, header)) > 3  # header, rule and at least two rows


def test_matrix_ends_with_the_total_row_in_both() -> None:
    report = realistic_report()
    for text in (render_markdown(report), render_pr(report, limit=10**6)):
        rows = _table(text, "| Test Category |")
        assert rows[-1].startswith("| **Total** |")
        assert len(rows) == 2 + len(report.categories) + 1


def test_a_user_macros_file_changes_the_tables_of_worklog_and_pr(tmp_path: Path) -> None:
    packaged = (packaged_templates() / "macros.md.j2").read_text(encoding="utf-8")
    assert "| Criterion | Target |" in packaged
    (tmp_path / "macros.md.j2").write_text(
        packaged.replace("| Criterion | Target |", "| Goal | Target |"), encoding="utf-8"
    )
    report = full_report()
    for text in (
        render_markdown(report, template_dir=tmp_path),
        render_pr(report, limit=10**6, template_dir=tmp_path),
    ):
        assert "| Goal | Target | Actual | Status |" in text
        assert "| Criterion |" not in text


def test_pr_examples_are_the_first_tests_of_each_group() -> None:
    report = full_report()
    pr = render_pr(report, limit=10**6)
    rows = _table(pr, "| # | Root Cause |")[2:]
    assert len(rows) == len(report.groups)
    for row, group in zip(rows, report.groups, strict=True):
        examples = row.rstrip(" |").rsplit(" | ", 1)[1]
        assert examples.count("`") == 2 * min(3, len(group.tests))


# The escape filters of reportgen.render.environment: the one way untrusted text is printed.
ESCAPES = frozenset(
    {"text", "cell", "unit", "heading", "link_text", "code", "cell_code", "fence", "html_text"}
    | {"url", "note", "written", "written_cell", "written_heading", "written_link_text"}
    | {"label_cell", "length"}
)
# What a template may print without a filter: values reportgen formats itself (numbers,
# percentages, durations, status words, marks and icons, constant labels), never text read
# from an input. Add a name here only for a value made in reportgen.render.context from
# numbers and constants; anything else goes through an escape filter.
FORMATTED = frozenset(
    {
        *("overall", "overall_mark", "failures_total", "groups_total", "generated", "marker"),
        *("limit", "more", "metrics_met_number", "archived", "first_date", "last_date"),
        *("passed", "failed", "pass_rate", "run", "total", "skipped", "errors", "flaky"),
        *("status", "mark", "duration", "counts", "number", "count", "count_text", "scope"),
        *("actual", "target", "before", "after", "delta", "flips", "flip_rate", "matched"),
        *("min", "median", "max", "value", "excluding", "threshold", "summary", "label"),
        *("extra", "not_shown", "cuts", "index", "nn", "date", "link", "health", "plotted"),
        *("left_out", "labels", "pass_rates", "slug", "matrix_failing", "notices", "matrix"),
        *("groups", "criteria", "changes", "ok", "warn", "fail", "blocked", "none"),
        # the prose's figures (reportgen.render.story.Story)
        *("breakdown", "categories", "inputs", "criteria_total", "health_excluding", "share"),
        *("metrics_judged", "metrics_met", "new_failures", "still_failing", "fixed", "short"),
        *("pass_rate_before", "pass_rate_now", "test_time", "wall_time", "groups_text"),
    }
)
ICON_NAMES = frozenset({"icons"})
# Printed as `parent.attr` only: the same field name elsewhere holds text.
FORMATTED_AT = frozenset({("r", "tests"), ("s", "tests")})
# Set in a template from escaped pieces (`{% set notable = ...|map("label_cell")|join %}`).
LOCALS = frozenset({"notable", "lead", "cause_name"})


def _unescaped(node: nodes.Node) -> list[str]:
    """The names printed by `node` that no escape filter covers."""
    if isinstance(node, (nodes.TemplateData, nodes.Const)):
        return []
    if isinstance(node, nodes.Filter):
        if node.name in ESCAPES:
            return []
        if node.name == "join":  # joined items: each escaped by a `map` inside, or formatted
            return _unescaped(node.node) if node.node is not None else []
        if node.name == "map":
            mapped = node.args[0] if node.args else None
            if isinstance(mapped, nodes.Const) and mapped.value in ESCAPES:
                return []
        return _unescaped(node.node) if node.node is not None else []
    if isinstance(node, nodes.CondExpr):
        return _unescaped(node.expr1) + (_unescaped(node.expr2) if node.expr2 else [])
    if isinstance(node, nodes.Or):
        return _unescaped(node.left) + _unescaped(node.right)
    if isinstance(node, nodes.Call):  # a macro writes its own escaped lines
        return []
    if isinstance(node, nodes.Getattr):
        parent = node.node
        if isinstance(parent, nodes.Name) and parent.name in ICON_NAMES | {"marks", "loop"}:
            return []
        if isinstance(parent, nodes.Name) and parent.name in ("hidden", "chart"):
            return []  # counts of what was cut
        if isinstance(parent, nodes.Name) and (parent.name, node.attr) in FORMATTED_AT:
            return []
        return [] if node.attr in FORMATTED else [node.attr]
    if isinstance(node, nodes.Name):
        return [] if node.name in FORMATTED | LOCALS else [node.name]
    return [type(node).__name__]


@pytest.mark.parametrize("name", TEMPLATES)
def test_every_printed_value_is_escaped_or_formatted_by_reportgen(name: str) -> None:
    env = markdown_environment()
    assert env.loader is not None
    tree = env.parse(env.loader.get_source(env, name)[0])
    printed = [node for output in tree.find_all(nodes.Output) for node in output.nodes]
    bare = sorted({n for node in printed for n in _unescaped(node)})
    assert bare == [], f"{name} prints {bare} without an escape filter"
