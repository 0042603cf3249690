"""What a new user meets first: help that reads like a manual, a typo that writes nothing,
gates on criteria that mean what they say, history that says when nothing matched."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from reportgen.exitcodes import ExitCode
from tests.cli.test_exit_codes import run_cli

COMMANDS = ("summary", "schema", "render", "init", "index", "history", "merge")


@pytest.mark.parametrize("command", COMMANDS)
def test_help_names_values_in_words_not_python_types(command: str) -> None:
    text = run_cli(command, "--help", COLUMNS="100").stdout
    for leak in ("<list[", "<path>", "<int", "<str>", "x>=", "\\[", "{results}", "INTEGER"):
        assert leak not in text, (command, leak)
    if command != "schema":
        assert "\n  Examples:\n" in text, command
        examples = text.split("\n  Examples:\n", 1)[1].splitlines()
        assert examples and all(line.startswith(f"    reportgen {command}") for line in examples)
    # every argument is described, whatever the installed typer does with argument help
    arguments = text.split("Arguments:\n", 1)[1].split("\n\n", 1)[0] if "Arguments:" in text else ""
    for line in arguments.splitlines():
        if not line.startswith("      "):
            assert len(line.split()) > 1, (command, line)


def test_command_list_gives_whole_summaries() -> None:
    text = run_cli("--help", COLUMNS="100").stdout
    listing = text.split("Commands:\n", 1)[1]
    assert "..." not in listing
    for name in ("TRX", "NUnit", "xUnit.net", "CTRF"):
        assert name in text


def test_render_help_says_what_it_reads_and_that_config_is_optional() -> None:
    text = run_cli("render", "--help", COLUMNS="100").stdout
    flat = " ".join(text.split())
    assert "Usage: reportgen render [OPTIONS] REPORT..." in text
    for name in ("JUnit XML", "TRX", "NUnit", "xUnit.net", "CTRF"):
        assert name in flat
    assert "-c, --config FILE Optional" in flat
    for option in ("--out DIR", "--archive DIR", "--timings FILE", "--pr-limit BYTES"):
        assert option in flat


def test_a_bound_is_checked_without_range_notation(tmp_path: Path) -> None:
    result = run_cli("render", tmp_path / "r.xml", "--pr-limit", "100")
    assert result.returncode == ExitCode.USAGE
    assert "must be at least 2000, got 100" in result.stderr


def _one_failure(path: Path) -> Path:
    path.write_text(
        '<testsuite name="s"><testcase classname="c" name="a"/>'
        '<testcase classname="c" name="b"><failure message="boom"/></testcase></testsuite>',
        encoding="utf-8",
    )
    return path


def test_a_mistyped_path_writes_and_archives_nothing(tmp_path: Path) -> None:
    archive, out = tmp_path / "archive", tmp_path / "out"
    typo = run_cli("render", tmp_path / "nope.xml", "--archive", archive, "--no-step-summary")
    assert typo.returncode == ExitCode.INPUTS_REJECTED
    assert "nothing written: every input was rejected" in typo.stderr
    assert "--allow-empty" in typo.stderr
    assert not archive.exists()
    plain = run_cli("render", tmp_path / "nope.xml", "--out", out, "--no-step-summary")
    assert plain.returncode == ExitCode.INPUTS_REJECTED and not out.exists()
    assert plain.stdout == ""


def test_a_report_without_tests_writes_nothing_unless_allowed(tmp_path: Path) -> None:
    empty = tmp_path / "empty.xml"
    empty.write_text("<testsuites/>", encoding="utf-8")
    out = tmp_path / "out"
    refused = run_cli("render", empty, "--out", out, "--no-step-summary")
    assert refused.returncode == ExitCode.INPUTS_REJECTED
    assert "the inputs hold no test result" in refused.stderr and not out.exists()
    allowed = run_cli("render", empty, "--out", out, "--allow-empty", "--no-step-summary")
    assert allowed.returncode == ExitCode.OK, allowed.stderr
    assert len(list(out.glob("*.md"))) == 1


def test_a_typo_does_not_become_the_next_runs_baseline(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    common = ("--archive", archive, "--baseline", "auto", "--no-step-summary")
    report = _one_failure(tmp_path / "r.xml")
    assert run_cli("render", report, *common).returncode == ExitCode.OK
    run_cli("render", tmp_path / "typo.xml", *common)
    again = run_cli("render", report, *common, "--fail-on", "new-failures")
    assert again.returncode == ExitCode.OK, again.stderr


def _criterion_config(tmp_path: Path, body: str) -> Path:
    config = tmp_path / "worklog.toml"
    config.write_text(body, encoding="utf-8")
    return config


BLOCKED_CONFIG = """
[[categories]]
name = "Core"
match = [{ classname = "c" }]

[[criteria]]
name = "Core"
target = ">90%"
scope = "Core"

