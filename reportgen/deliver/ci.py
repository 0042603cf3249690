"""CI outputs: the GitHub Actions job summary and step outputs.

GitHub refuses a step summary (`$GITHUB_STEP_SUMMARY`) over 1 MiB, so text that does not fit
in what is left of the file is cut at a line boundary (closing an open code fence) and ends
with a note saying so. Step outputs (`$GITHUB_OUTPUT`) use the `name<<DELIMITER` form, so
values may span lines.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Mapping
from pathlib import Path

SUMMARY_VARIABLE = "GITHUB_STEP_SUMMARY"
OUTPUT_VARIABLE = "GITHUB_OUTPUT"
STEP_SUMMARY_LIMIT = 1_048_576

_FENCES = ("```", "~~~")


def _cut_note(kept: int, total: int) -> str:
    return (
        f"\n> Summary cut at {kept:,} of {total:,} bytes to fit the 1 MiB job-summary limit; "
        "the full worklog is in the written file.\n"
    )


def fit_summary(text: str, room: int) -> str:
    """`text` if it fits in `room` UTF-8 bytes, else its longest prefix of whole lines that
    fits together with a closing fence (if one is open) and a note; "" if not even that fits."""
    data = text.encode("utf-8")
    if len(data) <= room:
        return text
    note = _cut_note(0, len(data))
    budget = room - len(note.encode("utf-8")) - len("```\n") - 16  # 16: room for the digits
    if budget <= 0:
        return ""
    cut = data.rfind(b"\n", 0, budget + 1) + 1  # keeps whole lines; 0 when none fits
    kept = data[:cut].decode("utf-8")
    fences = sum(1 for line in kept.splitlines() if line.lstrip().startswith(_FENCES))
    closing = "```\n" if fences % 2 else ""
    return kept + closing + _cut_note(cut, len(data))


def append_step_summary(
    text: str, env: Mapping[str, str] = os.environ, limit: int = STEP_SUMMARY_LIMIT
) -> Path | None:
    """Append `text` to the job summary when `$GITHUB_STEP_SUMMARY` is set; returns its path.

    None when the variable is unset or empty, or the summary is already full.
    """
    target = env.get(SUMMARY_VARIABLE)
    if not target:
        return None
    path = Path(target)
    used = path.stat().st_size if path.exists() else 0
    if not text.endswith("\n"):
        text += "\n"
    fitted = fit_summary(text, limit - used)
    if not fitted:
        return None
    with path.open("a", encoding="utf-8") as handle:
        handle.write(fitted)
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
