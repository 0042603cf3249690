"""`--ctrf`: the run as a CTRF report, valid against the specification's schema, and read back
to the same counts, attempts, suites, files and lines."""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from reportgen.analyze.locations import definition_line
from reportgen.errors import UsageError
from reportgen.ingest import read_reports
from reportgen.model import CaseDetail, Counts, Outcome, Problem, Run, TestCase
from reportgen.render.ctrf import ctrf_document, render_ctrf

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpus"
SCHEMA = json.loads((Path(__file__).parent / "ctrf.schema.json").read_text(encoding="utf-8"))
VALIDATOR = jsonschema.Draft7Validator(SCHEMA, format_checker=jsonschema.FormatChecker())
SOURCES = [
    *sorted(str(p.relative_to(ROOT)) for p in ROOT.glob("samples/*/results")),
    "../shared/corpus/jenkinsci__junit-plugin/gh-237/TEST-io.olamy.AlwaysFailTest.xml",
    "../shared/corpus/mikepenz__action-junit-report/test_results/python/report_flaky.xml",
    "../shared/corpus/mikepenz__action-junit-report/test_results/nested/multi-level.xml",
    "../shared/corpus/EnricoMi__publish-unit-test-result-action/junit-xml/junit.multiresult.xml",
]
NOW = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


def _document(run: Run) -> dict[str, Any]:
    text = render_ctrf(run, generated_by="reportgen test", now=NOW)
    return dict(json.loads(text))


def _read_back(document: dict[str, Any]) -> Counts:
    """Counts as a CTRF reader that knows rawStatus gets them: errors and flaky stay distinct."""
    tally: Counter[Outcome] = Counter()
    for test in document["results"]["tests"]:
        if test["status"] == "passed":
            tally[Outcome.FLAKY if test.get("flaky") else Outcome.PASSED] += 1
        elif test["status"] == "failed":
            tally[Outcome.ERROR if test.get("rawStatus") == "error" else Outcome.FAILED] += 1
        else:
            tally[Outcome.SKIPPED] += 1
    return Counts.of(dict(tally))


def _errors(document: dict[str, Any]) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in VALIDATOR.iter_errors(document)]


@pytest.mark.parametrize("bad", ["no-format", "error-status", "unknown-key", "no-attempt"])
def test_the_schema_fixture_rejects_what_the_specification_forbids(bad: str) -> None:
    run = read_reports([str(ROOT / "samples/java-gradle/results")], keep_passing=True)
    document = _document(run)
    assert _errors(document) == []
    if bad == "no-format":
        del document["reportFormat"]
    elif bad == "error-status":
        document["results"]["tests"][0]["status"] = "error"
    elif bad == "unknown-key":
        document["results"]["tests"][0]["outcome"] = "passed"
    else:
        flaky = next(t for t in document["results"]["tests"] if t.get("flaky"))
        del flaky["retryAttempts"][0]["attempt"]
    assert _errors(document)


@pytest.mark.parametrize("source", SOURCES)
def test_report_is_valid_ctrf_and_reads_back_to_the_same_run(source: str) -> None:
    if not (ROOT / source).exists():
        pytest.skip(f"{source} not present")
    run = read_reports([str(ROOT / source)], keep_passing=True)
    document = _document(run)
    assert _errors(document) == []
    summary = document["results"]["summary"]
    counts = run.counts
    assert _read_back(document) == counts
    assert (summary["tests"], summary["passed"], summary["failed"]) == (
        counts.total,
        counts.succeeded,
        counts.unsuccessful,
    )
    assert (summary["skipped"], summary["flaky"], summary["extra"]["errors"]) == (
        counts.skipped,
        counts.flaky,
        counts.errors,
    )
    tests = document["results"]["tests"]
    assert len(tests) == len(run.cases)
    for case, test in zip(run.cases, tests, strict=True):
        assert 1 + test.get("retries", 0) == case.attempts
        assert len(test.get("retryAttempts", [])) == case.attempts - 1
        assert test.get("suite", []) == list(case.suite)
        producer = run.inputs[case.input].producer
        assert (test.get("filePath"), test.get("line")) == (
            case.file,
            definition_line(case, producer),
        )


