"""What in the configuration matched nothing, said so a user knows what to check.

One warning each for a configured category that no test joined, a criterion whose scope
holds no test (so it can only say NO DATA), and the tests no category claimed (the
`Unmatched` row). They go to stderr and to the worklog's notices; `--fail-on unmatched`
fails the job on any of them.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from reportgen.analyze.categories import (
    _Rules,
    _Subject,
    categorize_folded,
    claimed_by_rules,
    module_paths,
)
from reportgen.config import UNMATCHED, Category, Config, Criterion
from reportgen.model import Counts, InputStatus, Run
from reportgen.report import CriterionResult, MatchKind, MatchWarning, Status
from reportgen.text import plural, truncate

MAX_EXAMPLES = 2
_EXAMPLE_LENGTH = 80

_FIELD_WORDS = {
    "input": "input paths",
    "suite": "suite paths",
    "classname": "classnames",
    "name": "test names",
    "file": "test files",
    "property": "property keys",
}


def rules_text(category: Category) -> str:
    """The category's rules as they are written in worklog.toml."""
    tables = [
        "{ " + ", ".join(f"{k} = {json.dumps(v)}" for k, v in m if v is not None) + " }"
        for m in category.match
    ]
    return f"match = [{', '.join(tables)}]"


def _short(text: str) -> str:
    return truncate(text, _EXAMPLE_LENGTH)


def _examples(values: Iterable[str | None]) -> str:
    distinct = list(dict.fromkeys(v for v in values if v))
    shown = ", ".join(repr(_short(v)) for v in distinct[:MAX_EXAMPLES])
    more = len(distinct) - MAX_EXAMPLES
    return f"{shown} and {more} more" if more > 0 else shown


def _values(run: Run, field: str) -> Iterable[str | None]:
    if field == "input":
        return (i.path for i in run.inputs if i.status is not InputStatus.REJECTED)
    if field == "suite":
        return ("/".join(s.path) for s in run.suites)
    if field == "property":
        own = (k for c in run.cases if c.detail is not None for k in c.detail.properties)
        return [*(k for s in run.suites for k in s.properties), *own]
    # a folded group's classname and file come after the kept cases, which hold the first of
    # the run's classnames and files (`ingest.Fold.examples`)
    return [*(getattr(c, field) for c in run.cases), *(getattr(g, field) for g in run.folded or [])]


def _derived(classnames: Iterable[str]) -> str:
    """How module paths come from classnames, shown on a few of them."""
    shown = list(dict.fromkeys(c for c in classnames if module_paths(c)))[:MAX_EXAMPLES]
    return "; ".join(
        f"{_short(c)!r} gives {', '.join(repr(_short(p)) for p in module_paths(c))}" for c in shown
    )


def _files_held(run: Run) -> str:
    """What `file` rules were matched against: files, or module paths from classnames."""
    # (file, classname, tests): kept cases, and the passes folded into groups
    held = [(c.file, c.classname, 1) for c in run.cases]
    held += [(g.file, g.classname, g.passed + g.skipped) for g in run.folded or []]
    files = _examples(f for f, _, _ in held)
    bare = [(c, n) for f, c, n in held if f is None and c]
    if not bare:
        return f"its test files are {files}" if files else ""
    derived = _derived(c for c, _ in bare)
    if not files:
        return (
            "the reports carry no file attribute (pytest writes none by default), so 'file' "
            f"rules were matched against the module paths derived from classnames: {derived}"
        )
    tests = plural(sum(n for _, n in bare), "test")
    return (
        f"its test files are {files}; {tests} without a file attribute were matched by the "
        f"module paths derived from their classnames: {derived}"
    )


def _what_the_run_holds(run: Run, category: Category) -> str:
    fields = dict.fromkeys(f for m in category.match for f, v in m if v is not None)
    said = [
        _files_held(run) if f == "file" else f"its {_FIELD_WORDS[f]} are {examples}"
        for f in fields
        if (examples := _examples(_values(run, f))) or f == "file"
    ]
    return "; ".join(s for s in said if s)


def _category_warning(
    run: Run, config: Config, category: Category, assigned: Sequence[str]
) -> MatchWarning:
    rules = rules_text(category)
    if run.counts.total == 0:
        message = f"category {category.name!r} ({rules}) matched no test: the run holds none"
    else:
        joined = _joined(run, config, category, assigned)
        if joined:
            earlier = ", ".join(repr(name) for name in joined)
            message = (
                f"category {category.name!r} ({rules}) holds no test: its rules match "
                f"{plural(joined.total(), 'test')}, but they joined {earlier} first; a test "
                "joins the first category that matches, so move this category up or narrow the "
                "rules before it"
            )
        else:
            holds = _what_the_run_holds(run, category)
            message = (
                f"category {category.name!r} ({rules}) matched no test; check its globs "
                "(case-sensitive, each matching a whole value)"
                + (f" against the run: {holds}" if holds else "")
            )
    return MatchWarning(kind=MatchKind.CATEGORY, name=category.name, message=message)


