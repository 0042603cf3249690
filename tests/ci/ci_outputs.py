"""Reading `$GITHUB_OUTPUT` as the runner does: `name=value` lines and `name<<DELIM` blocks."""

from __future__ import annotations

from pathlib import Path


def read_outputs(path: Path) -> dict[str, str]:
    """Every output in the file; a later value of a name replaces an earlier one."""
    found: dict[str, str] = {}
    lines = iter(path.read_text(encoding="utf-8").split("\n"))
    for line in lines:
        if not line:
            continue
        if "<<" in line and ("=" not in line or line.index("<<") < line.index("=")):
            name, delimiter = line.split("<<", 1)
            value = []
            for body in lines:
                if body == delimiter:
                    break
                value.append(body)
            else:
                raise AssertionError(f"{name}: the delimiter {delimiter!r} never closes")
            found[name] = "\n".join(value)
        else:
            name, _, text = line.partition("=")
            found[name] = text
    return found
