"""Cucumber's message stream (`--format message`, cucumber-js and the other Cucumbers that
write messages): NDJSON, one envelope a line (`meta`, `gherkinDocument`, `pickle`,
`testCase`, `testCaseStarted`, `testStepFinished`, `testCaseFinished`, `testRunFinished`...).

Counted as Cucumber's JSON reader counts the same run: each pickle run (a scenario, an outline
row) is one test whose outcome is its worst step or hook: failed, ambiguous, undefined and
pending fail it (the status is the failure's kind), skipped skips it, only steps that all
passed pass it; a status Cucumber does not define is an error, said once. An attempt that
`willBeRetried` is an attempt of the same test: a test that passes on a retry is flaky (the
JSON formatter leaves retried attempts out, so there it is a plain pass).
The stream is read line by line: envelopes not needed are skipped unparsed, and a test's state
is dropped once its last attempt finishes. A line that is not a JSON envelope is a notice; a
stream without `testRunFinished` was cut, and what finished before it counts.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import IO, Any

from reportgen.ingest.collect import problem
from reportgen.ingest.peerbase import PeerCollector, Unreadable, text_of
from reportgen.jsonload import load_json
from reportgen.model import CaseDetail, Outcome, Problem, TestCase
from reportgen.text import plural

ENVELOPES = (
    "meta", "source", "gherkinDocument", "pickle", "stepDefinition", "hook", "parameterType",
    "undefinedParameterType", "testRunStarted", "testCase", "testCaseStarted",
    "testStepStarted", "testStepFinished", "testCaseFinished", "testRunHookStarted",
    "testRunHookFinished", "testRunFinished", "attachment", "suggestion", "parseError",
)  # fmt: skip
_FIRST_KEY = re.compile(rb'\s*\{\s*"(' + b"|".join(k.encode() for k in ENVELOPES) + rb')"\s*:')
# envelopes the counting needs; every other line is skipped by its first key, unparsed
_READ = frozenset({
    b"gherkinDocument", b"pickle", b"hook", b"testRunStarted", b"testCase", b"testCaseStarted",
    b"testStepFinished", b"testCaseFinished", b"testRunHookStarted", b"testRunHookFinished",
    b"testRunFinished",
})  # fmt: skip
_MAX_LINE = 16 * 1024 * 1024  # a longer line is not held: it is skipped, and said
_TEXT = 200  # characters kept of a step's text, for the failure message
_SHOWN_LINES = 5
# worst first: the first of these an attempt holds is its outcome (as in cucumber_json)
_ORDER = ("failed", "ambiguous", "undefined", "pending", "skipped", "passed")
_OUTCOMES = {
    "failed": Outcome.FAILED,
    "ambiguous": Outcome.FAILED,
    "undefined": Outcome.FAILED,
    "pending": Outcome.FAILED,
    "skipped": Outcome.SKIPPED,
    "passed": Outcome.PASSED,
}
_KINDS = frozenset({"ambiguous", "undefined", "pending"})  # model.KIND_OUTCOME's cucumber kinds
_MISSING = "missing"  # a step whose result line was lost


def looks_like(head: bytes) -> bool:
    """The first line is a JSON object whose key is a message envelope's."""
    first = head.lstrip().split(b"\n", 1)[0]
    if _FIRST_KEY.match(first) is None:
        return False
    if b"\n" not in head.lstrip():
        return True  # a first line longer than the head: its key has to do
    try:
        value = load_json(first)
    except ValueError:
        return False
    return isinstance(value, dict) and len(value) == 1


@dataclass(slots=True)
class _Pickle:
    name: str | None
    uri: str | None
    line: int | None
    steps: dict[str, str]  # pickle step id -> "Given some text"


@dataclass(slots=True)
class _Case:
    pickle: _Pickle | None
    order: list[str]  # test step ids as the test case runs them
    labels: list[str]  # what a failure names, for each of `order`


@dataclass(slots=True)
class _Attempt:
    case_id: str
    line: int
    results: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    seconds: float = 0.0
    retried: bool = False


@dataclass(slots=True)
class _Test:
    """The attempts of one test case finished so far."""

    line: int
    attempts: int = 0
    seconds: float = 0.0
    last: Outcome = Outcome.PASSED
    last_kind: str | None = None
    last_problem: Problem | None = None
    failures: list[Problem] = field(default_factory=list)


