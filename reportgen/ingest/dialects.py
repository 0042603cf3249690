"""Producer quirks of JUnit XML, in one table, and the rules that turn a report into outcomes.

Each quirk names a corpus file (under the shared test-report corpus) that shows it.

Outcome rules
-------------
1. A `<testcase>` with no result element and no status attribute PASSED.
2. `<error>` makes it ERROR, `<failure>` FAILED, `<skipped>` SKIPPED. When one testcase carries
   several result elements, the most severe wins: error > failure > skipped
   (`junit-xml/junit.multiresult.xml`: its expected results count skipped+failure+error as one
   error and skipped+failure as one failure). The first element of the winning kind is the
   problem; the others are appended to its details.
3. Status attributes mean "not run" and make the test SKIPPED, unless it carries a
   `<failure>`/`<error>`: that is stronger evidence, so it is FAILED/ERROR with a notice.
   Two conventions keep the skip:
   GoogleTest `status="notrun"` / `result="suppressed"` / `result="skipped"`, cppfw tst
   `status="disabled"` (its failure text becomes the skip message), `disabled`/`skip`
   attributes set to true on a testcase, and node:test's `<skipped type="todo">`: a todo test
   that fails also carries a `<failure>`, which node does not count as a failure.
4. Surefire/Gradle reruns inside one testcase: `<flakyFailure>`/`<flakyError>` in a testcase that
   has no final failure/error make it FLAKY (passed on rerun), attempts = 1 + their number.
   `<rerunFailure>`/`<rerunError>` beside a final `<failure>`/`<error>` keep it FAILED/ERROR,
   attempts = 1 + their number.
5. A rerun is a later `<testcase>` of the same test (same suite path, classname and non-empty
   name) whose previous record FAILED or ERRORED (gotestsum --rerun-fails, mikepenz
   `flaky_retries/`, `junit-server-test/report.xml`). It is counted as one test with the
   outcome of its last record, FLAKY when that record passed; its attempts add up. A repeat
   after a pass or a skip is a different test that happens to share its name, because rerun
   tools rerun only failures: TestNG data providers (dorny `pulsar-test-report.xml`, 808
   testcases, 808 tests by its own count) and duplicate titles in Mocha and Jest
   (`mocha/latex-utensils.xml` declares tests=109 for 109 testcases, 8 of them repeats).
   Except in pytest's suites (a suite named "pytest", or any suite under pytest's root
   `<testsuites name="pytest tests">`, which stays when `junit_suite_name` renames the suite):
   its node ids are unique, so a repeat is always a rerun, and pytest-rerunfailures writes the
   failed attempts as testcases with no result element at all. There any repeat is a rerun, the
   last record wins, and a test that passed last is FLAKY when an earlier record failed, errored
   or passed (a result-less rerunfailures attempt); a skip and then a pass is PASSED (see
   RERUNS_LOOK_LIKE_PASSES). In gotestsum's suites (go.version among the suite's properties) a
   repeat is always a rerun too: Go test names are unique in a package, and `--rerun-fails`
   reruns a parent test that failed itself with all its subtests, so the ones that passed or
   skipped are written again (generated/more/gotestsum-rerun.xml); the last record wins, and a
   pass after a pass stays PASSED. Reruns are matched within one `<testsuite>` element, where
   every producer above writes them.
6. Exception to 5: pytest writes a second `<testcase>` for a test whose call failed and whose
   teardown then errored; its error message starts with "failed on teardown" (older pytest:
   "test teardown failure"). When the previous record of that test FAILED, pytest collected one
   test, so it stays one FAILED test and the teardown error is appended to its details. After
   any other record (a pass, e.g. a rerunfailures retry whose teardown errored) rule 5 applies:
   in pytest's suites it is a rerun and the test is one ERROR. (pytest's summary line says
   "1 failed, 1 error" because it counts phases, not tests; a test that passed and then errored
   in teardown gets one `<testcase>` with the error and is one ERROR here.) A "failed on setup"
   error is never such a second record (a test whose setup failed has no call): rule 5.
7. A `<failure>`/`<error>` directly inside a `<testsuite>` (not in a testcase) is a suite that
   failed to run: it becomes one synthetic test named after the suite, FAILED or ERROR, with a
   notice (`jenkinsci__junit-plugin/junit-report-6700.xml`).
8. Counts always come from the testcases. Declared `tests`/`failures`/`errors`/`skipped` are only
   checked: a notice is written when they match neither the tests nor the runs (attempts), since
   Surefire 3 counts every rerun in `tests` (`gh-237/TEST-io.olamy.AlwaysFailTest.xml`: tests=4
   for one test run four times).

9. Finer outcomes (model.KIND_OUTCOME) are kept beside the five totals, each inside one of them.
   A result element's `type` can change the outcome (RESULT_TYPE_KINDS): node:test's
   cancellations are ERROR ("cancelled"), PHPUnit's RiskyTestError and TAP::Formatter::JUnit's
   TodoTestSucceeded are PASSED ("risky", "xpass"). `<skipped type="todo">` and
   `type="pytest.xfail"` are SKIPPED ("todo", "xfail"). A suite-level error (rule 7) is
   "suite error".
10. ctest's "Not Run": `status="notrun"` with a `<skipped message>` other than a deliberate skip
   (DELIBERATE_NOT_RUN) is FAILED ("not run"); this beats rule 3.
11. Pseudo testcases: jest-junit's "Test suite failed to run" classname, and in vitest's root a
   FAILED testcase named after its file (its classname, or its suite's name when a
   `classnameTemplate` changed the classname: generated/more/vitest-classname.xml) or after a
   describe path of the suite's other testcases, are ERROR ("suite error"), decided when the
   suite ends.
12. TAP::Formatter::JUnit's "(init)"/"(teardown)" testcases (no classname, no children) are no
   tests.
13. TAP::Formatter::JUnit's testcases "<number> <description>" with no classname: a passed one
   whose number has `ok N ... # skip` in the suite's `<system-out>` TAP is SKIPPED.
14. node-tap (`--reporter=junit`, root `<testsuites name="TAP Tests">`) writes each `t.test()`
   that ran as a `<testsuite>` of its assertions and again as a testcase of its parent, after
   that suite. node-tap counts the assertions (and the subtests that did not run), so the
   testcase is dropped where its suite was read, unless it failed and its suite holds no
   failure. A testcase with a `skip` property is SKIPPED, with a `todo` property SKIPPED
   ("todo"), whatever it carries. Its declared counts count each subtest twice and are not
   checked (tests/realtools/generated/more/node-tap.xml).
15. Suite errors written as testcases: unittest's failing setUpClass/tearDownClass/setUpModule/
   tearDownModule (nose2 writes classname "setUpClass (pkg.mod", name "Class)") and pytest's
   collection error (no classname, named after the module, `<error message="collection
   failure">`) are ERROR ("suite error"). nose2 (suite "nose2-junit") writes unittest's
   expected failure as `<skipped message="expected test failure">`: SKIPPED ("xfail"), and an
   unexpected success as `<skipped message="test passes unexpectedly">`, which unittest
   counts against the run: FAILED ("unexpected success"), with a notice.
16. Catch2 (`-r junit`: suite hostname "tbd", testcases status="run") writes a TEST_CASE with
   SECTIONs as one testcase per leaf section, "case/section": they are one test, named after
   the case, the worst outcome winning (error > failure > skip > pass), as Catch2 counts test
   cases. A test tagged [!mayfail] or [!shouldfail] that failed carries `<skipped
   message="TEST_CASE tagged with !mayfail">` beside its `<failure>`: Catch2's "failed as
   expected", SKIPPED ("xfail"). A [!shouldfail] test that passed, which Catch2 counts as
   failed, is written as a plain pass: nothing in the file tells it apart, and a notice says so
   (generated/more/catch2.xml). doctest (a `doctest_version` on the suite) writes SUBCASEs
   the same way: one test per test case. Its JUnit writes a may_fail or should_fail test that
   failed as allowed as a `<failure>` (a pass for doctest) and a should_fail test that passed
   or a test over its timeout (failures for doctest) as passes, and leaves skipped tests out:
   the `<failure>`s stay failures, and a notice says what the file cannot tell
   (generated/more/doctest.xml).
17. @cucumber/junit-xml-formatter (cucumber-js `--format junit`) writes a pending or undefined
   scenario as an empty `<failure/>` and an ambiguous one as a `<failure>` with a body and no
   message: they stay FAILED (cucumber-js fails the run for them), with the finer outcome of
   the first step that did not pass or skip in `<system-out>` (pending, undefined,
   ambiguous; generated/more/cucumber-junit.xml).

Elements are matched by local name, in any namespace or none (`<j:testcase>`, a default
namespace declared on any element). A file with a JUnit root, no `<testcase>` and an element
that no JUnit writer uses (where its tests may hide) gets a notice. A file whose XML breaks off
keeps what came before the break: its tests, and what the suites still open there said (rule 7,
properties, output); it is called truncated only when libxml2 stopped at the end of the data.

Durations: seconds; `2,503.1` (thousands separator) is 2503.1, a lone comma is a decimal comma,
exponents are fine; negative values become 0 and non-numbers (`<<computed>>`) unknown (0), each
with one notice per file; values above a million seconds are nanoseconds (container-structure-test)
and are converted, with a notice. Timestamps: ISO 8601 with or without zone and with any number
of fraction digits, `T ` with a stray space, ` UTC` suffix, RFC 1123, epoch seconds or
milliseconds, `MM/DD/YYYY hh:mm:ss`; naive ones are taken in the zone the caller names;
placeholders before 1980 (gotestsum's year 1, jest's epoch 0) mean "unknown".
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta, tzinfo
from email.utils import parsedate_to_datetime

from reportgen.model import Outcome

# Result elements inside a testcase, most severe first (junit-xml/junit.multiresult.xml).
RESULT_SEVERITY: dict[str, int] = {"error": 3, "failure": 2, "skipped": 1}
RESULT_OUTCOME: dict[str, Outcome] = {
    "error": Outcome.ERROR,
    "failure": Outcome.FAILED,
    "skipped": Outcome.SKIPPED,
}

# Earlier failing attempts of a test that finally passed (jenkinsci__junit-plugin/gh-237/
# TEST-io.olamy.FlakyTest.xml, mikepenz junit_flaky_failure/marathon_junit_report.xml).
FLAKY_ELEMENTS = frozenset({"flakyFailure", "flakyError"})
# Reruns of a test that failed every time (gh-237/TEST-io.olamy.AlwaysFailTest.xml,
# allure2 junitdata/TEST-test.RetryTest.xml with rerunError).
RERUN_ELEMENTS = frozenset({"rerunFailure", "rerunError"})

# status/result attribute values meaning "not run". GoogleTest: jenkinsci__xunit-plugin
# googletest/testcase2/input.xml (notrun), testcase4/input.xml (suppressed, skipped);
# jasmine: allure2 junitdata/TEST-status-attribute.xml (notrun); cppfw tst:
# EnricoMi junit-xml/tst/disabled.xml and mikepenz issues/testFailedDisabled.xml (disabled wins
# over a failure element, as that project's own expectation says).
SKIP_STATUS = frozenset({"notrun", "disabled", "skipped", "skip", "suppressed"})
# <skipped type=...> values that beat a <failure> beside them: node:test writes a failing todo
# test as <skipped type="todo"/> plus <failure> and counts it as todo, not failed (real output
# saved by the real-tool tests, tests/realtools/generated/node-test.xml).
SKIP_TYPES_THAT_WIN = frozenset({"todo"})
# Finer outcomes named by a result element's `type` (model.KIND_OUTCOME), and the outcome the
# tool gives them. node:test's cancellations are its own "# cancelled" count, neither pass nor
# failure (tests/realtools/generated/node-test.xml); PHPUnit calls a run with risky tests OK
# (generated/phpunit.xml; PHPUnit 5 spelled it with underscores); TAP::Formatter::JUnit writes
# a TODO test that passed as an error, which prove counts as passed (generated/prove.xml).
RESULT_TYPE_KINDS: dict[str, tuple[Outcome, str]] = {
    "cancelledByParent": (Outcome.ERROR, "cancelled"),
    "testTimeoutFailure": (Outcome.ERROR, "cancelled"),
    "testAborted": (Outcome.ERROR, "cancelled"),
    "PHPUnit\\Framework\\RiskyTestError": (Outcome.PASSED, "risky"),
    "PHPUnit_Framework_RiskyTestError": (Outcome.PASSED, "risky"),
    "TodoTestSucceeded": (Outcome.PASSED, "xpass"),
}
# <skipped type=...> naming a finer outcome: node:test todo (generated/node-test.xml), pytest
# xfail (generated/pytest-xunit2.xml).
SKIP_TYPE_KINDS: dict[str, str] = {"todo": "todo", "pytest.xfail": "xfail"}
# ctest writes every test it did not run as status="notrun" with a <skipped message>, but only
# these messages are deliberate skips; any other ("Unable to find executable", "Fixture
# dependency failed", "Required Files Missing") is ctest's "Not Run", counted among its
# failures (generated/ctest.xml).
DELIBERATE_NOT_RUN = ("SKIP_RETURN_CODE=", "SKIP_REGULAR_EXPRESSION_MATCHED", "Disabled")
# jest-junit (reportTestSuiteErrors) writes a test file that failed to load as a testcase of
# this classname, named after the file (generated/jest.xml): an error of the suite, not a test.
SUITE_ERROR_CLASSNAMES = frozenset({"Test suite failed to run"})
# vitest's root; it writes a file that failed to load as a testcase named after the file (its
# classname), and a failing beforeAll as one named after the describe block, after the
# block's tests (generated/vitest.xml).
PSEUDO_CASE_ROOTS = frozenset({"vitest tests"})
DESCRIBE_SEPARATOR = " > "
# Producers whose testcases all take the slow path, each found by its root's name or its
# suite's: node-tap's root (rule 14; tests/realtools/generated/more/node-tap.xml), nose2's
# suite (rule 15; generated/more/nose2.xml).
HABIT_ROOTS: dict[str, str] = {"TAP Tests": "node-tap"}
HABIT_SUITES: dict[str, str] = {"nose2-junit": "nose2"}
# Catch2's suites (rule 16): hostname "tbd", testcases status="run"; its message for a test
# tagged [!mayfail] or [!shouldfail] that failed (generated/more/catch2.xml).
CATCH2_HOSTNAME = "tbd"
CATCH2_MAY_FAIL = "TEST_CASE tagged with !mayfail"
# doctest's suites name its version (rule 16; generated/more/doctest.xml).
DOCTEST_VERSION = "doctest_version"
# @cucumber/junit-xml-formatter's step lines in a scenario's <system-out>, "Given x.....status",
# and the statuses of a step that fails the scenario without an error of its own (rule 17;
# generated/more/cucumber-junit.xml).
CUCUMBER_STEP = re.compile(r"^(?:Given|When|Then|And|But|\*) .*?\.{3,}([a-z]+)$", re.MULTILINE)
CUCUMBER_KINDS = frozenset({"pending", "undefined", "ambiguous"})
# Producers whose "case/section" testcases are sections of one test case (rule 16).
SECTIONED = frozenset({"catch2", "doctest"})
# node-tap's properties that mark a testcase not run, with the finer outcome each names.
NOT_RUN_PROPERTIES: dict[str, str | None] = {"skip": None, "todo": "todo"}
# nose2's <skipped message=...> for unittest's expected failure (a skip, "xfail") and
# unexpected success, which unittest counts against the run: FAILED ("unexpected success").
NOSE2_SKIP_MESSAGES: dict[str, tuple[Outcome, str]] = {
    "expected test failure": (Outcome.SKIPPED, "xfail"),
    "test passes unexpectedly": (Outcome.FAILED, "unexpected success"),
}
# unittest names a failing class or module fixture "setUpClass (pkg.mod.Class)"; nose2 splits
# it at the last dot into classname "setUpClass (pkg.mod" and name "Class)"
# (generated/more/nose2.xml): an error of the suite, not a test.
FIXTURE_ERROR = re.compile(r"^(?:setUpClass|tearDownClass|setUpModule|tearDownModule) \(")
# pytest writes a module that failed to import as a testcase without classname, named after
# the module, with this <error message> (src/_pytest/junitxml.py; generated/more/pytest-*.xml).
COLLECTION_ERROR_MESSAGES = frozenset({"collection failure"})
# TAP::Formatter::JUnit with --timer times the start and end of each file as testcases of
# these names, with no classname: timings, not tests (generated/prove.xml).
TIMING_PSEUDO_CASES = frozenset({"(init)", "(teardown)"})
# TAP::Formatter::JUnit names a testcase "<number> <description>" with no classname, and writes
# a `# skip` result as a plain testcase: only the TAP in the suite's <system-out> says it was
# skipped (generated/prove.xml).
TAP_CASE_NAME = re.compile(r"(\d+)(?: |$)")
TAP_SKIP_LINE = re.compile(r"^ok (\d+)\b[^\n#]*#\s*skip\b", re.IGNORECASE | re.MULTILINE)
# Attributes whose presence on a testcase sends it off the fast path.
STATUS_ATTRIBUTES = frozenset({"status", "result", "disabled", "skip", "skipped"})
TRUE_WORDS = frozenset({"true", "1", "yes"})

# Suite names of producers whose testcase identities are unique, so that a repeat can only be a
# rerun, and whose reruns carry no result element: pytest with pytest-rerunfailures writes
# `<testcase name="test_flaky"/>` for the failed attempt (real output saved by the real-tool
# tests, tests/realtools/generated/pytest-rerunfailures.xml).
RERUNS_LOOK_LIKE_PASSES = frozenset({"pytest"})
# gotestsum's suite property naming the Go version: its suites' repeats are reruns (rule 5).
GO_VERSION_PROPERTY = "go.version"
# pytest names the root `<testsuites name="pytest tests">` whatever `junit_suite_name` names its
# suite (tests/realtools/generated/pytest-*.xml): the suites of such a root are pytest's too.
RERUNS_LOOK_LIKE_PASSES_ROOTS = frozenset({"pytest tests"})

# pytest's second record for a failing test whose teardown errored (src/_pytest/junitxml.py).
TEARDOWN_ERROR_PREFIXES = ("failed on teardown", "test teardown failure")

# A test does not run for eleven days: such values are nanoseconds
# (mikepenz test_results/container-structure/test.xml: time="999638317").
NANOSECOND_THRESHOLD = 1e6

# Placeholder timestamps: gotestsum writes year 1 (internal/junitxml/testdata/*.golden),
# jest-junit the epoch for suites that failed to run (dorny fixtures/test-errors/jest/).
EARLIEST_REAL_TIMESTAMP = datetime(1980, 1, 1, tzinfo=UTC)

# Placeholders some reporter templates leave unescaped inside attribute values, which makes the
# XML ill-formed; a second reading escapes them (mikepenz test_results/junit-web-test/expected.xml:
# time="<<computed>>"). The duration then reads as unknown, with a notice.
UNESCAPED_PLACEHOLDERS: dict[bytes, bytes] = {b'"<<computed>>"': b'"&lt;&lt;computed&gt;&gt;"'}

# Roots of neighbouring formats: what the file is and what to do instead.
FOREIGN_ROOTS: dict[str, tuple[str, str]] = {
    "test-run": (
        "NUnit 3 XML",
        "convert it to JUnit XML (e.g. nunit3-junit.xslt) or point at the JUnit file",
    ),
    "test-results": ("NUnit 2 XML", "convert it to JUnit XML or point at the JUnit file"),
    "test-suite": ("NUnit XML", "convert it to JUnit XML or point at the JUnit file"),
    "assemblies": (
        "xUnit.net XML",
        "write JUnit with JunitXml.TestLogger or point at the JUnit file",
    ),
    "assembly": (
        "xUnit.net XML",
        "write JUnit with JunitXml.TestLogger or point at the JUnit file",
    ),
    "TestRun": ("Visual Studio TRX", "write JUnit with JunitXml.TestLogger or convert the .trx"),
    "suites": ("an unknown test format", "point at the JUnit XML file"),
}
GENERIC_FOREIGN_HINT = "reportgen reads JUnit XML (<testsuites>/<testsuite>); point at that file"

_ISO_SPACE_AFTER_T = re.compile(r"T\s+")
_FRACTION = re.compile(r"(\.\d{6})\d+")
_US_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})[ T](\d{1,2}):(\d{2}):(\d{2})$")


class DurationProblem:
    """Why a duration was not taken as written; the reader counts them per file."""

    NEGATIVE = "negative durations set to 0"
    UNPARSED = "durations that are not numbers taken as 0 (unknown)"
    NANOSECONDS = "durations above a million seconds read as nanoseconds"


def parse_duration(text: str) -> tuple[float, str | None]:
    """Seconds from a `time` attribute, and what was wrong with it (None when nothing)."""
    try:
        value = float(text)
    except ValueError:
        odd = _parse_odd_number(text)
        if odd is None:
            return 0.0, DurationProblem.UNPARSED
        value = odd
    if value != value or value in (float("inf"), float("-inf")):
        return 0.0, DurationProblem.UNPARSED
    if value < 0:
        return 0.0, DurationProblem.NEGATIVE
    if value > NANOSECOND_THRESHOLD:
        return value / 1e9, DurationProblem.NANOSECONDS
    return value, None


def _parse_odd_number(text: str) -> float | None:
    cleaned = text.strip()
    if "," in cleaned:
        # jenkinsci__junit-plugin/junit-report-testsuite-time-attrs.xml: "2,503.1"
        cleaned = cleaned.replace(",", "") if "." in cleaned else cleaned.replace(",", ".")
    try:
        return float(cleaned)
    except ValueError:
        return None


def parse_timestamp(text: str | None, assume_tz: tzinfo) -> datetime | None:
    """A timezone-aware datetime from any timestamp spelling met in the corpus, or None."""
    if not text or not text.strip():
        return None
    raw = text.strip()
    try:  # the common case, ISO 8601 as most tools write it, without the regex passes
        parsed: datetime | None = datetime.fromisoformat(raw)
    except ValueError:
        parsed = _parse_epoch(raw) or _parse_iso(raw) or _parse_rfc1123(raw) or _parse_us(raw)
    if parsed is None:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=assume_tz)
    if parsed < EARLIEST_REAL_TIMESTAMP:
        return None
    try:  # a time at the calendar's edge that no zone can show is no time at all
        parsed.astimezone(UTC)
    except OverflowError:
        return None
    return parsed


def _parse_epoch(raw: str) -> datetime | None:
    if not raw.isdigit() or len(raw) < 9:
        return None
    # Playwright writes epoch milliseconds (jenkinsci__xunit-plugin junit/testcase7/input.xml).
    seconds = int(raw) / 1000 if len(raw) >= 12 else int(raw)
    try:
        return datetime.fromtimestamp(seconds, UTC)
    except (OverflowError, OSError, ValueError):
        return None


def _parse_iso(raw: str) -> datetime | None:
    text = _ISO_SPACE_AFTER_T.sub("T", raw)  # junit-report-testsuite-various-timestamps.xml
    if text.endswith(" UTC"):  # dorny fixtures/external/java/TEST-org.apache.pulsar...xml
        text = text[:-4] + "+00:00"
    text = _FRACTION.sub(r"\1", text)  # .NET writes 7 fraction digits
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None


def _parse_rfc1123(raw: str) -> datetime | None:
    if "," not in raw:
        return None
    try:  # Mocha xunit reporter: EnricoMi junit-xml/mocha/latex-utensils.xml
        return parsedate_to_datetime(raw)
    except (TypeError, ValueError, IndexError):
        return None


def _parse_us(raw: str) -> datetime | None:
    match = _US_DATE.match(raw)
    if match is None:
        return None
    month, day, year, hour, minute, second = (int(g) for g in match.groups())
    try:
        return datetime(year, month, day, hour, minute, second)
    except ValueError:
        return None


def end_of(start: datetime | None, seconds: float | None) -> datetime | None:
    if start is None:
        return None
    return start + timedelta(seconds=seconds or 0.0)


def is_teardown_error(message: str | None) -> bool:
    return bool(message) and message.lower().startswith(TEARDOWN_ERROR_PREFIXES)  # type: ignore[union-attr]


def is_suite_error(classname: str, name: str, message: str | None) -> bool:
    """A testcase that stands for a suite that failed to run (rules 11 and 15): jest's "Test
    suite failed to run", unittest's failing class or module fixture, pytest's collection
    error."""
    if classname in SUITE_ERROR_CLASSNAMES or FIXTURE_ERROR.match(classname):
        return True
    return not classname and bool(name) and message in COLLECTION_ERROR_MESSAGES


def cucumber_kind(message: str | None, system_out: str | None) -> str | None:
    """The finer outcome of a cucumber scenario's message-less failure (rule 17), or None."""
    if message or not system_out or "..." not in system_out:
        return None
    for status in CUCUMBER_STEP.findall(system_out):
        if status not in ("passed", "skipped"):
            return status if status in CUCUMBER_KINDS else None
    return None


