"""Hostile text from test results cannot break any output's structure or inject HTML."""

from __future__ import annotations

import itertools
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reportgen.model import Counts, InputStatus
from reportgen.render import render_markdown, render_pr
from reportgen.render.context import build_context
from reportgen.render.environment import markdown_environment, render_template
from reportgen.render.escape import CELL_LIMIT, LINE_LIMIT, clean, one_line
from reportgen.render.markdown import template_fields
from reportgen.report import (
    CategoryChange,
    CriterionResult,
    FlakyTest,
    KnownIssueResult,
    MetricResult,
    Phase,
    Priority,
    Report,
    RunDiff,
    SlowTest,
    Status,
    SuiteLine,
    Suspect,
)

from .fixtures import full_report
from .mdcheck import fences, flatten, html_tokens, parse, tables
from .strategies import hostile, untrusted

PR_HTML = re.compile(r"<!-- reportgen:pr-summary -->|</?details>|<summary>[^<]*</summary>")
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _hostile_report(words: list[str], written: str = "KI-1 Written by the team") -> Report:
    """The full report with every text field that can come from test data replaced; text the
    team writes in the configuration (known-issue ids and titles) is `written`."""
    pick = itertools.cycle(words).__next__
    base = full_report()
    categories = [
        c.model_copy(update={"name": pick(), "notable": [pick(), written]}) for c in base.categories
    ]
    groups = [
        g.model_copy(
            update={
                "signature": pick(),
                "type": pick(),
                "message": pick(),
                "details": pick(),
                "tests": [pick(), pick()],
                "frames": [pick()],
                "files": [pick()],
                "categories": [pick()],
                "known_issue_title": written,
                "first": g.first.model_copy(update={"test": pick(), "file": pick()}),
            }
        )
        for g in base.groups
    ]
    phase = Phase(
        name=pick(),
        inputs=[pick()],
        command=pick(),
        status=InputStatus.PARTIAL,
        counts=Counts(passed=1),
        duration=1.0,
        problems=[pick()],
        suites=[SuiteLine(name=pick(), counts=Counts(passed=1), duration=1.0, pass_rate=100.0)],
    )
    authenticity = base.authenticity.model_copy(  # type: ignore[union-attr]
        update={"suspects": [Suspect(test=pick(), category=pick(), reason=pick())]}
    )
    meta = base.meta.model_copy(
        update={
            "title": pick(),
            "focus": pick(),
            "session": pick(),
            "environment": pick(),
            "mission": pick(),
            "notes": {"context": pick(), "recommendations": pick(), "final_status": pick()},
        }
    )
    return base.model_copy(
        update={
            "meta": meta,
            "categories": categories,
            "groups": groups,
            "criteria": [
                CriterionResult(
                    name=pick(),
                    scope=[pick()],
                    target=pick(),
                    actual=50.0,
                    status=Status.MISSED,
                    reason=pick(),
                ),
            ],
            "metrics": [MetricResult(name=pick(), unit="ms", actual=1.0, statistic="p95")],
            "priorities": [Priority(level="P0", title=pick(), impact=pick(), action=pick())],
            "phases": [phase],
            "authenticity": authenticity,
            "diff": RunDiff(
                baseline=pick(),
                new_failures=[pick()],
                fixed=[pick()],
                categories=[CategoryChange(name=pick(), before=1.0, after=2.0)],
            ),
            "flaky": [FlakyTest(test=pick(), reason=pick())],
            "notices": [pick(), pick()],
            "known_issues": [
                KnownIssueResult(
                    id=written.split()[0],
                    title=written.split(" ", 1)[1],
                    priority=pick(),
                    blocks=True,
                    matched=1,
                    url="javascript:alert(1)",
                ),
            ],
            "known_issues_not_seen": [written.split()[0]],
            "timing": base.timing.model_copy(
                update={"slowest": [SlowTest(test=pick(), category=pick(), duration=1.0)]}
            ),
            "headline": pick(),
        }
    )


def _visible(text: str) -> str:
    return "\n".join(t.content for t in flatten(parse(text)) if t.type == "text")


