"""`reportgen init`: a starter worklog.toml whose categories are guessed from the inputs.

From the test tree first: when the tests' directories spread over two or more top-level
test directories (or packages) below the directory they all share, one category per such
directory (`tests/unit` is "Unit", `tests/integration` "Integration"), and one for the tests
directly in the shared directory, last. A test's directory is that of its `file`, or, when the
report gives none (pytest's default) or names one outside the checkout (`../`), the package
of its dotted classname: the classname without its trailing class names (parts starting with
an upper-case letter) and its module, which must be named as pytest finds test modules,
`test_*` or `*_test` (`tests.unit.test_cart.TestCart` is in `tests/unit`). The tree is used
when every test has a place in it and it splits the run at least as finely as the report
files do.

Otherwise one category per input file; when a single file holds several top-level suites, one
per suite instead. The result is accepted by `render` unchanged and is meant to be edited.

Rules must keep matching when `render` runs from another directory than `init` did, so an
input is matched by the shortest end of its path that names it alone (usually its file
name; `input` globs match a trailing part of the path), a suite by its name, a directory by a
`file` glob on its path as the reports give it (`*/` before it for an absolute path) or a
`classname` glob on its package.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from reportgen.analyze.categories import categorize, trailing_parts
from reportgen.config import UNMATCHED, Config
from reportgen.model import InputStatus, Run, TestCase


def _toml_string(text: str) -> str:
    # JSON string escapes are valid TOML basic-string escapes.
    return json.dumps(text, ensure_ascii=False)


Rule = list[tuple[str, str]]  # (match key, glob) per rule of a category


_DOTTED = re.compile(r"^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*$")
_TEST_MODULE = re.compile(r"^(?:test_\w*|\w*_test)$")


@dataclass
class _Place:
    """Where a test sits in the tree: its directories, and the file as the report gives it."""

    dirs: tuple[str, ...]
    raw: str | None = None  # None: placed by its classname


def _place(case: TestCase) -> _Place | None:
    parts = case.file.split("/") if case.file else []
    if case.file and ".." not in parts:  # a file outside the checkout is no part of its tree
        return _Place(tuple(p for p in parts[:-1] if p not in ("", ".")), raw=case.file)
    if case.classname and _DOTTED.match(case.classname):
        names = case.classname.split(".")
        while names and names[-1][:1].isupper():
            names.pop()  # classes, nested ones included
        # a module named as pytest finds them; a Java or C# package is no test tree
        if names and _TEST_MODULE.match(names[-1]):
            return _Place(tuple(names[:-1]))
    return None


@dataclass
class _Branch:
    """A top-level test directory (or the shared directory itself) and its rules."""

    name: str
    files: set[str] = field(default_factory=set)  # `file` globs
    package: str | None = None  # for a `classname` glob

    def rules(self) -> Rule:
        rules = [("file", glob) for glob in sorted(self.files)]
        if self.package is not None:
            package = _glob_escape(self.package)
            rules.append(("classname", f"{package}.*" if package else "*"))
        return rules


def _file_glob(raw: str, depth: int) -> str:
    """A glob on the files under the first `depth` directories of `raw`, written as `raw` is."""
    kept: list[str] = []
    seen = 0
    for part in raw.split("/")[:-1]:
        if seen == depth:
            break
        kept.append(part)
        seen += part not in ("", ".")
    if raw.startswith("/") or re.match(r"^[A-Za-z]:", raw):
        # the checkout's place differs between machines; the directories inside it do not
        inner = [p for p in kept if p not in ("", ".")][-2:]
        return "/".join(["*", *(_glob_escape(p) for p in inner), "*"])
    return "/".join([*(_glob_escape(p) for p in kept), "*"])


def _label(directory: str) -> str:
    words = re.sub(r"[_\-\s]+", " ", directory).strip() or directory
    return words.title() if words.islower() else words


def _shared(places: list[_Place]) -> tuple[str, ...]:
    shared = places[0].dirs
    for place in places[1:]:
        n = 0
        while n < min(len(shared), len(place.dirs)) and shared[n] == place.dirs[n]:
            n += 1
        shared = shared[:n]
    return shared


def _tree_categories(run: Run) -> list[tuple[str, Rule]]:
    """Categories by top-level test directory, or [] when the tree does not place every test
    or splits the run less finely than its report files."""
    places = [_place(case) for case in run.cases]
    placed = [p for p in places if p is not None]
    if not placed or len(placed) < len(places) or not run.cases_complete:
        return []
    shared = _shared(placed)
    depth = len(shared)
    loose = _label(shared[-1]) if shared else "Other"
    branches: dict[str, _Branch] = {}
    for place in placed:
        top = place.dirs[depth] if len(place.dirs) > depth else ""  # "": in `shared` itself
        branch = branches.setdefault(top, _Branch(_label(top) if top else loose))
        within = depth + 1 if top else depth
        if place.raw is not None:
            branch.files.add(_file_glob(place.raw, within))
        else:
            branch.package = ".".join(place.dirs[:within])
    tops = [t for t in branches if t]
    usable = [i for i in run.inputs if i.status is not InputStatus.REJECTED]
    if len(tops) < 2 or len(branches) < len(usable):
        return []
    # the shared directory's rules also match everything below it, so they come last
    order = [*tops, ""] if "" in branches else tops
    guesses = [(branches[t].name, branches[t].rules()) for t in order]
    return guesses if _claims_every_test(run, guesses) else []


def _claims_every_test(run: Run, guesses: list[tuple[str, Rule]]) -> bool:
    config = Config.model_validate(
        {
            "categories": [
                {"name": f"c{n}", "match": [{key: glob} for key, glob in rules]}
                for n, (_, rules) in enumerate(guesses)
            ]
        }
    )
    return UNMATCHED not in categorize(run, config)


def _guess_categories(run: Run) -> list[tuple[str, Rule]]:
    """(category name, rules) pairs, in tree or input order, names unique."""
    usable = [i for i in run.inputs if i.status is not InputStatus.REJECTED]
    guesses: list[tuple[str, Rule]] = _tree_categories(run)
    if not guesses and len(usable) == 1:
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
        "# README's configuration reference. Edit freely. Categories follow the test tree (a",
        "# `file` glob also matches the module path of a pytest classname) or the report files",
        "# (an `input` glob matches the end of a report's path), so these rules hold whichever",
        "# directory reportgen runs from.",
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
