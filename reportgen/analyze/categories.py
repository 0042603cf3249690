"""Which row of the results matrix each test belongs to, and the counts of each row.

A test joins the first configured category with a rule that matches it; a rule matches
when every field it gives matches (case-sensitive globs, `fnmatch` style, where `*` also
crosses `/`). Fields: `file` (the test's source file, as the report gives it; for a test
whose report gives none, such as pytest's default xunit2 output, any module path its
dotted classname can name, `module_paths`), `classname`,
`name`, `suite` (suite path joined by `/`), `property` (`key=glob` on the test's JUnit
properties, over those of its enclosing suites), `input` (the report file's path, or any
trailing part of it after a `/`, so that `unit.xml` and `results/*.xml` match whichever
directory reportgen runs from). Tests no category claims form the `Unmatched` row.

Without configured categories there is one row per input file (its stem), or one per
top-level suite when a single input file holds several top-level suites.
"""

from __future__ import annotations

import fnmatch
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import PurePath

from reportgen.config import UNMATCHED, Category, Config, Match
from reportgen.errors import UsageError
from reportgen.model import Counts, InputStatus, Outcome, Run, TestCase

_CASE_FIELDS = ("file", "classname", "name", "property")


def glob(pattern: str) -> Callable[[str], bool]:
    """A compiled case-sensitive glob matcher."""
    return re.compile(fnmatch.translate(pattern), re.DOTALL).match  # type: ignore[return-value]


def trailing_parts(path: str) -> list[str]:
    """The path, then each part of it after a `/`: `a/b.xml`, `b.xml` (`./` left out)."""
    parts = [p for p in path.split("/") if p not in ("", ".")]
    return list(dict.fromkeys([path, *("/".join(parts[i:]) for i in range(len(parts)))]))


def path_glob(pattern: str) -> Callable[[str], bool]:
    """A glob on a report's path that also matches any trailing part of it after a `/`.

    The paths of the reports are as given on the command line, so they change with the
    working directory; their trailing parts do not.
    """
    check = glob(pattern)
    seen: dict[str, bool] = {}

    def matches(path: str) -> bool:
        if path not in seen:
            seen[path] = any(check(tail) for tail in trailing_parts(path))
        return seen[path]

    return matches


@lru_cache(maxsize=65536)
def module_paths(classname: str) -> tuple[str, ...]:
    """The source files a dotted classname can name, longest first.

    pytest writes no `file` by default; its classname is the test's path relative to the
    root with `/` turned into `.` and `.py` dropped, then any classes: `tests.test_db.TestX`
    for `tests/test_db.py::TestX`. Where the module ends is not written, so every leading run
    of the parts is a candidate: `tests/test_db/TestX.py`, `tests/test_db.py`, `tests.py`.
    """
    parts = classname.split(".")
    return tuple(
        "/".join(parts[:n]) + ".py"
        for n in range(len(parts), 0, -1)
        if all(parts[:n])  # `a..b` names no file
    )


@dataclass(frozen=True, slots=True)
class _Subject:
    """What a rule is matched against."""

    file: str | None
    classname: str | None
    name: str | None
    suite: str
    properties: dict[str, str]
    input: str


class _Rule:
    def __init__(self, match: Match) -> None:
        self.checks: list[tuple[str, Callable[[str], bool]]] = []
        for field in ("file", "classname", "name", "suite"):
            pattern = getattr(match, field)
            if pattern is not None:
                self.checks.append((field, glob(pattern)))
        if match.input is not None:
            self.checks.append(("input", path_glob(match.input)))
        self.property: tuple[str, Callable[[str], bool]] | None = None
        if match.property is not None:
            key, _, value = match.property.partition("=")
            self.property = (key.strip(), glob(value.strip()))

    def matches(self, subject: _Subject) -> bool:
        for field, check in self.checks:
            value = getattr(subject, field)
            if field == "file" and value is None:
                # one function for kept cases and folded groups, so both paths agree
                if not any(check(path) for path in module_paths(subject.classname or "")):
                    return False
                continue
            if value is None or not check(value):
                return False
        if self.property is not None:
            key, check = self.property
            value = subject.properties.get(key)
            if value is None or not check(value):
                return False
        return True


