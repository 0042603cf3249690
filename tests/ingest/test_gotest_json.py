"""go test -json streams counted as go test and gotestsum count them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from reportgen.ingest.inputs import read_inputs
from reportgen.ingest.peers import read_path, sniff
from reportgen.ingest.sources import expand, is_saved_run
from reportgen.ingest.summary import FileResult
from reportgen.model import Counts, InputStatus, Outcome

PKG = "example.com/m/calc"


def _event(action: str, test: str | None = None, **more: Any) -> str:
    event: dict[str, Any] = {"Time": "2026-01-02T03:04:05.5Z", "Action": action, "Package": PKG}
    if test is not None:
        event["Test"] = test
    return json.dumps({**event, **more})


def _read(tmp_path: Path, lines: list[str]) -> FileResult:
    path = tmp_path / "go.json"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return read_path(str(path))


def _run(test: str, action: str, *output: str) -> list[str]:
    said = [_event("output", test, Output=line + "\n") for line in output]
    return [_event("run", test), *said, _event(action, test, Elapsed=0.25)]


def test_subtests_and_skips_are_tests_each(tmp_path: Path) -> None:
    lines = [
        *_run("TestAdd", "pass"),
        _event("run", "TestTable"),
        *_run("TestTable/small", "pass"),
        *_run("TestTable/wrong", "fail", "    calc_test.go:20: Add(2, 2) = 4, want 5"),
        *_run("TestTable/later", "skip", "    calc_test.go:24: not on this machine"),
        _event("fail", "TestTable", Elapsed=0.5),
        _event("fail", Elapsed=1.0),
    ]
    result = _read(tmp_path, lines)
    assert result.input.format == "go-test-json"
    assert result.input.counts == Counts(passed=2, failed=2, skipped=1)
    wrong = next(c for c in result.cases if c.name == "TestTable/wrong")
    assert wrong.detail is not None and wrong.detail.problem is not None
    assert wrong.detail.problem.message == "calc_test.go:20: Add(2, 2) = 4, want 5"
    assert wrong.duration == 0.25 and wrong.suite == (PKG,)


def test_a_package_that_does_not_build_is_an_error(tmp_path: Path) -> None:
    lines = [
        "# example.com/m/broken [example.com/m/broken.test]",
        "broken/broken.go:3:35: undefined: undefinedName",
        "FAIL\texample.com/m/broken [build failed]",
        *_run("TestAdd", "pass"),
        _event("pass", Elapsed=1.0),
    ]
    result = _read(tmp_path, lines)
    assert result.input.counts == Counts(passed=1, errors=1)
    assert result.input.kinds == {"suite error": 1}
    error = next(c for c in result.cases if c.outcome is Outcome.ERROR)
    assert error.name == "example.com/m/broken (build failed)"
    assert error.detail is not None and error.detail.problem is not None
    assert "undefinedName" in (error.detail.problem.details or "")
    assert result.notices == []


def test_failed_build_event_of_newer_go_is_an_error(tmp_path: Path) -> None:
    lines = [
        json.dumps(
            {"ImportPath": "x [x.test]", "Action": "build-output", "Output": "x.go:1: bad\n"}
        ),
        json.dumps({"ImportPath": "x [x.test]", "Action": "build-fail"}),
        _event("start"),
        _event("fail", Elapsed=0, FailedBuild="x [x.test]"),
    ]
    result = _read(tmp_path, lines)
    assert result.input.counts == Counts(errors=1)
    problem = result.cases[0].detail.problem  # type: ignore[union-attr]
    assert problem is not None and problem.details == "x.go:1: bad"


def test_a_panic_fails_the_running_test_and_nothing_else(tmp_path: Path) -> None:
    lines = [
        *_run("TestBefore", "pass"),
        _event("run", "TestPanics"),
        _event("output", "TestPanics", Output="panic: assignment to entry in nil map\n"),
        _event("fail", Elapsed=0.1),
    ]
    result = _read(tmp_path, lines)
    assert result.input.counts == Counts(passed=1, failed=1)


def test_a_package_failing_outside_its_tests_is_an_error(tmp_path: Path) -> None:
    lines = [*_run("TestA", "pass"), _event("output", Output="TestMain exits 1\n"), _event("fail")]
    result = _read(tmp_path, lines)
    assert result.input.counts == Counts(passed=1, errors=1)


def test_count_reruns_are_each_counted_with_a_notice(tmp_path: Path) -> None:
    result = _read(tmp_path, [*_run("TestA", "pass"), *_run("TestA", "fail"), _event("fail")])
    assert result.input.counts == Counts(passed=1, failed=1)
    assert any("ran more than once" in n.message for n in result.notices)


def test_a_cut_stream_is_partial_and_the_running_test_an_error(tmp_path: Path) -> None:
    result = _read(tmp_path, [*_run("TestA", "pass"), _event("run", "TestB")])
    assert result.input.status is InputStatus.PARTIAL
    assert result.input.counts == Counts(passed=1, errors=1)
    assert result.input.problem is not None and result.input.problem.line == 3


def test_lines_that_are_not_events_are_said_not_read(tmp_path: Path) -> None:
    result = _read(tmp_path, [*_run("TestA", "pass"), "{not json", '{"x": 1}', "garbage"])
    assert result.input.counts == Counts(passed=1)
    (notice,) = result.notices
    assert notice.line == 3 and notice.message.startswith("3 lines that are not go test -json")


def test_sniffed_by_content_in_directories_and_not_a_saved_run(tmp_path: Path) -> None:
    assert sniff(_event("start").encode()) == "go-test-json"
    assert sniff(b'# pkg\nx.go:1: bad\n{"Action":"run","Test":"T"}\n') == "go-test-json"
    assert sniff(b'{"Action": "deploy"}\n') is None
    path = tmp_path / "stream.json"
    path.write_text("\n".join(_run("TestA", "pass")) + "\n", encoding="utf-8")
    (tmp_path / "events.jsonl").write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    assert not is_saved_run(str(path))
    assert sorted(Path(p).name for p in expand([str(tmp_path)]).paths) == [
        "events.jsonl",
        "stream.json",
    ]


def test_named_on_the_command_line_it_is_not_read_as_a_saved_run(tmp_path: Path) -> None:
    # a go stream named directly must not be refused as a damaged saved run
    path = tmp_path / "stream.json"
    path.write_text("\n".join(_run("TestA", "pass")) + "\n", encoding="utf-8")
    from datetime import UTC

    run = read_inputs([str(path)], assume_tz=UTC)
    assert "saved" not in (run.inputs[0].problem.message if run.inputs[0].problem else "")


def test_read_through_read_reports_like_any_report(tmp_path: Path) -> None:
    from reportgen.ingest import read_reports

    (tmp_path / "go.json").write_text("\n".join(_run("TestA", "fail")) + "\n", encoding="utf-8")
    run = read_reports([str(tmp_path)])
    assert run.inputs[0].format == "go-test-json" and run.counts == Counts(failed=1)


def test_a_package_without_its_last_event_makes_the_file_partial(tmp_path: Path) -> None:
    result = _read(tmp_path, [_event("start"), *_run("TestA", "pass")])
    assert result.input.status is InputStatus.PARTIAL
    assert result.input.counts == Counts(passed=1)
    assert result.input.problem is not None
    assert "before 1 package finished" in result.input.problem.message


def test_a_last_line_cut_mid_event_makes_the_file_partial(tmp_path: Path) -> None:
    path = tmp_path / "go.json"
    lines = [*_run("TestA", "pass"), _event("pass", Elapsed=1.0)]
    path.write_text("\n".join(lines) + '\n{"Time":"2026-01-01T00:00:01Z","Action":"fa')
    result = read_path(str(path))
    assert result.input.status is InputStatus.PARTIAL
    assert result.input.problem is not None and result.input.problem.line == 4
    assert "cut off mid-event at line 4" in result.input.problem.message


def test_a_second_run_of_an_ended_package_is_not_dropped(tmp_path: Path) -> None:
    lines = [
        *_run("TestA", "pass"),
        _event("pass", Elapsed=1.0),
        _event("run", "TestA"),
        _event("output", "TestA", Output="panic: boom\n"),
    ]
    result = _read(tmp_path, lines)
    assert result.input.status is InputStatus.PARTIAL
    assert result.input.counts == Counts(passed=1, errors=1)
    error = next(c for c in result.cases if c.outcome is Outcome.ERROR)
    assert error.detail is not None and error.detail.problem is not None
    assert "panic: boom" in (error.detail.problem.details or "")


def test_output_kept_per_test_is_bounded_and_the_cut_marked(tmp_path: Path) -> None:
    line = "x" * 100_000
    result = _read(tmp_path, [*_run("TestBig", "fail", *[line] * 50), _event("fail")])
    (case,) = result.cases
    assert case.detail is not None and case.detail.problem is not None
    assert case.detail.problem.truncated
    from reportgen.ingest import gotest_json

    big = gotest_json._Output()
    for _ in range(50):
        big.add(line)
    assert big.size == gotest_json._OUTPUT_CHARS
    assert (
        big.text()[-1]
        == f"[... {50 * 100_000 - gotest_json._OUTPUT_CHARS:,} more characters of output not kept]"
    )


def test_plain_go_test_output_is_refused_with_the_way_to_get_events(tmp_path: Path) -> None:
    path = tmp_path / "go.txt"
    path.write_text(
        "ok  \texample.com/a\t0.012s\n--- FAIL: TestB (0.00s)\n    b_test.go:5: boom\n"
        "FAIL\nFAIL\texample.com/b\t0.010s\nFAIL\n"
    )
    result = read_path(str(path))
    assert result.input.status is InputStatus.REJECTED
    assert result.input.format == "go-test-json"
    assert result.input.problem is not None and "go test -json" in result.input.problem.hint
    assert sniff(b"1..2\nok 1 - a\nok 2 - b\n") == "tap"


def test_test_time_is_the_sum_of_the_tests_elapsed(tmp_path: Path) -> None:
    lines = [*_run("TestA", "fail"), *_run("TestB", "pass"), _event("fail", Elapsed=12)]
    result = _read(tmp_path, lines)  # every event carries the same time
    assert result.input.duration == 0.5


def test_an_unknown_action_is_said(tmp_path: Path) -> None:
    lines = [*_run("TestA", "pass"), _event("FAIL", "TestC"), _event("pass")]
    result = _read(tmp_path, lines)
    assert result.input.counts == Counts(passed=1)
    (notice,) = result.notices
    assert notice.line == 3 and "the action 'FAIL'" in notice.message


def test_failure_text_past_the_files_budget_is_cut_short_with_a_notice(tmp_path: Path) -> None:
    from reportgen.ingest.state import TEXT_BUDGET

    line = "y" * 9_000
    tests = TEXT_BUDGET // 8_000 + 20  # each keeps about 8,000 characters of failure text
    lines = [ln for n in range(tests) for ln in _run(f"Test{n}", "fail", line)]
    result = _read(tmp_path, [*lines, _event("fail")])
    assert result.input.counts == Counts(failed=tests)
    last = result.cases[-1].detail
    assert last is not None and last.problem is not None and last.problem.details is not None
    assert len(last.problem.details) < 400
    assert any("failure texts cut to 300 characters" in n.message for n in result.notices)
