"""The CI outputs through the installed command: --ctrf, --annotations, merge --junit."""

from __future__ import annotations

import json
from pathlib import Path

from reportgen.exitcodes import ExitCode

from .test_exit_codes import ROOT, SAMPLE, render_sample, run_cli

GRADLE = ROOT / "samples" / "java-gradle" / "results"


def test_summary_writes_ctrf_and_annotations_beside_its_summary(tmp_path: Path) -> None:
    ctrf, quality = tmp_path / "ctrf.json", tmp_path / "cq.json"
    result = run_cli(
        "summary",
        SAMPLE / "results",
        "--ctrf",
        ctrf,
        "--annotations",
        "github",
        "--annotations",
        f"gitlab={quality}",
        "--repo-root",
        ROOT,
    )
    assert result.returncode == ExitCode.OK, result.stderr
    assert f"wrote {ctrf}" in result.stdout and f"wrote {quality}" in result.stdout
    assert not any(line.startswith("::") for line in result.stdout.splitlines())  # stderr only
    summary = json.loads(ctrf.read_text(encoding="utf-8"))["results"]["summary"]
    assert (summary["tests"], summary["failed"], summary["skipped"]) == (39, 13, 3)
    errors = [line for line in result.stderr.splitlines() if line.startswith("::error ")]
    issues = json.loads(quality.read_text(encoding="utf-8"))
    assert len(errors) == 10 and len(issues) == 11  # GitHub's cap; GitLab gets every one
    assert "::notice title=reportgen annotations::1 of 11" in result.stderr


def test_render_lists_the_worklog_first_then_the_ctrf_and_quality_files(tmp_path: Path) -> None:
    ctrf, quality = tmp_path / "ctrf.json", tmp_path / "cq.json"
    result = render_sample(tmp_path / "out", "--ctrf", ctrf, "--annotations", f"gitlab={quality}")
    assert result.returncode == ExitCode.OK, result.stderr
    lines = result.stdout.splitlines()
    assert Path(lines[0]).parent == tmp_path / "out" and lines[0].endswith(".md")
    assert str(ctrf) in lines and str(quality) in lines
    environment = json.loads(ctrf.read_text(encoding="utf-8"))["results"]["environment"]
    assert environment["reportName"]


def test_bad_annotation_target_is_a_usage_error_before_anything_is_read(tmp_path: Path) -> None:
    result = run_cli("summary", tmp_path / "missing.xml", "--annotations", "jenkins")
    assert result.returncode == ExitCode.USAGE
    assert "'jenkins' is not a target" in result.stderr


def test_merged_shards_as_junit_read_back_to_the_merged_counts(tmp_path: Path) -> None:
    shards = []
    for index, source in enumerate([SAMPLE / "results", GRADLE]):
        shard = tmp_path / f"shard-{index}.json"
        assert run_cli("summary", source, "--json", shard).returncode == ExitCode.OK
        shards.append(shard)
    merged_json, merged_xml = tmp_path / "all.json", tmp_path / "all.xml"
    result = run_cli("merge", *shards, "--json", merged_json, "--junit", merged_xml)
    assert result.returncode == ExitCode.OK, result.stderr
    assert result.stdout.splitlines() == [str(merged_json), str(merged_xml)]
    back = tmp_path / "back.json"
    read = run_cli("summary", merged_xml, "--json", back)
    assert read.returncode == ExitCode.OK, read.stderr
    assert read.stdout.startswith("80 tests, 57 passed, 18 failed, 0 errors, 4 skipped, 1 flaky")
    expected = json.loads(merged_json.read_text(encoding="utf-8"))["counts"]
    assert json.loads(back.read_text(encoding="utf-8"))["counts"] == expected


def test_merge_needs_an_output(tmp_path: Path) -> None:
    shard = tmp_path / "shard.json"
    assert run_cli("summary", GRADLE, "--json", shard).returncode == ExitCode.OK
    result = run_cli("merge", shard)
    assert result.returncode == ExitCode.USAGE
    assert "--json" in result.stderr and "--junit" in result.stderr
