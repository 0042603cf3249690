"""A quarantined failure is shown and counted, and fails no gate on failures."""

from __future__ import annotations

from pathlib import Path

from reportgen.exitcodes import ExitCode
from tests.cli.test_exit_codes import run_cli

REPORT = (
    '<testsuite name="s"><testcase classname="tests.test_rates" '
    'name="test_rates_service_answers" time="0.1"><failure message="down">boom</failure>'
    '</testcase><testcase classname="tests.test_rates" name="test_ok" time="0.1"/></testsuite>'
)


def _render(tmp_path: Path, expires: str) -> int:
    report = tmp_path / "r.xml"
    report.write_text(REPORT, encoding="utf-8")
    (tmp_path / "worklog.toml").write_text('quarantine = "q.toml"\n', encoding="utf-8")
    (tmp_path / "q.toml").write_text(
        '[[quarantine]]\nname = "test_rates_service_answers"\nticket = "LED-7"\n'
        f"expires = {expires}\n",
        encoding="utf-8",
    )
    result = run_cli(
        "render", report, "-c", tmp_path / "worklog.toml", "--out", tmp_path / "out",
        "--fail-on", "failures", "--no-step-summary",
    )  # fmt: skip
    return result.returncode


def test_a_run_whose_only_failure_is_quarantined_passes_the_failures_gate(tmp_path: Path) -> None:
    # the run's date is the day it is read; an entry good for years protects it
    assert _render(tmp_path, "2999-12-31") == ExitCode.OK


def test_an_expired_quarantine_protects_nothing(tmp_path: Path) -> None:
    assert _render(tmp_path, "2000-01-01") == ExitCode.GATE_FAILED


def test_a_catch_all_entry_is_warned_about_at_add_and_at_render(tmp_path: Path) -> None:
    quarantine = tmp_path / "q.toml"
    added = run_cli(
        "quarantine", "add", "*", "--ticket", "X-1", "--expires", "2999-01-01", "-q", quarantine
    )
    assert added.returncode == ExitCode.OK, added.stderr
    assert "names no test in particular" in added.stderr
    report = tmp_path / "r.xml"
    report.write_text(REPORT, encoding="utf-8")
    (tmp_path / "worklog.toml").write_text('quarantine = "q.toml"\n', encoding="utf-8")
    result = run_cli(
        "render", report, "-c", tmp_path / "worklog.toml", "--out", tmp_path / "out",
        "--no-step-summary",
    )  # fmt: skip
    assert result.returncode == ExitCode.OK, result.stderr
    worklog = next((tmp_path / "out").glob("*.md")).read_text(encoding="utf-8")
    assert "names no test in particular" in result.stderr + worklog
