"""Visual Studio TRX (`dotnet test --logger trx`, VSTest, MSTest): one `<UnitTestResult>` per
test result. Class names are in `<TestDefinitions>`, which TRX writes after `<Results>`, so
each result's test id is kept until the end of the file.

jest-trx-results-processor writes a test file that failed to load as a result named after the
file (its test's className and storage are the file too), `outcome="Failed"`, and counts it in
`<Counters error=...>`, not `failed=`: as many such results as the Counters' errors exceed the
results' are errors of the suite (finer outcome "suite error"). A notice names any Counters
value the results do not give."""

from __future__ import annotations

import re
from datetime import tzinfo
from typing import Any

from reportgen.ingest import dialects
from reportgen.ingest.collect import Collector, child, child_text, local, problem, stream
from reportgen.ingest.records import free
from reportgen.model import CaseDetail, DeclaredCounts, Outcome, TestCase

# TRX outcome values (Microsoft.VisualStudio.TestTools.Common.TestOutcome). A result that never
# came to a verdict (not executed, not runnable, aborted with the run, inconclusive, pending)
# counts as skipped; a timeout is a failure; an error or a lost test host is an error.
OUTCOMES: dict[str, Outcome] = {
    "Passed": Outcome.PASSED,
    "PassedButRunAborted": Outcome.PASSED,
    "Warning": Outcome.PASSED,
    "Completed": Outcome.PASSED,
    "Failed": Outcome.FAILED,
    "Timeout": Outcome.FAILED,
    "Error": Outcome.ERROR,
    "Disconnected": Outcome.ERROR,
    "NotExecuted": Outcome.SKIPPED,
    "NotRunnable": Outcome.SKIPPED,
    "Aborted": Outcome.SKIPPED,
    "Inconclusive": Outcome.SKIPPED,
    "InProgress": Outcome.SKIPPED,
    "Pending": Outcome.SKIPPED,
}
# Counters attributes checked against the results, and the outcome values each counts.
_COUNTED = {"passed": ("Passed",), "failed": ("Failed",), "error": ("Error",)}
_TIMESPAN = re.compile(r"^(?:(\d+)\.)?(\d+):(\d+):(\d+(?:\.\d+)?)$")
_TAGS = ("UnitTestResult", "UnitTest", "Times", "Counters")


def read(source: Any, out: Collector, assume_tz: tzinfo) -> None:
    out.producer = "vstest"
    pending: list[tuple[str, TestCase]] = []
    classes: dict[str, str] = {}
    storages: dict[str, str] = {}
    counters: dict[str, int] = {}
    raw: dict[int, str] = {}  # id(case) -> its outcome as written
    for elem in stream(source, _TAGS):
        kind = local(elem.tag)
        if kind == "UnitTestResult":
            if child(elem, "InnerResults") is None:  # a data-driven parent: its rows counted
                case = _case(elem, out)
                raw[id(case)] = elem.get("outcome") or ""
                pending.append((elem.get("testId") or "", case))
            free(elem)
        elif kind == "UnitTest":
            method = child(elem, "TestMethod")
            if method is not None and method.get("className"):
                # MSTest writes an assembly-qualified name: "Ns.Class, Assembly, Version=..."
                classes[elem.get("id") or ""] = method.get("className", "").split(",")[0].strip()
            storages[elem.get("id") or ""] = elem.get("storage") or ""
            free(elem)
        elif kind == "Times":
            out.started = dialects.parse_timestamp(elem.get("start"), assume_tz)
            out.finished = dialects.parse_timestamp(elem.get("finish"), assume_tz)
        elif kind == "Counters":
            total = elem.get("total")
            out.declared = DeclaredCounts(tests=int(total)) if total and total.isdigit() else None
            counters = {k: int(v) for k, v in elem.items() if k in _COUNTED and v.isdigit()}
    relabelled = _suite_errors(pending, classes, storages, counters, raw)
    if relabelled:
        out.notice(
            None,
            f"{relabelled} {'result' if relabelled == 1 else 'results'} named after a test "
            "file, outcome Failed, that <Counters> counts among its errors (a test file that "
            "failed to load): counted as errors of the suite",
        )
    _check_counters(pending, counters, raw, out)
    suites: dict[str, tuple[str, ...]] = {}
    for test_id, case in pending:
        owner = classes.get(test_id, "")
        case.classname = owner
        case.suite = suites.setdefault(owner, (owner,) if owner else ())
        if owner and case.name.startswith(owner + "."):
            case.name = case.name[len(owner) + 1 :]  # xUnit.net writes the full name
        out.add(case)


