"""`--path-prefix-strip` / `--path-prefix-add`: report paths written in another checkout
(a container's /app, a package inside a monorepo) annotate the file in this one."""

from __future__ import annotations

import json
from pathlib import Path

from cli.test_exit_codes import run_cli

from reportgen.deliver.annotations import locate, path_rewrite
from reportgen.exitcodes import ExitCode
from reportgen.model import CaseDetail, Counts, InputFile, Outcome, Problem, Run, TestCase


def _run(file: str | None, details: str | None = None) -> Run:
    problem = Problem(kind="failure", type="AssertionError", message="boom", details=details)
    case = TestCase(
        name="test_x", classname="pkg.mod", suite=("s",), outcome=Outcome.FAILED, duration=0.1,
        input=0, source_line=1, file=file, line=4, detail=CaseDetail(problem=problem),
    )  # fmt: skip
    return Run(inputs=[InputFile(path="r.xml")], cases=[case], counts=Counts(failed=1))


def test_rewrite_strips_whole_components_then_adds() -> None:
    rewrite = path_rewrite(["/app/", "C:\\build"], "services/api")
    assert rewrite("/app/tests/test_x.py") == "services/api/tests/test_x.py"
    assert rewrite("C:\\build\\tests\\a.py") == "services/api/tests/a.py"
    assert rewrite("/application/x.py") == "/application/x.py"  # not a component of /app
    assert path_rewrite(["/app"])("/app/tests/a.py") == "tests/a.py"
    assert path_rewrite()("tests/a.py") == "tests/a.py"


def test_a_container_path_lands_in_the_checkout(tmp_path: Path) -> None:
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_x.py").write_text("x\n")
    run = _run("/app/tests/test_x.py")
    assert locate(run, tmp_path) == ([], 1)  # outside the checkout: not placed
    (finding,), unplaced = locate(run, tmp_path, path_rewrite(["/app"]))
    assert (finding.path, finding.line, unplaced) == ("tests/test_x.py", 4, 0)


def test_traceback_frames_are_rewritten_too(tmp_path: Path) -> None:
    (tmp_path / "pkg" / "src").mkdir(parents=True)
    (tmp_path / "pkg" / "src" / "calc.js").write_text("x\n")
    details = "Error: boom\n    at add (/work/src/calc.js:12:5)"
    (finding,), _ = locate(_run(None, details), tmp_path, path_rewrite(["/work"], "pkg"))
    assert (finding.path, finding.line) == ("pkg/src/calc.js", 12)


def test_command_line_options(tmp_path: Path) -> None:
    report = tmp_path / "junit.xml"
    report.write_text(
        '<testsuite name="s" tests="1" failures="1">'
        '<testcase classname="t" name="test_a" file="/app/tests/test_a.py" line="2">'
        '<failure message="boom">boom</failure></testcase></testsuite>',
        encoding="utf-8",
    )
    quality = tmp_path / "quality.json"
    args = ["summary", report, "--annotations", f"gitlab={quality}", "--repo-root", tmp_path]
    assert run_cli(*args).returncode == ExitCode.OK
    assert json.loads(quality.read_text()) == []
    result = run_cli(*args, "--path-prefix-strip", "/app", "--path-prefix-add", "svc")
    assert result.returncode == ExitCode.OK, result.stderr
    (finding,) = json.loads(quality.read_text())
    assert finding["location"] == {"path": "svc/tests/test_a.py", "lines": {"begin": 2}}
