"""Runs and configs built by hand for the analyze tests."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from reportgen.config import Config
from reportgen.model import (
    CaseDetail,
    Counts,
    InputFile,
    InputProblem,
    InputStatus,
    Outcome,
    Problem,
    Run,
    Suite,
    TestCase,
)


def case(
    name: str,
    outcome: str = "passed",
    *,
    classname: str = "pkg.TestA",
    suite: tuple[str, ...] = ("S",),
    duration: float = 1.0,
    input: int = 0,
    line: int = 0,
    type: str | None = None,
    message: str | None = None,
    details: str | None = None,
    file: str | None = None,
    properties: dict[str, str] | None = None,
) -> TestCase:
    kind = Outcome(outcome)
    detail = None
    if kind in (Outcome.FAILED, Outcome.ERROR) or properties:
        problem = None
        if kind in (Outcome.FAILED, Outcome.ERROR):
            problem = Problem(
                kind="failure" if kind is Outcome.FAILED else "error",
                type=type,
                message=message,
                details=details,
            )
        detail = CaseDetail(problem=problem, properties=properties or {})
    return TestCase(
        name=name,
        classname=classname,
        suite=suite,
        outcome=kind,
        duration=duration,
        input=input,
        source_line=line,
        file=file,
        detail=detail,
    )


def fail(name: str, message: str | None = "boom", **kwargs: Any) -> TestCase:
    return case(name, "failed", message=message, **kwargs)


def _counts(cases: Sequence[TestCase]) -> Counts:
    return Counts.of(dict(Counter(c.outcome for c in cases)))


def make_run(
    cases: Sequence[TestCase],
    inputs: Sequence[str] = ("results.xml",),
    *,
    rejected: Sequence[str] = (),
    declared_times: dict[tuple[int, tuple[str, ...]], float] | None = None,
    number_lines: bool = True,
) -> Run:
    """A consistent Run: source lines numbered per input, suites and counts from the cases."""
    cases = list(cases)
    if number_lines:
        next_line: Counter[int] = Counter()
        for c in cases:
            if c.source_line == 0:
                next_line[c.input] += 1
                c.source_line = next_line[c.input] + 1
    files = [
        InputFile(
            path=path,
            counts=_counts([c for c in cases if c.input == n]),
            duration=sum(c.duration for c in cases if c.input == n),
        )
        for n, path in enumerate(inputs)
    ]
    for path in rejected:
        files.append(
            InputFile(
                path=path,
                status=InputStatus.REJECTED,
                problem=InputProblem(message="not XML", line=1, hint="give a JUnit XML file"),
            )
        )
    keys = list(dict.fromkeys((c.input, c.suite) for c in cases))
    suites = [
        Suite(
            path=path,
            input=n,
            source_line=1,
            duration=sum(c.duration for c in cases if (c.input, c.suite) == (n, path)),
            counts=_counts([c for c in cases if (c.input, c.suite) == (n, path)]),
            declared_time=(declared_times or {}).get((n, path)),
        )
        for n, path in keys
    ]
    return Run(inputs=files, suites=suites, cases=cases, counts=_counts(cases))


def config(**data: Any) -> Config:
    return Config.model_validate(data)


def cat(name: str, *rules: dict[str, str], **extra: Any) -> dict[str, Any]:
    return {"name": name, "match": list(rules), **extra}
