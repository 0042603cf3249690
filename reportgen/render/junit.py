"""A Run written back as one JUnit XML document (`merge --junit`), through junitparser.

Each input's suites keep their nesting and order, each test is one `<testcase>` with its final
outcome, and earlier attempts are Surefire's interim elements: `<flakyFailure>`/`<flakyError>`
in a flaky test, `<rerunFailure>`/`<rerunError>` beside a final failure or error. Reading the
document back through reportgen gives the same counts and attempts (tested on every sample).
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import overload

from junitparser import Attr, Error, Failure, Skipped
from junitparser.xunit2 import (
    FlakyError,
    FlakyFailure,
    InterimResult,
    JUnitXml,
    RerunError,
    RerunFailure,
)
from junitparser.xunit2 import TestCase as _XunitCase
from junitparser.xunit2 import (
    TestSuite as JUnitSuite,
)

from reportgen.errors import UsageError
from reportgen.model import Counts, Outcome, Problem, Run, Suite, TestCase

# Characters XML 1.0 cannot hold, even escaped (an XML 1.1 input may have carried them).
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

_SuiteKey = tuple[int, tuple[str, ...]]


class JUnitCase(_XunitCase):
    """A testcase with the `file` and `line` attributes pytest, jest-junit and others write."""

    file = Attr()
    line = Attr()


@overload
def _text(value: str) -> str: ...
@overload
def _text(value: str | None) -> str | None: ...
def _text(value: str | None) -> str | None:
    return None if value is None else _NOT_XML.sub("\ufffd", value)


def _result(problem: Problem | None, final: type[Failure] | type[Error]) -> Failure | Error:
    message = _text(problem.message) if problem else None
    element = final(message, _text(problem.type) if problem else None)
    if problem is not None and problem.details:
        element.text = _text(problem.details)
    return element


def _interim(problem: Problem | None, is_error: bool, flaky: bool) -> InterimResult:
    kinds: dict[tuple[bool, bool], type[InterimResult]] = {
        (True, True): FlakyError,
        (True, False): FlakyFailure,
        (False, True): RerunError,
        (False, False): RerunFailure,
    }
    kind = kinds[(flaky, is_error)]
    message = _text(problem.message) if problem else None
    element = kind(message, _text(problem.type) if problem else None)
    if problem is not None and problem.details:
        element.stack_trace = _text(problem.details)
    return element


def _is_error(problem: Problem, default: bool) -> bool:
    """An earlier attempt's kind (`error`, `rerunError`, `flakyFailure`...), else the test's."""
    kind = problem.kind.lower()
    if kind.endswith("error"):
        return True
    return False if kind.endswith("failure") else default


def _case_element(case: TestCase) -> JUnitCase:
    element = JUnitCase(_text(case.name), _text(case.classname), round(case.duration, 6))
    if case.file:
        element.file = _text(case.file)
    if case.line is not None:
        element.line = str(case.line)
    detail = case.detail
    problem = detail.problem if detail else None
    earlier = list(detail.attempts) if detail else []
    if case.outcome is Outcome.FLAKY:
        earlier = ([problem] if problem else []) + earlier
    elif case.outcome is Outcome.FAILED:
        element.result = [_result(problem, Failure)]
    elif case.outcome is Outcome.ERROR:
        element.result = [_result(problem, Error)]
    elif case.outcome is Outcome.SKIPPED:
        element.result = [Skipped(_text(detail.skip_message) if detail else None)]
    failing_error = case.outcome is Outcome.ERROR
    flaky = case.outcome is Outcome.FLAKY
    for attempt in earlier:
        element.add_interim_result(_interim(attempt, _is_error(attempt, failing_error), flaky))
    # attempts whose records said nothing (a result-less rerun) are still attempts
    for _ in range(max(case.attempts - 1 - len(earlier), 0)):
        element.add_interim_result(_interim(None, failing_error, flaky))
    if detail is not None:
        for name, value in detail.properties.items():
            element.add_property(_text(name), _text(value))
        if detail.system_out:
            element.system_out = _text(detail.system_out)
        if detail.system_err:
            element.system_err = _text(detail.system_err)
    return element


def _declare(element: JUnitSuite, counts: Counts, time: float) -> None:
    element.tests = counts.total
    element.failures = counts.failed
    element.errors = counts.errors
    element.skipped = counts.skipped
    element.time = round(time, 6)


def _suite_element(suite: Suite) -> JUnitSuite:
    element = JUnitSuite(_text(suite.name))  # type: ignore[no-untyped-call]
    if suite.timestamp is not None:
        element.timestamp = suite.timestamp.isoformat()
    if suite.hostname:
        element.hostname = _text(suite.hostname)
    for name, value in suite.properties.items():
        element.add_property(_text(name), _text(value))
    return element


def _ancestors(index: int, path: tuple[str, ...]) -> list[_SuiteKey]:
    """The suite itself and every suite around it (JUnit totals include nested suites)."""
    return [(index, path[:depth]) for depth in range(1, len(path) + 1)] or [(index, path)]


def junit_document(run: Run) -> bytes:
    """The run as one JUnit XML document (UTF-8). Raises UsageError when the run does not hold
    its passing tests (a totals-only run cannot be written test by test)."""
    if not run.cases_complete:
        raise UsageError(
            "the run does not hold its passing tests; write shards with 'summary --json'"
        )
    by_suite: dict[_SuiteKey, list[TestCase]] = defaultdict(list)
    for case in run.cases:
        by_suite[(case.input, case.suite)].append(case)
    recorded: dict[_SuiteKey, Suite] = {(s.input, s.path): s for s in run.suites}
    suites: dict[_SuiteKey, Suite] = {}
    # every suite after the suites around it: a path whose outer suites were not recorded
    # (NUnit's assembly and namespace levels) gets them, so it reads back as the same path
    for key in [*recorded, *by_suite]:
        for outer in _ancestors(*key):
            if outer not in suites:
                found = recorded.get(outer)
                suites[outer] = found or Suite(path=outer[1], input=outer[0], source_line=0)
    totals: dict[_SuiteKey, Counts] = defaultdict(Counts)
    durations: dict[_SuiteKey, float] = defaultdict(float)
    for (index, path), cases in by_suite.items():
        counts, seconds = Counts.of(_tally(cases)), sum(c.duration for c in cases)
        for ancestor in _ancestors(index, path):
            totals[ancestor] = totals[ancestor] + counts
            durations[ancestor] += seconds
    root = JUnitXml("reportgen merge")
    elements: dict[_SuiteKey, JUnitSuite] = {}
    for key, suite in suites.items():
        element = _suite_element(suite)
        for case in by_suite.get(key, []):
            element.add_testcase(_case_element(case))
        time = suite.declared_time if suite.declared_time is not None else durations[key]
        _declare(element, totals[key], time)
        if suite.system_out:
            element.system_out = _text(suite.system_out)
        if suite.system_err:
            element.system_err = _text(suite.system_err)
        elements[key] = element
    for key, element in elements.items():
        index, path = key
        parent = _nearest_parent(elements, index, path)
        if parent is None:
            root.add_testsuite(element)
        else:
            parent.add_testsuite(element)  # type: ignore[no-untyped-call]
    _declare_root(root, run.counts, sum(c.duration for c in run.cases))
    body: bytes = root.tostring()  # type: ignore[no-untyped-call]
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + body + b"\n"


def _nearest_parent(
    elements: dict[_SuiteKey, JUnitSuite], index: int, path: tuple[str, ...]
) -> JUnitSuite | None:
    for depth in range(len(path) - 1, 0, -1):
        found = elements.get((index, path[:depth]))
        if found is not None:
            return found
    return None


def _declare_root(root: JUnitXml, counts: Counts, time: float) -> None:
    root.tests = counts.total
    root.failures = counts.failed
    root.errors = counts.errors
    root.time = round(time, 6)


def _tally(cases: list[TestCase]) -> dict[Outcome, int]:
    tally: dict[Outcome, int] = defaultdict(int)
    for case in cases:
        tally[case.outcome] += 1
    return tally
