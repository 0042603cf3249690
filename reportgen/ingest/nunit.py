"""NUnit XML: NUnit 3 (`<test-run>`, or a bare `<test-suite>`) and NUnit 2 (`<test-results>`).
Every `<test-case>` is one test result, data-driven rows included (NUnit writes one per row
inside a parameterized suite); the suite path is the chain of `<test-suite>` names around it."""

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

# NUnit 3: `result`, refined by `label`. A failure labelled Error (an unexpected exception) or
# Cancelled is an error, as NUnit's own summary counts it; Invalid stays a failure.
NUNIT3_RESULTS: dict[str, Outcome] = {
    "Passed": Outcome.PASSED,
    "Warning": Outcome.PASSED,
    "Failed": Outcome.FAILED,
    "Skipped": Outcome.SKIPPED,  # Ignored, Explicit
    "Inconclusive": Outcome.SKIPPED,
}
NUNIT3_ERROR_LABELS = frozenset({"Error", "Cancelled"})
# NUnit 2: `result`. Ignored and Skipped were not run; Inconclusive ran without a verdict. A
# NotRunnable test (an invalid one: a test method with parameters and no data) is "not run"
# too, but the NUnit 2.6 console counts it as Invalid and in its failing exit code: a failure
# (as NUnit 3's Invalid label), never a skip (tests/realtools/generated/more/nunit2.xml).
NUNIT2_RESULTS: dict[str, Outcome] = {
    "Success": Outcome.PASSED,
    "Failure": Outcome.FAILED,
    "Error": Outcome.ERROR,
    "Cancelled": Outcome.ERROR,
    "Ignored": Outcome.SKIPPED,
    "Skipped": Outcome.SKIPPED,
    "NotRunnable": Outcome.FAILED,
    "Inconclusive": Outcome.SKIPPED,
}
# NUnit 2 results kept as finer outcomes (model.KIND_OUTCOME), as its console names them.
NUNIT2_KINDS: dict[str, str] = {
    "Ignored": "ignored",
    "NotRunnable": "invalid",
    "Inconclusive": "inconclusive",
}
# The root's counts checked against the results: attribute -> the results it counts.
NUNIT2_ROOT_COUNTS: dict[str, tuple[str, ...]] = {
    "errors": ("Error", "Cancelled"),
    "failures": ("Failure",),
    "not-run": ("Ignored", "Skipped", "NotRunnable"),
    "inconclusive": ("Inconclusive",),
}


def read(source: Any, out: Collector, assume_tz: tzinfo) -> None:
    root: Any = None
    results: dict[str, int] = {}
    root_seen = False
    last_parent: Any = None
    path: tuple[str, ...] = ()
    for elem in stream(source, ("test-case", "test-suite")):
        if not root_seen:
            root_seen = True
            root = elem.getroottree().getroot()
            _read_root(root, out, assume_tz)
        if local(elem.tag) == "test-suite":
            free(elem)
            continue
        parent = elem.getparent()
        if parent is not last_parent:  # cases of one suite share the tuple
            last_parent, path = parent, _suite_path(elem)
        if out.producer == "nunit2":
            result = elem.get("result") or ""
            results[result] = results.get(result, 0) + 1
        out.add(_case(elem, path, out))
        free(elem)
    if out.producer == "nunit2" and root is not None:
        _check_nunit2_root(root, results, out)


def _check_nunit2_root(root: Any, results: dict[str, int], out: Collector) -> None:
    """A notice when the root's errors, failures, not-run or inconclusive are not what the
    results give."""
    wrong = []
    for name, counted in NUNIT2_ROOT_COUNTS.items():
        said = root.get(name)
        held = sum(results.get(result, 0) for result in counted)
        if said is not None and said.isdigit() and int(said) != held:
            wrong.append(f"{name}={said} (its results give {held})")
    if wrong:
        out.notice(None, "<test-results> says " + ", ".join(wrong))


def _read_root(root: Any, out: Collector, assume_tz: tzinfo) -> None:
    name = local(root.tag)
    out.producer = "nunit2" if name == "test-results" else "nunit3"
    if name == "test-run":
        out.started = dialects.parse_timestamp(root.get("start-time"), assume_tz)
        out.finished = dialects.parse_timestamp(root.get("end-time"), assume_tz)
        declared = root.get("testcasecount") or root.get("total")
    elif name == "test-results":
        # NUnit 2's `total` leaves out the tests it did not run
        declared = str(sum(_int(root.get(k)) for k in ("total", "not-run")))
    else:
        declared = root.get("testcasecount") or root.get("total")
    if declared and declared.isdigit():
        out.declared = DeclaredCounts(tests=int(declared))


def _int(text: str | None) -> int:
    return int(text) if text and text.isdigit() else 0


def _suite_path(case: Any) -> tuple[str, ...]:
    names = [
        node.get("name") or "" for node in case.iterancestors() if local(node.tag) == "test-suite"
    ]
    return tuple(reversed(names))


def _case(elem: Any, path: tuple[str, ...], out: Collector) -> TestCase:
    if out.producer == "nunit2":
        outcome = _nunit2_outcome(elem, out)
        duration = seconds(elem.get("time"))
    else:
        outcome = out.outcome(NUNIT3_RESULTS, elem.get("result") or "", elem.sourceline or 0)
        if outcome is Outcome.FAILED and elem.get("label") in NUNIT3_ERROR_LABELS:
            outcome = Outcome.ERROR
        duration = seconds(elem.get("duration"))
    full = elem.get("fullname") or elem.get("name") or ""
    classname = elem.get("classname") or _owner(full)
    name = elem.get("name") or ""
    if out.producer == "nunit2" and classname and name.startswith(classname + "."):
        name = name[len(classname) + 1 :]
    case = TestCase(name, classname, path, outcome, duration, out.index, elem.sourceline or 0)
    if out.producer == "nunit2":
        case.kind = NUNIT2_KINDS.get(elem.get("result") or "")
    detail = CaseDetail()
    if outcome in (Outcome.FAILED, Outcome.ERROR):
        kind = "error" if outcome is Outcome.ERROR else "failure"
        message = child_text(elem, "failure", "message")
        trace = child_text(elem, "failure", "stack-trace")
        detail.problem = problem(kind, message or elem.get("result"), trace, elem.get("label"))
    elif outcome is Outcome.SKIPPED:
        detail.skip_message = child_text(elem, "reason", "message") or elem.get("label")
    detail.system_out = child_text(elem, "output")
    if detail.problem or detail.skip_message or detail.system_out:
        case.detail = detail
    return case


def _nunit2_outcome(elem: Any, out: Collector) -> Outcome:
    result = elem.get("result")
    if result is not None:
        return out.outcome(NUNIT2_RESULTS, result, elem.sourceline or 0)
    # NUnit 2.2-2.4 wrote only executed/success, in any case; a pass may carry neither
    if (elem.get("executed") or "").lower() == "false":
        return Outcome.SKIPPED
    success = (elem.get("success") or "").lower()
    if success == "true":
        return Outcome.PASSED
    if success == "false" or child(elem, "failure") is not None:
        return Outcome.FAILED
    return Outcome.PASSED


def _owner(full: str) -> str:
    """'Ns.Class.Method(1.5, "a.b")' -> 'Ns.Class': the arguments may hold dots."""
    head = full.split("(", 1)[0]
    return head.rpartition(".")[0]
