"""Input paths as a reader of the document needs them: short and relative.

Ingest keeps each input's real path (to read it, and for `input` rules that match absolute
paths); the documents show it relative to the working directory, or, for inputs outside it,
to the inputs' common directory. Relative paths stay as given. One place does it for every
section: groups' report files and occurrences, the execution log's inputs and problem lines,
and the notices.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import PurePath

from reportgen.report import FailureGroup, Occurrence, Phase, Report


def shown_paths(paths: Iterable[str], cwd: str | None = None) -> dict[str, str]:
    """Each absolute path (that changes) -> how the document shows it."""
    base = PurePath(cwd if cwd is not None else os.getcwd())
    absolute = sorted({p for p in paths if p and p != "-" and PurePath(p).is_absolute()})
    shown: dict[str, str] = {}
    outside: list[str] = []
    for path in absolute:
        try:
            shown[path] = PurePath(path).relative_to(base).as_posix()
        except ValueError:
            outside.append(path)
    if outside:
        root = PurePath(os.path.commonpath(outside))
        if root in [PurePath(p) for p in outside]:  # a single file: keep its directory's name
            root = root.parent
        if len(root.parts) > 1:  # sharing only `/` says nothing: keep them whole
            for path in outside:
                shown[path] = PurePath(path).relative_to(root).as_posix()
    return {path: short for path, short in shown.items() if short and short != path}


def _replace(text: str, names: dict[str, str]) -> str:
    for path in sorted(names, key=len, reverse=True):  # a path may begin another
        if path in text:
            text = text.replace(path, names[path])
    return text


def _occurrence(occurrence: Occurrence, names: dict[str, str]) -> Occurrence:
    if occurrence.file not in names:
        return occurrence
    return occurrence.model_copy(update={"file": names[occurrence.file]})


def _group(group: FailureGroup, names: dict[str, str]) -> FailureGroup:
    return group.model_copy(
        update={
            "files": [names.get(f, f) for f in group.files],
            "first": _occurrence(group.first, names),
            "last": _occurrence(group.last, names),
        }
    )


def _phase(phase: Phase, names: dict[str, str]) -> Phase:
    return phase.model_copy(
        update={
            "inputs": [names.get(i, i) for i in phase.inputs],
            "problems": [_replace(p, names) for p in phase.problems],
        }
    )


def with_shown_paths(report: Report, cwd: str | None = None) -> Report:
    """The report with its input paths as documents show them (the same report when none
    changes). Every input is in a phase, so the phases name them all."""
    names = shown_paths((i for phase in report.phases for i in phase.inputs), cwd)
    if not names:
        return report
    return report.model_copy(
        update={
            "groups": [_group(g, names) for g in report.groups],
            "phases": [_phase(p, names) for p in report.phases],
            "notices": [_replace(n, names) for n in report.notices],
        }
    )
