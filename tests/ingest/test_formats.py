"""TRX, NUnit, xUnit.net and CTRF: every corpus file of these formats against the expected
result its source ships, the outcome rules of each format, safety, and directory expansion."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from reportgen.config import Config
from reportgen.ingest import expand_sources, read_report, read_reports
from reportgen.ingest.collect import seconds
from reportgen.ingest.sources import expand
from reportgen.model import InputStatus, Outcome
from reportgen.pipeline import read_run

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"
ENRICOMI = CORPUS / "EnricoMi__publish-unit-test-result-action"
DORNY = CORPUS / "dorny__test-reporter" / "fixtures"

pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason="shared corpus not present")


def _expected(path: Path) -> Path:
    return path.with_name(path.stem + ".results.json")


ENRICOMI_FILES = sorted(
    p
    for folder in ("trx", "nunit", "xunit")
    for p in (ENRICOMI / folder).rglob("*")
    if p.suffix in (".xml", ".trx")
    and _expected(p).exists()
    and not p.with_name(p.stem + ".exception").exists()
)

# Where reportgen and EnricoMi's stats disagree, reportgen's (tests, skipped, failed, errors) is
# asserted and the reason given.
NUNIT3_ERRORS = "NUnit 3 result Failed with label Error is an error, as NUnit's summary counts it"
REPEATS = "EnricoMi merges results with the same name; each result element is a test (its 'runs')"
INVALID = (
    "NUnit 2's NotRunnable (its console's Invalid) is a failure: the console counts it in its "
    "failing exit code (tests/realtools/generated/more/nunit2.xml)"
)
DISAGREEMENTS: dict[str, tuple[tuple[int, int, int, int], str]] = {
    "nunit/mstest/clicketyclackety.xml": ((23, 0, 1, 9), NUNIT3_ERRORS),
    "nunit/mstest/timewarpinc.xml": ((1, 0, 0, 1), NUNIT3_ERRORS),
    "nunit/nunit3/jenkins/NUnit-issue44527.xml": ((150, 0, 11, 133), NUNIT3_ERRORS),
    "nunit/nunit3/jenkins/NUnit-correct2.xml": ((218, 0, 0, 0), REPEATS),
    "nunit/nunit3/jenkins/NUnit-correct.xml": ((28, 5, 4, 1), INVALID),
    "xunit/mstest/fixie.xml": ((7, 1, 3, 0), REPEATS),
    "xunit/mstest/pickles.xml": ((4, 0, 1, 0), REPEATS),
}


def test_the_corpus_files_of_these_formats_are_all_here() -> None:
    assert len(ENRICOMI_FILES) == 37
    assert len(list(CORPUS.rglob("*.trx"))) == 12


@pytest.mark.parametrize("path", ENRICOMI_FILES, ids=lambda p: str(p.relative_to(ENRICOMI)))
def test_counts_match_enricomi_expectations(path: Path) -> None:
    result = read_report(str(path))
    assert result.input.status is InputStatus.OK
    counts = result.input.counts
    ours = (counts.total, counts.skipped, counts.failed, counts.errors)
    stats = json.loads(_expected(path).read_text())["stats"]
    key = str(path.relative_to(ENRICOMI))
    if key in DISAGREEMENTS:
        assert ours == DISAGREEMENTS[key][0]
        # what is unsuccessful (but NUnit 2's invalid tests, the source's skips), and what ran,
        # still agree with the source
        invalid = result.input.kinds.get("invalid", 0)
        assert counts.unsuccessful == stats["runs_fail"] + stats["runs_error"] + invalid
        assert counts.total == stats["runs"]
        return
    assert ours == (stats["tests"], stats["tests_skip"], stats["tests_fail"], stats["tests_error"])


# dorny/test-reporter renders "passed, failed, skipped"; its failed is our failed + errors.
DORNY_FILES = {
    "dotnet-nunit.xml": (3, 5, 1),
    "dotnet-xunitv3.trx": (1, 3, 0),
    "empty/dotnet-trx.trx": (0, 0, 0),
    "empty/dotnet-trx-empty-test-definitions.trx": (0, 0, 0),
}


@pytest.mark.parametrize("name", sorted(DORNY_FILES))
def test_counts_match_dorny_renderings(name: str) -> None:
    result = read_report(str(DORNY / name))
    counts = result.input.counts
    assert result.input.status is InputStatus.OK
    assert (counts.succeeded, counts.unsuccessful, counts.skipped) == DORNY_FILES[name]


def test_nunit_sample_without_expectation_counts_its_test_cases() -> None:
    # 18 <test-case> elements; the root's testcasecount=25 differs and a notice says so
    result = read_report(str(DORNY / "external" / "nunit-sample.xml"))
    assert result.input.counts.total == 18
    assert any("declares 25 tests" in n.message for n in result.notices)


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("NUnit-issue17521.xml", "XML error at line 33: Invalid character"),
        ("NUnit-issue47367.xml", "XML error at line 5: attributes construct error"),
        ("NUnit-sec1752-file.xml", "refused: the document type declares entities"),
        ("NUnit-sec1752-https.xml", "refused: the document type declares entities"),
    ],
)
def test_broken_and_unsafe_nunit_files_are_rejected_with_their_reason(
    name: str, message: str
) -> None:
    result = read_report(str(ENRICOMI / "nunit" / "nunit3" / "jenkins" / name))
    assert result.input.status is InputStatus.REJECTED
    assert result.input.problem is not None
    assert result.input.problem.message.startswith(message)


TRX_HEAD = '<TestRun xmlns="http://microsoft.com/schemas/VisualStudio/TeamTest/2010"><Results>'
TRX_TAIL = (
    "</Results><TestDefinitions>"
    '<UnitTest id="t1"><TestMethod className="Ns.Calc, Calc.Tests, Version=1.0" name="M"/>'
    "</UnitTest></TestDefinitions>"
    '<ResultSummary><Counters total="{total}"/></ResultSummary></TestRun>'
)


def _trx(tmp_path: Path, results: str, total: int) -> Path:
    path = tmp_path / "run.trx"
    path.write_text(TRX_HEAD + results + TRX_TAIL.format(total=total), encoding="utf-8")
    return path


def test_trx_outcomes_follow_vstest(tmp_path: Path) -> None:
    outcomes = [
        "Passed",
        "Failed",
        "Timeout",
        "Error",
        "Aborted",
        "NotExecuted",
        "Inconclusive",
        "Warning",
    ]
    results = "".join(
        f'<UnitTestResult testId="t1" testName="Ns.Calc.T{i}" outcome="{o}" '
        'duration="00:01:02.5000000"/>'
        for i, o in enumerate(outcomes)
    )
    result = read_report(str(_trx(tmp_path, results, len(outcomes))))
    assert [c.outcome for c in result.cases] == [
        Outcome.PASSED,
        Outcome.FAILED,
        Outcome.FAILED,
        Outcome.ERROR,
        Outcome.SKIPPED,
        Outcome.SKIPPED,
        Outcome.SKIPPED,
        Outcome.PASSED,
    ]
    first = result.cases[0]
    assert (first.classname, first.name, first.suite, first.duration) == (
        "Ns.Calc",
        "T0",
        ("Ns.Calc",),
        62.5,
    )
    assert result.notices == []


def test_trx_data_driven_rows_are_the_tests_not_their_parent(tmp_path: Path) -> None:
    rows = "".join(
        f'<UnitTestResult testId="t1" testName="M (row {i})" outcome="{o}"/>'
        for i, o in enumerate(["Passed", "Failed", "Passed"])
    )
    results = (
        '<UnitTestResult testId="t1" testName="M" outcome="Failed" resultType="DataDrivenTest">'
        f"<InnerResults>{rows}</InnerResults></UnitTestResult>"
    )
    counts = read_report(str(_trx(tmp_path, results, 3))).input.counts
    assert (counts.total, counts.passed, counts.failed) == (3, 2, 1)


def test_trx_with_an_external_entity_is_refused_before_parsing(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET", encoding="utf-8")
    path = tmp_path / "xxe.trx"
    path.write_text(
        f'<?xml version="1.0"?><!DOCTYPE TestRun [<!ENTITY xxe SYSTEM "file://{secret}">]>'
        + TRX_HEAD
        + '<UnitTestResult testId="t1" testName="&xxe;" outcome="Passed"/>'
        + TRX_TAIL.format(total=1),
        encoding="utf-8",
    )
    result = read_report(str(path))
    assert result.input.status is InputStatus.REJECTED
    assert result.input.problem is not None
    assert "declares entities" in result.input.problem.message
    assert "TOP-SECRET" not in result.input.model_dump_json() and result.cases == []


def test_nunit3_labels_and_nunit2_results(tmp_path: Path) -> None:
    nunit3 = tmp_path / "n3.xml"
    nunit3.write_text(
        '<test-run testcasecount="5"><test-suite name="Asm"><test-suite name="Fixture">'
        '<test-case name="a" classname="Ns.F" result="Passed"/>'
        '<test-case name="b" classname="Ns.F" result="Failed"><failure><message>m</message>'
        "</failure></test-case>"
        '<test-case name="c" classname="Ns.F" result="Failed" label="Error"/>'
        '<test-case name="d" classname="Ns.F" result="Skipped" label="Ignored">'
        "<reason><message>later</message></reason></test-case>"
        '<test-case name="e" classname="Ns.F" result="Inconclusive"/>'
        "</test-suite></test-suite></test-run>",
        encoding="utf-8",
    )
    result = read_report(str(nunit3))
    assert [c.outcome for c in result.cases] == [
        Outcome.PASSED,
        Outcome.FAILED,
        Outcome.ERROR,
        Outcome.SKIPPED,
        Outcome.SKIPPED,
    ]
    assert result.cases[0].suite == ("Asm", "Fixture")
    detail = result.cases[3].detail
    assert detail is not None and detail.skip_message == "later"
    assert result.input.format == "nunit3" and result.notices == []


def test_xunit_net_results_and_assembly_errors(tmp_path: Path) -> None:
    path = tmp_path / "x.xml"
    path.write_text(
        '<assemblies><assembly name="C:\\b\\T.dll" total="4"><errors>'
        '<error type="fixture-cleanup" name="Ns.Fixture"><failure><message>boom</message>'
        "</failure></error></errors>"
        '<collection name="C"><test name="Ns.A.Pass" type="Ns.A" result="Pass" time="0.5"/>'
        '<test name="Ns.A.Fail(x: 1)" type="Ns.A" result="Fail"/>'
        '<test name="Ns.A.Skip" type="Ns.A" result="Skip"><reason>no</reason></test>'
        '<test name="Ns.A.Later" type="Ns.A" result="NotRun"/>'
        "</collection></assembly></assemblies>",
        encoding="utf-8",
    )
    result = read_report(str(path))
    outcomes = {c.name: c.outcome for c in result.cases}
    assert outcomes == {
        "Ns.Fixture": Outcome.ERROR,
        "Pass": Outcome.PASSED,
        "Fail(x: 1)": Outcome.FAILED,
        "Skip": Outcome.SKIPPED,
        "Later": Outcome.SKIPPED,
    }
    assert result.cases[1].suite == ("T.dll", "C")
    # the <error> is one more than the assembly's total="4"
    assert [n.message for n in result.notices][-1] == (
        "the file declares 4 tests but holds 5 test results"
    )


CTRF = {
    "reportFormat": "CTRF",
    "results": {
        "tool": {"name": "playwright"},
        "summary": {"tests": 5, "start": 1700000000000, "stop": 1700000004000},
        "tests": [
            {"name": "ok", "status": "passed", "duration": 1500, "suite": ["a", "b"]},
            {
                "name": "broke",
                "status": "failed",
                "duration": 10,
                "message": "expected 1",
                "trace": "at x.ts:3",
                "filePath": "tests/x.ts",
                "line": 3,
            },
            {
                "name": "wobbly",
                "status": "passed",
                "flaky": True,
                "retries": 2,
                "retryAttempts": [
                    {"status": "failed", "message": "first"},
                    {"status": "failed", "message": "second"},
                ],
            },
            {"name": "later", "status": "pending"},
            {"name": "odd", "status": "other"},
        ],
    },
}


def test_ctrf_statuses_retries_and_flaky(tmp_path: Path) -> None:
    path = tmp_path / "ctrf-report.json"
    path.write_text(json.dumps(CTRF), encoding="utf-8")
    result = read_report(str(path))
    assert result.input.format == "ctrf" and result.input.producer == "playwright"
    by_name = {c.name: c for c in result.cases}
    assert {n: c.outcome for n, c in by_name.items()} == {
        "ok": Outcome.PASSED,
        "broke": Outcome.FAILED,
        "wobbly": Outcome.FLAKY,
        "later": Outcome.SKIPPED,
        "odd": Outcome.ERROR,
    }
    wobbly = by_name["wobbly"]
    assert wobbly.attempts == 3
    assert wobbly.detail is not None and [p.message for p in wobbly.detail.attempts] == [
        "first",
        "second",
    ]
    broke = by_name["broke"]
    assert (broke.file, broke.line) == ("tests/x.ts", 3)
    assert by_name["ok"].suite == ("a", "b") and by_name["ok"].duration == 1.5
    assert result.input.duration == 4.0


def test_ctrf_named_directly_is_a_report_and_a_saved_run_still_merges(tmp_path: Path) -> None:
    ctrf = tmp_path / "ctrf.json"
    ctrf.write_text(json.dumps(CTRF), encoding="utf-8")
    saved = tmp_path / "shard.json"
    shard = read_reports([str(ctrf)])
    shard.inputs[0].path = "other-shard/ctrf.json"  # another shard's run, not this file again
    saved.write_text(shard.dump_json(), encoding="utf-8")
    run = read_run([str(ctrf), str(saved)], Config())
    assert run.counts.total == 10
    assert run.notices == []
    assert run.rejected == []


def test_json_that_looks_like_ctrf_but_is_not_is_rejected_with_a_reason(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"results": {"tool": {}, "summary": {}, "tests": 3}}', encoding="utf-8")
    result = read_report(str(path))
    assert result.input.status is InputStatus.REJECTED
    assert result.input.problem is not None
    assert result.input.problem.message == "CTRF 'results.tests' is not a list"


def test_ctrf_nested_past_the_recursion_limit_is_rejected_not_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    head = '{"results": {"tool": {"name": "x"}, "summary": {}, "tests": '
    path.write_text(head + "[" * 200_000 + "]" * 200_000 + "}}", encoding="utf-8")
    result = read_report(str(path))
    assert result.input.status is InputStatus.REJECTED
    assert result.input.problem is not None
    assert "nested too deep" in result.input.problem.message


def test_directories_take_trx_and_ctrf_and_leave_out_what_is_not_a_report(
    tmp_path: Path,
) -> None:
    (tmp_path / "a").mkdir()
    _trx(tmp_path / "a", '<UnitTestResult testId="t1" testName="x" outcome="Passed"/>', 1)
    (tmp_path / "a" / "ctrf.json").write_text(json.dumps(CTRF), encoding="utf-8")
    (tmp_path / "a" / "timings.json").write_text('{"build": 3.5}', encoding="utf-8")
    (tmp_path / "a" / "x.results.json").write_text('{"stats": {}}', encoding="utf-8")
    (tmp_path / "failsafe-summary.xml").write_text(
        '<?xml version="1.0"?><failsafe-summary result="255"><completed>3</completed>'
        "</failsafe-summary>",
        encoding="utf-8",
    )
    paths, rejected, notices = expand([str(tmp_path)])
    assert paths == [str(tmp_path / "a" / "ctrf.json"), str(tmp_path / "a" / "run.trx")]
    assert rejected == []
    assert [n.file for n in notices] == [str(tmp_path / "failsafe-summary.xml"), str(tmp_path)]
    assert "Failsafe" in notices[0].message
    assert notices[1].message.startswith("left out 2 .json files that are not CTRF reports")
    run = read_reports([str(tmp_path)])
    assert run.counts.total == 6 and run.rejected == []
    assert expand_sources([str(tmp_path)]) == (paths, rejected)


def test_a_trx_file_given_on_standard_input_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _trx(tmp_path, '<UnitTestResult testId="t1" testName="x" outcome="Failed"/>', 1)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(path.read_bytes())))
    result = read_report("-")
    assert result.input.format == "trx" and result.input.counts.failed == 1


def test_a_report_cut_mid_write_keeps_the_results_before_the_cut(tmp_path: Path) -> None:
    path = tmp_path / "cut.xml"
    path.write_text(
        '<test-run><test-suite name="S"><test-case name="a" result="Passed"/>'
        '<test-case name="b" result="Failed"/><test-case name="c" res',
        encoding="utf-8",
    )
    result = read_report(str(path))
    assert result.input.status is InputStatus.PARTIAL
    assert (result.input.counts.passed, result.input.counts.failed) == (1, 1)
    assert result.input.problem is not None and result.input.problem.line == 1


def test_an_outcome_the_format_does_not_define_is_an_error_with_a_notice(tmp_path: Path) -> None:
    results = "".join(
        f'<UnitTestResult testId="t1" testName="T{i}" outcome="Exploded"/>' for i in range(2)
    )
    result = read_report(str(_trx(tmp_path, results, 2)))
    assert result.input.counts.errors == 2
    assert [n.message for n in result.notices] == [
        "2 results with the unknown outcome 'Exploded' counted as errors"
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [("0.25", 0.25), ("inf", 0.0), ("nan", 0.0), ("-1", 0.0), ("x", 0.0), (None, 0.0)],
)
def test_other_formats_read_durations_as_junit_time_is_read(
    text: str | None, expected: float
) -> None:
    assert seconds(text) == expected
