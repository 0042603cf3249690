"""`pytest --worklog`: off unless asked, what it writes, and pytest's exit status kept."""

from __future__ import annotations

import json
from importlib.metadata import entry_points
from pathlib import Path

import pytest

from ._support import (
    needs_plugin,
    run_pytest,
    summary_path,
    worklogs,
    write_project,
)

pytestmark = needs_plugin

TESTS = """
def test_passes():
    assert 1 + 1 == 2


def test_fails():
    assert 2 + 2 == 5
"""
GREEN = "def test_passes():\n    assert True\n"
# Which of reportgen's modules the run imported, read when pytest is done with everything.
PROBE = """
import json
import sys


def pytest_unconfigure(config):
    loaded = sorted(name for name in sys.modules if name.split(".")[0] == "reportgen")
    with open("loaded.json", "w") as out:
        json.dump(loaded, out)
"""
STAGES = ("ingest", "analyze", "render", "deliver", "archive", "pipeline")


def _project(tmp_path: Path, tests: str = TESTS, **files: str) -> Path:
    return write_project(tmp_path, {"test_sample.py": tests, "conftest.py": PROBE, **files})


def _loaded(project: Path) -> list[str]:
    names: list[str] = json.loads((project / "loaded.json").read_text(encoding="utf-8"))
    return names


def test_installing_reportgen_registers_the_plugin(tmp_path: Path) -> None:
    found = {e.name: e.value for e in entry_points(group="pytest11")}
    assert found.get("reportgen") == "reportgen.pytest_plugin"
    shown = run_pytest(_project(tmp_path), "--help")
    assert shown.returncode == 0, shown.stderr
    assert "--worklog=[DIR]" in shown.stdout
    assert "--worklog-profile={worklog,pr}" in shown.stdout


def test_off_unless_asked(tmp_path: Path) -> None:
    project = _project(tmp_path)
    result = run_pytest(project)
    assert result.returncode == 1, result.stdout
    assert "reportgen:" not in result.stdout and "reportgen worklog" not in result.stdout
    assert sorted(p.name for p in project.iterdir()) == [
        "conftest.py",
        "loaded.json",
        "pytest.ini",
        "test_sample.py",
    ]
    # the entry point loads the plugin module; nothing of the stages behind it
    assert _loaded(project) == ["reportgen", "reportgen.pytest_plugin"]


def test_the_import_probe_sees_the_stages_when_asked(tmp_path: Path) -> None:
    project = _project(tmp_path)
    run_pytest(project, "--worklog=out")
    packages = {".".join(name.split(".")[:2]) for name in _loaded(project)}
    assert {f"reportgen.{stage}" for stage in STAGES} <= packages


def test_worklog_dir_gets_the_worklog_and_the_report(tmp_path: Path) -> None:
    project = _project(tmp_path)
    result = run_pytest(project, "--worklog=out")
    assert result.returncode == 1  # pytest's: a test failed
    (worklog,) = worklogs(project / "out")
    assert summary_path(result.stdout) == Path("out") / worklog.name
    assert (project / "out" / "junit.xml").is_file()  # kept: the worklog names it
    text = worklog.read_text(encoding="utf-8")
    assert "2 tests: 1 passed, 1 failed" in text
    assert "`out/junit.xml`" in text


def test_default_dir_is_worklogs(tmp_path: Path) -> None:
    project = _project(tmp_path)
    result = run_pytest(project, "test_sample.py", "--worklog")
    assert len(worklogs(project / "worklogs")) == 1, result.stdout


@pytest.mark.parametrize("value", ["test_sample.py", "test_sample.py::test_passes", "."])
def test_a_test_path_taken_as_the_directory_is_refused(tmp_path: Path, value: str) -> None:
    project = _project(tmp_path)
    result = run_pytest(project, "--worklog", value)
    assert result.returncode == pytest.ExitCode.USAGE_ERROR
    assert "write --worklog=DIR" in result.stderr
    assert list(project.rglob("*.md")) == [] and list(project.rglob("*.xml")) == []


def test_the_users_junitxml_is_read_and_nothing_else_kept(tmp_path: Path) -> None:
    project = _project(tmp_path)
    result = run_pytest(project, "--junitxml=reports/mine.xml", "--worklog=out")
    (worklog,) = worklogs(project / "out")
    assert sorted(p.name for p in (project / "out").iterdir()) == [worklog.name]
    assert "`reports/mine.xml`" in worklog.read_text(encoding="utf-8")
    assert "generated xml file" in result.stdout


