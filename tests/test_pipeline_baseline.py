"""`--baseline` takes any earlier run: a saved run, CTRF, JUnit file or directory, an archive."""

from __future__ import annotations

from pathlib import Path

import pytest

from reportgen import pipeline
from reportgen.config import load_config
from reportgen.errors import UsageError
from tests.cli.test_exit_codes import run_cli

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / "samples" / "triage" / "project" / "worklog.toml"
BASE, HEAD = ROOT / "samples" / "triage" / "base", ROOT / "samples" / "triage" / "head"
EXPECTED = (
    ["tests.unit.test_money::test_rounding_half_even"],
    ["tests.unit.test_money::test_format_negative_amount"],
)


def _diff(baseline: Path | str, archive: Path | None = None) -> tuple[list[str], list[str]]:
    config = load_config(CONFIG)
    run = pipeline.read_run([str(HEAD)], config)
    report = pipeline.build_report(run, config, baseline=str(baseline), archive=archive)
    assert report.diff is not None
    return report.diff.new_failures, report.diff.fixed


def test_a_junit_file_or_directory(tmp_path: Path) -> None:
    assert _diff(BASE) == EXPECTED
    assert _diff(BASE / "junit.xml") == EXPECTED


def test_a_saved_run_and_a_ctrf_report(tmp_path: Path) -> None:
    saved, ctrf = tmp_path / "base.json", tmp_path / "base-ctrf.json"
    done = run_cli("summary", BASE, "--json", saved, "--ctrf", ctrf)
    assert done.returncode == 0, done.stderr
    assert _diff(saved) == EXPECTED
    assert _diff(ctrf) == EXPECTED


def test_an_archive_directory_gives_its_latest_run(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    done = run_cli("render", BASE, "-c", CONFIG, "--archive", archive, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert _diff(archive) == EXPECTED
    with pytest.raises(UsageError, match="holds no run of 'other'"):
        pipeline.resolve_baseline(str(archive), None, "other", "2026-12-31")


def test_a_missing_or_empty_baseline_is_refused(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="no such file or directory"):
        _diff(tmp_path / "nothing")
    (tmp_path / "empty.xml").write_text("<testsuites/>")
    with pytest.raises(UsageError, match="cannot be compared with"):
        _diff(tmp_path / "empty.xml")
