"""Declared counts (`tests`, `failures`, ... on suites and the root): read, summed, checked
against what the testcases give (dialects rule 8) with the known cause of a difference named,
and failures or errors declared where no testcase carries them counted as suite-level errors."""

from __future__ import annotations

from typing import Any

from reportgen.ingest import dialects
from reportgen.ingest.records import to_int
from reportgen.ingest.state import ReaderState, SuiteAcc
from reportgen.model import CaseDetail, Counts, DeclaredCounts, Outcome, Problem, TestCase

_MAX_SUITE_NOTICES = 20


def count_undeclared(reader: ReaderState) -> dict[tuple[str, ...], int]:
    """Count as suite-level errors the failures and errors declared where no testcase carries
    them. Two places say so unambiguously: a suite that holds no testcase yet declares failures
    or errors (and no tests it lacks: a summary-only suite's tests are missing, not failed to
    run), and a root that declares more than its suites do (gotestsum writes a package that
    failed to build as nothing but `errors=` on the root). A suite with testcases whose declared
    failures exceed what they carry is only noticed: writers count result elements (several
    `<failure>` in one case), reruns, or one failing test twice (web-test-runner).
    Returns how many were added per suite path, so `check_declared` does not count them as tests.
    """
    added: dict[tuple[str, ...], int] = {}
    if dialects.guess_producer(reader.hints) in UNCHECKED_PRODUCERS:
        return added
    for acc in list(reader.accs.values()):
        declared = acc.declared
        if declared is None or acc.counts().total or declared.tests:
            continue
        missing = _bad(declared)
        if missing:
            _add_errors(reader, acc, f"suite '{_name(reader, acc)}'", declared, 0, missing, added)
    if reader.prolog.root == "testsuites" and reader.root_declared is not None:
        said = _bad(reader.root_declared)
        by_suites = carried = 0
        for acc in reader.accs.values():
            counts = acc.counts()
            carried += counts.failed + counts.errors
            if acc.path[:1] != acc.path:  # nested suites are in their outer suite's numbers
                continue
            own = _bad(acc.declared) if acc.declared is not None else None
            by_suites += own if own is not None else counts.failed + counts.errors
        missing = min(said - by_suites, said - carried)
        if missing > 0:
            root = reader.accs.get(())
            if root is None:
                root = reader.accs[()] = SuiteAcc((), 1)
            _add_errors(reader, root, "<testsuites>", reader.root_declared, carried, missing, added)
    _count_unlisted_skips(reader)
    return added


def _count_unlisted_skips(reader: ReaderState) -> None:
    """Count as skipped tests the skips a suite or the root declares beyond those its testcases
    hold: mocha-junit-reporter without includePending writes no testcase for a pending test
    but counts it in the root's skipped=, and libtest's JUnit writes none for an #[ignore]
    test that its suite's skipped= counts. A suite is judged only where no suite inside it
    declares skips, then the root over everything; never where no testcase is held (a
    summary-only suite), the declared tests are more than twice those held (a trimmed file) or
    reruns were merged (declared counts may count runs); skips written as another outcome
    (SKIPS_COUNTED_OTHERWISE) are among those held."""
    declaring = [acc for acc in reader.accs.values() if _skips(acc.declared) is not None]
    for acc in declaring:
        inner = [
            o
            for o in declaring
            if len(o.path) > len(acc.path) and o.path[: len(acc.path)] == acc.path
        ]
        if inner:
            continue
        inside = [o for o in reader.accs.values() if o.path[: len(acc.path)] == acc.path]
        held, total = _held_skips(inside)
        missing = (_skips(acc.declared) or 0) - held
        if missing > 0 and _listed(acc.declared, total, missing):
            _add_skips(reader, acc, f"suite '{_name(reader, acc)}'", missing, held)
    if reader.prolog.root == "testsuites" and reader.root_declared is not None:
        said = _skips(reader.root_declared)
        held, total = _held_skips(list(reader.accs.values()))
        if said is not None and said > held and _listed(reader.root_declared, total, said - held):
            root = reader.accs.get(())
            if root is None:
                root = reader.accs[()] = SuiteAcc((), 1)
            _add_skips(reader, root, "<testsuites>", said - held, held)


