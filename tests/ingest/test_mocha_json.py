"""mocha's json reporter counted as mocha's stats count: pending, hooks, retries."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from reportgen.ingest.inputs import read_inputs
from reportgen.ingest.peers import read_path, sniff
from reportgen.ingest.sources import expand, is_saved_run
from reportgen.ingest.summary import FileResult
from reportgen.model import Counts, InputStatus, Outcome

HOOK = '"before each" hook for "first victim"'


def _test(title: str, **more: Any) -> dict[str, Any]:
    return {"title": title, "fullTitle": f"suite {title}", "file": "/p/a.spec.js", **more}


def _report(stats: dict[str, int] | None = None) -> dict[str, Any]:
    fail = {
        "message": "4 !== 5",
        "stack": "AssertionError: 4 !== 5\n at x",
        "name": "AssertionError",
    }
    tests = [
        _test("adds", duration=1, currentRetry=0, err={}),
        _test("wrong sum", duration=2, currentRetry=0, err=fail),
        _test("skipped for now", currentRetry=0, err={}),
        _test("second try", duration=0, currentRetry=1, err={}),
    ]
    hook = _test(HOOK, err={"message": "hook boom"})
    return {
        "stats": stats or {"suites": 1, "tests": 4, "passes": 2, "pending": 1, "failures": 2,
                           "start": "2026-01-02T03:04:05.000Z", "end": "2026-01-02T03:04:06.500Z"},
        "tests": tests,
        "pending": [tests[2]],
        "failures": [tests[1], hook],
        "passes": [tests[0], tests[3]],
    }  # fmt: skip


def _read(tmp_path: Path, text: str) -> FileResult:
    path = tmp_path / "mocha.json"
    path.write_text(text, encoding="utf-8")
    return read_path(str(path))


def test_counts_are_mochas_stats(tmp_path: Path) -> None:
    result = _read(tmp_path, json.dumps(_report(), indent=2))
    assert result.input.format == "mocha-json"
    # mocha's passes (2) are a pass and a test that passed on its retry
    assert result.input.counts == Counts(passed=1, failed=2, skipped=1, flaky=1)
    assert result.notices == []
    assert result.input.duration == 1.5


def test_a_failing_hook_is_one_failure(tmp_path: Path) -> None:
    result = _read(tmp_path, json.dumps(_report()))
    hook = next(c for c in result.cases if c.name == HOOK)
    assert hook.outcome is Outcome.FAILED
    assert hook.detail is not None and hook.detail.problem is not None
    assert hook.detail.problem.message == "hook boom"
    wrong = next(c for c in result.cases if c.name == "wrong sum")
    assert wrong.classname == "suite" and wrong.duration == 0.002


def test_output_before_the_json_is_skipped_with_a_notice(tmp_path: Path) -> None:
    result = _read(tmp_path, "hello from a test\n" + json.dumps(_report(), indent=2))
    assert result.input.counts.total == 5
    assert result.notices[0].message.startswith("1 line before the JSON")


def test_stats_that_disagree_are_said(tmp_path: Path) -> None:
    stats = {"suites": 1, "tests": 9, "passes": 7, "pending": 1, "failures": 2}
    result = _read(tmp_path, json.dumps(_report(stats)))
    assert any("mocha's stats say 7 passes" in n.message for n in result.notices)


def test_a_cut_file_keeps_what_was_read_and_names_the_line(tmp_path: Path) -> None:
    text = json.dumps(_report(), indent=2)
    result = _read(tmp_path, text[: text.index('"skipped for now"')])
    assert result.input.status is InputStatus.PARTIAL
    assert result.input.counts == Counts(passed=1, failed=1)
    assert result.input.problem is not None and result.input.problem.line is not None
    assert f"line {result.input.problem.line}" in result.input.problem.message


def test_sniffed_by_content(tmp_path: Path) -> None:
    text = json.dumps(_report())
    assert sniff(text.encode()) == "mocha-json"
    assert sniff(b'{"stats": {"count": 3}}') is None
    (tmp_path / "mocha.json").write_text(text, encoding="utf-8")
    (tmp_path / "timings.json").write_text('{"timings": []}', encoding="utf-8")
    assert not is_saved_run(str(tmp_path / "mocha.json"))
    assert [Path(p).name for p in expand([str(tmp_path)]).paths] == ["mocha.json"]


def _gate(path: Path, keep_passing: bool = True) -> list[str]:
    from datetime import UTC

    from reportgen.gate import parse_fail_on, run_reasons

    run = read_inputs([str(path)], assume_tz=UTC, keep_passing=keep_passing)
    return run_reasons(run, parse_fail_on(["failures"]))


def test_failures_the_stats_declare_beyond_the_tests_fail_the_gate(tmp_path: Path) -> None:
    # an edited report: two tests that pass, while mocha's stats count one failure
    report = {
        "stats": {"suites": 1, "tests": 2, "passes": 1, "pending": 0, "failures": 1},
        "tests": [_test("a", duration=1, err={}), _test("b", duration=1, err={})],
        "pending": [], "failures": [], "passes": [],
    }  # fmt: skip
    path = tmp_path / "mocha.json"
    path.write_text(json.dumps(report), encoding="utf-8")
    for keep in (True, False):  # the summary command keeps no passes: the check still runs
        result = read_path(str(path), keep_passing=keep)
        assert result.input.unread_failures == 1
        assert any("mocha's stats say" in n.message for n in result.notices)
        assert _gate(path, keep) == [
            f"{path} declares 1 more failure or error than its test cases hold (--fail-on failures)"
        ]


def test_tests_that_are_not_a_list_are_a_problem(tmp_path: Path) -> None:
    text = '{"stats":{"passes":0,"pending":0,"failures":1},"tests":{"0":{"title":"a"}}}'
    result = _read(tmp_path, text)
    assert result.input.status is InputStatus.REJECTED
    assert result.input.problem is not None
    assert "'tests' is not a list" in result.input.problem.message


def test_a_json_line_printed_before_the_report_is_skipped(tmp_path: Path) -> None:
    lead = 'starting\n{"config":"loaded"}\n'
    result = _read(tmp_path, lead + json.dumps(_report(), indent=2))
    assert result.input.status is InputStatus.OK
    assert result.input.counts == Counts(passed=1, failed=2, skipped=1, flaky=1)
    assert result.notices[0].message.startswith("2 lines before the JSON")


def test_npm_lines_after_the_json_are_a_notice_not_a_cut(tmp_path: Path) -> None:
    text = json.dumps(_report(), indent=2) + "\nnpm ERR! Test failed.  See above.\n"
    result = _read(tmp_path, text)
    assert result.input.status is InputStatus.OK and result.input.problem is None
    assert result.input.counts == Counts(passed=1, failed=2, skipped=1, flaky=1)
    assert any("text after the complete JSON" in n.message for n in result.notices)


def test_nesting_past_the_limit_is_refused_in_bounded_memory(tmp_path: Path) -> None:
    import tracemalloc

    depth = 5_000
    report = _report()
    text = json.dumps(report).replace('"hook boom"', "[" * depth + "]" * depth)
    tracemalloc.start()
    try:
        result = _read(tmp_path, text)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert result.input.status is InputStatus.REJECTED
    assert result.input.counts.total == 0 and result.cases == []
    assert result.input.problem is not None
    assert "nested more than 256 levels deep" in result.input.problem.message
    assert result.input.path.endswith("mocha.json")
    assert peak < 20_000_000  # ijson's own prefix strings would hold about 60 MB here


def test_a_key_given_twice_at_the_top_is_refused(tmp_path: Path) -> None:
    text = json.dumps(_report())
    text = text[:-1] + ', "stats": {"passes": 9, "pending": 0, "failures": 0}}'
    result = _read(tmp_path, text)
    assert result.input.problem is not None
    assert "'stats' appears twice" in result.input.problem.message