def test_exit_status_stays_pytests(tmp_path: Path) -> None:
    # every criterion missed, a timing file that is not there: the run itself passed
    config = '[[criteria]]\nname = "All"\nscope = "overall"\ntarget = ">101%"\nnear_margin = 0\n'
    project = _project(tmp_path, GREEN, **{"worklog.toml": config})
    result = run_pytest(project, "--worklog=out")
    assert result.returncode == 0, result.stdout
    assert "MISSED" in worklogs(project / "out")[0].read_text(encoding="utf-8"), result.stdout
    missing = run_pytest(project, "--worklog=late", "--worklog-timings", "nowhere.json")
    assert missing.returncode == 0
    assert "reportgen: no worklog written: " in missing.stdout
    assert "nowhere.json" in missing.stdout
    assert worklogs(project / "late") == []


def test_the_rootdirs_worklog_toml_is_the_default_config(tmp_path: Path) -> None:
    config = '[worklog]\ntitle = "Nightly Checks"\n'
    project = _project(tmp_path, **{"worklog.toml": config, "other.toml": ""})
    run_pytest(project, "--worklog=a")
    run_pytest(project, "--worklog=b", "--worklog-config", "other.toml")
    assert worklogs(project / "a")[0].name.startswith("nightly-checks-")
    assert worklogs(project / "b")[0].name.startswith("test-run-worklog-")


def test_a_config_that_cannot_be_used_stops_pytest_before_the_run(tmp_path: Path) -> None:
    project = _project(tmp_path, **{"bad.toml": "[worklog]\ntitel = 1\n"})
    result = run_pytest(project, "--worklog", "--worklog-config=bad.toml")
    assert result.returncode == pytest.ExitCode.USAGE_ERROR
    assert "--worklog-config: " in result.stderr and "titel" in result.stderr
    assert "test_sample.py" not in result.stdout  # no test ran
    absent = run_pytest(project, "--worklog", "--worklog-config=nowhere.toml")
    assert absent.returncode == pytest.ExitCode.USAGE_ERROR
    assert "nowhere.toml" in absent.stderr


def test_baseline_auto_needs_an_archive(tmp_path: Path) -> None:
    project = _project(tmp_path)
    result = run_pytest(project, "--worklog", "--worklog-baseline=auto")
    assert result.returncode == pytest.ExitCode.USAGE_ERROR
    assert "--worklog-baseline auto needs --worklog-archive DIR" in result.stderr


def test_an_interrupted_run_writes_no_worklog(tmp_path: Path) -> None:
    stop = 'import pytest\n\n\ndef test_stop():\n    pytest.exit("stopped by hand")\n'
    project = _project(tmp_path, **{"test_zstop.py": stop})
    result = run_pytest(project, "--worklog=out")
    assert result.returncode == pytest.ExitCode.INTERRUPTED
    assert "no worklog written: the run was interrupted" in result.stdout
    assert worklogs(project / "out") == []


def test_collection_errors_are_in_the_worklog(tmp_path: Path) -> None:
    project = _project(tmp_path, **{"test_broken.py": "import no_such_module_here\n"})
    result = run_pytest(project, "--worklog=out")
    assert result.returncode == pytest.ExitCode.INTERRUPTED  # pytest stops on them itself
    text = worklogs(project / "out")[0].read_text(encoding="utf-8")
    assert "no_such_module_here" in text
    assert "1 error" in text


def test_profile_pr_writes_the_pr_summary(tmp_path: Path) -> None:
    project = _project(tmp_path)
    result = run_pytest(project, "--worklog=out", "--worklog-profile=pr")
    (written,) = worklogs(project / "out")
    assert written.name.startswith("test-run-worklog-pr-")
    assert summary_path(result.stdout) == Path("out") / written.name
    assert "test_fails" in written.read_text(encoding="utf-8")


def test_the_archive_keeps_the_worklog(tmp_path: Path) -> None:
    project = _project(tmp_path)
    first = run_pytest(project, "--worklog=out", "--worklog-archive=archive")
    second = run_pytest(
        project, "--worklog=out", "--worklog-archive=archive", "--worklog-baseline=auto"
    )
    archived = sorted((project / "archive").rglob("*.md"))
    assert [p.name for p in archived if p.name != "INDEX.md"] == [
        summary_path(first.stdout).name,
        summary_path(second.stdout).name,
    ]
    assert summary_path(second.stdout).name.endswith("-02.md")


