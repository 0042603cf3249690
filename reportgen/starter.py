"""`reportgen init`: a starter worklog.toml whose categories are guessed from the inputs.

One category per input file; when a single file holds several top-level suites, one per
suite instead. The result is accepted by `render` unchanged and is meant to be edited.

Rules must keep matching when `render` runs from another directory than `init` did, so an
input is matched by the shortest end of its path that names it alone (usually its file
name; `input` globs match a trailing part of the path), and a suite by its name.
"""

from __future__ import annotations

import json
from pathlib import Path

from reportgen.analyze.categories import trailing_parts
from reportgen.model import InputStatus, Run


def _toml_string(text: str) -> str:
    # JSON string escapes are valid TOML basic-string escapes.
    return json.dumps(text, ensure_ascii=False)


Rule = list[tuple[str, str]]  # (match key, glob) per rule of a category


def _guess_categories(run: Run) -> list[tuple[str, Rule]]:
    """(category name, rules) pairs, in input order, names unique."""
    usable = [i for i in run.inputs if i.status is not InputStatus.REJECTED]
    guesses: list[tuple[str, Rule]] = []
    if len(usable) == 1:
        tops = list(dict.fromkeys(s.path[0] for s in run.suites if s.path))
        if len(tops) > 1:
            # the suite itself and the suites inside it; a bare `name*` would also take `name2`
            guesses = [
                (name, [("suite", _glob_escape(name)), ("suite", f"{_glob_escape(name)}/*")])
                for name in tops
            ]
    if not guesses:
        paths = [i.path for i in usable]
        guesses = [
            (Path(path).stem or path, [("input", _glob_escape(_own_end(path, paths)))])
            for path in paths
        ]
    seen: dict[str, int] = {}
    unique = []
    for name, rules in guesses:
        seen[name] = seen.get(name, 0) + 1
        unique.append((name if seen[name] == 1 else f"{name} ({seen[name]})", rules))
    return unique


def _own_end(path: str, paths: list[str]) -> str:
    """The shortest trailing part of `path` that is not a trailing part of another input."""
    others = {tail for other in paths if other != path for tail in trailing_parts(other)}
    return next((t for t in reversed(trailing_parts(path)) if t not in others), path)


def _glob_escape(text: str) -> str:
    return "".join(f"[{c}]" if c in "*?[" else c for c in text)


def starter_config(run: Run, title: str = "Test Run Worklog") -> str:
    lines = [
        "# Starter configuration written by `reportgen init`; every key is documented in the",
        "# README's configuration reference. Edit freely. An `input` glob matches the end of a",
        "# report's path, so these rules hold whichever directory reportgen runs from.",
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
    for name, rules in categories:
        tables = ", ".join(f"{{ {key} = {_toml_string(glob)} }}" for key, glob in rules)
        lines += ["[[categories]]", f"name = {_toml_string(name)}", f"match = [{tables}]", ""]
    lines += [
        "[[criteria]]",
        'name = "Overall"',
        'scope = "overall"',
        'target = ">=90%"',
        "",
    ]
    return "\n".join(lines)
