"""xUnit.net XML: v2 (`<assemblies>` > `<assembly>` > `<collection>` > `<test>`) and v1
(`<assembly>` > `<class>` > `<test>`). Each `<test>` is one result, theory rows included (each
row has its arguments in its name). An `<error>` in `<errors>` (a fixture or assembly cleanup
that threw) is counted as one error, as the xUnit.net console counts it."""

from __future__ import annotations

from datetime import tzinfo
from typing import Any

from reportgen.ingest import dialects
from reportgen.ingest.collect import (
    Collector,
    child,
    child_text,
    local,
    problem,
    seconds,
    stream,
)
from reportgen.ingest.records import free
from reportgen.model import CaseDetail, DeclaredCounts, Outcome, TestCase

RESULTS: dict[str, Outcome] = {
    "Pass": Outcome.PASSED,
    "Fail": Outcome.FAILED,
    "Skip": Outcome.SKIPPED,
    "NotRun": Outcome.SKIPPED,  # v3: an explicit test that was not asked for
}
_GROUPS = ("collection", "class")


def read(source: Any, out: Collector, assume_tz: tzinfo) -> None:
    out.producer = "xunit.net"
    declared = 0
    saw_total = False
    for elem in stream(source, ("test", "error", "assembly")):
        kind = local(elem.tag)
        if kind == "assembly":
            total = elem.get("total")
            if total and total.isdigit():
                declared, saw_total = declared + int(total), True
            stamp = _run_stamp(elem, assume_tz)
            if stamp is not None and (out.started is None or stamp < out.started):
                out.started = stamp
            free(elem)
        elif kind == "test":
            out.add(_case(elem, out))
            free(elem)
        elif elem.getparent() is not None and local(elem.getparent().tag) == "errors":
            out.add(_error(elem, out))
            free(elem)
    if saw_total:
        out.declared = DeclaredCounts(tests=declared)


def _path(elem: Any) -> tuple[str, ...]:
    names: list[str] = []
    for node in elem.iterancestors():
        kind = local(node.tag)
        if kind == "assembly":
            names.append(_basename(node.get("name") or ""))
        elif kind in _GROUPS:
            names.append(node.get("name") or "")
    return tuple(reversed(names))


def _basename(path: str) -> str:
    return path.replace("\\", "/").rpartition("/")[2]


def _case(elem: Any, out: Collector) -> TestCase:
    result = elem.get("result") or ""
    outcome = out.outcome(RESULTS, result, elem.sourceline or 0)
    owner = elem.get("type") or ""
    name = elem.get("name") or ""
    if owner and name.startswith(owner + "."):
        name = name[len(owner) + 1 :]
    case = TestCase(
        name,
        owner,
        _path(elem),
        outcome,
        seconds(elem.get("time")),
        out.index,
        elem.sourceline or 0,
    )
    detail = CaseDetail(system_out=child_text(elem, "output"))
    if outcome is Outcome.FAILED or outcome is Outcome.ERROR:
        failure = child(elem, "failure")
        kind_type = failure.get("exception-type") if failure is not None else None
        message = child_text(elem, "failure", "message") or f"result {result}"
        detail.problem = problem(
            "failure", message, child_text(elem, "failure", "stack-trace"), kind_type
        )
    elif outcome is Outcome.SKIPPED:
        detail.skip_message = child_text(elem, "reason")
    if detail.problem or detail.skip_message or detail.system_out:
        case.detail = detail
    return case


def _error(elem: Any, out: Collector) -> TestCase:
    name = elem.get("name") or elem.get("type") or "error"
    message = child_text(elem, "failure", "message")
    trace = child_text(elem, "failure", "stack-trace")
    line = elem.sourceline or 0
    out.notice(
        line, f"<error> of type '{elem.get('type') or ''}' counted as one error test named '{name}'"
    )
    return TestCase(
        name=name,
        classname="",
        suite=_path(elem),
        outcome=Outcome.ERROR,
        duration=0.0,
        input=out.index,
        source_line=line,
        detail=CaseDetail(problem=problem("error", message, trace, elem.get("type"))),
    )


def _run_stamp(assembly: Any, assume_tz: tzinfo) -> Any:
    date, time = assembly.get("run-date"), assembly.get("run-time")
    return dialects.parse_timestamp(f"{date}T{time}", assume_tz) if date and time else None