class _Rules:
    """The configured categories, compiled once."""

    def __init__(self, config: Config) -> None:
        self.rules = [
            (category.name, [_Rule(m) for m in category.match]) for category in config.categories
        ]
        used = {f for c in config.categories for m in c.match for f, v in m if v is not None}
        self.used = used

    def category_of(self, subject: _Subject) -> str:
        for name, rules in self.rules:
            if any(rule.matches(subject) for rule in rules):
                return name
        return UNMATCHED

    def on_single_tests(self) -> list[str]:
        """Names of categories whose rules look at a test's name or properties: what a group
        of folded passes does not have."""
        return [
            name
            for name, rules in self.rules
            if any(
                rule.property is not None or any(f == "name" for f, _ in rule.checks)
                for rule in rules
            )
        ]

    def case_level(self) -> list[str]:
        """Names of categories whose rules look at single tests, not at suites or inputs."""
        return [
            name
            for name, rules in self.rules
            if any(
                rule.property is not None or any(f in _CASE_FIELDS for f, _ in rule.checks)
                for rule in rules
            )
        ]


def _suite_properties(run: Run) -> dict[tuple[int, tuple[str, ...]], dict[str, str]]:
    """Properties of each suite merged with those of the suites around it (inner wins)."""
    own = {(s.input, s.path): s.properties for s in run.suites}
    merged: dict[tuple[int, tuple[str, ...]], dict[str, str]] = {}
    for (input_index, path), _ in own.items():
        props: dict[str, str] = {}
        for depth in range(1, len(path) + 1):
            props.update(own.get((input_index, path[:depth]), {}))
        merged[(input_index, path)] = props
    return merged


def _configured(run: Run, config: Config) -> list[str]:
    rules = _Rules(config)
    suite_props = _suite_properties(run) if "property" in rules.used else {}
    keyed = not ({"name", "property"} & rules.used)
    cache: dict[tuple[object, ...], str] = {}
    result: list[str] = []
    for case in run.cases:
        key = (case.file, case.classname, case.suite, case.input)
        if keyed and key in cache:
            result.append(cache[key])
            continue
        category = rules.category_of(_subject(run, case, suite_props))
        if keyed:
            cache[key] = category
        result.append(category)
    return result


def claimed_by_rules(run: Run, category: Category) -> list[int]:
    """Indexes of the cases the category's rules match, whichever category they joined."""
    rules = [_Rule(m) for m in category.match]
    suite_props = _suite_properties(run) if any(m.property for m in category.match) else {}
    return [
        index
        for index, case in enumerate(run.cases)
        if any(rule.matches(_subject(run, case, suite_props)) for rule in rules)
    ]


def _subject(
    run: Run, case: TestCase, suite_props: dict[tuple[int, tuple[str, ...]], dict[str, str]]
) -> _Subject:
    properties = suite_props.get((case.input, case.suite), {})
    if case.detail is not None and case.detail.properties:
        properties = {**properties, **case.detail.properties}
    return _Subject(
        file=case.file,
        classname=case.classname,
        name=case.name,
        suite="/".join(case.suite),
        properties=properties,
        input=run.inputs[case.input].path if case.input < len(run.inputs) else "",
    )


def input_label(path: str) -> str:
    """How an input file is named in rows and phases: its stem (`-` is standard input)."""
    if path in ("-", ""):
        return "stdin"
    return PurePath(path).stem or path


def _file_names(run: Run) -> list[str]:
    """Row name per input: the stem, or the whole path when two inputs share a stem."""
    stems = [input_label(i.path) for i in run.inputs]
    repeated = {s for s, n in Counter(stems).items() if n > 1}
    return [i.path if s in repeated else s for s, i in zip(stems, run.inputs, strict=True)]


def by_top_suite(run: Run) -> bool:
    """Default rows are top-level suites: one usable input holding several of them."""
    usable = [n for n, i in enumerate(run.inputs) if i.status is not InputStatus.REJECTED]
    if len(usable) != 1:
        return False
    tops = {s.path[0] for s in run.suites if s.input == usable[0] and s.path}
    return len(tops) > 1