def not_run_is_failure(attrs: Mapping[str, str], skip_message: str | None) -> bool:
    """ctest's "Not Run": status="notrun" with a <skipped> message that is no deliberate skip."""
    status = attrs.get("status")
    if status is None or status.lower() != "notrun" or not skip_message:
        return False
    return not skip_message.startswith(DELIBERATE_NOT_RUN)


def status_means_skipped(attrs: Mapping[str, str]) -> bool:
    """GoogleTest/cppfw/jasmine status attributes, `disabled`/`skip` flags (see SKIP_STATUS)."""
    for key in ("status", "result"):
        value = attrs.get(key)
        if value is not None and value.lower() in SKIP_STATUS:
            return True
    for key in ("disabled", "skip", "skipped"):
        value = attrs.get(key)
        if value is not None and value.lower() in TRUE_WORDS:
            return True
    return False


# --- producer guess -----------------------------------------------------------------------

Hints = Mapping[str, str]
"""Flat facts gathered while reading: 'root', 'root.<attr>', 'suite.<attr>', 'case.<attr>' (the
first suite/case), 'property.<name>', each mapped to its value."""


def _has(key: str) -> Callable[[Hints], bool]:
    return lambda hints: key in hints


def _equals(key: str, *values: str) -> Callable[[Hints], bool]:
    return lambda hints: hints.get(key) in values


