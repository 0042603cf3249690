"""A run with 50,000 failures, through the whole pipeline, still fits a PR comment."""

from __future__ import annotations

from pathlib import Path

from reportgen.config import Config
from reportgen.pipeline import build_report, read_run
from reportgen.render import PR_MARKER, render_pr

FAILURES = 50_000


def _write_run(path: Path) -> None:
    with path.open("w", encoding="utf-8") as out:
        out.write('<testsuites name="big">\n')
        for suite in range(FAILURES // 500):
            out.write(f'<testsuite name="pkg.mod{suite}" tests="500" failures="500">\n')
            for case in range(500):
                n = suite * 500 + case
                cause = n % 37  # 37 root causes, their volatile parts varying
                out.write(
                    f'<testcase classname="pkg.mod{suite}.Test{case % 7}" name="test_{n}" '
                    f'time="0.{n % 10}"><failure type="Cause{cause}Error" '
                    f'message="step {n} failed for user_{n * 7} '
                    f'at 10.0.{n % 250}.{cause}:{8000 + n % 900}">'
                    f'Traceback\n  File "pkg/mod{suite}.py", line {n % 90}, in test_{n}\n'
                    f"Cause{cause}Error: step {n}</failure></testcase>\n"
                )
            out.write("</testsuite>\n")
        out.write("</testsuites>\n")


def test_fifty_thousand_failures_fit_a_pr_comment(tmp_path: Path) -> None:
    report_file = tmp_path / "big.xml"
    _write_run(report_file)
    run = read_run([str(report_file)], Config())
    assert run.counts.failed == FAILURES
    report = build_report(run, Config())
    assert len(report.groups) == 37
    assert sum(g.count for g in report.groups) == FAILURES
    text = render_pr(report, limit=65_535, full_worklog="worklogs/big-01.md")
    assert len(text.encode("utf-8")) <= 65_535
    assert text.startswith(PR_MARKER)
    assert text.count("<details>") == text.count("</details>")
    assert sum(1 for line in text.splitlines() if line.startswith("```")) % 2 == 0
    assert "worklogs/big-01.md" in text  # says where the rest is
