"""A Run as a CTRF report (Common Test Report Format, ctrf.io): `--ctrf PATH`.

CTRF has five statuses; reportgen's outcomes map onto them without loss, the original kept in
`rawStatus`:

| reportgen | CTRF `status` | also |
| --- | --- | --- |
| passed | passed | |
| flaky | passed | `flaky: true`, `retries`, `retryAttempts` (the failing attempts) |
| failed | failed | `retries`/`retryAttempts` for reruns that failed before |
| error | failed | `rawStatus: "error"`; the summary's `extra.errors` counts them |
| skipped | skipped | the skip message as `message` |

`line` counts from 1 (pytest's 0-based `line` is moved up by one). Every attempt is kept:
attempt N of a test run N+1 times is `retryAttempts[N-1]`; an earlier attempt whose record
said nothing but that it ran (a result-less rerun) is status `other`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

from reportgen.analyze.locations import definition_line
from reportgen.errors import UsageError
from reportgen.model import Outcome, Problem, Run, TestCase
from reportgen.report import Triage, TriagedFailure

SPEC_VERSION = "0.0.0"
FORMAT = "CTRF"

_STATUS = {
    Outcome.PASSED: "passed",
    Outcome.FLAKY: "passed",
    Outcome.FAILED: "failed",
    Outcome.ERROR: "failed",
    Outcome.SKIPPED: "skipped",
}


def _ms(seconds: float) -> int:
    return round(seconds * 1000)


def _epoch_ms(moment: datetime) -> int:
    return round(moment.timestamp() * 1000)


def _lines(text: str | None) -> list[str] | None:
    return text.splitlines() if text else None


def _attempt(number: int, problem: Problem | None) -> dict[str, Any]:
    if problem is None:
        return {"attempt": number, "status": "other", "extra": {"recorded": False}}
    entry: dict[str, Any] = {"attempt": number, "status": "failed"}
    if problem.message:
        entry["message"] = problem.message
    if problem.details:
        entry["trace"] = problem.details
    entry["extra"] = {"kind": problem.kind, **({"type": problem.type} if problem.type else {})}
    return entry


def _retry_attempts(case: TestCase) -> list[dict[str, Any]]:
    detail = case.detail
    earlier: list[Problem | None] = list(detail.attempts) if detail else []
    if case.outcome is Outcome.FLAKY and detail is not None and detail.problem is not None:
        earlier.insert(0, detail.problem)  # a flaky test's problem is its first failed attempt
    earlier += [None] * max(case.attempts - 1 - len(earlier), 0)
    return [_attempt(number, problem) for number, problem in enumerate(earlier, start=1)]


def _test(
    case: TestCase, producer: str | None, triaged: Mapping[str, TriagedFailure]
) -> dict[str, Any]:
    test: dict[str, Any] = {
        "name": case.name or case.identity or "(unnamed)",
        "status": _STATUS[case.outcome],
        "duration": _ms(case.duration),
        "rawStatus": case.outcome.value,
    }
    if case.suite:
        test["suite"] = list(case.suite)
    detail = case.detail
    problem = detail.problem if detail else None
    if case.outcome in (Outcome.FAILED, Outcome.ERROR) and problem is not None:
        if problem.message:
            test["message"] = problem.message
        if problem.details:
            test["trace"] = problem.details
    elif case.outcome is Outcome.SKIPPED and detail is not None and detail.skip_message:
        test["message"] = detail.skip_message
    if case.file:
        test["filePath"] = case.file
    line = definition_line(case, producer)
    if line is not None:
        test["line"] = line
    if case.attempts > 1:
        test["retries"] = case.attempts - 1
        test["retryAttempts"] = _retry_attempts(case)
    if case.outcome is Outcome.FLAKY:
        test["flaky"] = True
    if detail is not None:
        for key, text in (("stdout", detail.system_out), ("stderr", detail.system_err)):
            lines = _lines(text)
            if lines:
                test[key] = lines
    extra: dict[str, Any] = {}
    if case.classname:
        extra["classname"] = case.classname
    if case.kind:
        extra["kind"] = case.kind
    if problem is not None and problem.type and case.outcome is not Outcome.FLAKY:
        extra["type"] = problem.type
    if detail is not None and detail.properties:
        extra["properties"] = dict(detail.properties)
    found = triaged.get(case.identity) if case.outcome in (Outcome.FAILED, Outcome.ERROR) else None
    if found is not None:
        extra["triage"] = found.triage.value
        if found.owners:
            extra["owners"] = list(found.owners)
    if extra:
        test["extra"] = extra
    return test


def _producer(run: Run, case: TestCase) -> str | None:
    return run.inputs[case.input].producer if case.input < len(run.inputs) else None


def _tool(run: Run) -> dict[str, Any]:
    producers = sorted({i.producer for i in run.inputs if i.producer})
    tool: dict[str, Any] = {"name": ", ".join(producers) or "unknown"}
    formats = sorted({i.format for i in run.inputs if i.format})
    if formats:
        tool["extra"] = {"formats": formats}
    return tool


def ctrf_document(
    run: Run,
    *,
    generated_by: str,
    now: datetime | None = None,
    environment: Mapping[str, str] | None = None,
    triage: Triage | None = None,
) -> dict[str, Any]:
    """The run as a CTRF document (a dict ready for JSON). The run must hold its passing tests.

    With `triage`, each failing test's `extra` carries its class (`triage`) and `owners`.

    `environment` fills CTRF's `results.environment` (e.g. `reportName`, `testEnvironment`).
    """
    if not run.cases_complete:
        raise UsageError(
            "a CTRF report lists every test, and this run does not hold its passing tests"
        )
    moment = now or datetime.now(UTC)
    counts = run.counts
    start = run.started or moment
    stop = run.finished or start + timedelta(seconds=run.duration)
    summary: dict[str, Any] = {
        "tests": counts.total,
        "passed": counts.succeeded,
        "failed": counts.unsuccessful,
        "skipped": counts.skipped,
        "pending": 0,
        "other": 0,
        "flaky": counts.flaky,
        "suites": len(run.suites),
        "start": _epoch_ms(start),
        "stop": _epoch_ms(stop),
        "duration": _ms(run.duration),
        "extra": {"errors": counts.errors, **({"kinds": dict(run.kinds)} if run.kinds else {})},
    }
    triaged = {f.test: f for f in triage.failures} if triage is not None else {}
    results: dict[str, Any] = {
        "tool": _tool(run),
        "summary": summary,
        "tests": [_test(case, _producer(run, case), triaged) for case in run.cases],
    }
    if environment:
        results["environment"] = dict(environment)
    return {
        "reportFormat": FORMAT,
        "specVersion": SPEC_VERSION,
        "timestamp": moment.isoformat(),
        "generatedBy": generated_by,
        "results": results,
    }


def render_ctrf(
    run: Run,
    *,
    generated_by: str,
    now: datetime | None = None,
    environment: Mapping[str, str] | None = None,
    triage: Triage | None = None,
) -> str:
    document = ctrf_document(
        run, generated_by=generated_by, now=now, environment=environment, triage=triage
    )
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"