def _contains(key: str, fragment: str) -> Callable[[Hints], bool]:
    return lambda hints: fragment in hints.get(key, "")


# First match wins. Each rule names a corpus file that shows the trait.
PRODUCER_RULES: list[tuple[str, Callable[[Hints], bool]]] = [
    ("pytest", _equals("suite.name", "pytest")),  # EnricoMi junit-xml/pytest/junit.fail.xml
    ("pytest", _equals("root.name", "pytest tests")),  # tests/realtools/generated/pytest-*.xml
    ("jest", _equals("root.name", "jest tests")),  # dorny fixtures/jest-junit.xml
    ("node-tap", _equals("root.name", "TAP Tests")),  # generated/more/node-tap.xml
    ("nose2", _equals("suite.name", "nose2-junit")),  # generated/more/nose2.xml
    ("doctest", _has("suite.doctest_version")),  # generated/more/doctest.xml
    ("gotestsum", _has("property.go.version")),  # gotestsum internal/junitxml/testdata/*.golden
    # mikepenz test_results/catch2/report.xml (allure2 zulu-timestamp.xml has hostname tbd too)
    ("catch2", lambda h: h.get("suite.hostname") == "tbd" and h.get("case.status") == "run"),
    ("googletest", _equals("root.name", "AllTests")),  # xunit-plugin googletest/testcase2/input.xml
    ("googletest", _equals("case.status", "run", "notrun")),  # googletest/testcase4/input.xml
    ("surefire", _contains("suite.schema", "surefire")),  # junit-plugin gh-237/*.xml
    (
        "cargo-nextest",
        _equals("root.name", "nextest-run"),
    ),  # mikepenz test_results/nextest/basic.xml
    ("mocha", _equals("root.name", "Mocha Tests")),  # test-summary junit/02-example.xml
    ("mocha", _equals("suite.name", "Mocha Tests", "Root Suite")),  # mocha/latex-utensils.xml
    ("phpunit", _has("case.assertions")),  # dorny fixtures/phpunit/phpunit.xml
    (
        "cppfw-tst",
        _equals("case.status", "passed", "failed", "disabled", "errored"),
    ),  # tst/disabled.xml
    (
        "playwright",
        _contains("case.classname", " \u203a "),
    ),  # xunit-plugin junit/testcase7/input.xml
    ("nose", _equals("suite.name", "nosetests")),  # junit-plugin JENKINS-13214/27449.xml
]


def guess_producer(hints: Hints) -> str | None:
    for producer, rule in PRODUCER_RULES:
        if rule(hints):
            return producer
    return None