# Finer outcomes of tests written with a <skipped> that are counted otherwise: a skip in the
# producer's skipped= all the same (nose2's unexpected success, ctest's "Not Run").
SKIPS_COUNTED_OTHERWISE = ("unexpected success", "not run")


def _held_skips(accs: list[SuiteAcc]) -> tuple[int, int]:
    """The skips these suites hold (with those counted otherwise), and all their tests; no
    tests where a rerun was merged, since declared skips may then count every run."""
    skipped = total = 0
    for acc in accs:
        counts = acc.counts()
        skipped += counts.skipped + sum(acc.kinds.get(k, 0) for k in SKIPS_COUNTED_OTHERWISE)
        total += counts.total
        if acc.runs_extra:
            return skipped, 0
    return skipped, total


def _listed(declared: DeclaredCounts | None, total: int, missing: int) -> bool:
    """Whether the testcases are the tool's whole list, so that declared skips beyond them are
    tests it did not list (see `_count_unlisted_skips`)."""
    if not total:
        return False
    tests = declared.tests if declared is not None else None
    return tests is None or tests <= 2 * (total + missing)


def _skips(declared: DeclaredCounts | None) -> int | None:
    return declared.skipped if declared is not None else None


def _add_skips(reader: ReaderState, acc: SuiteAcc, where: str, missing: int, held: int) -> None:
    counted = (
        "1 is counted as a skipped test"
        if missing == 1
        else (f"{missing} are counted as skipped tests")
    )
    reader.notice(
        acc.line,
        f"{where} declares skipped={missing + held}, its testcases hold {held}: the other "
        f"{counted}, declared but not listed (mocha-junit-reporter without includePending, "
        "libtest's #[ignore] tests)",
    )
    acc.add(Outcome.SKIPPED, missing)
    acc.mark(UNLISTED, missing)
    if not reader.keep_passing:
        return
    for number in range(1, missing + 1):
        if reader.fold is not None:
            reader.group(acc.path, "", None).skips.append(0.0)
            continue
        name = f"skipped test {number} of {missing} (declared, not listed)"
        reader.cases.append(_unlisted(reader, acc, name, Outcome.SKIPPED, UNLISTED))


UNLISTED = "not listed"  # model.KIND_OUTCOME


def _unlisted(
    reader: ReaderState,
    acc: SuiteAcc,
    name: str,
    outcome: Outcome,
    kind: str,
    detail: CaseDetail | None = None,
) -> TestCase:
    """A test the suite declares but holds no testcase for: at the suite's line, taking no time."""
    return TestCase(
        name=name,
        classname="",
        suite=acc.path,
        outcome=outcome,
        duration=0.0,
        input=reader.index,
        source_line=acc.line,
        detail=detail,
        kind=kind,
    )


def _name(reader: ReaderState, acc: SuiteAcc) -> str:
    return (acc.path[-1] if acc.path else reader.hints.get("root.name")) or reader.display


def _add_errors(
    reader: ReaderState,
    acc: SuiteAcc,
    where: str,
    declared: DeclaredCounts,
    carried: int,
    missing: int,
    added: dict[tuple[str, ...], int],
) -> None:
    name = _name(reader, acc)
    said = ", ".join(
        f"{key}={value}"
        for key, value in (("failures", declared.failures), ("errors", declared.errors))
        if value is not None
    )
    counted = "1 is counted as an error" if missing == 1 else f"{missing} are counted as errors"
    message = (
        f"{where} declares {said}, its testcases carry {carried}: the other {counted} "
        f"named '{name}' (a package that failed to build, or a suite that failed before its "
        "tests ran)"
    )
    for _ in range(missing):
        problem = Problem(kind="error", message=message, details=acc.system_out)
        detail = CaseDetail(problem=problem, system_err=acc.system_err)
        reader.cases.append(_unlisted(reader, acc, name, Outcome.ERROR, "suite error", detail))
        acc.mark("suite error")
    acc.add(Outcome.ERROR, missing)
    acc.error_runs += missing
    added[acc.path] = added.get(acc.path, 0) + missing
    reader.notice(acc.line, message)


def _bad(declared: DeclaredCounts) -> int:
    return (declared.errors or 0) + (declared.failures or 0)