def read(stream: IO[bytes], out: PeerCollector) -> None:
    out.producer = "cucumber"
    reader = _Reader(out)
    number = 0
    last = b""
    while True:
        raw = stream.readline(_MAX_LINE)
        if not raw:
            break
        number += 1
        if not raw.endswith(b"\n") and len(raw) >= _MAX_LINE:
            while (rest := stream.readline(_MAX_LINE)) and not rest.endswith(b"\n"):
                pass  # too long to hold: skipped, never read in part
            reader.long_lines.append(number)
            continue
        last = raw
        reader.line(number, raw)
    reader.close(number, cut=bool(last) and not last.endswith(b"\n"))


class _Reader:
    def __init__(self, out: PeerCollector) -> None:
        self.out = out
        self.features: dict[str, str] = {}  # uri -> feature name
        self.keywords: dict[str, str] = {}  # gherkin step id -> "Given "
        self.ast_lines: dict[str, int] = {}  # scenario or example row id -> its line
        self.pickles: dict[str, _Pickle] = {}
        self.hooks: dict[str, str] = {}  # hook id -> type
        self.cases: dict[str, _Case] = {}
        self.started: dict[str, _Attempt] = {}  # testCaseStarted id -> its attempt
        self.tests: dict[str, _Test] = {}  # test case id -> attempts so far
        self.run_hooks: dict[str, str] = {}  # testRunHookStarted id -> hook id
        self.suites: dict[str, tuple[str, ...]] = {}
        self.garbled: list[int] = []
        self.long_lines: list[int] = []
        self.unknown: dict[str, int] = {}
        self.missing = 0
        self.finished: dict[str, Any] | None = None
        self.finished_line = 0

    # one line of the stream
    def line(self, number: int, raw: bytes) -> None:
        head = _FIRST_KEY.match(raw)  # on the raw line: lines skipped are never copied
        if head is None:
            if raw.strip():
                self.garbled.append(number)
            return
        if head.group(1) not in _READ:
            return
        try:
            envelope = load_json(raw)
        except ValueError:  # not JSON, cut, a key given twice, nested past reading
            self.garbled.append(number)
            return
        if not isinstance(envelope, dict) or len(envelope) != 1:
            self.garbled.append(number)
            return
        ((key, body),) = envelope.items()
        if not isinstance(body, dict):
            self.garbled.append(number)
            return
        handler = getattr(self, "_" + key, None)
        if handler is not None:
            handler(body, number)

    def _gherkinDocument(self, body: dict[str, Any], number: int) -> None:
        feature = body.get("feature")
        uri = text_of(body.get("uri"))
        if not isinstance(feature, dict):
            return
        if uri is not None and text_of(feature.get("name")):
            self.features[uri] = str(feature["name"])
        self._children(feature.get("children"))

    def _children(self, children: Any) -> None:
        for child in children if isinstance(children, list) else []:
            if not isinstance(child, dict):
                continue
            for part in ("background", "scenario"):
                node = child.get(part)
                if isinstance(node, dict):
                    self._node(node)
            rule = child.get("rule")
            if isinstance(rule, dict):
                self._children(rule.get("children"))

    def _node(self, node: dict[str, Any]) -> None:
        _note_line(self.ast_lines, node)
        for step in _dicts(node.get("steps")):
            step_id, keyword = text_of(step.get("id")), text_of(step.get("keyword"))
            if step_id is not None and keyword is not None:
                self.keywords[step_id] = keyword[:40]
        for examples in _dicts(node.get("examples")):
            for row in _dicts(examples.get("tableBody")):
                _note_line(self.ast_lines, row)

    def _pickle(self, body: dict[str, Any], number: int) -> None:
        pickle_id = text_of(body.get("id"))
        if pickle_id is None:
            return
        location = body.get("location")
        line = _positive(location.get("line")) if isinstance(location, dict) else None
        nodes = [n for n in body.get("astNodeIds") or [] if isinstance(n, str)]
        if line is None and nodes:  # messages before pickles had a location
            line = self.ast_lines.get(nodes[-1])
        steps: dict[str, str] = {}
        for step in _dicts(body.get("steps")):
            step_id = text_of(step.get("id"))
            if step_id is None:
                continue
            ids = [n for n in step.get("astNodeIds") or [] if isinstance(n, str)]
            keyword = self.keywords.get(ids[0], "") if ids else ""
            # steps repeat across scenarios: one string each
            steps[step_id] = sys.intern(
                f"{keyword}{text_of(step.get('text')) or ''}".strip()[:_TEXT]
            )
        self.pickles[pickle_id] = _Pickle(
            text_of(body.get("name")), _shared(text_of(body.get("uri"))), line, steps
        )

    def _hook(self, body: dict[str, Any], number: int) -> None:
        hook_id = text_of(body.get("id"))
        if hook_id is not None:
            self.hooks[hook_id] = text_of(body.get("type")) or ""

    def _testCase(self, body: dict[str, Any], number: int) -> None:
        case_id = text_of(body.get("id"))
        if case_id is None:
            return
        pickle_id = text_of(body.get("pickleId"))
        # a pickle runs as one test case: from here on the case holds it
        pickle = self.pickles.pop(pickle_id, None) if pickle_id is not None else None
        labels: list[str] = []
        order: list[str] = []
        seen_step = False
        for step in _dicts(body.get("testSteps")):
            step_id = text_of(step.get("id"))
            if step_id is None:
                continue
            order.append(step_id)
            pickle_step = text_of(step.get("pickleStepId"))
            if pickle_step is not None:
                seen_step = True
                labels.append((pickle.steps.get(pickle_step) if pickle else None) or "a step")
            else:  # a hook: before the first step it is a Before hook
                labels.append("After hook" if seen_step else "Before hook")
        if pickle is not None:
            pickle.steps = {}  # named in `labels` now
        self.cases[case_id] = _Case(pickle, order, labels)

    def _testCaseStarted(self, body: dict[str, Any], number: int) -> None:
        started_id, case_id = text_of(body.get("id")), text_of(body.get("testCaseId"))
        if started_id is not None and case_id is not None:
            self.started[started_id] = _Attempt(case_id, number)

    def _testStepFinished(self, body: dict[str, Any], number: int) -> None:
        attempt = self.started.get(text_of(body.get("testCaseStartedId")) or "")
        step_id = text_of(body.get("testStepId"))
        if attempt is None or step_id is None:
            return
        result = body.get("testStepResult")
        result = result if isinstance(result, dict) else {}
        status = str(result.get("status", "")).lower()[:40]
        attempt.results[step_id] = (status, _message(result))
        attempt.seconds += _seconds(result.get("duration"))
        if result.get("willBeRetried") is True:  # where messages before 13 said it
            attempt.retried = True

    def _testCaseFinished(self, body: dict[str, Any], number: int) -> None:
        attempt = self.started.pop(text_of(body.get("testCaseStartedId")) or "", None)
        if attempt is None:
            return
        self._finish(attempt, attempt.retried or body.get("willBeRetried") is True)

    def _finish(self, attempt: _Attempt, retried: bool, unfinished: bool = False) -> None:
        case = self.cases.get(attempt.case_id)
        test = self.tests.get(attempt.case_id)
        if test is None:
            test = self.tests[attempt.case_id] = _Test(attempt.line)
        self._fold(test, case, attempt, unfinished)
        if not retried:
            self._emit(attempt.case_id, test, case)

    def _testRunHookStarted(self, body: dict[str, Any], number: int) -> None:
        started_id, hook_id = text_of(body.get("id")), text_of(body.get("hookId"))
        if started_id is not None and hook_id is not None:
            self.run_hooks[started_id] = hook_id

    def _testRunHookFinished(self, body: dict[str, Any], number: int) -> None:
        hook_id = self.run_hooks.pop(text_of(body.get("testRunHookStartedId")) or "", "")
        result = body.get("result")
        result = result if isinstance(result, dict) else {}
        if str(result.get("status", "")).lower() in ("passed", "skipped"):
            return
        when = "AfterAll" if self.hooks.get(hook_id) == "AFTER_TEST_RUN" else "BeforeAll"
        self._suite_error(
            f"{when} hook", number, _message(result), _seconds(result.get("duration"))
        )

    def _testRunStarted(self, body: dict[str, Any], number: int) -> None:
        self.out.started = _timestamp(body.get("timestamp"))

    def _testRunFinished(self, body: dict[str, Any], number: int) -> None:
        self.finished = body
        self.finished_line = number
        began, ended = self.out.started, _timestamp(body.get("timestamp"))
        if began is not None and ended is not None and ended >= began:
            self.out.finished = ended
            self.out.duration = (ended - began).total_seconds()

    # what a finished attempt adds to its test
    def _fold(self, test: _Test, case: _Case | None, attempt: _Attempt, unfinished: bool) -> None:
        order = case.order if case is not None else []
        results = dict(attempt.results)
        if case is None:  # its testCase line was lost: which steps it had is unknown
            results[""] = (_MISSING, None)
        for step_id in order:
            if step_id not in results:
                results[step_id] = (_MISSING, None)
        statuses = {status for status, _ in results.values()}
        worst = next((s for s in _ORDER if s in statuses), "passed")
        outcome = _OUTCOMES[worst]
        strange = sorted(statuses - set(_ORDER) - {_MISSING})
        if strange:
            self.unknown[strange[0]] = self.unknown.get(strange[0], 0) + 1
            outcome, worst = Outcome.ERROR, strange[0]
        elif unfinished and outcome is not Outcome.FAILED:
            outcome, worst = Outcome.ERROR, "unfinished"
            results[""] = (worst, None)
        elif _MISSING in statuses and outcome is not Outcome.FAILED:
            self.missing += 1
            outcome, worst = Outcome.ERROR, _MISSING
        test.attempts += 1
        test.seconds += attempt.seconds
        test.last, test.last_kind, test.last_problem = outcome, None, None
        if outcome in (Outcome.FAILED, Outcome.ERROR):
            step_id = next(s for s in [*order, *results] if s in results and results[s][0] == worst)
            known = case is not None and step_id in case.order
            label = case.labels[case.order.index(step_id)] if case and known else "a step"
            label = label if step_id else "the test case"
            said = results[step_id][1]
            test.last_problem = problem(worst, f"{worst}: {label}", said)
            test.last_kind = worst if worst in _KINDS else None
            test.failures.append(test.last_problem)

    def _emit(self, case_id: str, test: _Test, case: _Case | None) -> None:
        del self.tests[case_id]
        self.cases.pop(case_id, None)
        pickle = case.pickle if case is not None else None
        outcome = test.last
        if outcome is Outcome.PASSED and test.failures:
            outcome = Outcome.FLAKY
        uri = pickle.uri if pickle is not None else None
        feature = (self.features.get(uri) if uri else None) or uri or "feature"
        suite = self.suites.setdefault(feature, (feature,))
        line = pickle.line if pickle is not None else None
        name = pickle.name if pickle is not None else None
        found = TestCase(
            name=name or (f"scenario at line {line}" if line else f"test case {case_id[:40]}"),
            classname=feature,
            suite=suite,
            outcome=outcome,
            duration=test.seconds,
            input=self.out.index,
            source_line=test.line,  # the line of its first testCaseStarted
            file=uri,
            line=line,
            attempts=test.attempts,
            kind=test.last_kind if outcome is Outcome.FAILED else None,
        )
        if test.failures:
            shown = test.failures[0] if outcome is Outcome.FLAKY else test.last_problem
            earlier = [p for p in test.failures if p is not shown]
            found.detail = CaseDetail(problem=shown, attempts=earlier)
        self.out.add(found)

    def _suite_error(self, name: str, number: int, said: str | None, seconds: float) -> None:
        case = TestCase(
            name=name,
            classname="",
            suite=(),
            outcome=Outcome.ERROR,
            duration=seconds,
            input=self.out.index,
            source_line=number,
            kind="suite error",
        )
        case.detail = CaseDetail(problem=problem("error", f"{name} failed", said))
        self.out.add(case)

    # the end of the stream
    def close(self, lines: int, cut: bool) -> None:
        out = self.out
        unfinished = len(self.started)
        if self.finished is not None:  # whole, yet some attempts never said they finished
            for attempt in list(self.started.values()):
                self._finish(attempt, retried=False, unfinished=True)
        retried = list(self.tests.items())  # retried, and the stream ended before the retry
        for case_id, test in retried:
            self._emit(case_id, test, self.cases.get(case_id))
        self._said_lines()
        for status, count in self.unknown.items():
            out.notice(
                None,
                f"{plural(count, 'scenario')} with the unknown step status '{status}' counted "
                "as errors",
            )
        if self.missing:
            out.notice(
                None,
                f"{plural(self.missing, 'scenario')} without the result of every step counted "
                "as errors",
            )
        if unfinished and self.finished is not None:
            out.notice(
                None,
                f"{plural(unfinished, 'scenario')} started but never finished: counted as "
                "errors unless a step failed",
            )
        if retried:
            out.notice(
                None,
                f"{plural(len(retried), 'scenario')} retried, but the stream ends before the "
                "retry: counted as the attempt that failed",
            )
        if self.finished is None:
            where = f"line {lines}" + (" (cut mid-line)" if cut else "")
            left = (
                f"; {plural(unfinished, 'scenario')} that had started are not counted"
                if unfinished
                else ""
            )
            raise Unreadable(
                f"Cucumber's message stream breaks off at {where}: no testRunFinished{left}",
                "the tool was probably stopped mid-run; rerun it (counts cover only the "
                "scenarios that finished)",
                lines,
            )
        self._run_verdict()

    def _run_verdict(self) -> None:
        """A run Cucumber calls failed shows a failure, even when no scenario did."""
        body = self.finished or {}
        # failures are kept even when passing cases are not, so the kept cases tell
        failed = any(c.outcome in (Outcome.FAILED, Outcome.ERROR) for c in self.out.cases)
        if body.get("success") is not False or failed:
            return
        exception = body.get("exception")
        said = _message(body) or (
            _message({"exception": exception}) if isinstance(exception, dict) else None
        )
        self._suite_error("test run", self.finished_line, said, 0.0)
        self.out.notice(
            self.finished_line,
            "Cucumber says the run failed, but no scenario failed: counted as an error",
        )

    def _said_lines(self) -> None:
        for lines, what in (
            (self.garbled, "not a Cucumber message (cut or garbled)"),
            (self.long_lines, f"longer than {_MAX_LINE // (1024 * 1024)} MiB"),
        ):
            if not lines:
                continue
            shown = ", ".join(str(n) for n in lines[:_SHOWN_LINES])
            more = f" and {len(lines) - _SHOWN_LINES} more" if len(lines) > _SHOWN_LINES else ""
            self.out.notice(
                lines[0],
                f"{plural(len(lines), 'line')} {what} not read: line {shown}{more}",
            )


