"""`merge --junit`: a run written as one JUnit XML file reads back to the same run."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from reportgen.errors import UsageError
from reportgen.ingest import read_reports
from reportgen.ingest.shards import merge_runs
from reportgen.model import CaseDetail, Outcome, Problem, Run, TestCase
from reportgen.render.junit import junit_document

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpus"
SAMPLES = sorted(
    str(p.relative_to(ROOT))
    for p in [*ROOT.glob("samples/*/results"), *ROOT.glob("samples/*/runs/*")]
)
CORPUS_FILES = [
    "jenkinsci__junit-plugin/gh-237/TEST-io.olamy.FlakyTest.xml",  # flakyFailure
    "jenkinsci__junit-plugin/gh-237/TEST-io.olamy.AlwaysFailTest.xml",  # rerunFailure
    "mikepenz__action-junit-report/test_results/python/report_flaky.xml",  # pytest reruns
    "mikepenz__action-junit-report/test_results/nested/multi-level.xml",  # nested suites
    "jenkinsci__junit-plugin/junit-report-nested-testsuites.xml",
    "EnricoMi__publish-unit-test-result-action/junit-xml/junit.multiresult.xml",
    "mikepenz__action-junit-report/test_results/junit-web-test/expectedRetries.xml",
    # NUnit: suites nested in assembly and namespace levels that are not suites of their own
    "EnricoMi__publish-unit-test-result-action/nunit/nunit3/jenkins/NUnit-correct3.xml",
    "EnricoMi__publish-unit-test-result-action/nunit/nunit3/jenkins/NUnit-issue44527.xml",
]


def _read(*sources: str | Path) -> Run:
    return read_reports([str(s) for s in sources], keep_passing=True)


def _outcomes(run: Run) -> Counter[tuple[str, Outcome, int]]:
    return Counter((c.identity, c.outcome, c.attempts) for c in run.cases)


def _round_trip(run: Run, tmp_path: Path) -> Run:
    path = tmp_path / "merged.xml"
    path.write_bytes(junit_document(run))
    return _read(path)


def _assert_same(run: Run, back: Run) -> None:
    assert back.counts == run.counts
    assert not back.rejected and not back.partial
    assert _outcomes(back) == _outcomes(run)
    assert back.notices == []  # declared counts agree with the testcases written
    assert Counter(c.suite for c in back.cases) == Counter(c.suite for c in run.cases)


@pytest.mark.parametrize("sample", SAMPLES)
def test_every_sample_reads_back_to_the_same_counts(sample: str, tmp_path: Path) -> None:
    run = _read(ROOT / sample)
    assert run.counts.total > 0
    _assert_same(run, _round_trip(run, tmp_path))


@pytest.mark.parametrize("name", CORPUS_FILES)
def test_corpus_files_read_back_to_the_same_counts(name: str, tmp_path: Path) -> None:
    if not (CORPUS / name).is_file():
        pytest.skip(f"corpus file {name} not present")
    run = _read(CORPUS / name)
    _assert_same(run, _round_trip(run, tmp_path))


def test_shards_merged_into_one_file_keep_each_shard_and_its_flaky_tests(tmp_path: Path) -> None:
    shards = [
        _read(ROOT / "samples/java-gradle/results"),
        _read(ROOT / "samples/e2e-staging/results"),
    ]
    merged = merge_runs(shards)
    back = _round_trip(merged, tmp_path)
    _assert_same(merged, back)
    assert back.counts.flaky == 1
    flaky = next(c for c in back.cases if c.outcome is Outcome.FLAKY)
    assert flaky.attempts > 1 and flaky.detail is not None and flaky.detail.problem is not None
    # both shards' suites survive as suites, nesting and names kept
    assert {s.path for s in back.suites} == {s.path for s in merged.suites}


def test_texts_xml_cannot_hold_are_replaced_not_fatal(tmp_path: Path) -> None:
    problem = Problem(
        kind="failure", type="AssertionError", message="bad \x01 byte", details="x\x1b[31m"
    )
    case = TestCase(
        name="t<&>",
        classname="c",
        suite=("s",),
        outcome=Outcome.FAILED,
        duration=0.5,
        input=0,
        source_line=1,
        file="tests/a b.py",
        line=7,
        detail=CaseDetail(problem=problem, properties={"k": "v\x02"}),
    )
    run = Run(cases=[case])
    run.counts = run.counts.of({Outcome.FAILED: 1})
    back = _round_trip(run, tmp_path)
    (read,) = back.cases
    assert (read.name, read.file, read.line, read.outcome) == (
        "t<&>",
        "tests/a b.py",
        7,
        Outcome.FAILED,
    )
    assert read.detail is not None and read.detail.problem is not None
    assert read.detail.problem.message == "bad \ufffd byte"


def test_a_totals_only_run_is_refused() -> None:
    run = read_reports([str(ROOT / "samples/e2e-staging/results")], keep_passing=False)
    with pytest.raises(UsageError, match="passing tests"):
        junit_document(run)