def _default_row(run: Run) -> Callable[[int, tuple[str, ...]], str]:
    """The default row of a test by its input and suite path."""
    files = _file_names(run)
    tops = by_top_suite(run)

    def row(input_index: int, suite: tuple[str, ...]) -> str:
        if tops and suite:
            return suite[0]
        return files[input_index] if input_index < len(files) else "results"

    return row


def categorize(run: Run, config: Config) -> list[str]:
    """The category name of each `run.cases` entry, in the same order."""
    if config.categories:
        return _configured(run, config)
    row = _default_row(run)
    return [row(c.input, c.suite) for c in run.cases]


def categorize_folded(run: Run, config: Config) -> list[str]:
    """The category name of each `run.folded` group, in the same order."""
    groups = run.folded or []
    if not config.categories:
        row = _default_row(run)
        return [row(g.input, g.suite) for g in groups]
    rules = _Rules(config)
    refused = rules.on_single_tests()
    if refused and groups:
        raise UsageError(
            f"categories {refused} match on a test's name or property, but this run counted its "
            "passing tests in groups; read the reports with every passing case kept"
        )
    return [
        rules.category_of(
            _Subject(
                file=g.file,
                classname=g.classname,
                name=None,
                suite="/".join(g.suite),
                properties={},
                input=run.inputs[g.input].path if g.input < len(run.inputs) else "",
            )
        )
        for g in groups
    ]


def fits_folded(config: Config) -> bool:
    """Whether rows can be counted from folded passes: no rule looks at a name or property."""
    return not _Rules(config).on_single_tests()


def row_names(run: Run, config: Config, assigned: Iterable[str]) -> list[str]:
    """Rows in display order: configured ones (even if empty), then Unmatched if used.

    Default rows follow the inputs (rejected inputs have no row: they are phases and notices).
    """
    seen = list(dict.fromkeys(assigned))
    if config.categories:
        names = [c.name for c in config.categories]
        return [*names, UNMATCHED] if UNMATCHED in seen else names
    if by_top_suite(run):
        index = next(n for n, i in enumerate(run.inputs) if i.status is not InputStatus.REJECTED)
        tops = [s.path[0] for s in run.suites if s.input == index and s.path]
        return list(dict.fromkeys([*tops, *seen]))
    files = _file_names(run)
    usable = [files[n] for n, i in enumerate(run.inputs) if i.status is not InputStatus.REJECTED]
    return list(dict.fromkeys([*usable, *seen]))


def tally(cases: Iterable[TestCase], assigned: Iterable[str]) -> dict[str, Counts]:
    """Counts per category of the given cases."""
    # one C-level count of (category, outcome) pairs instead of a Python step per case
    pairs = Counter(zip(assigned, (case.outcome for case in cases), strict=True))
    counters: dict[str, dict[Outcome, int]] = {}
    for (category, outcome), number in pairs.items():
        counters.setdefault(category, {})[outcome] = number
    return {name: Counts.of(counter) for name, counter in counters.items()}


def counts_from_suites(run: Run, config: Config) -> tuple[dict[str, Counts], dict[str, float]]:
    """Counts and durations per category when only failing cases were kept.

    Suite counts cover every test, so rows can still be counted as long as the rules look
    only at suites and inputs; rules on single tests cannot be honoured and are refused.
    """
    rules = _Rules(config)
    refused = rules.case_level()
    if refused:
        raise UsageError(
            f"categories {refused} match on file, classname, name or property, which needs "
            "every test case, but this run kept only failing cases; read the reports with "
            "passing cases kept, or match these categories on 'suite' or 'input' only"
        )
    files = _file_names(run)
    tops = by_top_suite(run)
    counts: dict[str, Counts] = {}
    durations: dict[str, float] = {}
    for suite in run.suites:
        if config.categories:
            subject = _Subject(
                file=None,
                classname=None,
                name=None,
                suite="/".join(suite.path),
                properties={},
                input=run.inputs[suite.input].path,
            )
            category = rules.category_of(subject)
        else:
            category = suite.path[0] if tops and suite.path else files[suite.input]
        counts[category] = counts.get(category, Counts()) + suite.counts
        durations[category] = durations.get(category, 0.0) + suite.duration
    return counts, durations
