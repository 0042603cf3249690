"""Cucumber's message stream counted as its JSON is: worst step wins, undefined/pending fail,
a retried attempt is an attempt; cut or garbled lines are notices, never exceptions."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from reportgen.ingest import cucumber_messages
from reportgen.ingest.peers import read_path, sniff
from reportgen.ingest.summary import FileResult
from reportgen.model import Counts, InputStatus, Outcome

URI = "features/basket.feature"


class Run:
    """A message stream as cucumber-js writes it, scenario by scenario."""

    def __init__(self) -> None:
        self.head: list[dict[str, Any]] = [
            {"meta": {"protocolVersion": "32.2.0", "implementation": {"name": "cucumber-js"}}},
            {"source": {"data": "Feature: Basket\n", "uri": URI}},
        ]
        self.steps: list[dict[str, Any]] = []  # gherkin steps, for their keywords
        self.body: list[dict[str, Any]] = []
        self.count = 0
        self.failed = False  # a last attempt that fails the run

    def scenario(
        self,
        name: str,
        *attempts: tuple[str, ...],
        hooks: tuple[str, ...] = (),
        line: int = 2,
        retried_in_step: bool = False,
    ) -> None:
        """One pickle with a step (or hook, "before:"/"after:" first) per status of the first
        attempt; each attempt after it has the same steps (a retry)."""
        self.count += 1
        n = self.count
        failing = {"failed", "ambiguous", "undefined", "pending"}
        self.failed |= any(s.split(":")[-1] in failing for s in attempts[-1])
        pickle_steps, test_steps = [], []
        for i, status in enumerate(attempts[0]):
            if status.startswith(("before:", "after:")):
                test_steps.append({"id": f"ts{n}.{i}", "hookId": "h1"})
                continue
            self.steps.append({"id": f"g{n}.{i}", "keyword": "Given ", "text": f"step {i}"})
            pickle_steps.append(
                {"id": f"ps{n}.{i}", "text": f"step {i}", "astNodeIds": [f"g{n}.{i}"]}
            )
            test_steps.append({"id": f"ts{n}.{i}", "pickleStepId": f"ps{n}.{i}"})
        self.head.append({"pickle": {"id": f"p{n}", "uri": URI, "name": name,
                                     "location": {"line": line}, "steps": pickle_steps,
                                     "astNodeIds": [f"s{n}"]}})  # fmt: skip
        self.body.append(
            {"testCase": {"id": f"tc{n}", "pickleId": f"p{n}", "testSteps": test_steps}}
        )
        for a, statuses in enumerate(attempts):
            started = f"tcs{n}.{a}"
            self.body.append(
                {"testCaseStarted": {"id": started, "testCaseId": f"tc{n}", "attempt": a}}
            )
            retried = a < len(attempts) - 1
            for i, status in enumerate(statuses):
                result: dict[str, Any] = {
                    "status": status.split(":")[-1].upper(),
                    "duration": {"seconds": 0, "nanos": 250_000_000},
                }
                if status.endswith("failed"):
                    result["message"] = f"AssertionError: attempt {a + 1}"
                if retried_in_step and retried:
                    result["willBeRetried"] = True
                self.body.append({"testStepFinished": {"testCaseStartedId": started,
                                                       "testStepId": f"ts{n}.{i}",
                                                       "testStepResult": result}})  # fmt: skip
            finished: dict[str, Any] = {"testCaseStartedId": started}
            if not retried_in_step:
                finished["willBeRetried"] = retried
            self.body.append({"testCaseFinished": finished})

    def text(self, success: bool | None = None, finished: bool = True) -> str:
        scenario = {"id": "s1", "location": {"line": 2}, "steps": self.steps}
        feature = {"name": "Basket", "children": [{"scenario": scenario}]}
        document = {"gherkinDocument": {"uri": URI, "feature": feature}}
        tail: list[dict[str, Any]] = []
        if finished:
            verdict = success if success is not None else not self.failed
            tail.append({"testRunFinished": {"success": verdict}})
        lines = [*self.head[:2], document, *self.head[2:], *self.body, *tail]
        return "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines)


def _read(tmp_path: Path, text: str | bytes, keep_passing: bool = True) -> FileResult:
    path = tmp_path / "cucumber.ndjson"
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    return read_path(str(path), keep_passing=keep_passing)


@pytest.mark.parametrize(
    ("statuses", "outcome"),
    [
        (("passed", "passed"), Outcome.PASSED),
        (("passed", "failed", "skipped"), Outcome.FAILED),
        (("passed", "undefined", "skipped"), Outcome.FAILED),
        (("passed", "pending", "skipped"), Outcome.FAILED),
        (("passed", "ambiguous"), Outcome.FAILED),
        (("skipped", "skipped"), Outcome.SKIPPED),
        (("passed", "unknown"), Outcome.ERROR),
        (("passed", "exploded"), Outcome.ERROR),
    ],
)
def test_a_scenario_is_its_worst_step(
    tmp_path: Path, statuses: tuple[str, ...], outcome: Outcome
) -> None:
    run = Run()
    run.scenario("s", statuses)
    result = _read(tmp_path, run.text())
    assert result.input.format == "cucumber-messages"
    assert [c.outcome for c in result.cases] == [outcome]
    if outcome is Outcome.ERROR:
        assert [n.message for n in result.notices] == [
            f"1 scenario with the unknown step status '{statuses[-1]}' counted as errors"
        ]


def test_scenarios_are_tests_named_in_their_feature(tmp_path: Path) -> None:
    run = Run()
    run.scenario("one", ("passed",))
    run.scenario("rows 1", ("passed",), line=8)
    run.scenario("rows 2", ("passed", "undefined", "skipped"), line=9)
    result = _read(tmp_path, run.text())
    assert result.input.status is InputStatus.OK
    assert result.input.counts == Counts(passed=2, failed=1)
    assert result.input.kinds == {"undefined": 1}
    row = result.cases[2]
    assert (row.name, row.classname, row.suite, row.file, row.line) == (
        "rows 2", "Basket", ("Basket",), URI, 9,
    )  # fmt: skip
    assert row.kind == "undefined"
    assert row.detail is not None and row.detail.problem is not None
    assert row.detail.problem.kind == "undefined"
    assert row.detail.problem.message == "undefined: Given step 1"
    assert result.cases[0].duration == 0.25  # {seconds, nanos}
    assert result.notices == []


def test_a_failing_hook_fails_the_scenario_and_is_named(tmp_path: Path) -> None:
    run = Run()
    run.scenario("hooked", ("before:passed", "passed", "after:failed"))
    run.scenario("before", ("before:failed", "skipped"))
    result = _read(tmp_path, run.text())
    assert [c.outcome for c in result.cases] == [Outcome.FAILED, Outcome.FAILED]
    messages = [c.detail.problem.message for c in result.cases]  # type: ignore[union-attr]
    assert messages == ["failed: After hook", "failed: Before hook"]
    assert result.cases[0].detail.problem.details == "AssertionError: attempt 1"  # type: ignore[union-attr]


@pytest.mark.parametrize("retried_in_step", [False, True])
def test_a_scenario_that_passes_on_retry_is_flaky(tmp_path: Path, retried_in_step: bool) -> None:
    run = Run()
    run.scenario(
        "flaky", ("passed", "failed"), ("passed", "passed"), retried_in_step=retried_in_step
    )
    run.scenario("broken", ("failed",), ("failed",), retried_in_step=retried_in_step)
    result = _read(tmp_path, run.text())
    assert result.input.counts == Counts(failed=1, flaky=1)
    flaky, broken = result.cases
    assert (flaky.outcome, flaky.attempts, flaky.duration) == (Outcome.FLAKY, 2, 1.0)
    assert flaky.detail is not None and flaky.detail.problem is not None
    assert flaky.detail.problem.details == "AssertionError: attempt 1"  # its first failure
    assert (broken.outcome, broken.attempts) == (Outcome.FAILED, 2)
    assert broken.detail is not None and broken.detail.problem is not None
    assert broken.detail.problem.details == "AssertionError: attempt 2"  # its last
    assert [p.details for p in broken.detail.attempts] == ["AssertionError: attempt 1"]


def test_a_garbled_line_is_a_notice_naming_it(tmp_path: Path) -> None:
    run = Run()
    run.scenario("one", ("passed",))
    run.scenario("two", ("failed",))
    lines = run.text().splitlines(keepends=True)
    lines.insert(3, "npm WARN something\n")
    lines.insert(5, '{"pickle": {"id": "x", "id": "y"}}\n')  # a key twice
    lines.insert(6, '{"attachment": {"body": "\\u0000\x1b[31m" \n')  # skipped unparsed
    result = _read(tmp_path, "".join(lines))
    assert result.input.status is InputStatus.OK
    assert result.input.counts == Counts(passed=1, failed=1)
    (notice,) = result.notices
    assert notice.line == 4
    assert notice.message == "2 lines not a Cucumber message (cut or garbled) not read: line 4, 6"


def test_a_lost_step_result_is_never_a_pass(tmp_path: Path) -> None:
    run = Run()
    run.scenario("lost", ("passed", "failed"))
    text = "".join(
        line
        for line in run.text().splitlines(keepends=True)
        if '"ts1.1"' not in line or '"testCase"' in line
    )
    result = _read(tmp_path, text)
    (case,) = result.cases
    assert case.outcome is Outcome.ERROR
    assert case.detail.problem.message == "missing: Given step 1"  # type: ignore[union-attr]
    assert "1 scenario without the result of every step counted as errors" in [
        n.message for n in result.notices
    ]


def test_a_cut_stream_is_partial_and_keeps_what_finished(tmp_path: Path) -> None:
    run = Run()
    run.scenario("one", ("passed",))
    run.scenario("two", ("failed",), ("passed",))
    run.scenario("three", ("passed", "passed"))
    text = run.text()
    retry = text.index('{"testCaseStarted": {"id": "tcs2.1"')
    # cut after the first attempt of "two" failed and was to be retried
    result = _read(tmp_path, text[:retry])
    assert result.input.status is InputStatus.PARTIAL
    assert result.input.counts == Counts(passed=1, failed=1)
    assert result.input.problem is not None and "no testRunFinished" in result.input.problem.message
    assert any("ends before the retry" in n.message for n in result.notices)
    # cut mid-line inside "three": it had started, so it is said and not counted
    middle = text.index('"testStepId": "ts3.1"')
    cut = _read(tmp_path, text[:middle])
    assert cut.input.counts == Counts(passed=1, flaky=1)
    assert cut.input.problem is not None
    assert "cut mid-line" in cut.input.problem.message
    assert "1 scenario that had started are not counted" in cut.input.problem.message


def test_a_stream_cut_anywhere_never_raises_nor_passes_a_failure(tmp_path: Path) -> None:
    run = Run()
    run.scenario("one", ("passed",))
    run.scenario("two", ("before:passed", "passed", "failed"), ("passed", "passed", "failed"))
    run.scenario("three", ("passed", "pending"))
    data = run.text().encode()
    for cut in range(1, len(data), 7):
        for damaged in (data[:cut], data[:cut] + b"\x00\xff{[" + data[cut:]):
            result = _read(tmp_path, damaged)
            if result.input.format is None:
                continue
            assert result.input.counts.passed <= 1
            assert result.input.counts.flaky == 0


def test_lean_reading_counts_the_same(tmp_path: Path) -> None:
    run = Run()
    run.scenario("one", ("passed",))
    run.scenario("two", ("failed",), ("passed",))
    run.scenario("three", ("skipped",))
    result = _read(tmp_path, run.text(), keep_passing=False)
    assert result.input.counts == Counts(passed=1, skipped=1, flaky=1)
    assert [c.name for c in result.cases] == ["two"]


def test_a_run_cucumber_failed_without_a_failing_scenario_shows_an_error(tmp_path: Path) -> None:
    run = Run()
    run.scenario("one", ("passed",))
    text = run.text(success=False).replace(
        '"success": false', '"success": false, "exception": {"message": "BeforeAll blew up"}'
    )
    result = _read(tmp_path, text)
    assert result.input.counts == Counts(passed=1, errors=1)
    error = result.cases[-1]
    assert (error.name, error.kind) == ("test run", "suite error")
    assert error.detail.problem.details == "BeforeAll blew up"  # type: ignore[union-attr]


def test_a_failing_run_hook_is_a_suite_error(tmp_path: Path) -> None:
    run = Run()
    run.scenario("one", ("passed",))
    lines = run.text().splitlines(keepends=True)
    hook = [
        {"hook": {"id": "h9", "type": "AFTER_TEST_RUN"}},
        {"testRunHookStarted": {"id": "r1", "hookId": "h9"}},
        {"testRunHookFinished": {"testRunHookStartedId": "r1",
                                 "result": {"status": "FAILED", "message": "db down"}}},
    ]  # fmt: skip
    text = "".join(lines[:-1] + [json.dumps(h) + "\n" for h in hook] + lines[-1:])
    result = _read(tmp_path, text.replace('"success": true', '"success": false'))
    assert result.input.counts == Counts(passed=1, errors=1)
    error = result.cases[-1]
    assert (error.name, error.kind) == ("AfterAll hook", "suite error")
    assert len([n for n in result.notices if "run failed" in n.message]) == 0


def test_an_overlong_line_is_skipped_and_said(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cucumber_messages, "_MAX_LINE", 400)
    run = Run()
    run.scenario("one", ("passed",))
    lines = run.text().splitlines(keepends=True)
    lines.insert(2, json.dumps({"attachment": {"body": "x" * 2000}}) + "\n")
    result = _read(tmp_path, "".join(lines))
    assert result.input.counts == Counts(passed=1)
    (notice,) = result.notices
    assert notice.line == 3
    assert notice.message.startswith("1 line longer than") and notice.message.endswith("line 3")


def test_a_pickle_without_location_takes_its_scenario_line(tmp_path: Path) -> None:
    run = Run()
    run.scenario("old", ("passed",), line=7)
    text = run.text()
    assert '"location": {"line": 7}' in text
    (case,) = _read(tmp_path, text.replace(', "location": {"line": 7}', "")).cases
    assert case.line == 2  # the gherkin scenario's


def test_sniffed_by_its_first_line() -> None:
    run = Run()
    run.scenario("one", ("passed",))
    assert sniff(run.text().encode()) == "cucumber-messages"
    assert sniff(b'{"testCaseStarted": {"id": "1"}}\n') == "cucumber-messages"
    assert sniff(b'{"meta": {"x": "' + b"y" * 70_000) == "cucumber-messages"  # longer than the head
    assert sniff(b'{"meta": {}, "Action": "run"}\n') != "cucumber-messages"
    assert sniff(b'{"meta": \n') is None
    assert sniff(b'{"Time":"2024-01-01T00:00:00Z","Action":"run","Test":"T"}\n') == "go-test-json"
    assert sniff(b'[{"meta": {}}]\n') is None


def test_the_run_s_start_and_end_are_its_timestamps(tmp_path: Path) -> None:
    run = Run()
    run.scenario("one", ("passed",))
    run.head.insert(2, {"testRunStarted": {"timestamp": {"seconds": 1_700_000_000, "nanos": 0}}})
    text = run.text().replace(
        '"success": true', '"success": true, "timestamp": {"seconds": 1700000003, "nanos": 5e8}'
    )
    result = _read(tmp_path, text)
    assert result.input.started is not None and result.input.started.year == 2023
    assert result.input.duration == 3.5


def test_an_attempt_whose_test_case_line_was_lost_is_never_a_pass(tmp_path: Path) -> None:
    run = Run()
    run.scenario("one", ("passed",))
    text = "".join(x for x in run.text().splitlines(keepends=True) if '"testCase": ' not in x)
    result = _read(tmp_path, text)
    assert result.input.counts == Counts(errors=1)
    assert result.cases[0].name == "test case tc1"


def test_a_scenario_that_never_finished_in_a_whole_stream_is_an_error(tmp_path: Path) -> None:
    run = Run()
    run.scenario("one", ("passed",))
    run.scenario("two", ("passed", "passed"))
    lines = run.text().splitlines(keepends=True)
    text = "".join(x for x in lines if not ("testCaseFinished" in x and '"tcs2.0"' in x))
    result = _read(tmp_path, text)
    assert result.input.status is InputStatus.OK
    assert result.input.counts == Counts(passed=1, errors=1)
    assert result.cases[1].detail.problem.message == "unfinished: the test case"  # type: ignore[union-attr]
    assert [n.message for n in result.notices] == [
        "1 scenario started but never finished: counted as errors unless a step failed"
    ]
