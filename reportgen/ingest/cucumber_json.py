"""Cucumber's JSON (`--format json`, cucumber-js, Cucumber-JVM, cucumber-ruby): an array of
features, each with `elements` (scenarios and backgrounds) made of `steps` with a `result`.

Counted as Cucumber counts scenarios: each scenario is one test, each example row of a
scenario outline one more (the formatters write every row as a scenario). A scenario's outcome
is its worst step or hook (`before`, `after`, hidden hook steps; a background's steps belong to
the scenario after it): failed, ambiguous, undefined and pending fail it (Cucumber, strict by
default, fails the run for each; the status is the failure's kind), skipped skips it, and only
steps that all passed pass it; a scenario with no step or hook at all ran nothing and is
skipped. A status Cucumber does not define is an error, said once. An entry of the wrong type
(a feature or scenario that is not an object, `elements` or `steps` that is not a list, a step
that is not an object) is an error, never a pass, and the file's notices count them.
The file is read as a stream, one scenario at a time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import IO, Any

import ijson

from reportgen.ingest.collect import problem
from reportgen.ingest.peerbase import END, LineCounter, PeerCollector, json_problem, text_of, walk
from reportgen.model import CaseDetail, Outcome, TestCase
from reportgen.text import plural

_HEAD = re.compile(rb"^\[\s*\{")
_FEATURE_KEYS = (re.compile(rb'"elements"\s*:\s*\['), re.compile(rb'"(keyword|uri)"\s*:\s*"'))
_PREFIXES = frozenset(
    {"item.elements.item", "item.name", "item.uri", "item.END", "item.TYPE", "item.elements.TYPE"}
)
_MALFORMED = "(malformed)"  # the status of a step that is not an object
# worst first: the first of these a scenario holds is its outcome
_ORDER = ("failed", "ambiguous", "undefined", "pending", "skipped", "passed")
_OUTCOMES = {
    "failed": Outcome.FAILED,
    "ambiguous": Outcome.FAILED,
    "undefined": Outcome.FAILED,
    "pending": Outcome.FAILED,
    "skipped": Outcome.SKIPPED,
    "passed": Outcome.PASSED,
}


def looks_like(head: bytes) -> bool:
    head = head.lstrip()
    return _HEAD.match(head) is not None and all(p.search(head) for p in _FEATURE_KEYS)


@dataclass(slots=True)
class _Step:
    status: str
    text: str
    error: str | None
    nanos: float


def read(stream: IO[bytes], out: PeerCollector) -> None:
    out.producer = "cucumber"
    counter = LineCounter(stream)
    pending: list[TestCase] = []  # this feature's, named when its name arrives
    name = uri = None
    background: list[_Step] = []
    unknown: dict[str, int] = {}
    position = 0
    try:
        for prefix, value in walk(counter, _PREFIXES, out):
            if prefix == "item.TYPE" and value != "object":
                position += 1
                out.add(
                    _malformed(
                        f"a feature that is not an object but {value}", position, out, unknown
                    )
                )
            elif prefix == "item.elements.TYPE" and value != "list":
                position += 1
                what = f"a feature whose 'elements' is not a list but {value}"
                pending.append(_malformed(what, position, out, unknown))
            elif prefix == "item.name":
                name = text_of(value)
            elif prefix == "item.uri":
                uri = text_of(value)
            elif prefix == "item.elements.item":
                if isinstance(value, dict) and value.get("type") == "background":
                    background = _steps(value)
                    continue
                # the formatters write the background again before each scenario it runs for
                position += 1
                pending.append(_scenario(value, background, position, out, unknown))
                background = []
            elif value is END:
                _flush(pending, name, uri, out)
                pending, name, uri, background = [], None, None, []
    except ijson.JSONError as error:
        _flush(pending, name, uri, out)
        raise json_problem(error, counter, "Cucumber's JSON") from error
    _flush(pending, name, uri, out)
    malformed = unknown.pop(_MALFORMED, 0)
    if malformed:
        out.notice(
            None,
            f"{plural(malformed, 'entry', 'entries')} of the wrong type (not the objects and "
            "lists Cucumber writes) counted as errors",
        )
    for status, count in unknown.items():
        out.notice(
            None,
            f"{count} scenarios with the unknown step status '{status[:40]}' counted as errors",
        )


def _steps(element: dict[str, Any]) -> list[_Step]:
    steps: list[_Step] = []
    for group in ("before", "steps", "after"):
        items = element.get(group)
        if items is None:
            continue
        if not isinstance(items, list):
            steps.append(_Step(_MALFORMED, f"'{group}' is not a list", None, 0.0))
            continue
        for item in items:
            if not isinstance(item, dict):
                steps.append(
                    _Step(_MALFORMED, f"an entry of '{group}' is not an object", None, 0.0)
                )
                continue
            for hook in _hooks(item, "before", group):
                steps.append(_step(hook, "Before hook"))
            text = f"{item.get('keyword', '')}{item.get('name', '')}".strip()
            if group != "steps" or item.get("hidden"):
                text = f"{group.capitalize() if group != 'steps' else text} hook"
            steps.append(_step(item, text))
            for hook in _hooks(item, "after", group):
                steps.append(_step(hook, "After hook"))
    return steps


def _hooks(item: dict[str, Any], when: str, group: str) -> list[Any]:
    """Cucumber-JVM's hooks around one step (`before`/`after` inside a step)."""
    hooks = item.get(when) if group == "steps" else None
    return hooks if isinstance(hooks, list) else []


