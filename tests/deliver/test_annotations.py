"""Annotations: failures at their file and line, escaped as GitHub parses workflow commands,
capped as GitHub shows them, and the same findings as a GitLab Code Quality report."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from reportgen.deliver.annotations import (
    GITHUB_ERRORS_PER_STEP,
    Finding,
    Targets,
    escape_data,
    escape_property,
    github_commands,
    gitlab_report,
    locate,
    parse_targets,
)
from reportgen.errors import UsageError
from reportgen.ingest import read_reports
from reportgen.model import CaseDetail, Counts, InputFile, Outcome, Problem, Run, TestCase

ROOT = Path(__file__).resolve().parents[2]
_COMMAND = re.compile(r"^::(?P<name>[a-z]+)(?: (?P<props>[^:]*))?::(?P<data>.*)$")


def _unescape(text: str, prop: bool) -> str:
    if prop:
        text = text.replace("%3A", ":").replace("%2C", ",")
    return text.replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")


def _parse(command: str) -> tuple[str, dict[str, str], str]:
    """A workflow command as the runner reads it: properties split on `,`, then at the first
    `=`; the message after the second `::`. Anything left unescaped would be misread here."""
    assert "\n" not in command and "\r" not in command
    found = _COMMAND.match(command)
    assert found is not None, command
    props = {}
    for pair in (found["props"] or "").split(","):
        key, _, value = pair.partition("=")
        props[key] = _unescape(value, prop=True)
    return found["name"], props, _unescape(found["data"], prop=False)


def _case(
    name: str,
    *,
    file: str | None = None,
    line: int | None = None,
    details: str | None = None,
    message: str | None = "boom",
    outcome: Outcome = Outcome.FAILED,
    input_index: int = 0,
) -> TestCase:
    kind = "error" if outcome is Outcome.ERROR else "failure"
    problem = Problem(kind=kind, type="AssertionError", message=message, details=details)
    return TestCase(
        name=name,
        classname="pkg.mod",
        suite=("s",),
        outcome=outcome,
        duration=0.1,
        input=input_index,
        source_line=1,
        file=file,
        line=line,
        detail=CaseDetail(problem=problem),
    )


def _run(*cases: TestCase, producer: str | None = None) -> Run:
    failed = sum(c.outcome is Outcome.FAILED for c in cases)
    errors = sum(c.outcome is Outcome.ERROR for c in cases)
    return Run(
        inputs=[InputFile(path="r.xml", producer=producer)],
        cases=list(cases),
        counts=Counts(failed=failed, errors=errors),
    )


def test_escaping_follows_the_runner() -> None:
    assert escape_data("100% done\r\nnext: a,b") == "100%25 done%0D%0Anext: a,b"
    assert escape_property("a%b:c,d\ne") == "a%25b%3Ac%2Cd%0Ae"


def test_paths_with_spaces_commas_colons_and_messages_with_newlines_survive(
    tmp_path: Path,
) -> None:
    odd = "tests/odd dir/a,b:c 100%.py"
    message = "expected: 1,\r\ngot: 2\n::error file=evil.py::injected"
    run = _run(_case("test_odd, really: yes", file=odd, line=7, message=message))
    findings, unplaced = locate(run, tmp_path)
    assert unplaced == 0
    (command,) = github_commands(findings)
    name, props, data = _parse(command)
    assert name == "error"
    assert props == {"file": odd, "line": "7", "title": "pkg.mod::test_odd, really: yes failed"}
    assert data == f"AssertionError: {message}"


def test_cap_is_what_github_shows_per_step_and_the_cut_is_said(tmp_path: Path) -> None:
    run = _run(*[_case(f"t{i}", file="tests/t.py", line=i + 1) for i in range(25)])
    findings, _ = locate(run, tmp_path)
    commands = github_commands(findings, unplaced=3)
    errors = [c for c in commands if c.startswith("::error ")]
    assert len(errors) == GITHUB_ERRORS_PER_STEP == 10
    assert [_parse(c)[1]["line"] for c in errors] == [str(i + 1) for i in range(10)]
    name, _props, data = _parse(commands[-1])
    assert name == "notice" and len(commands) == 11
    assert "15 of 25 failures and errors are not annotated" in data
    assert "3 more failures and errors have no file and line" in data


def test_nothing_to_say_when_nothing_failed(tmp_path: Path) -> None:
    assert github_commands(locate(_run(), tmp_path)[0]) == []


PY_TRACE = """Traceback (most recent call last):
  File "/usr/lib/python3.12/unittest/case.py", line 58, in testPartExecutor
    yield
  File "{root}/src/app/models.py", line 41, in save
    raise ValueError("bad")
  File "{root}/src/app/helpers.py", line 3, in check