def _check_matrix(text: str, report: Report) -> None:
    matrix = next(t for t in tables(text) if t[0][0] == "Test Category")
    assert len(matrix) == len(report.categories) + 2  # header, categories, total
    for row, category in zip(matrix[1:], report.categories, strict=False):
        assert row[0].replace("\u200d", "") == (one_line(category.name, CELL_LIMIT) or "-")
        assert row[1] == str(category.counts.executed)


@SETTINGS
@given(st.lists(untrusted, min_size=3, max_size=8), st.booleans())
def test_worklog_structure_survives_hostile_text(words: list[str], ascii_mode: bool) -> None:
    report = _hostile_report(words)
    text = render_markdown(report, ascii=ascii_mode)
    _check_matrix(text, report)
    assert not html_tokens(text)
    assert "javascript:" not in "".join(
        str(t.attrs.get("href", "")) for t in flatten(parse(text)) if t.type == "link_open"
    )
    # Each traceback and command sits whole in its own fence (notes, being Markdown people
    # wrote, may add fences of their own), and nothing after them is eaten.
    contents = [f.content for f in fences(text)]
    shown = [g.details for g in report.groups] + [p.command for p in report.phases]
    for block in shown:
        if block and len(block) < LINE_LIMIT:
            assert clean(block).rstrip("\n") + "\n" in contents
    assert parse(text)[-2].content.startswith("*Generated by reportgen")


@SETTINGS
@given(st.lists(hostile, min_size=3, max_size=8))
def test_pr_profile_structure_survives_hostile_text(words: list[str]) -> None:
    report = _hostile_report(words)
    text = render_pr(report)
    _check_matrix(text, report)
    leftovers = [PR_HTML.sub("", block).strip() for block in html_tokens(text)]
    assert leftovers == [""] * len(leftovers), leftovers
    blocks = html_tokens(text)
    assert sum("<details>" in b for b in blocks) == sum("</details>" in b for b in blocks) == 2
    assert len(fences(text)) == sum(1 for g in report.groups if g.details)
    visible = _visible(text)
    assert not re.search(r"@[A-Za-z0-9_-]", visible), "an @mention survived"
    assert not re.search(r"#\d", visible), "an issue reference survived"


def test_pr_profile_keeps_mentions_when_asked() -> None:
    report = _hostile_report(["@octocat", "#123"])
    visible = _visible(render_pr(report, defang=False))
    assert "@octocat" in visible and "#123" in visible


def _own_and_test_references() -> Report:
    """A report whose known issue the team wrote as `#77 Login fails @qa-team`, and whose test
    text says `#78 @octocat from a test`."""
    report = _hostile_report(["#78 @octocat from a test"], written="#77 Login fails @qa-team")
    groups = [g.model_copy(update={"known_issue": "#77"}) for g in report.groups]
    health = report.health.model_copy(
        update={"excluded": ["#77"], "excluded_titles": ["Login fails @qa-team"]}
    )
    meta = report.meta.model_copy(update={"notes": {}})  # notes are the team's Markdown
    return report.model_copy(update={"groups": groups, "health": health, "meta": meta})


def test_pr_profile_keeps_the_teams_own_references_live_and_defangs_test_text() -> None:
    visible = _visible(render_pr(_own_and_test_references()))
    # the team's reference, in the health line, the matrix and the group titles
    assert "excluding #77 Login fails @qa-team" in visible
    assert visible.count("#77 Login fails @qa-team") >= 3
    # the test's text is still defanged everywhere
    assert "#78" not in visible and "@octocat" not in visible
    assert "#\u200d78 @\u200doctocat from a test" in visible


def test_worklog_with_defanging_keeps_the_teams_own_references_live() -> None:
    report = _own_and_test_references()
    env = markdown_environment(defang=True)
    text = render_template(env, "worklog.md.j2", template_fields(build_context(report)))
    visible = _visible(text)
    assert "- **Known Issue:** \\#77\n" in text  # a backslash-escaped "#" still links
    assert "#77 Login fails @qa-team - failures matched" in visible.replace("\n", " ")
    assert "Not seen in this run: #77" in visible
    assert "#78" not in visible and "@octocat" not in visible
