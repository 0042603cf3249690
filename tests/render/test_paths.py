"""Documents show input paths relative: to the working directory, or the inputs' common root."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from reportgen import pipeline
from reportgen.config import load_config
from reportgen.render import render_markdown, render_pr
from reportgen.render.paths import shown_paths

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "samples" / "outage"


def test_under_the_working_directory_relative_to_it() -> None:
    assert shown_paths(["/repo/results/a.xml", "/repo/b.xml"], cwd="/repo") == {
        "/repo/results/a.xml": "results/a.xml",
        "/repo/b.xml": "b.xml",
    }


def test_outside_it_relative_to_the_inputs_common_root() -> None:
    paths = ["/ci/out/unit/a.xml", "/ci/out/it/b.xml", "/repo/c.xml"]
    assert shown_paths(paths, cwd="/repo") == {
        "/ci/out/unit/a.xml": "unit/a.xml",
        "/ci/out/it/b.xml": "it/b.xml",
        "/repo/c.xml": "c.xml",
    }
    # one file outside: its name
    assert shown_paths(["/ci/out/a.xml"], cwd="/repo") == {"/ci/out/a.xml": "a.xml"}


def test_paths_sharing_nothing_but_the_root_stay_whole() -> None:
    assert shown_paths(["/a/x.xml", "/b/y.xml"], cwd="/repo") == {}


def test_relative_paths_and_standard_input_stay_as_given() -> None:
    assert shown_paths(["results/a.xml", "-", ""], cwd="/repo") == {}


@pytest.mark.parametrize("outside", [False, True], ids=["under the cwd", "outside it"])
def test_a_worklog_of_absolute_inputs_shows_no_absolute_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, outside: bool
) -> None:
    copy = tmp_path / "checkout" / "results"
    shutil.copytree(SAMPLE / "results", copy)
    cwd = tmp_path / "elsewhere" if outside else tmp_path / "checkout"
    cwd.mkdir(exist_ok=True)
    monkeypatch.chdir(cwd)
    config = load_config(SAMPLE / "worklog.toml")
    run = pipeline.read_run([str(copy)], config, [str(SAMPLE / "timings.json")])
    assert all(Path(i.path).is_absolute() for i in run.inputs)  # ingest keeps real paths
    report = pipeline.build_report(run, config, now=datetime(2026, 1, 1, tzinfo=UTC))
    worklog = render_markdown(report)
    assert str(tmp_path) not in worklog
    assert str(tmp_path) not in render_pr(report, limit=65_535)
    shown = "unit-pytest.xml" if outside else "results/unit-pytest.xml"
    assert f"**Inputs:** `{shown}`" in worklog  # the execution log
    assert f"(report `{shown}" in worklog  # an occurrence
    # the report itself (JSON, archive) keeps the real paths
    assert str(copy) in report.groups[0].files[0]