[[known_issues]]
id = "#77"
title = "b is broken"
blocks = true
match = { test = "c::b" }
"""


def test_missed_gates_a_blocked_criterion_and_near_adds_near_target(tmp_path: Path) -> None:
    report = _one_failure(tmp_path / "r.xml")
    config = _criterion_config(tmp_path, BLOCKED_CONFIG)
    common = ("render", report, "-c", config, "--out", tmp_path / "out", "--no-step-summary")
    assert run_cli(*common).returncode == ExitCode.OK
    for flag in ("missed", "near", "blocked"):
        gated = run_cli(*common, "--fail-on", flag)
        assert gated.returncode == ExitCode.GATE_FAILED, (flag, gated.stderr)
        assert f"criterion Core (--fail-on {flag})" in gated.stderr


def test_a_run_with_failures_is_never_no_data(tmp_path: Path) -> None:
    report = _one_failure(tmp_path / "r.xml")
    config = _criterion_config(
        tmp_path,
        '[[categories]]\nname = "Other"\nmatch = [{ classname = "nothing.here" }]\n\n'
        '[[criteria]]\nname = "Other"\ntarget = ">90%"\nscope = "Other"\n',
    )
    result = run_cli("render", report, "-c", config, "--out", tmp_path / "out", "--no-step-summary")
    worklog = Path(result.stdout.splitlines()[0]).read_text(encoding="utf-8")
    status = re.search(r"Mission Status:\W*([A-Z][A-Z ]+)", worklog)
    assert status is not None and status.group(1).strip() == "MISSED", worklog[:600]


def test_declared_failures_that_no_testcase_carries_fail_the_failures_gate(tmp_path: Path) -> None:
    report = tmp_path / "trimmed.xml"
    report.write_text(
        '<testsuite name="s" tests="2" failures="4"><testcase classname="c" name="a"/>'
        '<testcase classname="c" name="b"/></testsuite>',
        encoding="utf-8",
    )
    assert run_cli("summary", report).returncode == ExitCode.OK
    for flag in ("failures", "declared-failures"):
        gated = run_cli("summary", report, "--fail-on", flag)
        assert gated.returncode == ExitCode.GATE_FAILED, gated.stderr
        assert "declares 4 more failures or errors than its test cases hold" in gated.stderr


def test_summary_counts_agree_with_one(tmp_path: Path) -> None:
    report = tmp_path / "one.xml"
    report.write_text(
        '<testsuite name="s"><testcase name="a"><error message="x"/></testcase></testsuite>',
        encoding="utf-8",
    )
    lines = run_cli("summary", report).stdout.splitlines()
    assert lines[0] == "1 test, 0 passed, 0 failed, 1 error, 0 skipped"
    assert lines[1].endswith(", 1 input")


def test_history_exits_1_when_nothing_matches_and_lines_up_its_columns(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    report = _one_failure(tmp_path / "r.xml")
    long_title = _criterion_config(tmp_path, '[worklog]\ntitle = "A much longer title"\n')
    run_cli("render", report, "--archive", archive, "--no-step-summary")
    run_cli("render", report, "-c", long_title, "--archive", archive, "--no-step-summary")
    found = run_cli("history", "c::b", "--archive", archive)
    assert found.returncode == ExitCode.OK, found.stderr
    rows = found.stdout.splitlines()[1:]
    assert len(rows) == 2
    starts = [[m.start() for m in re.finditer(r"(?<=  )\S", row)] for row in rows]
    assert starts[0][:3] == starts[1][:3], found.stdout
    missing = run_cli("history", "c::nothing", "--archive", archive)
    assert missing.returncode == ExitCode.GATE_FAILED
    assert "no archived outcome" in missing.stdout


def test_an_empty_run_archived_on_purpose_is_never_the_baseline(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    common = ("--archive", archive, "--baseline", "auto", "--no-step-summary")
    report = _one_failure(tmp_path / "r.xml")
    empty = tmp_path / "empty.xml"
    empty.write_text("<testsuites/>", encoding="utf-8")
    assert run_cli("render", report, *common).returncode == ExitCode.OK
    kept = run_cli("render", empty, *common, "--allow-empty")
    assert kept.returncode == ExitCode.OK, kept.stderr
    again = run_cli("render", report, *common, "--fail-on", "new-failures")
    assert again.returncode == ExitCode.OK, again.stderr


def test_an_html_archive_index_draws_its_trend_and_names_the_series(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    report = _one_failure(tmp_path / "r.xml")
    titled = _criterion_config(
        tmp_path,
        '[worklog]\ntitle = "Orders <Nightly>"\n\n[[criteria]]\nname = "Overall"\n'
        'target = ">90%"\nscope = "overall"\n',
    )
    for _ in range(2):
        done = run_cli(
            "render", report, "-c", titled, "--archive", archive, "--html", "--no-step-summary"
        )
        assert done.returncode == ExitCode.OK, done.stderr
    page = (archive / "INDEX.html").read_text(encoding="utf-8")
    assert "<svg" in page and "```mermaid" not in page and "xychart-beta" not in page
    assert "Orders &lt;Nightly&gt;" in page and "<Nightly>" not in page
    index = (archive / "INDEX.md").read_text(encoding="utf-8")
    assert "xychart-beta" in index and "90" in index.split("xychart-beta", 1)[1]