def test_ascii_and_html_pass_through(tmp_path: Path) -> None:
    project = _project(tmp_path)
    result = run_pytest(project, "--worklog=out", "--worklog-ascii", "--worklog-html")
    (worklog,) = worklogs(project / "out")
    assert "[FAIL]" in worklog.read_text(encoding="utf-8")
    assert worklogs(project / "out", "*.html") == [worklog.with_suffix(".html")]
    assert f"reportgen: also wrote out/{worklog.stem}.html" in result.stdout


def test_printed_paths_carry_no_control_codes(tmp_path: Path) -> None:
    project = _project(tmp_path)
    result = run_pytest(project, "--worklog=out\x1b[2J")
    ours = [line for line in result.stdout.splitlines() if "reportgen" in line]
    assert ours and all("\x1b" not in line for line in ours)  # pytest's own lines are its own
    assert "reportgen worklog: out\ufffd[2J/" in result.stdout


@pytest.mark.skipif(
    not __import__("importlib").util.find_spec("xdist"), reason="pytest-xdist is not installed"
)
def test_xdist_workers_leave_the_worklog_to_the_controller(tmp_path: Path) -> None:
    project = _project(tmp_path)
    serial = run_pytest(project, "--worklog=serial")
    parallel = run_pytest(project, "-n", "2", "--worklog=parallel")
    assert parallel.returncode == serial.returncode == 1
    (one,) = worklogs(project / "parallel")
    assert "2 tests: 1 passed, 1 failed" in one.read_text(encoding="utf-8")
    xml = (project / "parallel" / "junit.xml").read_text(encoding="utf-8")
    assert xml.count("<testcase ") == 2


def test_a_run_without_tests_writes_nothing_unless_allowed(tmp_path: Path) -> None:
    project = write_project(tmp_path, {"test_none.py": "", "conftest.py": PROBE})
    result = run_pytest(project, "--worklog=out")
    assert result.returncode == pytest.ExitCode.NO_TESTS_COLLECTED
    assert worklogs(project / "out") == []
    assert "pass --worklog-allow-empty to write" in result.stdout
    allowed = run_pytest(project, "--worklog=out", "--worklog-allow-empty")
    assert allowed.returncode == pytest.ExitCode.NO_TESTS_COLLECTED
    assert len(worklogs(project / "out")) == 1, allowed.stdout


def test_without_pytests_junitxml_plugin_it_says_so(tmp_path: Path) -> None:
    result = run_pytest(_project(tmp_path), "-p", "no:junitxml", "--worklog=out")
    assert result.returncode == pytest.ExitCode.USAGE_ERROR
    assert "drop -p no:junitxml" in result.stderr


def test_collect_only_writes_no_worklog(tmp_path: Path) -> None:
    project = _project(tmp_path)
    result = run_pytest(project, "--collect-only", "--worklog=out")
    assert result.returncode == pytest.ExitCode.OK
    assert "no worklog written: --collect-only runs no tests" in result.stdout
    assert worklogs(project / "out") == []


def test_reruns_the_report_lost_are_named(tmp_path: Path) -> None:
    from reportgen.pytest_plugin import lost_reruns_warning, reruns_missing

    xml = tmp_path / "junit.xml"
    xml.write_text(
        '<testsuites name="pytest tests"><testsuite name="pytest">'
        '<testcase classname="test_a" name="test_kept"/><testcase classname="test_a" '
        'name="test_kept"/><testcase classname="test_a" name="test_lost"/>'
        '<testcase classname="test_a" name="test_other"/></testsuite></testsuites>',
        encoding="utf-8",
    )
    rerun = {"test_a.py::test_kept", "test_a.py::test_lost"}
    assert reruns_missing(xml, rerun) == ["test_a.py::test_lost"]
    assert reruns_missing(xml, set()) == []
    assert reruns_missing(tmp_path / "absent.xml", rerun) == []
    many = lost_reruns_warning([f"t.py::test_{n}" for n in range(7)])
    assert many.startswith("warning: pytest's report has no record of the failed attempts of ")
    assert "t.py::test_4 and 2 more: the worklog counts them as passed, not flaky" in many
