"""`render` with `$GITHUB_OUTPUT` set writes the run's figures as step outputs, and the same
figures, typed, under `outputs` in `render --json`."""

from __future__ import annotations

import json
from pathlib import Path

from ci_outputs import read_outputs
from cli.test_exit_codes import SAMPLE, run_cli
from run_builders import report_of, run_of

from reportgen.deliver.ci import OUTPUT_NAMES, step_outputs
from reportgen.exitcodes import ExitCode
from reportgen.model import Outcome
from reportgen.report import Report, RunDiff


def _render(tmp_path: Path, *extra: str) -> tuple[dict[str, str], Path]:
    target = tmp_path / "github-output"
    result = run_cli(
        "render",
        SAMPLE / "results",
        "--config",
        SAMPLE / "worklog.toml",
        "--out",
        tmp_path / "out",
        "--json",
        tmp_path / "report.json",
        *extra,
        GITHUB_OUTPUT=str(target),
    )
    assert result.returncode == ExitCode.OK, result.stderr
    return read_outputs(target), tmp_path / "report.json"


def test_render_writes_every_output_and_the_numbers_are_the_runs(tmp_path: Path) -> None:
    outputs, report_path = _render(tmp_path)
    assert list(outputs) == list(OUTPUT_NAMES)
    counted = run_cli("summary", SAMPLE / "results", "--json", tmp_path / "run.json")
    counts = json.loads((tmp_path / "run.json").read_text(encoding="utf-8"))["counts"]
    assert counted.returncode == ExitCode.OK
    assert {k: int(outputs[k]) for k in ("passed", "failed", "errors", "skipped", "flaky")} == {
        k: counts[k] for k in ("passed", "failed", "errors", "skipped", "flaky")
    }
    assert int(outputs["tests"]) == sum(counts.values()) == 39
    report = json.loads(report_path.read_text(encoding="utf-8"))
    assert outputs["status"] == report["overall"]
    assert outputs["new_failures"] == ""  # no baseline: nothing judged new
    worklog = Path(outputs["worklog"])
    assert worklog.is_file() and worklog.parent == tmp_path / "out"
    assert json.loads(outputs["summary_json"]) == report["outputs"]
    assert (
        report["outputs"]["tests"] == 39
        and report["outputs"]["health"] == (report["health"]["value"])
    )
    assert float(outputs["health"]) == round(report["health"]["value"], 1)
    # the analyzed report still reads back as a Report
    assert Report.model_validate(report).counts.total == 39


def test_with_the_pr_profile_and_an_archive_worklog_is_the_full_worklog(tmp_path: Path) -> None:
    outputs, _ = _render(tmp_path, "--profile", "pr", "--archive", str(tmp_path / "archive"))
    worklog = Path(outputs["worklog"])
    assert worklog.is_relative_to(tmp_path / "archive") and worklog.suffix == ".md"
    assert not worklog.name.endswith("-pr.md")


def test_values_stay_on_their_line_and_no_baseline_is_not_zero() -> None:
    run = run_of({"a": Outcome.PASSED, "b": Outcome.FAILED, "c": Outcome.FLAKY})
    report = report_of(run, health=99.97)
    values = step_outputs(report, Path("out/nightly\nrun.md"))
    assert values["health"] == "99.9"  # never rounded onto 100 next to a failure
    assert (values["tests"], values["passed"], values["flaky"]) == ("3", "1", "1")
    assert values["new_failures"] == ""
    assert "\n" not in values["summary_json"]
    assert json.loads(values["summary_json"])["worklog"] == "out/nightly\nrun.md"
    compared = report.model_copy(update={"diff": RunDiff(baseline="b.json", new_failures=["x"])})
    assert step_outputs(compared, None)["new_failures"] == "1"


def test_a_value_holding_lines_cannot_forge_another_output(tmp_path: Path) -> None:
    from reportgen.deliver.ci import set_outputs

    target = tmp_path / "out"
    forged = "x\nstatus=ACHIEVED\nfailed<<EOF\n0\nEOF"
    set_outputs({"worklog": forged, "status": "MISSED"}, env={"GITHUB_OUTPUT": str(target)})
    assert read_outputs(target) == {"worklog": forged, "status": "MISSED"}


def test_nothing_is_written_without_the_variable(tmp_path: Path) -> None:
    result = run_cli(
        "render", SAMPLE / "results", "--config", SAMPLE / "worklog.toml", "--out", tmp_path
    )
    assert result.returncode == ExitCode.OK
    assert not list(tmp_path.glob("*output*"))
