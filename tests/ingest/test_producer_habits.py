"""Habits of the producers of TRX, xUnit.net, CTRF and JUnit that change how a test is counted,
each on a small hand-made file shaped like the tool's real output (the real outputs are kept
and checked under tests/realtools/generated/more/)."""

from __future__ import annotations

import json
from pathlib import Path

from reportgen.ingest import Fold, read_report, read_reports
from reportgen.model import Counts, Outcome


def _ctrf(tmp_path: Path, tests: list[dict[str, object]]) -> Path:
    path = tmp_path / "ctrf.json"
    summary = {"tests": len(tests), "start": 1, "stop": 2}
    document = {"results": {"tool": {"name": "jest"}, "summary": summary, "tests": tests}}
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def test_ctrf_other_with_raw_status_todo_is_a_skipped_todo(tmp_path: Path) -> None:
    path = _ctrf(
        tmp_path,
        [
            {"name": "later", "status": "other", "rawStatus": "todo", "duration": 0},
            {"name": "off", "status": "other", "rawStatus": "disabled", "duration": 0},
            {"name": "odd", "status": "other", "rawStatus": "focused", "duration": 0},
            {"name": "unknown", "status": "other", "duration": 0},
        ],
    )
    result = read_report(str(path))
    assert result.input.counts == Counts(skipped=2, errors=2)
    assert result.input.kinds == {"todo": 1}
    later = next(c for c in result.cases if c.name == "later")
    assert (later.outcome, later.kind) == (Outcome.SKIPPED, "todo")


def _trx(tmp_path: Path, counters: str, results: list[tuple[str, str, str]]) -> Path:
    """results: (name, outcome, duration); each test's className and storage are `name` when it
    ends in .js, else `suite`."""
    rows, units = [], []
    for n, (name, outcome, duration) in enumerate(results):
        owner = name if name.endswith(".js") else "suite"
        rows.append(
            f'<UnitTestResult testId="t{n}" testName="{name}" outcome="{outcome}" '
            f'duration="{duration}"><Output><ErrorInfo><Message>boom</Message></ErrorInfo>'
            "</Output></UnitTestResult>"
        )
        units.append(
            f'<UnitTest name="{name}" id="t{n}" storage="{owner}">'
            f'<TestMethod codeBase="{owner}" name="{name}" className="{owner}"/></UnitTest>'
        )
    path = tmp_path / "run.trx"
    path.write_text(
        '<TestRun xmlns="http://microsoft.com/schemas/VisualStudio/TeamTest/2010">'
        f"<ResultSummary><Counters {counters}/></ResultSummary>"
        f"<Results>{''.join(rows)}</Results><TestDefinitions>{''.join(units)}</TestDefinitions>"
        "</TestRun>",
        encoding="utf-8",
    )
    return path


def test_trx_failed_result_named_after_its_file_and_counted_as_error_is_a_suite_error(
    tmp_path: Path,
) -> None:
    results = [
        ("a test", "Failed", "00:00:00.0010000"),
        ("broken.test.js", "Failed", "0"),
        ("ok", "Passed", "00:00:00.0010000"),
    ]
    path = _trx(tmp_path, 'total="3" passed="1" failed="1" error="1"', results)
    result = read_report(str(path))
    assert result.input.counts == Counts(passed=1, failed=1, errors=1)
    assert result.input.kinds == {"suite error": 1}
    broken = next(c for c in result.cases if c.name == "broken.test.js")
    assert broken.outcome is Outcome.ERROR and broken.kind == "suite error"
    assert any("failed to load" in n.message for n in result.notices)


def test_trx_failed_result_stays_failed_when_the_counters_count_it_as_failed(
    tmp_path: Path,
) -> None:
    results = [("broken.test.js", "Failed", "0"), ("ok", "Passed", "0")]
    path = _trx(tmp_path, 'total="2" passed="1" failed="1" error="0"', results)
    result = read_report(str(path))
    assert result.input.counts == Counts(passed=1, failed=1)
    assert not result.notices


def test_trx_counters_the_results_do_not_give_are_noticed(tmp_path: Path) -> None:
    path = _trx(tmp_path, 'total="2" passed="2" failed="0" error="0"', [
        ("ok", "Passed", "0"), ("bad", "Failed", "0"),
    ])  # fmt: skip
    result = read_report(str(path))
    assert result.input.counts == Counts(passed=1, failed=1)
    assert any("passed=2 (the results give 1)" in n.message for n in result.notices)


