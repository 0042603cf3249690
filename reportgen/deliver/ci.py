"""CI outputs: the GitHub Actions job summary and step outputs.

GitHub refuses a step summary (`$GITHUB_STEP_SUMMARY`) over 1 MiB in all. The summary is not
cut here: the caller renders it for the room that is left (the PR profile fits any byte
budget and never leaves a fence or `<details>` open), so what is appended always fits.
Step outputs (`$GITHUB_OUTPUT`) use the `name<<DELIMITER` form, so values may span lines.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Mapping
from pathlib import Path

SUMMARY_VARIABLE = "GITHUB_STEP_SUMMARY"
OUTPUT_VARIABLE = "GITHUB_OUTPUT"
STEP_SUMMARY_LIMIT = 1_048_576
MIN_ROOM = 2_000  # below this no useful summary fits


def append_step_summary(
    render: Callable[[int], str],
    env: Mapping[str, str] = os.environ,
    limit: int = STEP_SUMMARY_LIMIT,
) -> Path | None:
    """Append `render(room)` to the job summary when `$GITHUB_STEP_SUMMARY` is set.

    `room` is the number of UTF-8 bytes still free under `limit`; the text must fit in it.
    Returns the file's path, or None when the variable is unset or too little room is left.
    Raises OSError when the file cannot be written.
    """
    target = env.get(SUMMARY_VARIABLE)
    if not target:
        return None
    path = Path(target)
    used = path.stat().st_size if path.exists() else 0
    room = limit - used - 1  # one byte for a final newline
    if room < MIN_ROOM:
        return None
    text = render(room)
    if len(text.encode("utf-8")) > room:
        raise ValueError(f"the step summary needs {room} bytes at most")
    with path.open("a", encoding="utf-8") as handle:
        handle.write(text if text.endswith("\n") else text + "\n")
    return path


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