def check_declared(
    reader: ReaderState, counts: Counts, added: dict[tuple[str, ...], int] | None = None
) -> int:
    """A notice for each suite (and the root) whose declared counts its testcases do not give.

    Returns how many failures and errors the file declares beyond those its testcases hold,
    counted as tests or as runs, where no known habit of the producer explains it."""
    added = added or {}
    producer = "node" if "node.tests" in reader.hints else dialects.guess_producer(reader.hints)
    producer = producer or ""
    if producer in PRODUCER_CAVEATS:
        reader.notice(None, PRODUCER_CAVEATS[producer])
    if producer in UNCHECKED_PRODUCERS:
        reader.notice(None, UNCHECKED_PRODUCERS[producer])
        _notice_empty_files(reader)
        return 0
    _check_node_totals(reader, added)
    totals = _subtree_totals(reader.accs.values(), added)
    disagreements = 0
    for path, acc in reader.accs.items():
        if acc.declared is None:
            continue
        found = _disagreement(acc.declared, totals[path], producer)
        if found:
            disagreements += 1
            if disagreements <= _MAX_SUITE_NOTICES:
                name = path[-1] if path else "(top level)"
                reader.notice(acc.line, f"suite '{name}' {found}")
    if disagreements > _MAX_SUITE_NOTICES:
        reader.notice(
            None,
            f"{disagreements - _MAX_SUITE_NOTICES} more suites declare counts "
            "their testcases do not match",
        )
    if reader.prolog.root == "testsuites" and reader.root_declared is not None:
        whole = _Totals()
        for acc in reader.accs.values():
            whole.add(acc, added.get(acc.path, 0))
        found = _disagreement(reader.root_declared, whole, producer)
        if found:
            reader.notice(1, f"<testsuites> {found}")
        unread = _unread(reader.root_declared, whole, producer)
    else:
        tops = [(a.declared, totals[path]) for path, a in reader.accs.items() if len(path) == 1]
        unread = sum(_unread(said, held, producer) for said, held in tops if said is not None)
    if unread and producer in UNLISTED_FAILURES:
        reader.notice(None, UNLISTED_FAILURES[producer].format(n=unread))
    return unread


# What a producer's JUnit cannot tell about its tests, said for each of its files.
PRODUCER_CAVEATS: dict[str, str] = {
    "doctest": (
        "doctest's JUnit writes a may_fail or should_fail test that failed as allowed as a "
        "<failure> (doctest counts it as passed), a should_fail test that passed or a test over "
        "its timeout (failures for doctest) as passes, and no skipped test: its failures are "
        "counted as failures; doctest's own XML (-r=xml) tells them apart"
    ),
}

# Why a producer declares failures that no testcase carries, said beside the count of them.
UNLISTED_FAILURES: dict[str, str] = {
    "catch2": (
        "{n} failures declared but in no testcase: Catch2 counts a [!shouldfail] test that "
        "passed as failed, and its JUnit writes it as a plain pass (which one is not said); "
        "a gate on failures fails the run for them"
    ),
}


# Producers whose declared counts are no count of tests, so they are neither checked nor used
# to find missing errors; the notice says why (tests/realtools/generated/more/node-tap.xml).
UNCHECKED_PRODUCERS: dict[str, str] = {
    "node-tap": (
        "node-tap's declared counts are not checked: it counts each subtest that ran twice "
        "(as a suite and as a testcase of its parent) beside its assertions; reportgen counts "
        "the assertions and the subtests that did not run, as node-tap's own summary does"
    ),
}

# Finer outcomes of a <failure> or <error> that the tool counts as passed (risky, xpass).
_PASSED_KINDS = frozenset(
    kind for outcome, kind in dialects.RESULT_TYPE_KINDS.values() if outcome is Outcome.PASSED
)


def _unread(declared: DeclaredCounts, found: _Totals, producer: str) -> int:
    """Failures and errors declared beyond the testcases' (as tests or as runs), unexplained."""
    held = max(found.failed + found.errors, found.failed_runs + found.error_runs)
    held += found.relabelled
    over = _bad(declared) - held
    for name, said, actual in (
        ("failures", declared.failures, found.failed),
        ("errors", declared.errors, found.errors),
    ):
        if said is not None and said > actual and known_cause(producer, name, said, actual):
            return 0
    return max(over, 0)