def _xunit(tmp_path: Path, assembly: str, results: list[str]) -> Path:
    tests = "".join(
        f'<test name="t{n}" type="c" method="Test" time="0" result="{r}"/>'
        for n, r in enumerate(results)
    )
    path = tmp_path / "x.xml"
    path.write_text(
        f'<assemblies><assembly name="a" total="{len(results)}" {assembly}><errors/>'
        f'<collection name="c">{tests}</collection></assembly></assemblies>',
        encoding="utf-8",
    )
    return path


def test_xunit_unknown_results_the_assembly_denies_failing_are_skipped(tmp_path: Path) -> None:
    path = _xunit(tmp_path, 'passed="1" failed="1" skipped="1" errors="0"',
                  ["Pass", "Fail", "undefined", "undefined"])  # fmt: skip
    result = read_report(str(path))
    assert result.input.counts == Counts(passed=1, failed=1, skipped=2)
    assert any("counted as skipped" in n.message for n in result.notices)


def test_xunit_unknown_results_stay_errors_where_failures_are_declared_unread(
    tmp_path: Path,
) -> None:
    path = _xunit(tmp_path, 'passed="1" failed="2" skipped="0" errors="0"',
                  ["Pass", "Fail", "undefined"])  # fmt: skip
    result = read_report(str(path))
    assert result.input.counts == Counts(passed=1, failed=1, errors=1)
    assert any("unknown outcome 'undefined'" in n.message for n in result.notices)


def test_xunit_unknown_results_without_declared_counts_stay_errors(tmp_path: Path) -> None:
    path = _xunit(tmp_path, "", ["Pass", "undefined"])
    assert read_report(str(path)).input.counts == Counts(passed=1, errors=1)


def _junit(tmp_path: Path, body: str, root: str = "") -> Path:
    path = tmp_path / "junit.xml"
    path.write_text(f"<testsuites{root}>{body}</testsuites>", encoding="utf-8")
    return path


def test_node_tap_subtest_is_read_once_and_its_properties_mark_skips(tmp_path: Path) -> None:
    body = (
        '<testsuite name="f.mjs"><testsuite name="sub">'
        '<testcase name="should pass" classname="f.mjs &gt; sub"/></testsuite>'
        '<testsuite name="quiet"><testcase name="ok" classname="f.mjs &gt; quiet"/></testsuite>'
        '<testcase name="sub" classname="f.mjs" time="0.1"/>'
        '<testcase name="quiet" classname="f.mjs" time="0.1"><failure message="plan"/></testcase>'
        '<testcase name="off" classname="f.mjs"><properties><property name="skip" value="no"/>'
        "</properties></testcase>"
        '<testcase name="later" classname="f.mjs"><properties>'
        '<property name="todo" value="soon"/></properties></testcase></testsuite>'
    )
    for keep in (True, False):
        result = read_report(str(_junit(tmp_path, body, ' name="TAP Tests"')), keep_passing=keep)
        # "quiet" failed although its suite holds no failure: that failure is kept
        assert result.input.counts == Counts(passed=2, failed=1, skipped=2)
        assert result.input.kinds == {"todo": 1}


def test_the_same_shape_under_another_root_is_read_as_written(tmp_path: Path) -> None:
    body = (
        '<testsuite name="f"><testsuite name="sub"><testcase name="a" classname="f &gt; sub"/>'
        '</testsuite><testcase name="sub" classname="f"/></testsuite>'
    )
    assert read_report(str(_junit(tmp_path, body))).input.counts == Counts(passed=2)


def test_nose2_expected_failure_unexpected_success_and_class_fixture(tmp_path: Path) -> None:
    body = (
        '<testsuite name="nose2-junit" tests="3" failures="0" errors="1" skipped="2">'
        '<testcase classname="m.C" name="test_x" time="0"><skipped message="expected test '
        'failure">AssertionError</skipped></testcase>'
        '<testcase classname="m.C" name="test_y" time="0">'
        '<skipped message="test passes unexpectedly"/></testcase>'
        '<testcase classname="m.C" name="test_z" time="0"><skipped message="not today"/>'
        "</testcase>"
        '<testcase classname="setUpClass (m" name="D)" time="0"><error message="test failure">'
        "ConnectionError</error></testcase></testsuite>"
    )
    for keep in (True, False):
        result = read_report(str(_junit(tmp_path, body)), keep_passing=keep)
        assert result.input.counts == Counts(failed=1, errors=1, skipped=2)
        assert result.input.kinds == {
            "xfail": 1,
            "unexpected success": 1,
            "suite error": 1,
        }
        assert any("unexpected success" in n.message for n in result.notices)


