"""The short plain-text summary printed by `reportgen summary`."""

from __future__ import annotations

from collections import defaultdict

from reportgen.model import Counts, InputStatus, Run, TestCase
from reportgen.percent import format_percent
from reportgen.text import counts_line, plural, truncate

FIRST_FAILURES = 10


def _rate(counts: Counts) -> str:
    rate = counts.pass_rate()
    return format_percent(rate)


def _one_line(text: str | None, width: int = 160) -> str:
    return truncate(" ".join((text or "").split()), width)


def _failure_line(run: Run, case: TestCase) -> str:
    source = run.inputs[case.input].path
    problem = case.detail.problem if case.detail else None
    reason = ""
    if problem is not None:
        message = problem.message or ""
        # many tools already start the message with the exception type
        typed = problem.type and not message.startswith(problem.type)
        reason = _one_line(f"{problem.type}: {message}" if typed else message or problem.type)
    head = f"  {case.outcome.value.upper():7} {case.identity}  ({source}:{case.source_line})"
    return f"{head}\n          {reason}" if reason else head


def summarize(run: Run) -> str:
    """Totals by outcome, pass rate, time, one line per file and top suite, the first failures."""
    lines = [
        counts_line(run.counts, kinds=run.kinds),
        f"pass rate {_rate(run.counts)} (passed+flaky / (total-skipped)), "
        f"test time {run.duration:.2f}s, {plural(len(run.inputs), 'input')}",
        "",
    ]
    # per input, its top-level suites' counts (nested suites add into their top suite)
    top_suites: dict[int, dict[str, Counts]] = defaultdict(lambda: defaultdict(Counts))
    for suite in run.suites:
        tops = top_suites[suite.input]
        name = suite.path[0] if suite.path else ""
        tops[name] = tops[name] + suite.counts
    for index, source in enumerate(run.inputs):
        if source.status is InputStatus.REJECTED:
            continue
        flag = "  [partial]" if source.status is InputStatus.PARTIAL else ""
        counts = counts_line(source.counts, kinds=source.kinds)
        lines.append(
            f"{source.path}: {counts}; {_rate(source.counts)}; {source.duration:.2f}s{flag}"
        )
        suites = top_suites.get(index, {})
        if len(suites) > 1:
            lines.extend(
                f"  {name or '(unnamed suite)'}: {counts_line(c)}" for name, c in suites.items()
            )
    failures = run.failures()
    if failures:
        lines += ["", f"First failures ({min(len(failures), FIRST_FAILURES)} of {len(failures)}):"]
        lines.extend(_failure_line(run, case) for case in failures[:FIRST_FAILURES])
    return "\n".join(lines)


def problems(run: Run) -> list[str]:
    """One line per rejected or partial input, then the notices; for stderr."""
    lines = []
    for source in run.inputs:
        if source.problem is None:
            continue
        where = f"{source.path}:{source.problem.line}" if source.problem.line else source.path
        lines.append(
            f"{source.status.value}: {where}: {source.problem.message} ({source.problem.hint})"
        )
    lines.extend(f"warning: {notice}" for notice in run.notices)
    return lines
