"""`reportgen init` writes a starter config that `render` accepts unchanged."""

from __future__ import annotations

import tomllib
from pathlib import Path

from reportgen.config import load_config
from reportgen.ingest import read_reports
from reportgen.starter import starter_config

from .test_exit_codes import SAMPLE, run_cli


def test_one_category_per_input_file(tmp_path: Path) -> None:
    run = read_reports([str(SAMPLE / "results")])
    text = starter_config(run)
    categories = tomllib.loads(text)["categories"]
    assert [c["name"] for c in categories] == [Path(i.path).stem for i in run.inputs]
    config_path = tmp_path / "worklog.toml"
    config_path.write_text(text, encoding="utf-8")
    load_config(config_path)


def test_top_suites_of_a_single_file_become_categories(tmp_path: Path) -> None:
    report = tmp_path / "r.xml"
    report.write_text(
        '<testsuites><testsuite name="api [v1]"><testcase name="a"/></testsuite>'
        '<testsuite name="db"><testcase name="b"/></testsuite></testsuites>',
        encoding="utf-8",
    )
    text = starter_config(read_reports([str(report)]))
    categories = tomllib.loads(text)["categories"]
    assert [(c["name"], c["match"]) for c in categories] == [
        ("api [v1]", [{"suite": "api [[]v1]*"}]),
        ("db", [{"suite": "db*"}]),
    ]


def test_init_then_render_unchanged(tmp_path: Path) -> None:
    config = tmp_path / "worklog.toml"
    made = run_cli("init", SAMPLE / "results", "--output", config)
    assert made.returncode == 0, made.stderr
    again = run_cli("init", SAMPLE / "results", "--output", config)
    assert again.returncode == 2 and "--force" in again.stderr
    rendered = run_cli(
        "render",
        SAMPLE / "results",
        "--config",
        config,
        "--out",
        tmp_path / "out",
        "--no-step-summary",
    )
    assert rendered.returncode == 0, rendered.stderr
    text = Path(rendered.stdout.splitlines()[0]).read_text(encoding="utf-8")
    assert "| **01-api_connectivity** | 11 | 11 | 0 |" in text
    assert "Unmatched" not in text
