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
