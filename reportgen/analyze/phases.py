"""The execution log: one phase per input file, or per configured phase.

An input joins the first configured phase whose `input` glob matches its path or a
trailing part of it (as category rules match inputs); inputs no phase claims are phases of
their own. Phases are ordered by their first input, and a configured phase that no input
matched is left out. Rejected and partial inputs are phases
too, with one problem line each. Suites without tests of their own (containers, empty
suites) have no line. A phase's duration is its test time: the sum of its tests' durations,
so it is the sum of its suite lines'.
"""

from __future__ import annotations

from math import fsum
from pathlib import PurePath

from reportgen.analyze.categories import path_glob
from reportgen.config import Config
from reportgen.model import Counts, InputFile, InputStatus, Run
from reportgen.report import Phase, SuiteLine


def problem_line(item: InputFile) -> str | None:
    """`path: partial: message (line N); hint` for inputs that were not read whole."""
    if item.status is InputStatus.OK:
        return None
    text = f"{item.path}: {item.status.value}"
    if item.problem is not None:
        where = f" (line {item.problem.line})" if item.problem.line else ""
        text += f": {item.problem.message}{where}; {item.problem.hint}"
    return text


def _status(items: list[InputFile]) -> InputStatus:
    if all(i.status is InputStatus.REJECTED for i in items):
        return InputStatus.REJECTED
    if any(i.status is not InputStatus.OK for i in items):
        return InputStatus.PARTIAL
    return InputStatus.OK


def _phase_name(path: str) -> str:
    return "standard input" if path in ("-", "") else PurePath(path).name


def build_phases(run: Run, config: Config, errors_as_failures: bool = True) -> list[Phase]:
    matchers = [(phase, path_glob(phase.input)) for phase in config.phases]
    members: dict[str, list[int]] = {}
    commands: dict[str, str | None] = {}
    for index, item in enumerate(run.inputs):
        configured = next((p for p, match in matchers if match(item.path)), None)
        key = f"phase:{configured.name}" if configured else f"input:{index}"
        members.setdefault(key, []).append(index)
        commands[key] = configured.command if configured else None
    phases = []
    for key, indexes in members.items():
        items = [run.inputs[i] for i in indexes]
        chosen = set(indexes)
        name = (
            key.removeprefix("phase:") if key.startswith("phase:") else _phase_name(items[0].path)
        )
        suites = [s for s in run.suites if s.input in chosen]
        lines = [
            SuiteLine(
                name=" / ".join(s.path) or "(unnamed suite)",
                counts=s.counts,
                duration=s.duration,
                pass_rate=s.counts.pass_rate(errors_as_failures),
            )
            for s in suites
            if s.counts.total > 0
        ]
        phases.append(
            Phase(
                name=name,
                inputs=[i.path for i in items],
                command=commands[key],
                status=_status(items),
                counts=sum((i.counts for i in items), Counts()),
                # test time, as its suite lines and the execution summary count it (a
                # file's own time attribute is wall time, a different figure)
                duration=fsum(s.duration for s in suites),
                suites=lines,
                problems=[line for i in items if (line := problem_line(i))],
            )
        )
    return phases
