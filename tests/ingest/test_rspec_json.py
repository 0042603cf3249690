"""RSpec's JSON formatter counted as RSpec counts: pending, PendingExampleFixedError, errors
outside of examples."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from reportgen.ingest.peers import read_path, sniff
from reportgen.ingest.summary import FileResult
from reportgen.model import Counts, InputStatus, Outcome


def _example(description: str, status: str, **more: Any) -> dict[str, Any]:
    return {
        "id": "./spec/a_spec.rb[1:1]",
        "description": description,
        "full_description": f"Arithmetic {description}",
        "status": status,
        "file_path": "./spec/a_spec.rb",
        "line_number": 3,
        "run_time": 0.5,
        "pending_message": None,
        **more,
    }


def _report(outside: int = 0, messages: list[str] | None = None) -> str:
    failure = {
        "class": "RSpec::Expectations::ExpectationNotMetError",
        "message": "expected 5",
        "backtrace": ["./spec/a_spec.rb:8"],
    }
    return json.dumps({
        "version": "3.12.2",
        "messages": messages or [],
        "examples": [
            _example("adds", "passed"),
            _example("wrong sum", "failed", exception=failure),
            _example("still failing", "pending", pending_message="not fixed yet"),
            _example("without a body", "pending", pending_message="Not yet implemented"),
        ],
        "summary": {"duration": 0.1, "example_count": 4, "failure_count": 1, "pending_count": 2,
                    "errors_outside_of_examples_count": outside},
        "summary_line": "4 examples, 1 failure, 2 pending",
    })  # fmt: skip


def _read(tmp_path: Path, text: str) -> FileResult:
    path = tmp_path / "rspec.json"
    path.write_text(text, encoding="utf-8")
    return read_path(str(path))


def test_examples_count_as_rspec_counts(tmp_path: Path) -> None:
    result = _read(tmp_path, _report())
    assert result.input.format == "rspec-json"
    assert result.input.counts == Counts(passed=1, failed=1, skipped=2)
    wrong = next(c for c in result.cases if c.name == "wrong sum")
    assert wrong.classname == "Arithmetic" and wrong.line == 3 and wrong.file == "./spec/a_spec.rb"
    assert wrong.detail is not None and wrong.detail.problem is not None
    assert wrong.detail.problem.type == "RSpec::Expectations::ExpectationNotMetError"
    pending = next(c for c in result.cases if c.name == "still failing")
    assert pending.detail is not None and pending.detail.skip_message == "not fixed yet"


def test_an_error_outside_of_examples_is_an_error(tmp_path: Path) -> None:
    message = "\nAn error occurred while loading ./spec/broken_spec.rb.\nNameError: x\n"
    result = _read(tmp_path, _report(outside=1, messages=["Run options: seed 1", message]))
    assert result.input.counts == Counts(passed=1, failed=1, skipped=2, errors=1)
    assert result.input.kinds == {"suite error": 1}
    error = next(c for c in result.cases if c.outcome is Outcome.ERROR)
    assert "while loading ./spec/broken_spec.rb" in error.name


def test_a_cut_file_is_partial(tmp_path: Path) -> None:
    text = _report()
    result = _read(tmp_path, text[: text.index('"still failing"')])
    assert result.input.status is InputStatus.PARTIAL
    assert result.input.counts == Counts(passed=1, failed=1)


def test_an_unknown_status_is_an_error_said_once(tmp_path: Path) -> None:
    text = _report().replace('"status": "passed"', '"status": "exploded"')
    result = _read(tmp_path, text)
    assert result.input.counts.errors == 1
    assert any("unknown outcome 'exploded'" in n.message for n in result.notices)


def test_sniffed_by_content() -> None:
    assert sniff(_report().encode()) == "rspec-json"
    assert sniff(b'{"version": "1.0", "name": "x"}') is None


def test_a_key_given_twice_stops_the_reading_with_the_line(tmp_path: Path) -> None:
    text = _report().replace('"status": "passed"', '"status": "passed", "status": "failed"')
    result = _read(tmp_path, text)
    assert result.input.status is InputStatus.REJECTED
    assert result.input.problem is not None
    assert "'status' appears twice" in result.input.problem.message


def test_a_huge_count_of_errors_outside_of_examples_stays_bounded(tmp_path: Path) -> None:
    text = (
        '{"version":"3.13.0","messages":["An error occurred while loading ./x_spec.rb"],'
        '"examples":[],"summary":{"duration":0.1,"example_count":0,"failure_count":0,'
        '"pending_count":0,"errors_outside_of_examples_count":100000000}}'
    )
    path = tmp_path / "rspec.json"
    path.write_text(text, encoding="utf-8")
    result = read_path(str(path))
    assert result.input.counts == Counts(errors=2)
    first, rest = result.cases
    assert first.name.startswith("error outside of examples #1: An error occurred while")
    assert rest.name == (
        "errors outside of examples #2-100000000: 99999999 more errors occurred outside of examples"
    )
    assert any("100000000 errors outside of examples" in n.message for n in result.notices)


def test_failures_the_summary_declares_beyond_the_examples_are_unread(tmp_path: Path) -> None:
    text = (
        '{"version":"3.13.0","examples":[{"id":"1","description":"a","full_description":"S a",'
        '"status":"passed","run_time":0.1}],"summary":{"duration":0.1,"example_count":1,'
        '"failure_count":1,"pending_count":0,"errors_outside_of_examples_count":0}}'
    )
    path = tmp_path / "rspec.json"
    path.write_text(text, encoding="utf-8")
    for keep in (True, False):
        result = read_path(str(path), keep_passing=keep)
        assert result.input.counts == Counts(passed=1)
        assert result.input.unread_failures == 1


def test_a_summary_given_twice_is_refused(tmp_path: Path) -> None:
    text = (
        '{"version":"3.13.0","examples":[{"description":"a","status":"passed"}],'
        '"summary":{"example_count":1,"errors_outside_of_examples_count":1},'
        '"summary":{"example_count":1,"errors_outside_of_examples_count":0}}'
    )
    path = tmp_path / "rspec.json"
    path.write_text(text, encoding="utf-8")
    result = read_path(str(path))
    assert result.input.status is InputStatus.PARTIAL
    assert result.input.problem is not None
    assert "'summary' appears twice" in result.input.problem.message


def test_deep_nesting_in_an_example_is_refused(tmp_path: Path) -> None:
    deep = "[" * 5_000 + "]" * 5_000
    text = (
        '{"version":"3.13.0","examples":[{"description":"a","status":"failed",'
        f'"exception":{{"deep":{deep}}}}}],"summary":{{"example_count":1}}}}'
    )
    path = tmp_path / "rspec.json"
    path.write_text(text, encoding="utf-8")
    result = read_path(str(path))
    assert result.input.status is InputStatus.REJECTED
    assert result.input.problem is not None
    assert "nested more than 256 levels deep" in result.input.problem.message


def test_examples_that_are_not_a_list_are_a_problem(tmp_path: Path) -> None:
    path = tmp_path / "rspec.json"
    path.write_text(
        '{"version":"3.13.0","examples":{"0":{"status":"failed"}},"summary":{}}', encoding="utf-8"
    )
    result = read_path(str(path))
    assert result.input.status is InputStatus.REJECTED
    assert result.input.problem is not None
    assert "'examples' is not a list" in result.input.problem.message