ValueError: bad
"""


def test_first_traceback_frame_inside_the_repository(tmp_path: Path) -> None:
    (tmp_path / "src" / "app").mkdir(parents=True)
    (tmp_path / "src" / "app" / "models.py").write_text("x\n", encoding="utf-8")
    run = _run(
        _case("py", details=PY_TRACE.format(root=tmp_path)),
        # a frame outside the repository, and a bare Java file name, are no places
        _case("java", details="java.lang.AssertionError\n\tat com.x.FooTest.t(FooTest.java:12)"),
        _case("elsewhere", file="/somewhere/else/t.py", line=3),
    )
    findings, unplaced = locate(run, tmp_path)
    assert [(f.identity, f.path, f.line) for f in findings] == [
        ("pkg.mod::py", "src/app/models.py", 41)
    ]
    assert unplaced == 2


def test_relative_frames_count_only_when_the_file_is_in_the_repository(tmp_path: Path) -> None:
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_x.py").write_text("x\n", encoding="utf-8")
    details = "lib/missing.py:3: in helper\ntests/test_x.py:10: AssertionError"
    findings, _ = locate(_run(_case("t", details=details)), tmp_path)
    assert [(f.path, f.line) for f in findings] == [("tests/test_x.py", 10)]


def test_the_reports_file_at_the_line_its_traceback_passes(tmp_path: Path) -> None:
    # jest-junit names the file relative to its package; the frames name it from the root
    details = (
        "Error: expect(received).toBe(expected)\n"
        f"    at Object.toBe ({tmp_path}/web/ui/src/Button.test.js:18:69)\n"
        f"    at run ({tmp_path}/node_modules/jest-circus/build/run.js:1:2)"
    )
    run = _run(_case("renders", file="src/Button.test.js", details=details))
    findings, _ = locate(run, tmp_path)
    assert [(f.path, f.line) for f in findings] == [("web/ui/src/Button.test.js", 18)]


def test_pytest_line_attribute_is_zero_based(tmp_path: Path) -> None:
    """pytest's xunit1 `line` is its 0-based node location: `def test_bad` on line 8 is 7."""
    run = _run(_case("test_bad", file="test_demo.py", line=7), producer="pytest")
    other = _run(_case("test_bad", file="test_demo.py", line=7), producer="surefire")
    assert locate(run, tmp_path)[0][0].line == 8
    assert locate(other, tmp_path)[0][0].line == 7


def test_absolute_report_paths_are_made_relative(tmp_path: Path) -> None:
    run = _run(_case("t", file=str(tmp_path / "pkg" / "t.py"), line=2))
    assert [(f.path, f.line) for f in locate(run, tmp_path)[0]] == [("pkg/t.py", 2)]


def test_gitlab_report_has_every_finding_with_unique_fingerprints(tmp_path: Path) -> None:
    cases = [_case(f"t{i}", file="tests/a b.py", line=i + 1) for i in range(12)]
    cases += [
        _case("dup", file="tests/d.py", line=1, outcome=Outcome.ERROR),
        _case("dup", file="tests/d.py", line=9, outcome=Outcome.ERROR, message="a\nb"),
    ]
    findings, _ = locate(_run(*cases), tmp_path)
    issues = json.loads(gitlab_report(findings))
    assert len(issues) == 14  # no cap: GitLab shows them all
    assert len({i["fingerprint"] for i in issues}) == 14
    assert all(re.fullmatch(r"[0-9a-f]{64}", i["fingerprint"]) for i in issues)
    first, last = issues[0], issues[-1]
    assert set(first) == {"description", "check_name", "fingerprint", "severity", "location"}
    assert first["location"] == {"path": "tests/a b.py", "lines": {"begin": 1}}
    assert (first["check_name"], first["severity"]) == ("test-failure", "major")
    assert (last["check_name"], last["severity"]) == ("test-error", "critical")
    assert last["description"] == "pkg.mod::dup errored: AssertionError: a\nb"
    # a finding's fingerprint stays when its line moves
    moved = [Finding(f.path, f.line + 5, f.identity, f.outcome, f.message) for f in findings]
    assert [i["fingerprint"] for i in json.loads(gitlab_report(moved))] == [
        i["fingerprint"] for i in issues
    ]


def test_sample_reports_annotate_what_they_can(tmp_path: Path) -> None:
    run = read_reports([str(ROOT / "samples/e2e-staging/results")])
    findings, unplaced = locate(run, ROOT)
    assert len(findings) + unplaced == run.counts.unsuccessful
    assert all(not Path(f.path).is_absolute() and f.line >= 1 for f in findings)


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (["github"], Targets(github=True)),
        (["gitlab=cq.json"], Targets(gitlab=Path("cq.json"))),
        (["github,gitlab=out/cq.json"], Targets(github=True, gitlab=Path("out/cq.json"))),
        ([], Targets()),
    ],
)
def test_targets(values: list[str], expected: Targets) -> None:
    assert parse_targets(values) == expected


@pytest.mark.parametrize("bad", ["gitlab", "gitlab=", "jenkins"])
def test_bad_targets_are_usage_errors(bad: str) -> None:
    with pytest.raises(UsageError, match="annotations"):
        parse_targets([bad])