def _notice_empty_files(reader: ReaderState) -> None:
    """node-tap writes a test file that failed to load like one without tests: a suite with no
    testcase whose plan says "no tests found". Neither is counted; this notice names them."""
    empty = [
        acc
        for acc in reader.accs.values()
        if acc.path and not acc.counts().total and _NO_TESTS in acc.properties.get("plan", "")
    ]
    if empty:
        files = "1 test file holds" if len(empty) == 1 else f"{len(empty)} test files hold"
        reader.notice(
            empty[0].line,
            f"{files} no test (node-tap's \"no tests found\", first: '{empty[0].path[-1]}'): "
            "node-tap writes a test file that failed to load so too, and counts it as failed; "
            "its exit status and console say which",
        )


_NO_TESTS = "skipReason: no tests found"


def _check_node_totals(reader: ReaderState, added: dict[tuple[str, ...], int]) -> None:
    """A notice when node's own totals (its closing comments) differ from the count, naming
    why: node counts a test that has subtests as a test, written as a <testsuite>."""
    if "node.tests" not in reader.hints:
        return
    said = {k[5:]: int(v) for k, v in reader.hints.items() if k.startswith("node.")}
    counts = sum((acc.counts() for acc in reader.accs.values()), Counts())
    tests = counts.total - sum(added.values())
    if said["tests"] == tests:
        return
    parents = sum(1 for path in reader.accs if path) - said.get("suites", 0)
    text = (
        f"node's own totals say tests {said['tests']}, fail {said.get('fail', 0)}; "
        f"its testcases give {tests} tests, {counts.failed + counts.errors} failed or errored"
    )
    if 0 < said["tests"] - tests == parents:
        text += (
            f": node counts each test that has subtests as a test of its own ({parents} here), "
            "and its junit reporter writes such a test as a <testsuite>, not a testcase"
        )
    reader.notice(None, text)


def declared_counts(attrs: dict[str, str]) -> DeclaredCounts | None:
    skipped = attrs.get("skipped", attrs.get("skips", attrs.get("skip")))
    tests = to_int(attrs.get("tests"))
    failures = to_int(attrs.get("failures"))
    errors = to_int(attrs.get("errors"))
    skips = to_int(skipped)
    if tests is None and failures is None and errors is None and skips is None:
        return None
    return DeclaredCounts.model_construct(
        tests=tests, failures=failures, errors=errors, skipped=skips
    )


def add_declared(first: DeclaredCounts | None, second: DeclaredCounts) -> DeclaredCounts:
    if first is None:
        return second

    def plus(a: int | None, b: int | None) -> int | None:
        return None if a is None and b is None else (a or 0) + (b or 0)

    return DeclaredCounts.model_construct(
        tests=plus(first.tests, second.tests),
        failures=plus(first.failures, second.failures),
        errors=plus(first.errors, second.errors),
        skipped=plus(first.skipped, second.skipped),
    )


class _Totals:
    """What a suite's subtree holds, as tests and as runs, for checking declared counts."""

    __slots__ = (
        "added",
        "error_runs",
        "errors",
        "failed",
        "failed_runs",
        "relabelled",
        "runs",
        "skipped",
        "suite_errors",
        "tests",
    )

    def __init__(self) -> None:
        self.tests = self.runs = self.failed = self.failed_runs = 0
        self.errors = self.error_runs = self.skipped = self.added = 0
        self.relabelled = 0  # failure or error elements the tool itself counts as passed
        self.suite_errors = 0  # testcases that stand for a suite, which tests= may leave out

    def add(self, acc: SuiteAcc, added: int = 0) -> None:
        """`added`: errors `count_undeclared` put in this suite, which no `tests=` counts."""
        self.added += added
        counts = acc.counts()
        self.tests += counts.total
        self.runs += counts.total + acc.runs_extra
        self.failed += counts.failed
        self.failed_runs += acc.failed_runs
        self.errors += counts.errors
        self.error_runs += acc.error_runs
        self.skipped += counts.skipped
        self.relabelled += sum(acc.kinds.get(kind, 0) for kind in _PASSED_KINDS)
        self.suite_errors += acc.kinds.get("suite error", 0)


