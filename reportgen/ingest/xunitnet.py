"""xUnit.net XML: v2 (`<assemblies>` > `<assembly>` > `<collection>` > `<test>`) and v1
(`<assembly>` > `<class>` > `<test>`). Each `<test>` is one result, theory rows included (each
row has its arguments in its name). An `<error>` in `<errors>` (a fixture or assembly cleanup
that threw) is counted as one error, as the xUnit.net console counts it.

A result xUnit.net does not write (jest-xunit writes skipped and todo tests as
`result="undefined"`) is an error, unless its `<assembly>` declares `failed=` and `errors=`
that the results read already reach: the file then denies it was a failure, and it counts as
skipped, with a notice."""

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
from reportgen.ingest.records import free, to_int
from reportgen.model import CaseDetail, DeclaredCounts, Outcome, TestCase

RESULTS: dict[str, Outcome] = {
    "Pass": Outcome.PASSED,
    "Fail": Outcome.FAILED,
    "Skip": Outcome.SKIPPED,
    "NotRun": Outcome.SKIPPED,  # v3: an explicit test that was not asked for
}
_GROUPS = ("collection", "class")


class _Assembly:
    """What one assembly's results held, to judge its results of unknown outcome."""

    def __init__(self) -> None:
        self.failed = self.errors = 0
        self.unknown: list[tuple[TestCase, str]] = []  # (case, its result)

    def settle(self, assembly: Any, out: Collector) -> None:
        """Count the unknown results as the assembly's declared counts allow, then add them."""
        if not self.unknown:
            return
        failed, errors = to_int(assembly.get("failed")), to_int(assembly.get("errors"))
        denied = (
            failed is not None
            and errors is not None
            and failed <= self.failed
            and errors <= self.errors
        )
        if denied:
            values = ", ".join(sorted({repr(result) for _, result in self.unknown}))
            skipped = assembly.get("skipped")
            out.notice(
                self.unknown[0][0].source_line,
                f"{len(self.unknown)} results with the outcome {values} counted as skipped: "
                f"the assembly declares failed={failed} and errors={errors}, which the other "
                "results reach, so none of them failed"
                + (f" (it declares skipped={skipped})" if skipped is not None else "")
                + "; jest-xunit writes skipped and todo tests so",
            )
        for case, result in self.unknown:
            if denied:
                case.outcome, case.detail = Outcome.SKIPPED, None
            else:
                out.outcome(RESULTS, result, case.source_line)  # said once, as an error
            out.add(case)
        self.unknown = []


def read(source: Any, out: Collector, assume_tz: tzinfo) -> None:
    out.producer = "xunit.net"
    declared = 0
    saw_total = False
    held = _Assembly()
    for elem in stream(source, ("test", "error", "assembly")):
        kind = local(elem.tag)
        if kind == "assembly":
            held.settle(elem, out)
            held = _Assembly()
            total = elem.get("total")
            if total and total.isdigit():
                declared, saw_total = declared + int(total), True
            stamp = _run_stamp(elem, assume_tz)
            if stamp is not None and (out.started is None or stamp < out.started):
                out.started = stamp
            free(elem)
        elif kind == "test":
            case = _case(elem, out)
            result = elem.get("result") or ""
            if result not in RESULTS:
                held.unknown.append((case, result))
            else:
                held.failed += case.outcome is Outcome.FAILED
                out.add(case)
            free(elem)
        elif elem.getparent() is not None and local(elem.getparent().tag) == "errors":
            held.errors += 1
            out.add(_error(elem, out))
            free(elem)
    for case, result in held.unknown:  # results outside any assembly (a cut file)
        out.outcome(RESULTS, result, case.source_line)
        out.add(case)
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
    outcome = RESULTS.get(result, Outcome.ERROR)  # an unknown one is judged by its assembly
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