def test_pytest_collection_error_is_a_suite_error_on_both_paths(tmp_path: Path) -> None:
    case = '<testcase classname="" name="tests.test_broken" time="0.000"{}>'
    error = '<error message="collection failure">ImportError</error></testcase>'
    for extra in ("", ' extra="1"'):
        body = f'<testsuite name="pytest" tests="1" errors="1">{case.format(extra)}{error}'
        body += "</testsuite>"
        result = read_report(str(_junit(tmp_path, body, ' name="pytest tests"')))
        assert result.input.counts == Counts(errors=1)
        assert result.input.kinds == {"suite error": 1}
        assert not result.notices


def test_declared_skips_beyond_those_listed_are_skipped_tests(tmp_path: Path) -> None:
    suite = (
        '<testsuite name="s" tests="3" skipped="2"><testcase classname="c" name="a"/></testsuite>'
    )
    for keep in (True, False):
        result = read_report(str(_junit(tmp_path, suite)), keep_passing=keep)
        assert result.input.counts == Counts(passed=1, skipped=2)
        assert result.input.kinds == {"not listed": 2}
        assert any("declared but not listed" in n.message for n in result.notices)
        assert len(result.cases) == (3 if keep else 0)


def test_root_declared_skips_beyond_those_listed_are_skipped_tests(tmp_path: Path) -> None:
    suite = '<testsuite name="s" tests="1"><testcase classname="c" name="a"/></testsuite>'
    result = read_report(str(_junit(tmp_path, suite, ' tests="2" skipped="1"')))
    assert result.input.counts == Counts(passed=1, skipped=1)


def test_declared_skips_are_not_invented_for_summaries_or_trimmed_files(tmp_path: Path) -> None:
    summary_only = '<testsuite name="s" tests="6" skipped="2"></testsuite>'
    assert read_report(str(_junit(tmp_path, summary_only))).input.counts == Counts()
    trimmed = '<testsuite name="s" tests="500" skipped="1"><testcase classname="c" name="a"/>'
    trimmed += "</testsuite>"
    assert read_report(str(_junit(tmp_path, trimmed))).input.counts == Counts(passed=1)


def test_gotestsum_repeats_are_reruns_and_a_pass_after_a_pass_stays_passed(
    tmp_path: Path,
) -> None:
    def case(name: str, body: str = "") -> str:
        return f'<testcase classname="pkg" name="{name}" time="0.1">{body}</testcase>'

    failure = '<failure message="Failed">first run fails</failure>'
    body = (
        '<testsuite name="pkg" tests="7" failures="1" skipped="2">'
        '<properties><property name="go.version" value="go1.24"/></properties>'
        + case("TestParent/passes")
        + case("TestParent/skips", '<skipped message="not today"/>')
        + case("TestParent", failure)
        + case("TestParent/passes")
        + case("TestParent/skips", '<skipped message="not today"/>')
        + case("TestParent")
        + case("TestPlain")
        + "</testsuite>"
    )
    for keep in (True, False):
        result = read_report(str(_junit(tmp_path, body)), keep_passing=keep)
        assert result.input.counts == Counts(passed=2, skipped=1, flaky=1)