def _suite_errors(
    pending: list[tuple[str, TestCase]],
    classes: dict[str, str],
    storages: dict[str, str],
    counters: dict[str, int],
    raw: dict[int, str],
) -> int:
    """jest-trx's failed results for test files that failed to load, counted by the file among
    its errors: errors of the suite (see the module's docstring). How many were relabelled."""
    excess = counters.get("error", 0) - sum(1 for _, c in pending if raw[id(c)] == "Error")
    relabelled = 0
    for test_id, case in pending:
        if relabelled >= excess:
            break
        if (
            raw[id(case)] == "Failed"
            and case.duration == 0.0
            and case.name
            and case.name == classes.get(test_id) == storages.get(test_id)
        ):
            case.outcome, case.kind = Outcome.ERROR, "suite error"
            raw[id(case)] = "Error"
            relabelled += 1
    return relabelled


def _check_counters(
    pending: list[tuple[str, TestCase]],
    counters: dict[str, int],
    raw: dict[int, str],
    out: Collector,
) -> None:
    """A notice for each Counters value that the results do not give."""
    wrong = []
    for name, values in _COUNTED.items():
        said = counters.get(name)
        held = sum(1 for _, c in pending if raw[id(c)] in values)
        if said is not None and said != held:
            wrong.append(f"{name}={said} (the results give {held})")
    if wrong:
        out.notice(None, "<Counters> says " + ", ".join(wrong))


def _case(elem: Any, out: Collector) -> TestCase:
    outcome_text = elem.get("outcome") or ""
    outcome = out.outcome(OUTCOMES, outcome_text, elem.sourceline or 0)
    case = TestCase(
        name=elem.get("testName") or "",
        classname="",
        suite=(),
        outcome=outcome,
        duration=timespan(elem.get("duration")),
        input=out.index,
        source_line=elem.sourceline or 0,
    )
    output = child(elem, "Output")
    detail = CaseDetail()
    if output is not None:
        message = child_text(output, "ErrorInfo", "Message")
        trace = child_text(output, "ErrorInfo", "StackTrace")
        if outcome in (Outcome.FAILED, Outcome.ERROR):
            detail.problem = problem(outcome_text.lower() or "error", message, trace)
        elif outcome is Outcome.SKIPPED:
            detail.skip_message = message or child_text(output, "StdOut")
        detail.system_out = child_text(output, "StdOut")
        detail.system_err = child_text(output, "StdErr")
    if outcome in (Outcome.FAILED, Outcome.ERROR) and detail.problem is None:
        detail.problem = problem(outcome_text.lower() or "error", f"outcome {outcome_text}", None)
    if detail.problem or detail.skip_message or detail.system_out or detail.system_err:
        case.detail = detail
    return case


def timespan(text: str | None) -> float:
    """Seconds in a .NET TimeSpan ('[d.]hh:mm:ss[.fffffff]'); 0.0 when absent or unreadable."""
    found = _TIMESPAN.match(text.strip()) if text else None
    if found is None:
        return 0.0
    days, hours, minutes, secs = found.groups()
    return int(days or 0) * 86400 + int(hours) * 3600 + int(minutes) * 60 + float(secs)
