"""The worklog's prose (executive summary, overall assessment, outcome), the matrix's marks,
and the lines that used to repeat themselves or say nothing."""

from __future__ import annotations

from pathlib import Path

from reportgen.render import render_markdown, render_pr
from reportgen.report import CriterionResult, FlakyTest, Report, Status

from .fixtures import full_report, realistic_report
from .mdcheck import parse, tables


def _paragraphs_after(text: str, heading: str) -> list[str]:
    tokens = parse(text)
    start = next(
        i
        for i, t in enumerate(tokens)
        if t.type == "heading_open" and heading in tokens[i + 1].content
    )
    found = []
    for token in tokens[start + 3 :]:
        if token.type == "heading_open" or token.type == "hr":
            break
        if token.type == "inline":
            found.append(token.content)
    return found


def _matrix(text: str) -> dict[str, list[str]]:
    rows = next(t for t in tables(text) if t[0][0] == "Test Category")
    return {row[0]: row[1:] for row in rows[1:]}


def test_the_executive_summary_is_written_from_the_results() -> None:
    text = render_markdown(full_report())
    summary = _paragraphs_after(text, "Executive Summary")[0]
    sentences = [s for s in summary.replace("\n", " ").split(". ") if s]
    assert 3 <= len(sentences) <= 6, sentences
    assert summary.startswith(
        "23 tests in 4 categories from 2 report files: 22 run, 11 passed (1 flaky), "
        "11 failed (1 error), 1 skipped; test time 48.50s, wall time 3m 35s."
    )
    # the health against its target, the criteria missed and by how much
    assert (
        "Health is 50.0%, 87.3% without the excluded known issues, which the Overall target "
        "of \\>90% judges: NEAR TARGET, 2.7 points short."
    ) in summary
    assert "WebSocket/Agent at 20.0% against \\>85% (BLOCKED, 65.0 points short)" in summary
    # the cause behind most failures, with its share; the performance verdicts; the change
    assert "KI-1 WebSocket subprotocol negotiation, accounts for 10 (90.9%)" in summary
    assert "Agent startup is MISSED at 620 ms against \\<= 500 ms" in summary
    assert "1 new failure, 1 still failing, 1 fixed; pass rate 57.1% then, 50.0% now" in summary
    assert render_markdown(full_report()) == text  # the same run reads the same


def test_a_team_can_reword_the_executive_summary(tmp_path: Path) -> None:
    sections = tmp_path / "sections"
    sections.mkdir()
    (sections / "executive_summary.md.j2").write_text(
        "## Executive Summary\n\nWe ran {{ story.tests }}; health {{ story.health }}.\n\n",
        encoding="utf-8",
    )
    text = render_markdown(realistic_report(), template_dir=tmp_path)
    assert "We ran 23 tests; health 50.0%." in text


def test_the_overall_assessment_says_what_holds_and_what_blocks() -> None:
    report = realistic_report()
    text = render_markdown(report)
    line = next(p for p in _paragraphs_after(text, "Success Criteria") if "Assessment" in p)
    assert report.headline not in line
    assert (
        "P1 Critical holds; WebSocket/Agent (BLOCKED, 65.0 points short) and Overall "
        "(NEAR TARGET, 2.7 points short) do not, held down most by KI-1 WebSocket subprotocol "
        "negotiation (10 of 11 failures)."
    ) in line


def test_the_worklog_ends_with_its_outcome_and_next_actions() -> None:
    text = render_markdown(realistic_report())
    outcome = text[text.index("## Outcome") :]
    assert "**OBJECTIVE NOT MET** (NEAR TARGET)" in outcome
    assert "1 of 3 criteria met" in outcome
    # next actions from the top priorities, P0 first
    assert outcome.index("1. **P0**") < outcome.index("2. **P1**")
    assert text.index("## Outcome") > text.index("Detailed Test Execution Log")


def test_a_pass_rate_is_marked_by_its_criterion_and_unmarked_without_one() -> None:
    report = realistic_report()
    # a category at 95.0% whose criterion is ACHIEVED is not shown as a failure
    criteria = [
        *report.criteria,
        CriterionResult(
            name="Flow",
            scope=["Message Flow"],
            target=">=40%",
            actual=40.0,
            status=Status.ACHIEVED,
            reason="met",
        ),
    ]
    matrix = _matrix(render_markdown(report.model_copy(update={"criteria": criteria})))
    assert matrix["Message Flow"][3] == "✅ 40.0%"
    assert matrix["WebSocket E2E"][3] == "🚫 20.0%"
    assert matrix["Agent Pipeline"][3] == "33.3%"  # no criterion judges it alone
    assert matrix["Total"][3] == "50.0%"


def test_a_rerun_flaky_test_says_what_happened() -> None:
    report = realistic_report(
        flaky=[FlakyTest(test="t::x", reason="passed after rerun", flips=0, runs=1)]
    )
    text = render_markdown(report)
    rows = next(t for t in tables(text) if t[0][:2] == ["Test", "Reason"])
    flaky = next(r for r in rows if r[0] == "t::x")
    assert flaky[1:3] == ["failed, passed on rerun", "-"]
    assert "0 of 1 runs" not in text


def test_a_group_heading_is_not_repeated_as_its_root_cause() -> None:
    text = render_markdown(realistic_report())
    lines = text.splitlines()
    for index, line in enumerate(lines):
        if line.startswith("##### ") and "Group" in line:
            heading = line.split(": ", 1)[1]
            below = next(x for x in lines[index + 1 :] if x.strip())
            if below.startswith("**Root Cause:**"):
                assert heading.replace("\\", "") not in below


def test_one_group_is_one_group() -> None:
    report = realistic_report()
    one = report.model_copy(update={"groups": report.groups[:1]})
    text = render_markdown(one)
    assert "fall into 1 group by" in text and "1 groups" not in text


def test_the_pr_profile_shows_performance_misses_and_suspects() -> None:
    pr = render_pr(full_report(), limit=65_535)
    assert "Performance Misses" in pr and "Agent startup" in pr
    assert "Suspiciously Fast Tests" in pr and "tests.e2e.test_1::test_health" in pr
    assert "Flaky Tests" in pr


def test_the_pr_profile_lists_stay_within_its_size_budget() -> None:
    report = full_report()
    for limit in (1_500, 3_000, 6_000):
        pr = render_pr(report, limit=limit)
        assert len(pr.encode("utf-8")) <= limit
        assert ("Agent startup" in pr) or ("performance miss" in pr)


def test_the_pr_headline_weighs_failures_not_skips() -> None:
    report: Report = realistic_report()
    pr = render_pr(report, limit=65_535)
    lead = pr.splitlines()[3]
    assert lead == "**NEAR TARGET: 11 of 22 tests run failed (1 error) - health 50.0%**"
    assert "skipped" not in lead and "flaky" not in lead
