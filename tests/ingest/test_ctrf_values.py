"""CTRF values that are missing or out of range: counted, never dropped, and said."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from reportgen.ingest import read_report, read_reports
from reportgen.model import InputStatus, Outcome


def _ctrf(tmp_path: Path, tests: list[Any], text: str | None = None) -> Path:
    path = tmp_path / "ctrf-report.json"
    summary = {"tests": len(tests), "failed": 2, "passed": 1}
    body = {"results": {"tool": {"name": "jest"}, "summary": summary, "tests": tests}}
    path.write_text(text or json.dumps(body), encoding="utf-8")
    return path


def test_failed_tests_without_a_name_are_counted_named_from_their_position(
    tmp_path: Path,
) -> None:
    tests = [
        {"name": "ok", "status": "passed"},
        {"status": "failed", "message": "boom"},
        {"name": "", "status": "failed"},
    ]
    run = read_reports([str(_ctrf(tmp_path, tests))])
    assert (run.counts.total, run.counts.passed, run.counts.failed) == (3, 1, 2)
    assert [c.name for c in run.failures()] == ["test #2", "test #3"]
    assert [n.message for n in run.notices] == [
        "2 tests without a name (first: test #2): named from their position"
    ]


def test_an_entry_that_is_not_an_object_counts_as_an_error(tmp_path: Path) -> None:
    run = read_reports([str(_ctrf(tmp_path, [{"name": "ok", "status": "passed"}, 7]))])
    assert (run.counts.total, run.counts.errors) == (2, 1)
    assert run.failures()[0].name == "test #2"
    assert any("1 test that is not an object (first: test #2)" in n.message for n in run.notices)


def test_a_duration_that_is_not_a_number_is_zero_with_a_notice(tmp_path: Path) -> None:
    text = (
        '{"results": {"tool": {"name": "jest"}, "summary": {"tests": 4}, "tests": ['
        '{"name": "nan", "status": "passed", "duration": NaN},'
        '{"name": "inf", "status": "passed", "duration": Infinity},'
        '{"name": "neg", "status": "passed", "duration": -5},'
        '{"name": "fine", "status": "passed", "duration": 1500}]}}'
    )
    result = read_report(str(_ctrf(tmp_path, [], text)))
    assert {c.name: c.duration for c in result.cases} == {
        "nan": 0.0,
        "inf": 0.0,
        "neg": 0.0,
        "fine": 1.5,
    }
    assert [n.message for n in result.notices] == [
        "3 tests whose duration is not a finite number of milliseconds between 0 and ten years "
        "(first: test #1): counted as 0 s"
    ]


def test_retries_out_of_range_are_not_used_with_a_notice(tmp_path: Path) -> None:
    tests = [
        {"name": "huge", "status": "passed", "retries": 1e30},
        {"name": "half", "status": "passed", "retries": 1.5},
        {"name": "two", "status": "passed", "retries": 2.0},
    ]
    result = read_report(str(_ctrf(tmp_path, tests)))
    by_name = {c.name: c for c in result.cases}
    assert (by_name["huge"].attempts, by_name["huge"].outcome) == (1, Outcome.PASSED)
    assert by_name["half"].attempts == 1
    assert (by_name["two"].attempts, by_name["two"].outcome) == (3, Outcome.FLAKY)
    assert [n.message for n in result.notices] == [
        "2 tests whose retries is not a whole number from 0 to 1,000,000 (first: test #1): not used"
    ]


def test_a_repeated_key_inside_a_test_is_refused(tmp_path: Path) -> None:
    text = (
        '{"results": {"tool": {"name": "jest"}, "summary": {"tests": 1}, "tests": ['
        '{"name": "t", "status": "failed", "status": "passed"}]}}'
    )
    result = read_report(str(_ctrf(tmp_path, [], text)))
    assert result.input.status is InputStatus.REJECTED
    assert result.input.problem is not None
    assert "the key 'status' appears twice" in result.input.problem.message
