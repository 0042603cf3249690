"""`reportgen init` writes a starter config that `render` accepts unchanged."""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

from reportgen.config import load_config
from reportgen.ingest import read_reports
from reportgen.starter import starter_config

from .test_exit_codes import SAMPLE, render_sample, run_cli


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
        ("api [v1]", [{"suite": "api [[]v1]"}, {"suite": "api [[]v1]/*"}]),
        ("db", [{"suite": "db"}, {"suite": "db/*"}]),
    ]


def test_init_then_render_unchanged(tmp_path: Path) -> None:
    config = tmp_path / "worklog.toml"
    made = run_cli("init", SAMPLE / "results", "--output", config)
    assert made.returncode == 0, made.stderr
    again = run_cli("init", SAMPLE / "results", "--output", config)
    assert again.returncode == 2 and "--force" in again.stderr
    rendered = render_sample(tmp_path / "out", config=config)
    assert rendered.returncode == 0, rendered.stderr
    text = Path(rendered.stdout.splitlines()[0]).read_text(encoding="utf-8")
    assert "| **01-api_connectivity** | 11 | 11 | 0 |" in text
    assert "Unmatched" not in text


def _render(results: Path, config: Path, out: Path, cwd: Path, *extra: str) -> tuple[str, str]:
    """Renders through the installed command; (worklog text, stderr)."""
    rendered = run_cli(
        "render", results, "--config", config, "--out", out, "--no-step-summary", *extra, cwd=cwd
    )
    assert rendered.returncode == 0, rendered.stderr
    written = cwd / rendered.stdout.splitlines()[0]  # relative to cwd unless --out is absolute
    return written.read_text(encoding="utf-8"), rendered.stderr


def _rows(worklog: str) -> dict[str, int]:
    """Tests Run per row of the results matrix."""
    matrix = worklog.split("### 📊 Test Results Matrix", 1)[1].split("\n\n", 2)[1]
    cells = [line.split("|") for line in matrix.splitlines()[2:]]
    return {c[1].strip().strip("*"): int(c[2]) for c in cells if c[1].strip() != "**Total**"}


def test_init_in_one_directory_render_from_another(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(SAMPLE / "results", project / "results")
    made = run_cli("init", "results", cwd=project)  # paths as init sees them: results/NN-x.xml
    assert made.returncode == 0, made.stderr
    elsewhere = tmp_path / "ci" / "job"
    elsewhere.mkdir(parents=True)
    worklog, stderr = _render(
        Path("../../project/results"), project / "worklog.toml", Path("out"), elsewhere
    )
    rows = _rows(worklog)
    assert rows == {
        "01-api_connectivity": 11,
        "02-unified_test_runner": 3,
        "03-test_1_websocket_events_staging": 5,
        "04-test_3_agent_pipeline_staging": 6,
        "05-test_2_message_flow_staging": 5,
        "06-test_10_critical_path_staging": 6,
    }
    # 36 run + 3 skipped is the sample's total; nothing is left for an Unmatched row
    assert sum(rows.values()) == 36 and "Unmatched" not in worklog
    assert "matched no" not in stderr and "Notices" not in worklog


def test_same_file_name_in_two_directories_keeps_them_apart(tmp_path: Path) -> None:
    for folder, count in (("api", 1), ("web", 2)):
        (tmp_path / folder).mkdir()
        cases = "".join(f'<testcase classname="{folder}" name="t{n}"/>' for n in range(count))
        (tmp_path / folder / "junit.xml").write_text(
            f'<testsuite name="s">{cases}</testsuite>', encoding="utf-8"
        )
    made = run_cli("init", "api/junit.xml", "web/junit.xml", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    text = (tmp_path / "worklog.toml").read_text(encoding="utf-8")
    assert [c["match"] for c in tomllib.loads(text)["categories"]] == [
        [{"input": "api/junit.xml"}],
        [{"input": "web/junit.xml"}],
    ]
    worklog, _ = _render(tmp_path, tmp_path / "worklog.toml", tmp_path / "out", tmp_path.parent)
    assert _rows(worklog) == {"junit": 1, "junit (2)": 2}


def test_a_top_suite_does_not_take_the_tests_of_a_longer_named_one(tmp_path: Path) -> None:
    report = tmp_path / "r.xml"
    report.write_text(
        '<testsuites><testsuite name="api"><testcase name="a"/></testsuite>'
        '<testsuite name="api2"><testcase name="b"/><testcase name="c"/></testsuite>'
        '<testsuite name="db"><testsuite name="db/inner"><testcase name="d"/></testsuite>'
        "</testsuite></testsuites>",
        encoding="utf-8",
    )
    made = run_cli("init", report, "--output", tmp_path / "worklog.toml")
    assert made.returncode == 0, made.stderr
    worklog, _ = _render(report, tmp_path / "worklog.toml", tmp_path / "out", tmp_path)
    assert _rows(worklog) == {"api": 1, "api2": 2, "db": 1}