def _step(item: Any, text: str) -> _Step:
    result = item.get("result") if isinstance(item, dict) else None
    result = result if isinstance(result, dict) else {}
    nanos = result.get("duration")
    usable = isinstance(nanos, (int, float)) and not isinstance(nanos, bool) and 0 <= nanos < 1e18
    seconds = float(nanos) if usable and isinstance(nanos, (int, float)) else 0.0
    return _Step(
        status=str(result.get("status", "")),
        text=text,
        error=text_of(result.get("error_message")),
        nanos=seconds,
    )


def _scenario(
    element: Any,
    background: list[_Step],
    position: int,
    out: PeerCollector,
    unknown: dict[str, int],
) -> TestCase:
    if not isinstance(element, dict):
        return _malformed("an entry of 'elements' that is not an object", position, out, unknown)
    steps = background + _steps(element)
    statuses = {step.status for step in steps}
    worst = next((s for s in _ORDER if s in statuses), "skipped" if not steps else "passed")
    outcome = _OUTCOMES[worst]
    strange = sorted(statuses - {*_ORDER, _MALFORMED})
    if _MALFORMED in statuses:
        outcome, worst = Outcome.ERROR, _MALFORMED
    elif strange:
        unknown[strange[0]] = unknown.get(strange[0], 0) + 1
        outcome, worst = Outcome.ERROR, strange[0]
    number = element.get("line")
    case = TestCase(
        name=text_of(element.get("name")) or f"scenario at line {number}",
        classname="",
        suite=(),
        outcome=outcome,
        duration=sum(step.nanos for step in steps) / 1e9,
        input=out.index,
        source_line=position,  # the scenario's position: a streamed JSON has no exact line
        line=number
        if isinstance(number, int) and not isinstance(number, bool) and number > 0
        else None,
    )
    if not steps:
        case.detail = CaseDetail(skip_message="the scenario has no steps or hooks: nothing ran")
    elif worst == _MALFORMED:
        culprit = next(step for step in steps if step.status == worst)
        unknown[_MALFORMED] = unknown.get(_MALFORMED, 0) + 1
        case.detail = CaseDetail(problem=problem("error", f"malformed: {culprit.text}", None))
    elif outcome in (Outcome.FAILED, Outcome.ERROR):
        culprit = next(step for step in steps if step.status == worst)
        message = f"{worst}: {culprit.text}" if culprit.text else worst
        case.detail = CaseDetail(problem=problem(worst, message, culprit.error))
    return case


def _malformed(what: str, position: int, out: PeerCollector, unknown: dict[str, int]) -> TestCase:
    """The error standing for an entry of the wrong type, which must never read as a pass;
    counted in `unknown` under _MALFORMED."""
    unknown[_MALFORMED] = unknown.get(_MALFORMED, 0) + 1
    case = TestCase(
        name=f"entry #{position} ({what})"[:200],
        classname="",
        suite=(),
        outcome=Outcome.ERROR,
        duration=0.0,
        input=out.index,
        source_line=position,
    )
    case.detail = CaseDetail(problem=problem("error", f"malformed: {what}", None))
    return case


def _flush(cases: list[TestCase], name: str | None, uri: str | None, out: PeerCollector) -> None:
    feature = name or uri or "feature"
    suite = (feature,)
    for case in cases:
        case.classname, case.suite, case.file = feature, suite, uri
        out.add(case)
    cases.clear()
