"""What `render` writes, and what it does when it cannot, through the installed command."""

from __future__ import annotations

import json
from pathlib import Path

from reportgen.exitcodes import ExitCode

from .test_exit_codes import render_sample, run_cli

REPORT = (
    '<testsuite name="s"><testcase classname="c" name="a"/>'
    '<testcase classname="c" name="b"><failure message="x"/></testcase></testsuite>'
)


def _report(tmp_path: Path) -> Path:
    path = tmp_path / "r.xml"
    path.write_text(REPORT, encoding="utf-8")
    return path


def test_output_that_cannot_be_written_is_a_usage_error(tmp_path: Path) -> None:
    report = _report(tmp_path)
    for option in ("--out", "--archive"):
        result = run_cli("render", report, option, report, "--no-step-summary")
        assert result.returncode == ExitCode.USAGE, option
        assert result.stderr.startswith("reportgen: ") and "Traceback" not in result.stderr


def test_unwritable_job_summary_warns_and_keeps_the_worklog(tmp_path: Path) -> None:
    result = run_cli(
        "render",
        _report(tmp_path),
        "--out",
        tmp_path / "out",
        GITHUB_STEP_SUMMARY=str(tmp_path / "missing" / "summary.md"),
    )
    assert result.returncode == ExitCode.OK
    assert "warning: could not append the job summary" in result.stderr
    assert Path(result.stdout.splitlines()[0]).is_file()


def test_job_summary_fits_what_is_left_and_stays_balanced(tmp_path: Path) -> None:
    summary = tmp_path / "summary.md"
    summary.write_text("x" * (1_048_576 - 6_000), encoding="utf-8")
    result = render_sample(tmp_path / "out", GITHUB_STEP_SUMMARY=str(summary))
    assert result.returncode == ExitCode.OK, result.stderr
    data = summary.read_bytes()
    assert len(data) <= 1_048_576
    added = data[1_048_576 - 6_000 :].decode("utf-8")
    assert added.startswith("<!-- reportgen:pr-summary -->")
    assert added.count("<details>") == added.count("</details>")
    assert sum(1 for line in added.splitlines() if line.startswith("```")) % 2 == 0


def test_json_report_carries_the_worklogs_number(tmp_path: Path) -> None:
    report, out = _report(tmp_path), tmp_path / "out"
    run_cli("render", report, "--out", out, "--no-step-summary")
    result = run_cli(
        "render", report, "--out", out, "--json", tmp_path / "r.json", "--no-step-summary"
    )
    assert result.stdout.splitlines()[0].endswith("-02.md")
    assert json.loads((tmp_path / "r.json").read_text())["meta"]["sequence"] == 2


def test_unreadable_saved_run_is_rejected_and_the_rest_rendered(tmp_path: Path) -> None:
    junk = tmp_path / "junk.json"
    junk.write_text("{}", encoding="utf-8")
    result = run_cli(
        "render", _report(tmp_path), junk, "--out", tmp_path / "out", "--no-step-summary"
    )
    assert result.returncode == ExitCode.INPUTS_REJECTED
    assert f"rejected: {junk}: not a reportgen run" in result.stderr
    assert "| 2 | 1 | 1 |" in Path(result.stdout.splitlines()[0]).read_text(encoding="utf-8")


def test_bad_timings_stop_before_anything_is_written(tmp_path: Path) -> None:
    timings = tmp_path / "t.csv"
    timings.write_text("name,value\nlatency,abc\n", encoding="utf-8")
    result = run_cli("render", _report(tmp_path), "-t", timings, "--out", tmp_path / "out")
    assert result.returncode == ExitCode.USAGE
    assert f"{timings}:2: " in result.stderr
    assert not (tmp_path / "out").exists()


def test_pr_profile_with_an_archive_archives_one_run(tmp_path: Path) -> None:
    report, archive = _report(tmp_path), tmp_path / "archive"
    result = run_cli(
        "render",
        report,
        "--archive",
        archive,
        "--profile",
        "pr",
        "--out",
        tmp_path / "pr",
        "--no-step-summary",
    )
    assert result.returncode == ExitCode.OK, result.stderr
    written = [Path(line) for line in result.stdout.splitlines()]
    assert written[0].parent == tmp_path / "pr" and "-pr-" in written[0].name
    assert written[0].read_text(encoding="utf-8").startswith("<!-- reportgen:pr-summary -->")
    archived = sorted(archive.rglob("*.md"))
    assert [p.name for p in archived if p.name != "INDEX.md"] == [
        written[1].name
    ] and "-pr-" not in written[1].name


def test_pr_summary_carries_the_archived_runs_number(tmp_path: Path) -> None:
    report, archive, out = _report(tmp_path), tmp_path / "archive", tmp_path / "pr"
    common = ("--archive", archive, "--no-step-summary")
    for _ in range(2):
        assert run_cli("render", report, *common).returncode == ExitCode.OK
    result = run_cli("render", report, *common, "--out", out, "--profile", "pr")
    assert result.returncode == ExitCode.OK, result.stderr
    summary, archived = (Path(line) for line in result.stdout.splitlines()[:2])
    assert archived.name.endswith("-03.md") and summary.name.endswith("-01.md")
    heading = summary.read_text(encoding="utf-8").splitlines()[1]
    assert heading.endswith(archived.stem[-len("YYYY-MM-DD-NN") :]), heading


def test_pr_profile_html_and_archive_together(tmp_path: Path) -> None:
    report, archive, out = _report(tmp_path), tmp_path / "archive", tmp_path / "pr"
    result = run_cli(
        "render",
        report,
        "--archive",
        archive,
        "--out",
        out,
        "--profile",
        "pr",
        "--html",
        "--no-step-summary",
    )
    assert result.returncode == ExitCode.OK, result.stderr
    written = [Path(line) for line in result.stdout.splitlines()]
    assert [p.suffix for p in written] == [".md", ".md", ".json", ".md", ".html"]
    assert written[0].parent == out and written[-1].parent.parent.parent == archive
    assert sorted(p.name for p in out.iterdir()) == [written[0].name]  # the HTML is archived
    assert "<table>" in written[-1].read_text(encoding="utf-8")


def test_new_failures_gate_passes_on_the_first_archived_run(tmp_path: Path) -> None:
    result = run_cli(
        "render",
        _report(tmp_path),
        "--archive",
        tmp_path / "a",
        "--baseline",
        "auto",
        "--fail-on",
        "new-failures",
        "--no-step-summary",
    )
    assert result.returncode == ExitCode.OK
    assert "no earlier run in the archive yet" in result.stderr


def test_out_with_an_archived_worklog_is_refused_not_ignored(tmp_path: Path) -> None:
    report, archive, out = _report(tmp_path), tmp_path / "archive", tmp_path / "out"
    result = run_cli("render", report, "--archive", archive, "--out", out, "--no-step-summary")
    assert result.returncode == ExitCode.USAGE
    assert "--out" in result.stderr and "--profile pr" in result.stderr
    assert not archive.exists() and not out.exists()
