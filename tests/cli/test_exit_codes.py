"""The installed `reportgen` command: documented exit statuses, stdout/stderr split."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from reportgen.exitcodes import ExitCode

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "samples" / "e2e-staging"
CORPUS = ROOT.parent / "shared" / "corpus"


def _command() -> list[str]:
    """The console script installed next to this interpreter (what `pip install` made)."""
    beside = Path(sys.executable).parent / "reportgen"
    found = str(beside) if beside.exists() else shutil.which("reportgen")
    if found is None:
        pytest.fail("the reportgen command is not installed; run: pip install -e '.[test]'")
    return [found]


def run_cli(
    *args: str | Path, cwd: Path | None = None, **env: str
) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k != "GITHUB_STEP_SUMMARY"}
    environment.update(env)
    return subprocess.run(
        [*_command(), *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=environment,
        timeout=120,
        check=False,
    )


def render_sample(
    out: Path, *extra: str | Path, config: Path = SAMPLE / "worklog.toml", **env: str
) -> subprocess.CompletedProcess[str]:
    """`render` of the bundled sample into `out` (no job summary: `run_cli` unsets it)."""
    return run_cli("render", SAMPLE / "results", "--config", config, "--out", out, *extra, **env)


def _passing_report(path: Path) -> Path:
    path.write_text(
        '<testsuite name="s" tests="2"><testcase classname="c" name="a" time="0.1"/>'
        '<testcase classname="c" name="b" time="0.2"/></testsuite>',
        encoding="utf-8",
    )
    return path


def _render_sample(tmp_path: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return run_cli(
        "render",
        SAMPLE / "results",
        "--config",
        SAMPLE / "worklog.toml",
        "--timings",
        SAMPLE / "timings.json",
        "--out",
        tmp_path / "out",
        "--no-step-summary",
        *extra,
    )


def test_success_is_zero_and_stdout_is_the_summary(tmp_path: Path) -> None:
    result = run_cli("summary", _passing_report(tmp_path / "ok.xml"))
    assert result.returncode == ExitCode.OK
    assert result.stdout.startswith("2 tests, 2 passed, 0 failed, 0 errors, 0 skipped")
    assert result.stderr == ""


def test_rejected_input_is_three_and_the_others_are_still_read(tmp_path: Path) -> None:
    broken = tmp_path / "broken.xml"
    broken.write_text("this is not xml", encoding="utf-8")
    result = run_cli("summary", _passing_report(tmp_path / "ok.xml"), broken)
    assert result.returncode == ExitCode.INPUTS_REJECTED
    assert result.stdout.startswith("2 tests, 2 passed")
    assert f"{broken}" in result.stderr and "not XML" in result.stderr


def test_usage_error_is_two(tmp_path: Path) -> None:
    result = run_cli("summary", _passing_report(tmp_path / "ok.xml"), "--fail-on", "sometimes")
    assert result.returncode == ExitCode.USAGE
    assert "--fail-on: unknown value 'sometimes'" in result.stderr


def test_config_error_names_file_and_key(tmp_path: Path) -> None:
    config = tmp_path / "worklog.toml"
    config.write_text('[worklog]\ntitle = "x"\ncolour = "blue"\n', encoding="utf-8")
    result = run_cli("render", _passing_report(tmp_path / "ok.xml"), "--config", config)
    assert result.returncode == ExitCode.USAGE
    assert f"{config}: worklog.colour: unknown key" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "worklogs").exists()


def test_no_tests_gate_never_reads_as_green(tmp_path: Path) -> None:
    empty = tmp_path / "empty.xml"
    empty.write_text('<testsuites tests="0"/>', encoding="utf-8")
    assert run_cli("summary", empty).returncode == ExitCode.OK
    gated = run_cli("summary", empty, "--fail-on", "no-tests")
    assert gated.returncode == ExitCode.GATE_FAILED
    assert "no test results arrived" in gated.stderr


def test_failures_gate(tmp_path: Path) -> None:
    report = tmp_path / "r.xml"
    report.write_text(
        '<testsuite name="s"><testcase name="a"><failure message="boom"/></testcase></testsuite>',
        encoding="utf-8",
    )
    assert run_cli("summary", report).returncode == ExitCode.OK
    assert run_cli("summary", report, "--fail-on", "failures").returncode == ExitCode.GATE_FAILED


def test_criteria_gates_on_the_reference_sample(tmp_path: Path) -> None:
    plain = _render_sample(tmp_path)
    assert plain.returncode == ExitCode.OK, plain.stderr
    worklog = Path(plain.stdout.splitlines()[0])
    assert worklog.is_file() and worklog.parent == tmp_path / "out"
    # The sample has a BLOCKED criterion, a NEAR one and no MISSED one: a blocked criterion
    # is not met, so `missed` fails on it too.
    for flag in ("missed", "blocked"):
        gated = _render_sample(tmp_path, "--fail-on", flag)
        assert gated.returncode == ExitCode.GATE_FAILED, flag
        assert f"criterion WebSocket/Agent (--fail-on {flag})" in gated.stderr
    near = _render_sample(tmp_path, "--fail-on", "near")
    assert near.returncode == ExitCode.GATE_FAILED
    assert "criteria WebSocket/Agent, Overall (--fail-on near)" in near.stderr
    # every render wrote a new worklog; none was overwritten
    assert len(list((tmp_path / "out").glob("*.md"))) == 4


def test_new_failures_gate_against_a_baseline(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    before = tmp_path / "before.xml"
    before.write_text(
        '<testsuite name="s"><testcase classname="c" name="a"/>'
        '<testcase classname="c" name="b"><failure message="old"/></testcase></testsuite>',
        encoding="utf-8",
    )
    same = run_cli("render", before, "--archive", archive, "--no-step-summary")
    assert same.returncode == ExitCode.OK, same.stderr
    again = run_cli(
        "render",
        before,
        "--archive",
        archive,
        "--baseline",
        "auto",
        "--fail-on",
        "new-failures",
        "--no-step-summary",
    )
    assert again.returncode == ExitCode.OK, again.stderr
    after = tmp_path / "after.xml"
    after.write_text(
        '<testsuite name="s"><testcase classname="c" name="a"><failure message="new"/></testcase>'
        '<testcase classname="c" name="b"><failure message="old"/></testcase></testsuite>',
        encoding="utf-8",
    )
    regressed = run_cli(
        "render",
        after,
        "--archive",
        archive,
        "--baseline",
        "auto",
        "--fail-on",
        "new-failures",
        "--no-step-summary",
    )
    assert regressed.returncode == ExitCode.GATE_FAILED
    assert "1 new failure against" in regressed.stderr


def test_json_and_schema_agree(tmp_path: Path) -> None:
    out = tmp_path / "run.json"
    result = run_cli("summary", SAMPLE / "results", "--json", out)
    assert result.returncode == ExitCode.OK
    data = json.loads(out.read_text(encoding="utf-8"))
    schema = json.loads(run_cli("schema").stdout)
    assert set(data) <= set(schema["properties"])
    assert data["counts"] == {"passed": 23, "failed": 13, "errors": 0, "skipped": 3, "flaky": 0}
    assert len(data["cases"]) == 39


def test_step_summary_is_appended_when_set(tmp_path: Path) -> None:
    summary = tmp_path / "step-summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    result = run_cli(
        "render",
        _passing_report(tmp_path / "ok.xml"),
        "--out",
        tmp_path / "out",
        GITHUB_STEP_SUMMARY=str(summary),
    )
    assert result.returncode == ExitCode.OK, result.stderr
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("earlier step\n")
    assert "<!-- reportgen:pr-summary -->" in text


def test_every_command_has_help() -> None:
    listing = run_cli("--help")
    assert listing.returncode == 0
    for command in ("summary", "schema", "render", "init", "index", "history", "merge"):
        result = run_cli(command, "--help")
        assert result.returncode == 0, command
        assert "Usage" in result.stdout


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared corpus is not beside the checkout")
def test_whole_corpus_in_one_call(tmp_path: Path) -> None:
    result = run_cli("summary", CORPUS)
    assert result.returncode == ExitCode.INPUTS_REJECTED
    assert "testXxe-xxe.xml" in result.stderr and "refused" in result.stderr
    first = result.stdout.splitlines()[0]
    assert first.split(" tests,")[0].isdigit()
