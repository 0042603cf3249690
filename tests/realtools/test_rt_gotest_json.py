"""`go test -json`, read by reportgen, against gotestsum's DONE line for the same module.

The sample module (written below) has a package with a table test (a failing and a skipped
subtest), a skip and a log line, a package whose second test panics (its third never runs) and
a package that does not compile. `go test -json` writes the stream; gotestsum runs the same
module for its own count. With REALTOOLS_SAVE=1 the stream, gotestsum's console output and the
record are kept under generated/peers/ (test_rt_peers_saved.py reads them without the tools).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from reportgen.ingest.peers import read_path
from reportgen.ingest.summary import FileResult
from reportgen.model import Counts, Outcome

from ._support import ToolRun, doc_lines, run
from .test_rt_peers_saved import save

pytestmark = pytest.mark.realtool

DONE = re.compile(
    r"^DONE (\d+) tests?(?:, (\d+) skipped)?(?:, (\d+) failures?)?(?:, (\d+) errors?)?",
    re.MULTILINE,
)
GO_ENV = {"GOFLAGS": "-mod=mod", "GOPROXY": "off", "GOTOOLCHAIN": "local"}
MODULE: dict[str, str] = {
    "go.mod": "module example.com/gojson\n\ngo 1.19\n",
    "calc/calc.go": "package calc\n\nfunc Add(a, b int) int { return a + b }\n",
    "calc/calc_test.go": """package calc

import "testing"

func TestAdd(t *testing.T) {
	if Add(2, 3) != 5 {
		t.Fatal("2+3 is not 5")
	}
}

func TestTable(t *testing.T) {
	cases := []struct {
		name    string
		a, b, w int
	}{{"small", 1, 2, 3}, {"wrong", 2, 2, 5}, {"négatif", -1, -2, -3}}
	for _, c := range cases {
		c := c
		t.Run(c.name, func(t *testing.T) {
			if got := Add(c.a, c.b); got != c.w {
				t.Errorf("Add(%d, %d) = %d, want %d", c.a, c.b, got, c.w)
			}
		})
	}
	t.Run("skipped", func(t *testing.T) { t.Skip("not on this machine") })
}

func TestSkipped(t *testing.T) {
	t.Skip("needs a network")
}

func TestLogs(t *testing.T) {
	t.Log("a line of output")
}
""",
    "broken/broken.go": "package broken\n\nfunc Half(n int) int { return n / undefinedName }\n",
    "broken/broken_test.go": """package broken

import "testing"

func TestHalf(t *testing.T) {
	if Half(4) != 2 {
		t.Fatal("half of 4 is not 2")
	}
}
""",
    "panics/panics.go": "package panics\n",
    "panics/panics_test.go": """package panics

import "testing"

func TestBefore(t *testing.T) {}

func TestPanics(t *testing.T) {
	var m map[string]int
	m["boom"] = 1
}

func TestNeverRuns(t *testing.T) {}
""",
}


def done_summary(output: str) -> dict[str, int]:
    found = DONE.search(output)
    assert found is not None, output
    tests, skipped, failures, errors = (int(value or 0) for value in found.groups())
    return {"tests": tests, "skipped": skipped, "failures": failures, "errors": errors}


def expected_counts(summary: dict[str, int]) -> Counts:
    """gotestsum's DONE line mapped to reportgen's.

    - 'N tests' counts every test that ended, subtests and their parent each; a parent fails
      when a subtest fails, so both are among the failures, in gotestsum's count and here.
    - A package that does not build is one of gotestsum's 'errors'; go test prints
      'FAIL pkg [build failed]' beside the events, and reportgen counts it as one error test
      named after the package (finer outcome "suite error").
    - A panic fails the test that ran; the tests after it never ran and are counted nowhere.
    """
    ran = summary["tests"] - summary["skipped"] - summary["failures"]
    return Counts(
        passed=ran, failed=summary["failures"], errors=summary["errors"], skipped=summary["skipped"]
    )


def write_module(folder: Path) -> None:
    for name, text in MODULE.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> ToolRun:
    gotestsum, go = shutil.which("gotestsum"), shutil.which("go")
    if gotestsum is None or go is None:
        pytest.skip("go or gotestsum is not installed (golang-go, gotestsum)")
    base = tmp_path_factory.mktemp("gotest-json")
    folder = base / "module"
    write_module(folder)
    env = {**GO_ENV, "GOCACHE": str(base / "cache"), "HOME": str(base)}
    stream = base / "go-test.json"
    done = run([go, "test", "-json", "./..."], cwd=folder, env=env)
    stream.write_text(done.stdout, encoding="utf-8")
    counted = run([gotestsum, "--format=testname", "./..."], cwd=folder, env=env)
    output = counted.stdout + counted.stderr
    summary = done_summary(output)
    version = run([go, "version"], cwd=folder, env=env).stdout.strip()
    tally = run([gotestsum, "--version"], cwd=folder, env=env).stdout.strip()
    result = ToolRun(
        tool="go-test-json",
        version=f"{version}; {tally} (its DONE line)",
        xml=stream,
        command=["go", "test", "-json", "./..."],
        output=output,
        tool_summary=summary,
        expected=expected_counts(summary),
        notes=doc_lines(expected_counts),
        expected_kinds={"suite error": summary["errors"]} if summary["errors"] else {},
    )
    save(result, "go-test.json")
    return result


@pytest.fixture(scope="module")
def read_back(generated: ToolRun) -> FileResult:
    return read_path(str(generated.xml))


def test_gotestsum_said_what_the_sample_was_written_for(generated: ToolRun) -> None:
    assert generated.tool_summary == {"tests": 10, "skipped": 2, "failures": 3, "errors": 1}
    assert generated.expected == Counts(passed=5, failed=3, errors=1, skipped=2)


def test_counts_match_gotestsum(generated: ToolRun, read_back: FileResult) -> None:
    assert read_back.input.counts == generated.expected
    assert read_back.input.kinds == generated.expected_kinds


@pytest.mark.parametrize(
    ("name", "outcome"),
    [
        ("TestTable/wrong", Outcome.FAILED),
        ("TestTable", Outcome.FAILED),
        ("TestTable/skipped", Outcome.SKIPPED),
        ("TestTable/négatif", Outcome.PASSED),
        ("TestPanics", Outcome.FAILED),
        ("example.com/gojson/broken (build failed)", Outcome.ERROR),
    ],
)
def test_go_corner_cases(read_back: FileResult, name: str, outcome: Outcome) -> None:
    (case,) = [c for c in read_back.cases if c.name == name]
    assert case.outcome is outcome


def test_the_panic_is_the_failure_text(read_back: FileResult) -> None:
    (case,) = [c for c in read_back.cases if c.name == "TestPanics"]
    assert case.detail is not None and case.detail.problem is not None
    assert case.detail.problem.kind == "panic"
    assert "assignment to entry in nil map" in (case.detail.problem.details or "")