def test_flaky_and_rerun_attempts_keep_their_messages() -> None:
    run = read_reports([str(ROOT / "samples/java-gradle/results")], keep_passing=True)
    tests = _document(run)["results"]["tests"]
    (flaky,) = [t for t in tests if t.get("flaky")]
    assert flaky["status"] == "passed" and flaky["rawStatus"] == "flaky"
    assert [a["status"] for a in flaky["retryAttempts"]] == ["failed"] * flaky["retries"]
    assert "message" not in flaky  # the final attempt passed
    assert flaky["retryAttempts"][0]["message"]
    reruns = [t for t in tests if t["status"] == "failed" and t.get("retries")]
    assert reruns and all(t["message"] and t["trace"] for t in reruns)


def _case(outcome: Outcome, attempts: int = 1, **detail: Any) -> TestCase:
    return TestCase(
        name=f"t_{outcome.value}",
        classname="pkg.Mod",
        suite=("root", "inner"),
        outcome=outcome,
        duration=0.25,
        input=0,
        source_line=3,
        file="tests/test mod.py",
        line=12,
        attempts=attempts,
        detail=CaseDetail(**detail) if detail else None,
    )


def test_errors_skips_and_unrecorded_attempts() -> None:
    error = Problem(kind="error", type="OSError", message="disk: full,\nretry", details="trace")
    cases = [
        _case(Outcome.ERROR, attempts=3, problem=error),
        _case(Outcome.SKIPPED, skip_message="needs a GPU"),
        _case(Outcome.PASSED),
    ]
    run = Run(cases=cases, counts=Counts(errors=1, skipped=1, passed=1))
    document = ctrf_document(run, generated_by="x", now=NOW, environment={"reportName": "N"})
    assert _errors(document) == []
    err, skip, ok = document["results"]["tests"]
    assert (err["status"], err["rawStatus"], err["message"]) == ("failed", "error", error.message)
    assert err["extra"] == {"classname": "pkg.Mod", "type": "OSError"}
    # two earlier attempts whose records said nothing beyond that they ran
    assert [a["status"] for a in err["retryAttempts"]] == ["other", "other"]
    assert (skip["status"], skip["message"]) == ("skipped", "needs a GPU")
    assert ok == {
        "name": "t_passed",
        "status": "passed",
        "duration": 250,
        "rawStatus": "passed",
        "suite": ["root", "inner"],
        "filePath": "tests/test mod.py",
        "line": 12,
        "extra": {"classname": "pkg.Mod"},
    }
    assert document["results"]["environment"] == {"reportName": "N"}
    assert document["timestamp"] == NOW.isoformat()


def test_a_run_without_its_passing_tests_is_refused() -> None:
    run = read_reports([str(ROOT / "samples/e2e-staging/results")], keep_passing=False)
    with pytest.raises(UsageError, match="passing tests"):
        ctrf_document(run, generated_by="x")


@pytest.mark.parametrize("source", SOURCES)
def test_reportgen_reads_its_own_ctrf_back_to_the_same_tests(source: str, tmp_path: Path) -> None:
    if not (ROOT / source).exists():
        pytest.skip(f"{source} not present")
    run = read_reports([str(ROOT / source)], keep_passing=True)
    path = tmp_path / "ctrf.json"
    path.write_text(render_ctrf(run, generated_by="reportgen test"), encoding="utf-8")
    back = read_reports([str(path)], keep_passing=True)
    assert not back.rejected and back.notices == []
    assert back.counts == run.counts

    def held(of: Run) -> Counter[tuple[str, Outcome, int, str | None]]:
        return Counter((c.identity, c.outcome, c.attempts, c.file) for c in of.cases)

    assert held(back) == held(run)


def test_an_error_reads_back_as_an_error(tmp_path: Path) -> None:
    error = Problem(kind="error", type="OSError", message="disk full")
    run = Run(cases=[_case(Outcome.ERROR, attempts=2, problem=error)], counts=Counts(errors=1))
    path = tmp_path / "ctrf.json"
    path.write_text(render_ctrf(run, generated_by="x"), encoding="utf-8")
    (case,) = read_reports([str(path)], keep_passing=True).cases
    assert (case.outcome, case.identity, case.attempts) == (Outcome.ERROR, "pkg.Mod::t_error", 2)
