"""`reportgen init`: a starter worklog.toml whose categories are guessed from the inputs.

One category per input file; when a single file holds several top-level suites, one per
suite instead. The result is accepted by `render` unchanged and is meant to be edited.
"""

from __future__ import annotations

import json
from pathlib import Path

from reportgen.model import InputStatus, Run


def _toml_string(text: str) -> str:
    # JSON string escapes are valid TOML basic-string escapes.
    return json.dumps(text, ensure_ascii=False)


def _guess_categories(run: Run) -> list[tuple[str, str, str]]:
    """(category name, match key, glob) triples, in input order, names unique."""
    usable = [i for i in run.inputs if i.status is not InputStatus.REJECTED]
    guesses: list[tuple[str, str, str]] = []
    if len(usable) == 1:
        tops = list(dict.fromkeys(s.path[0] for s in run.suites if s.path))
        if len(tops) > 1:
            guesses = [(name, "suite", f"{_glob_escape(name)}*") for name in tops]
    if not guesses:
        guesses = [(Path(i.path).stem or i.path, "input", _glob_escape(i.path)) for i in usable]
    seen: dict[str, int] = {}
    unique = []
    for name, key, glob in guesses:
        seen[name] = seen.get(name, 0) + 1
        unique.append((name if seen[name] == 1 else f"{name} ({seen[name]})", key, glob))
    return unique


def _glob_escape(text: str) -> str:
    return "".join(f"[{c}]" if c in "*?[" else c for c in text)


def starter_config(run: Run, title: str = "Test Run Worklog") -> str:
    lines = [
        "# Starter configuration written by `reportgen init`; every key is documented in the",
        "# README's configuration reference. Edit freely.",
        "",
        "[worklog]",
        f"title = {_toml_string(title)}",
        'timezone = "UTC"',
        "",
        "[pass_rate]",
        "errors_as_failures = true",
        "",
    ]
    categories = _guess_categories(run)
    for name, key, glob in categories:
        lines += [
            "[[categories]]",
            f"name = {_toml_string(name)}",
            f"match = [{{ {key} = {_toml_string(glob)} }}]",
            "",
        ]
    lines += [
        "[[criteria]]",
        'name = "Overall"',
        'scope = "overall"',
        'target = ">=90%"',
        "",
    ]
    return "\n".join(lines)