def test_catch2_sections_are_one_test_case_and_mayfail_is_an_xfail(tmp_path: Path) -> None:
    def case(name: str, body: str = "") -> str:
        attrs = f'classname="s.global" name="{name}" time="0.5" status="run"'
        return f"<testcase {attrs}>{body}</testcase>"

    mayfail = '<skipped message="TEST_CASE tagged with !mayfail"/><failure message="1 == 2"/>'
    body = (
        '<testsuite name="s" tests="7" failures="2" hostname="tbd">'
        + case("sections/first")
        + case("sections/second", '<failure message="no"/>')
        + case("sections/third")
        + case("calm/one")
        + case("calm/two")
        + case("allowed/one")
        + case("allowed/two", mayfail)
        + case("known bug", mayfail)
        + "</testsuite>"
    )
    for keep in (True, False):
        result = read_report(str(_junit(tmp_path, body)), keep_passing=keep)
        assert result.input.counts == Counts(passed=1, failed=1, skipped=2)
        assert result.input.kinds == {"xfail": 2}
        failed = [c for c in result.cases if c.outcome is Outcome.FAILED]
        assert [(c.name, c.duration) for c in failed] == [("sections", 1.5)]
        assert len(result.cases) == (4 if keep else 1)
    folded = read_reports([str(_junit(tmp_path, body))], fold=Fold(0))
    groups = folded.folded or []
    assert folded.counts == Counts(passed=1, failed=1, skipped=2)
    assert len(folded.cases) + sum(g.passed + g.skipped for g in groups) == 4


def test_doctest_subcases_are_one_test_case_and_its_caveat_is_said(tmp_path: Path) -> None:
    def case(name: str, body: str = "") -> str:
        attrs = f'classname="t.cpp" name="{name}" time="0" status="run"'
        return f"<testcase {attrs}>{body}</testcase>"

    body = (
        '<testsuite name="./t" tests="3" failures="1" doctest_version="2.4.9">'
        + case("sub/one")
        + case("sub/two", '<failure message="no"/>')
        + case("plain")
        + "</testsuite>"
    )
    result = read_report(str(_junit(tmp_path, body)))
    assert result.input.counts == Counts(passed=1, failed=1)
    assert any("should_fail" in n.message for n in result.notices)


def test_cucumber_message_less_failures_take_their_step_status(tmp_path: Path) -> None:
    def scenario(name: str, failure: str, status: str, extra: str = "") -> str:
        out = f"Given a basket.......passed\nWhen I pay.......{status}\nThen done.......skipped"
        return (
            f'<testcase classname="Shop" name="{name}" time="0.1"{extra}>{failure}'
            f"<system-out><![CDATA[{out}]]></system-out></testcase>"
        )

    for extra in ("", ' extra="1"'):  # the fast path and the slow one
        body = (
            '<testsuite name="Cucumber" tests="4" failures="4">'
            + scenario("undefined one", "<failure/>", "undefined", extra)
            + scenario("pending one", "<failure/>", "pending", extra)
            + scenario(
                "ambiguous one", "<failure>Multiple step definitions</failure>", "ambiguous", extra
            )
            + scenario("real one", '<failure message="2 !== 3">trace</failure>', "failed", extra)
            + "</testsuite>"
        )
        for keep in (True, False):
            result = read_report(str(_junit(tmp_path, body)), keep_passing=keep)
            assert result.input.counts == Counts(failed=4)
            assert result.input.kinds == {"undefined": 1, "pending": 1, "ambiguous": 1}


def test_nunit2_kinds_and_the_roots_counts(tmp_path: Path) -> None:
    def case(name: str, result: str) -> str:
        return f'<test-case name="N.C.{name}" executed="True" result="{result}" time="0.1"/>'

    cases = "".join(
        case(n, r)
        for n, r in (
            ("A", "Success"), ("B", "Ignored"), ("C", "NotRunnable"), ("D", "Inconclusive"),
        )
    )  # fmt: skip
    path = tmp_path / "n2.xml"
    path.write_text(
        '<test-results name="a.dll" total="2" errors="0" failures="0" not-run="3" '
        'inconclusive="1"><test-suite name="a.dll"><results>'
        f"{cases}</results></test-suite></test-results>",
        encoding="utf-8",
    )
    result = read_report(str(path))
    assert result.input.counts == Counts(passed=1, failed=1, skipped=2)
    assert result.input.kinds == {"ignored": 1, "invalid": 1, "inconclusive": 1}
    assert "<test-results> says not-run=3 (its results give 2)" in [
        n.message for n in result.notices
    ]


def test_ctrf_extra_kind_is_kept_where_it_lies_inside_the_outcome(tmp_path: Path) -> None:
    path = _ctrf(
        tmp_path,
        [
            {"name": "a", "status": "failed", "extra": {"kind": "invalid"}},
            {"name": "b", "status": "passed", "extra": {"kind": "invalid"}},  # not inside
            {"name": "c", "status": "skipped", "extra": {"kind": "no such kind"}},
        ],
    )
    result = read_report(str(path))
    assert result.input.kinds == {"invalid": 1}
