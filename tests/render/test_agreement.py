"""Every figure that appears in two places of a worklog reads the same in both.

Each sample and a selection of real reports from the shared corpus is rendered (worklog, PR
profile, HTML, JSON); the Markdown is parsed with markdown-it-py and the figures each section
prints are read back from it: the counts of the headline, the executive summary, the
execution summary, the matrix, the phases and suites, the PR profile; test times; criteria
against the matrix rows they judge; the failure total of the key findings and the groups.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token
from report_files import CORPUS, needs_corpus

from reportgen import pipeline
from reportgen.config import Config, load_config
from reportgen.render import render_html, render_json, render_markdown, render_pr
from reportgen.report import Report, Status

from .mdcheck import flatten, tables

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = sorted(p.parent.name for p in (ROOT / "samples").glob("*/worklog.toml"))
GENERATED = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)
# failures, errors, skips, reruns and flaky tests, nested suites, several dialects
CORPUS_REPORTS = [
    "mikepenz__action-junit-report/test_results/maven_surefire_flaky/surefire-report.xml",
    "mikepenz__action-junit-report/test_results/junit_flaky_failure/mixed_flaky_and_passed.xml",
    "mikepenz__action-junit-report/test_results/multiple_failures/test_multiple_errors.xml",
    "mikepenz__action-junit-report/test_results/python/report.xml",
    "mikepenz__action-junit-report/test_results/nested",
    "EnricoMi__publish-unit-test-result-action/junit-xml/pytest/junit.fail.xml",
    "jenkinsci__junit-plugin/junit-report-testsuite-time-attrs.xml",
    "dorny__test-reporter/fixtures/external/jest/jest-react-component-test-results.xml",
]
WORST_FIRST = [
    Status.MISSED,
    Status.BLOCKED,
    Status.NEAR,
    Status.NO_DATA,
    Status.ACHIEVED,
    Status.EXCEEDED,
]
PARSER = MarkdownIt("commonmark", {"html": False}).enable("table")
COUNTS = re.compile(
    r"(?P<tests>\d+) tests?(?: in [^:]*)?: (?P<run>\d+) run, "
    r"(?P<passed>\d+) passed(?: \((?P<flaky>\d+) flaky\))?"
    r", (?P<failed>\d+) failed(?: \((?P<errors>\d+) errors?\))?(?:, (?P<skipped>\d+) skipped)?"
)
SUITE_LINE = re.compile(r"\((?:[\d.]+%|n/a), test time [^)]+\)$")
DURATION = re.compile(r"(?:(\d+)h )?(?:(\d+)m )?(\d+(?:\.\d+)?)s")


@dataclass(frozen=True)
class Figures:
    tests: int
    run: int
    passed: int
    failed: int
    flaky: int
    errors: int
    skipped: int

    @classmethod
    def read(cls, text: str) -> Figures:
        found = COUNTS.search(text)
        assert found, f"no counts in {text!r}"
        value = {k: int(v or 0) for k, v in found.groupdict().items()}
        return cls(**value)


def inline_text(token: Token) -> str:
    """The visible text of an inline token, its line breaks kept as newlines."""
    parts = []
    for child in token.children or []:
        if child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
        elif child.type in ("text", "text_special", "code_inline"):
            parts.append(child.content)
    return "".join(parts)


def _seconds(text: str) -> float:
    found = DURATION.fullmatch(text.strip())
    assert found, text
    hours, minutes, secs = found.groups()
    return int(hours or 0) * 3600 + int(minutes or 0) * 60 + float(secs)


def _sections(tokens: list[Token]) -> dict[str, list[str]]:
    """Heading text -> the visible text of each block up to the next heading."""
    found: dict[str, list[str]] = {}
    current = ""
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            current = inline_text(tokens[index + 1])
            found.setdefault(current, [])
        elif token.type == "inline" and tokens[index - 1].type != "heading_open":
            found.setdefault(current, []).append(inline_text(token))
    return found


def _section(sections: dict[str, list[str]], name: str) -> list[str]:
    return next(lines for heading, lines in sections.items() if name in heading)


def _field(lines: list[str], label: str) -> str:
    for line in lines:
        for part in line.split("\n"):
            if part.startswith(f"{label}:"):
                return part.removeprefix(f"{label}:").strip()
    raise AssertionError(f"no {label!r} in {lines}")


def _matrix(text: str) -> dict[str, list[str]]:
    rows = next(t for t in tables(text) if t[0][0] == "Test Category")
    return {row[0]: row[1:] for row in rows[1:]}


def _rate(cell: str) -> str:
    return cell.split(" ")[-1]


def _mark(cell: str) -> str:
    return cell.rsplit(" ", 1)[0] if " " in cell else ""


def _check(report: Report) -> None:
    worklog = render_markdown(report)
    tokens = PARSER.parse(worklog)
    sections = _sections(tokens)
    headline = Figures.read(report.headline)
    # the headline, the executive summary, the execution summary and the outcome
    summary = " ".join(_section(sections, "Executive Summary"))
    execution = _section(sections, "Execution Summary")
    if headline.tests:
        assert Figures.read(summary) == headline
    assert Figures.read(_field(execution, "Tests")) == headline
    outcome = " ".join(_section(sections, "Outcome"))
    assert f"{headline.run} run, {headline.passed} passed" in outcome
    # the matrix: its Total row is the headline's run, passed and failed
    matrix = _matrix(worklog) if report.categories else {}
    if matrix:
        total = matrix["Total"]
        assert [int(total[0]), int(total[1]), int(total[2])] == [
            headline.run,
            headline.passed,
            headline.failed,
        ]
        for name, row in matrix.items():
            assert int(row[0]) == int(row[1]) + int(row[2]), name  # Passed + Failed = Run
    # the test time: stated once as a figure, the same in the summary; the phases add up to it
    test_time = _seconds(_field(execution, "Test Time"))
    if headline.tests:
        assert f"test time {_field(execution, 'Test Time')}" in summary
    if report.meta and report.timing.wall_clock is not None:
        assert f"wall time {_field(execution, 'Wall Time')}" in summary
    phase_counts: list[Figures] = []
    phase_times: list[float] = []
    for heading, lines in sections.items():
        if not heading.startswith("Phase "):
            continue
        results = _field(lines, "Results")
        if "test time" not in results:
            continue  # a rejected input: nothing was read
        phase = Figures.read(results)
        phase_counts.append(phase)
        phase_times.append(_seconds(results.rsplit("test time ", 1)[1]))
        suites = [Figures.read(line) for line in lines if SUITE_LINE.search(line)]
        if suites:
            assert sum(s.run for s in suites) == phase.run, heading
            assert sum(s.passed for s in suites) == phase.passed, heading
            assert sum(s.failed for s in suites) == phase.failed, heading
    if phase_counts and len(report.phases) == len(phase_counts):
        assert sum(p.tests for p in phase_counts) == headline.tests
        assert sum(p.run for p in phase_counts) == headline.run
        assert sum(p.passed for p in phase_counts) == headline.passed
        assert sum(p.failed for p in phase_counts) == headline.failed
        # as shown: to 0.01s under a minute, to the second above
        slack = sum(0.5 if t >= 60 else 0.005 for t in [*phase_times, test_time])
        assert abs(sum(phase_times) - test_time) <= slack
    # criteria: one judging a single category shows that row's pass rate; a row's mark is
    # the worst status of the criteria judging it alone and of the missed ones pooling it,
    # and there is none where no criterion does
    if report.criteria:
        rows = next(t for t in tables(worklog) if t[0][0] == "Criterion")
        shown = {row[0]: row for row in rows[1:]}
        for criterion in report.criteria:
            row = shown[criterion.name]
            if len(criterion.scope) == 1 and criterion.scope[0] in matrix:
                assert _rate(matrix[criterion.scope[0]][3]) == row[2], criterion.name
            if criterion.scope == ["overall"] and not report.health.excluded:
                assert row[2] in " ".join(_section(sections, "Test Results Matrix"))
        for name, row in matrix.items():
            naming = [
                c
                for c in report.criteria
                if c.scope == [name]
                or (name in c.scope and c.scope != ["overall"] and c.status in WORST_FIRST[:3])
            ]
            if not naming:
                assert _mark(row[3]) == "", f"{name} is marked without a criterion"
                continue
            worst = min(naming, key=lambda c: WORST_FIRST.index(c.status))
            assert _mark(row[3]) == shown[worst.name][3].split(" ")[0], name
    # failures: the key findings' total is the matrix's failed, and the groups add up to it
    if report.groups:
        findings = " ".join(_section(sections, "CRITICAL ISSUES"))
        stated = re.search(r"(\d+) failures and errors fall into (\d+) groups?\b", findings)
        assert stated, findings
        assert int(stated.group(1)) == headline.failed
        assert int(stated.group(2)) == len(report.groups)
        assert sum(g.count for g in report.groups) == headline.failed
        for scope in re.findall(r"of failures \((\d+) of (\d+)\)", findings):
            assert int(scope[1]) == headline.failed
    # the final status is the mission status
    mission = next(
        inline_text(tokens[i + 1])
        for i, t in enumerate(tokens)
        if t.type == "heading_open" and inline_text(tokens[i + 1]).startswith("Mission Status")
    )
    assert report.overall.value in mission
    assert f"Final Status: {report.overall.value}" in " ".join(
        inline_text(t) for t in tokens if t.type == "inline"
    ).replace("✅ ", "").replace("⚠️ ", "").replace("❌ ", "").replace("🚫 ", "").replace("❔ ", "")
    _check_pr(report, worklog, headline)
    _check_html_and_json(report, worklog, headline)


def _check_pr(report: Report, worklog: str, headline: Figures) -> None:
    pr = render_pr(report, limit=10**6)
    text = " ".join(inline_text(t) for t in flatten(PARSER.parse(pr)) if t.type == "inline")
    health = re.search(r"Run: (\d+) \| Passed: (\d+) \| Failed: (\d+)", text)
    assert health, text[:400]
    assert [int(v) for v in health.groups()] == [headline.run, headline.passed, headline.failed]
    if headline.failed:
        assert f"{headline.failed} of {headline.run} tests run failed" in text
    if report.categories:
        # the profile defangs @mentions with a joiner the worklog does not need
        plain = {k.replace("\u200d", ""): v for k, v in _matrix(pr).items()}
        assert plain == _matrix(worklog)


def _check_html_and_json(report: Report, worklog: str, headline: Figures) -> None:
    page = render_html(worklog, title=report.meta.title)
    assert report.headline.replace(">", "&gt;") in page or report.headline in page
    data = json.loads(render_json(report))
    counts = data["counts"]
    run = counts["passed"] + counts["failed"] + counts["errors"] + counts["flaky"]
    assert run == headline.run
    assert counts["passed"] + counts["flaky"] == headline.passed
    assert counts["failed"] + counts["errors"] == headline.failed
    assert sum(p["duration"] for p in data["phases"]) == pytest.approx(
        data["timing"]["total_time"], abs=1e-6
    )


@pytest.fixture(autouse=True)
def _from_the_repository_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


@pytest.mark.parametrize("sample", SAMPLES)
def test_every_figure_of_a_sample_agrees_with_itself(sample: str) -> None:
    config = load_config(f"samples/{sample}/worklog.toml")
    timings = [
        str(p.relative_to(ROOT)) for p in sorted((ROOT / "samples" / sample).glob("timings.*"))
    ]
    run = pipeline.read_run([f"samples/{sample}/results"], config, timings)
    _check(pipeline.build_report(run, config, now=GENERATED))


@needs_corpus
@pytest.mark.parametrize("name", CORPUS_REPORTS)
def test_every_figure_of_a_real_report_agrees_with_itself(name: str) -> None:
    path = CORPUS / name
    if not path.exists():
        pytest.skip(f"{name} is not in this copy of the corpus")
    config = Config.model_validate(
        {
            "worklog": {"title": "Corpus run"},
            "criteria": [{"name": "Overall", "scope": "overall", "target": ">90%"}],
        }
    )
    run = pipeline.read_run([str(path)], config)
    _check(pipeline.build_report(run, config, now=GENERATED))