def _subtree_totals(
    accs: Any, added: dict[tuple[str, ...], int] | None = None
) -> dict[tuple[str, ...], _Totals]:
    totals: dict[tuple[str, ...], _Totals] = {}
    for acc in accs:
        for depth in range(len(acc.path) + 1):
            totals.setdefault(acc.path[:depth], _Totals()).add(acc, (added or {}).get(acc.path, 0))
    return totals


def subtree_durations(accs: Any) -> dict[tuple[str, ...], float]:
    sums: dict[tuple[str, ...], float] = {}
    for acc in accs:
        for depth in range(len(acc.path) + 1):
            sums[acc.path[:depth]] = sums.get(acc.path[:depth], 0.0) + acc.duration
    return sums


# Why a producer's declared count differs from its testcases, by (producer as
# `dialects.guess_producer` names it, field, "over" when the declared number is larger or
# "under", or "zero" when it says 0). Each was seen in real output (tests/realtools/generated).
KNOWN_CAUSES: dict[tuple[str, str, str], str] = {
    ("jest", "tests", "under"): "jest-junit leaves todo tests out of tests=",
    ("jest", "tests", "zero"): (
        "jest-junit writes a test file that failed to load as one testcase and counts 0 tests"
    ),
    ("mocha", "tests", "over"): (
        "mocha-junit-reporter counts in tests= the tests a failing hook kept from running, "
        "and writes only the hook as a testcase"
    ),
    ("gotestsum", "tests", "under"): (
        "gotestsum writes a failing TestMain as a testcase that tests= leaves out"
    ),
    ("gotestsum", "failures", "under"): (
        "gotestsum writes a failing TestMain as a testcase that failures= leaves out"
    ),
    ("googletest", "skipped", "under"): "disabled tests are counted in disabled=, not skipped=",
    ("catch2", "tests", "over"): (
        "Catch2 counts each leaf section of a test case in tests=, and reportgen the test case"
    ),
    ("doctest", "tests", "over"): (
        "doctest counts each leaf subcase of a test case in tests=, and reportgen the test case"
    ),
    ("nose2", "failures", "under"): (
        "nose2 counts an unexpected success in skipped=, not failures= (reportgen: failed)"
    ),
    ("nose2", "skipped", "over"): (
        "nose2 counts an unexpected success in skipped=, not failures= (reportgen: failed)"
    ),
    ("node", "failures", "over"): (
        "node's junit reporter counts in failures= the failing todo and cancelled tests that "
        "node itself counts as todo and cancelled (reportgen: skipped, and errors)"
    ),
}


def known_cause(producer: str, field: str, said: int, actual: int) -> str | None:
    """The known reason a producer's declared `field` differs from the count, or None."""
    sides = ["over"] if said > actual else (["zero"] if said == 0 else []) + ["under"]
    if field == "tests" and said > 2 * actual:  # most tests missing: a trimmed file
        return None
    for side in sides:
        if (producer, field, side) in KNOWN_CAUSES:
            return KNOWN_CAUSES[producer, field, side]
    return None


def _disagreement(declared: DeclaredCounts, found: _Totals, producer: str = "") -> str | None:
    """Describe where declared counts match neither the tests nor the runs; None if they agree."""
    checks = (
        (
            "tests",
            declared.tests,
            (
                found.tests,
                found.runs,
                found.tests - found.added,
                found.runs - found.added,
                found.tests - found.suite_errors,
            ),
            found.tests - found.added,
        ),
        ("failures", declared.failures, (found.failed, found.failed_runs), found.failed),
        ("errors", declared.errors, (found.errors, found.error_runs), found.errors),
        ("skipped", declared.skipped, (found.skipped,), found.skipped),
    )
    wrong = [
        (name, said, actual)
        for name, said, accepted, actual in checks
        if said is not None and said not in accepted
    ]
    if not wrong:
        return None
    said = ", ".join(f"{name}={value}" for name, value, _ in wrong)
    actual = ", ".join(f"{name}={value}" for name, _, value in wrong)
    causes = [known_cause(producer, name, value, count) for name, value, count in wrong]
    why = "; ".join(dict.fromkeys(c for c in causes if c))
    return f"declares {said} but its testcases give {actual}" + (f": {why}" if why else "")