def _joined(run: Run, config: Config, category: Category, assigned: Sequence[str]) -> Counter[str]:
    """The categories that the tests the category's rules match joined, ordered by their first
    test in file order (the first test of a folded group is a kept case, `ingest.Fold`)."""
    if not run.cases_complete and run.folded is None:
        return Counter()
    joined = Counter(assigned[i] for i in claimed_by_rules(run, category))
    groups = run.folded or []
    if groups:
        own = categorize_folded(run, config.model_copy(update={"categories": [category]}))
        into = categorize_folded(run, config)
        for group, matched, joined_to in zip(groups, own, into, strict=True):
            if matched != UNMATCHED:
                joined[joined_to] += group.passed + group.skipped
    return joined


def _unmatched_warning(run: Run, count: int, assigned: Sequence[str]) -> MatchWarning:
    stray = [c.identity for c, a in zip(run.cases, assigned, strict=True) if a == UNMATCHED]
    examples = _examples(stray)
    message = (
        f"{plural(count, 'test')} matched no category and went to the {UNMATCHED!r} row"
        + (f", e.g. {examples}" if examples else "")
        + "; add a category whose rules match them, or widen an existing one"
    )
    return MatchWarning(kind=MatchKind.UNMATCHED_TESTS, name=UNMATCHED, message=message)


def _criterion_warning(criterion: Criterion, seen: Mapping[str, Counts]) -> MatchWarning:
    overall = criterion.scope == "overall"
    names = list(seen) if overall else list(criterion.scope)
    in_scope = sum((seen.get(n, Counts()) for n in names), Counts()).total
    where = "scope overall" if overall else f"scope {', '.join(repr(n) for n in names)}"
    if criterion.tests is not None and in_scope == 0:
        message = (
            f"criterion {criterion.name!r} ({where}, tests = {json.dumps(criterion.tests)}) "
            "judged no test: no test in its scope has an identity (classname::name) matching "
            "'tests'; check that glob and the categories' rules"
        )
    elif overall:
        message = f"criterion {criterion.name!r} ({where}) judged no test: the run holds none"
    else:
        message = (
            f"criterion {criterion.name!r} ({where}) judged no test: its categories hold "
            "none; check the categories named in 'scope' and their rules"
        )
    return MatchWarning(kind=MatchKind.CRITERION, name=criterion.name, message=message)


def match_warnings(
    run: Run,
    config: Config,
    assigned: Sequence[str],
    rows: Mapping[str, Counts],
    criteria: Sequence[tuple[Criterion, CriterionResult, Mapping[str, Counts]]],
) -> list[MatchWarning]:
    """Warnings in config order: categories, then the Unmatched row, then criteria.

    `criteria` pairs each criterion with its result and the rows it was measured on.
    """
    warnings = [
        _category_warning(run, config, category, assigned)
        for category in config.categories
        if rows.get(category.name, Counts()).total == 0
    ]
    stray = rows.get(UNMATCHED, Counts()).total if config.categories else 0
    if stray:
        warnings.append(_unmatched_warning(run, stray, assigned))
    for criterion, result, seen in criteria:
        if result.status is not Status.NO_DATA:
            continue
        names = list(seen) if criterion.scope == "overall" else list(criterion.scope)
        if sum((seen.get(n, Counts()) for n in names), Counts()).total == 0:
            warnings.append(_criterion_warning(criterion, seen))
    return warnings


class Claims:
    """Which categories claim the tests of one report, suite path, classname and file: every
    one whose rules match, the first being the one they join; None when none does. What
    `ingest.Fold.claims` asks, so that a folded read keeps the tests the warnings name (rules on
    names or properties are never asked: such a run is not folded). Sent to worker processes:
    the compiled rules are rebuilt there."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self._rules: _Rules | None = None

    def __getstate__(self) -> dict[str, Any]:
        return {"config": self.config, "_rules": None}

    def __call__(
        self, path: str, suite: tuple[str, ...], classname: str, file: str | None
    ) -> tuple[str, ...] | None:
        if self._rules is None:
            self._rules = _Rules(self.config)
        subject = _Subject(file, classname, None, "/".join(suite), {}, path)
        matching = tuple(
            name for name, rules in self._rules.rules if any(r.matches(subject) for r in rules)
        )
        return matching or None
