"""`reportgen init` writes a starter config that `render` accepts unchanged."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

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


_PROJECT = {
    "tests/__init__.py": "",
    "tests/unit/__init__.py": "",
    "tests/unit/test_cart.py": (
        "import pytest\n\n"
        "class TestCart:\n"
        "    def test_add(self): pass\n"
        "    def test_total(self): assert 1 + 1 == 3\n\n"
        "    class TestNested:\n"
        "        def test_deep(self): pass\n\n"
        "def test_module_level(): pass\n\n"
        "@pytest.mark.skip(reason='later')\n"
        "def test_skipped(): pass\n"
    ),
    "tests/integration/__init__.py": "",
    "tests/integration/test_db.py": "def test_query(): pass\n\ndef test_write(): pass\n",
    "tests/integration/api/__init__.py": "",
    "tests/integration/api/test_http.py": "def test_get(): pass\n",
    "tests/test_smoke.py": "def test_starts(): pass\n",
}


def _pytest_report(project: Path, *options: str) -> Path:
    """Runs real pytest on a small tree: tests/unit, tests/integration (with a subpackage)
    and a module directly in tests/."""
    for name, text in _PROJECT.items():
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        (project / name).write_text(text, encoding="utf-8")
    report = project / "junit.xml"
    ran = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "--junitxml",
            report,
            *options,
        ],
        cwd=project,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"},
        timeout=120,
        check=False,
    )
    assert ran.returncode == 1, ran.stdout + ran.stderr  # test_total fails
    return report


@pytest.mark.parametrize(
    ("family", "rules"),
    [
        (
            "xunit2",  # pytest's default: no file attribute, classnames like tests.unit.test_x
            [
                [{"classname": "tests.integration.*"}],
                [{"classname": "tests.unit.*"}],
                [{"classname": "tests.*"}],
            ],
        ),
        (
            "xunit1",  # a file attribute on every case
            [
                [{"file": "tests/integration/*"}],
                [{"file": "tests/unit/*"}],
                [{"file": "tests/*"}],
            ],
        ),
    ],
)
def test_pytest_categories_come_from_the_test_tree(
    tmp_path: Path, family: str, rules: list[list[dict[str, str]]]
) -> None:
    project = tmp_path / "project"
    report = _pytest_report(project, "-o", f"junit_family={family}")
    made = run_cli("init", "junit.xml", cwd=project)
    assert made.returncode == 0, made.stderr
    text = (project / "worklog.toml").read_text(encoding="utf-8")
    categories = tomllib.loads(text)["categories"]
    assert [(c["name"], c["match"]) for c in categories] == list(
        zip(["Integration", "Unit", "Tests"], rules, strict=True)  # in the report's order
    )
    worklog, stderr = _render(report, project / "worklog.toml", tmp_path / "out", tmp_path)
    # every test has its layer; the module directly in tests/ is the last row
    assert _rows(worklog) == {"Integration": 3, "Unit": 4, "Tests": 1}
    assert "Unmatched" not in worklog and "matched no" not in stderr


def _junit(path: Path, cases: list[tuple[str, str | None]]) -> Path:
    """A report of passing cases, (classname, file) each."""
    body = "".join(
        f'<testcase classname="{c}" name="t{n}"' + (f' file="{f}"' if f else "") + "/>"
        for n, (c, f) in enumerate(cases)
    )
    path.write_text(f'<testsuite name="s">{body}</testsuite>', encoding="utf-8")
    return path


def test_absolute_file_paths_give_rules_that_hold_on_another_machine(tmp_path: Path) -> None:
    report = _junit(
        tmp_path / "r.xml",
        [
            ("a", "/home/ci/work/repo/tests/unit/test_a.py"),
            ("b", "/home/ci/work/repo/tests/api/test_b.py"),
        ],
    )
    categories = tomllib.loads(starter_config(read_reports([str(report)])))["categories"]
    assert [(c["name"], c["match"]) for c in categories] == [
        ("Unit", [{"file": "*/tests/unit/*"}]),
        ("Api", [{"file": "*/tests/api/*"}]),
    ]


def test_files_as_written_and_classnames_share_a_layer(tmp_path: Path) -> None:
    report = _junit(
        tmp_path / "r.xml",
        [
            ("a", "tests/unit/test_a.py"),
            ("c", "./tests/api/test_c.py"),
            ("tests.api.test_d.TestD", None),
        ],
    )
    categories = tomllib.loads(starter_config(read_reports([str(report)])))["categories"]
    assert [(c["name"], c["match"]) for c in categories] == [
        ("Unit", [{"file": "tests/unit/*"}]),
        ("Api", [{"file": "./tests/api/*"}, {"classname": "tests.api.*"}]),
    ]


def test_names_of_layers_read_as_words(tmp_path: Path) -> None:
    report = _junit(
        tmp_path / "r.xml",
        [
            ("tests.e2e.test_a.TestA", None),
            ("tests.api_v2.test_b", None),
            ("tests.UI.test_c", None),
        ],
    )
    categories = tomllib.loads(starter_config(read_reports([str(report)])))["categories"]
    assert [c["name"] for c in categories] == ["E2E", "Api V2", "UI"]


def test_a_tree_with_one_layer_or_tests_it_cannot_place_keeps_the_report_rows(
    tmp_path: Path,
) -> None:
    one_layer = _junit(tmp_path / "one.xml", [("tests.unit.test_a", None)] * 2)
    unplaced = _junit(
        tmp_path / "unplaced.xml", [("tests.unit.test_a", None), ("Button renders", None)]
    )
    for report in (one_layer, unplaced):
        categories = tomllib.loads(starter_config(read_reports([str(report)])))["categories"]
        assert [c["match"] for c in categories] == [[{"input": report.name}]]


def test_report_files_that_split_the_run_finer_than_the_tree_keep_their_rows(
    tmp_path: Path,
) -> None:
    # one report per module of a single layer (the bundled e2e sample is laid out so)
    reports = [
        _junit(tmp_path / f"{n}.xml", [(f"tests.{layer}.test_{n}.T", None)])
        for n, layer in enumerate(["e2e", "e2e", "e2e", "unit"])
    ]
    categories = tomllib.loads(starter_config(read_reports([str(r) for r in reports])))[
        "categories"
    ]
    assert [c["name"] for c in categories] == ["0", "1", "2", "3"]