def _shared(text: str | None) -> str | None:
    return sys.intern(text) if text is not None else None


def _dicts(items: Any) -> list[dict[str, Any]]:
    return [i for i in items if isinstance(i, dict)] if isinstance(items, list) else []


def _note_line(lines: dict[str, int], node: dict[str, Any]) -> None:
    node_id = text_of(node.get("id"))
    location = node.get("location")
    line = _positive(location.get("line")) if isinstance(location, dict) else None
    if node_id is not None and line is not None:
        lines[node_id] = line


def _positive(value: Any) -> int | None:
    ok = isinstance(value, int) and not isinstance(value, bool) and 0 < value < 1 << 31
    return value if ok else None


def _seconds(duration: Any) -> float:
    """A message `Duration` ({seconds, nanos}) in seconds; 0.0 when not a usable one."""
    if not isinstance(duration, dict):
        return 0.0
    total = 0.0
    for key, scale in (("seconds", 1.0), ("nanos", 1e-9)):
        value = duration.get(key, 0)
        if isinstance(value, str) and value.isdigit():  # protobuf's JSON writes int64 as text
            value = int(value)
        if not isinstance(value, (int, float)) or isinstance(value, bool) or not 0 <= value < 1e12:
            return 0.0
        total += value * scale
    return total


def _timestamp(value: Any) -> datetime | None:
    seconds = _seconds(value)
    return datetime.fromtimestamp(seconds, tz=UTC) if 0 < seconds < 1e11 else None


def _message(result: dict[str, Any]) -> str | None:
    said = text_of(result.get("message"))
    if said is not None:
        return said
    exception = result.get("exception")
    if isinstance(exception, dict):
        return text_of(exception.get("stackTrace")) or text_of(exception.get("message"))
    return None
