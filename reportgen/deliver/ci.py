"""CI outputs: the GitHub Actions job summary and step outputs.

GitHub refuses a step summary (`$GITHUB_STEP_SUMMARY`) over 1 MiB in all. The summary is not
cut here: the caller asks for the room that is left (`step_summary_slot`) and renders for it
(the PR profile fits any byte budget and never leaves a fence or `<details>` open), so what
is appended always fits.
Step outputs (`$GITHUB_OUTPUT`) use the `name<<DELIMITER` form, so values may span lines.
`step_outputs` names a run's figures for other steps; `report_json` adds the same figures,
typed, to the analyzed report's JSON under `outputs`.
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportgen.percent import format_percent
from reportgen.report import Report

SUMMARY_VARIABLE = "GITHUB_STEP_SUMMARY"
OUTPUT_VARIABLE = "GITHUB_OUTPUT"
STEP_SUMMARY_LIMIT = 1_048_576
MIN_ROOM = 2_000  # below this no useful summary fits


@dataclass(frozen=True, slots=True)
class SummarySlot:
    """Where the job summary is and how many UTF-8 bytes it can still take."""

    path: Path
    room: int


def step_summary_slot(
    env: Mapping[str, str] = os.environ, limit: int = STEP_SUMMARY_LIMIT
) -> SummarySlot | None:
    """The job summary's room under `limit` when `$GITHUB_STEP_SUMMARY` is set, else None
    (also when less than `MIN_ROOM` is left: no useful summary fits)."""
    target = env.get(SUMMARY_VARIABLE)
    if not target:
        return None
    path = Path(target)
    used = path.stat().st_size if path.exists() else 0
    room = limit - used - 1  # one byte for a final newline
    return SummarySlot(path, room) if room >= MIN_ROOM else None


def append_step_summary(slot: SummarySlot, text: str) -> Path:
    """Append `text`, rendered for `slot.room`, to the job summary. Raises OSError when the
    file cannot be written, ValueError when the text does not fit (it is never cut here)."""
    if len(text.encode("utf-8")) > slot.room:
        raise ValueError(f"the step summary needs {slot.room} bytes at most")
    with slot.path.open("a", encoding="utf-8") as handle:
        handle.write(text if text.endswith("\n") else text + "\n")
    return slot.path


def set_outputs(values: Mapping[str, str], env: Mapping[str, str] = os.environ) -> Path | None:
    """Append step outputs (e.g. the worklog path, the status) when `$GITHUB_OUTPUT` is set."""
    target = env.get(OUTPUT_VARIABLE)
    if not target:
        return None
    lines = []
    for name, value in values.items():
        if not name or any(ch in name for ch in "<=\n"):
            raise ValueError(f"{name!r} cannot be a step output name")
        delimiter = f"ghadelimiter_{uuid.uuid4().hex}"  # cannot occur in the value by chance
        lines.append(f"{name}<<{delimiter}\n{value}\n{delimiter}\n")
    path = Path(target)
    with path.open("a", encoding="utf-8") as handle:
        handle.write("".join(lines))
    return path


# The figures a later step reads, in this order (`render` writes them when $GITHUB_OUTPUT is set).
OUTPUT_NAMES = (
    "tests",
    "passed",
    "failed",
    "errors",
    "skipped",
    "flaky",
    "health",
    "status",
    "new_failures",
    "worklog",
    "summary_json",
)


def output_values(report: Report, worklog: Path | None) -> dict[str, Any]:
    """The run's figures, typed: counts add up to `tests` (`passed` leaves out `flaky`, the
    tests that passed after failing); `health` is None without a value, `new_failures` None
    when no baseline was compared (nothing could be judged new)."""
    counts = report.counts
    return {
        "tests": counts.total,
        "passed": counts.passed,
        "failed": counts.failed,
        "errors": counts.errors,
        "skipped": counts.skipped,
        "flaky": counts.flaky,
        "health": report.health.value,
        "status": report.overall.value,
        "new_failures": len(report.diff.new_failures) if report.diff is not None else None,
        "worklog": str(worklog) if worklog is not None else None,
    }


def step_outputs(report: Report, worklog: Path | None) -> dict[str, str]:
    """`output_values` as step outputs: numbers as digits, health as the worklog writes it
    (without `%`), unknown as empty; `summary_json` holds them all, typed, on one line."""
    values = output_values(report, worklog)
    texts = {name: "" if value is None else str(value) for name, value in values.items()}
    health = report.health.value
    texts["health"] = format_percent(health).removesuffix("%") if health is not None else ""
    texts["summary_json"] = json.dumps(values, ensure_ascii=True, separators=(",", ":"))
    return texts


def report_json(document: str, report: Report, worklog: Path | None) -> str:
    """The analyzed report's JSON with the step outputs' figures, typed, under `outputs`
    (a top-level `health` is already the report's health object). Reading the file back as a
    Report ignores the key."""
    data = json.loads(document)
    data["outputs"] = output_values(report, worklog)
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
