"""Deterministic, realistic JUnit XML for the benchmarks.

Files look like what pytest and Maven Surefire write: a `<testsuites>` root (Surefire's
per-class files use a `<testsuite>` root), one suite per test module or class, parametrized
names, durations, ~5% failing cases whose 20-40 line tracebacks come from a fixed set of root
causes with volatile parts (ids, ports, addresses, timings), some skipped cases and some
captured output. The same seed always gives the same bytes. The `pytest-*` datasets are
pytest's own layout: every case in one suite named `pytest` under `<testsuites name="pytest
tests">`, where a repeated test would be a rerun (pytest-rerunfailures).

Datasets are cached in a directory outside the repository and reused while their manifest
(`<name>.json`, written last) carries the current GENERATOR_VERSION.

    python benchmarks/generate.py --data /tmp/reportgen-bench 1k 10k failures-100k
"""

from __future__ import annotations

import argparse
import functools
import itertools
import json
import random
import shutil
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

GENERATOR_VERSION = 2
DEFAULT_DATA_DIR = Path("/tmp/reportgen-bench")
FAILURE_RATE = 0.05
SKIP_RATE = 0.03
OUTPUT_RATE = 0.10

_ATTR_ENTITIES = {'"': "&quot;", "\n": "&#10;", "\t": "&#9;"}


def _attr(text: str) -> str:
    return escape(text, _ATTR_ENTITIES)


# ---------------------------------------------------------------------------------------------
# Volatile parts of failure messages: every occurrence of a root cause draws fresh values.
# They are what a failure grouper is expected to mask (numbers, ids, addresses, ports, paths);
# a word varies only inside a quoted literal, so "50 root causes" stays a well-defined answer.

_WORDS = (
    "alpha",
    "amber",
    "basalt",
    "cedar",
    "delta",
    "ember",
    "fjord",
    "garnet",
    "harbor",
    "indigo",
    "juniper",
    "kelp",
    "lumen",
    "maple",
    "nickel",
    "onyx",
    "pebble",
    "quartz",
    "raven",
    "sable",
    "tundra",
    "umber",
    "vertex",
    "willow",
    "yarrow",
    "zephyr",
)
_HEX = "0123456789abcdef"


def _hex(rng: random.Random, width: int) -> str:
    return "".join(rng.choice(_HEX) for _ in range(width))


_VOLATILE: dict[str, Callable[[random.Random], str]] = {
    "n": lambda r: str(r.randint(2, 999)),
    "m": lambda r: str(r.randint(1, 64)),
    "id": lambda r: str(r.randint(10_000, 9_999_999)),
    "hex": lambda r: _hex(r, 8),
    "byte": lambda r: _hex(r, 2),
    "uuid": lambda r: f"{_hex(r, 8)}-{_hex(r, 4)}-4{_hex(r, 3)}-a{_hex(r, 3)}-{_hex(r, 12)}",
    "addr": lambda r: f"0x7f{_hex(r, 10)}",
    "port": lambda r: str(r.randint(20_000, 65_000)),
    "ms": lambda r: str(r.choice((500, 1000, 2000, 5000, 10000, 30000)) + r.randint(0, 40)),
    "status": lambda r: str(r.choice((400, 401, 403, 404, 409, 429, 500, 502, 503))),
    "code": lambda r: str(r.randint(1, 137)),
    "word": lambda r: r.choice(_WORDS),
    "frac": lambda r: f"0.{r.randint(1000, 9999)}",
}


class _Volatile(dict[str, str]):
    """Fills a message template on demand; a field used twice keeps one value."""

    def __init__(self, rng: random.Random) -> None:
        super().__init__()
        self._rng = rng

    def __missing__(self, key: str) -> str:
        value = _VOLATILE[key](self._rng)
        self[key] = value
        return value


# ---------------------------------------------------------------------------------------------
# Root causes: exception type, message template, kind ("failure" or "error").

_PY_CAUSES: tuple[tuple[str, str, str], ...] = (
    ("AssertionError", "assert {n} == {m}", "failure"),
    (
        "AssertionError",
        "assert response.status_code == 200 (got {status} for /api/items/{id})",
        "failure",
    ),
    ("KeyError", "'order-{hex}'", "failure"),
    ("TimeoutError", "timed out after {ms} ms waiting for job {uuid}", "failure"),
    ("ConnectionRefusedError", "[Errno 111] Connection refused: 127.0.0.1:{port}", "error"),
    ("ValueError", "invalid literal for int() with base 10: '{word}{n}'", "failure"),
    (
        "FileNotFoundError",
        "[Errno 2] No such file or directory: '/tmp/pytest-of-ci/pytest-{n}/out{m}/report.json'",
        "error",
    ),
    ("sqlite3.IntegrityError", "UNIQUE constraint failed: users.email (row {id})", "failure"),
    ("AttributeError", "'NoneType' object has no attribute 'total'", "failure"),
    ("TypeError", "unsupported operand type(s) for +: 'int' and 'NoneType'", "failure"),
    ("json.decoder.JSONDecodeError", "Expecting value: line 1 column {n} (char {m})", "failure"),
    ("PermissionError", "[Errno 13] Permission denied: '/var/tmp/build-{id}/cache.lock'", "error"),
    ("RuntimeError", "worker {m} exited with code {code} after {ms} ms", "failure"),
    ("AssertionError", "expected {m} rows in export, got {n}", "failure"),
    ("ZeroDivisionError", "division by zero", "failure"),
    ("IndexError", "list index out of range", "failure"),
    ("OSError", "[Errno 28] No space left on device: '/tmp/tmp{hex}'", "error"),
    (
        "subprocess.CalledProcessError",
        "Command '['make', 'fixture-{word}']' returned non-zero exit status {code}.",
        "error",
    ),
    (
        "UnicodeDecodeError",
        "'utf-8' codec can't decode byte 0x{byte} in position {n}: invalid start byte",
        "failure",
    ),
    ("AssertionError", "assert {frac} == approx(0.5 \u00b1 5.0e-07)", "failure"),
    ("RecursionError", "maximum recursion depth exceeded while calling a Python object", "failure"),
    ("cache.errors.CacheMiss", "key <Session {uuid}> not found in shard {m}", "failure"),
    (
        "redis.exceptions.ConnectionError",
        "Error 111 connecting to localhost:{port}. Connection refused.",
        "error",
    ),
    ("AssertionError", "Lists differ: [{n}, 2, 3] != [1, 2, 3]", "failure"),
    ("scheduler.errors.LeaseExpired", "lease {hex} for task {id} expired {ms} ms ago", "failure"),
)

_JAVA_CAUSES: tuple[tuple[str, str, str], ...] = (
    ("org.opentest4j.AssertionFailedError", "expected: <{n}> but was: <{m}>", "failure"),
    (
        "java.lang.NullPointerException",
        'Cannot invoke "com.acme.billing.Invoice.getTotal()" because "invoice" is null',
        "error",
    ),
    ("java.lang.IllegalStateException", "Order {id} is already closed", "error"),
    (
        "java.util.concurrent.TimeoutException",
        "Timed out after {ms} ms waiting for batch {uuid}",
        "error",
    ),
    ("java.net.ConnectException", "Connection refused: localhost/127.0.0.1:{port}", "error"),
    ("java.lang.NumberFormatException", 'For input string: "{word}{n}"', "error"),
    (
        "java.io.FileNotFoundException",
        "/tmp/junit{id}/report-{n}.csv (No such file or directory)",
        "error",
    ),
    (
        "java.sql.SQLIntegrityConstraintViolationException",
        "Duplicate entry 'user{id}@example.com' for key 'users.email'",
        "error",
    ),
    ("java.lang.IndexOutOfBoundsException", "Index {n} out of bounds for length {m}", "error"),
    (
        "java.lang.ClassCastException",
        "class java.lang.String cannot be cast to class java.lang.Integer",
        "error",
    ),
    ("java.lang.ArithmeticException", "/ by zero", "error"),
    ("java.lang.IllegalArgumentException", "Unknown region code '{word}-{m}'", "error"),
    ("java.util.ConcurrentModificationException", "", "error"),
    ("org.opentest4j.AssertionFailedError", "Expected size {m} but was {n}", "failure"),
    ("java.lang.OutOfMemoryError", "Java heap space", "error"),
    ("java.util.NoSuchElementException", "No value present", "error"),
    ("java.net.SocketTimeoutException", "Read timed out after {ms} ms", "error"),
    (
        "java.lang.AssertionError",
        "Expected status 200 but got {status} for /api/items/{id}",
        "failure",
    ),
    (
        "com.fasterxml.jackson.core.JsonParseException",
        "Unexpected character ('<' (code 60)): expected a valid value at line: 1, column: {n}",
        "error",
    ),
    ("java.nio.file.AccessDeniedException", "/var/lib/build/{id}/index.lock", "error"),
    ("java.lang.InterruptedException", "sleep interrupted", "error"),
    (
        "org.mockito.exceptions.verification.WantedButNotInvoked",
        "Wanted but not invoked: repository.save(<any com.acme.orders.Order>);",
        "failure",
    ),
    (
        "java.util.concurrent.ExecutionException",
        "java.lang.RuntimeException: worker {m} failed on shard {hex}",
        "error",
    ),
    ("java.lang.IllegalStateException", "Failed to load ApplicationContext for [{hex}]", "error"),
    (
        "org.opentest4j.AssertionFailedError",
        "expected: <SHIPPED> but was: <PENDING> for order {id}",
        "failure",
    ),
)

_JUNIT_FRAMES = (
    "java.base/jdk.internal.reflect.DirectMethodHandleAccessor.invoke"
    "(DirectMethodHandleAccessor.java:103)",
    "java.base/java.lang.reflect.Method.invoke(Method.java:580)",
    "org.junit.platform.commons.util.ReflectionUtils.invokeMethod(ReflectionUtils.java:728)",
    "org.junit.jupiter.engine.execution.MethodInvocation.proceed(MethodInvocation.java:60)",
    "org.junit.jupiter.engine.execution.InvocationInterceptorChain$ValidatingInvocation.proceed"
    "(InvocationInterceptorChain.java:131)",
    "org.junit.jupiter.engine.extension.TimeoutExtension.intercept(TimeoutExtension.java:156)",
    "org.junit.jupiter.engine.extension.TimeoutExtension.interceptTestMethod"
    "(TimeoutExtension.java:86)",
    "org.junit.jupiter.engine.execution.InterceptingExecutableInvoker.invoke"
    "(InterceptingExecutableInvoker.java:92)",
    "org.junit.jupiter.engine.execution.InvocationInterceptorChain.proceed"
    "(InvocationInterceptorChain.java:64)",
    "org.junit.jupiter.engine.execution.InvocationInterceptorChain.chainAndInvoke"
    "(InvocationInterceptorChain.java:45)",
    "org.junit.jupiter.engine.execution.InvocationInterceptorChain.invoke"
    "(InvocationInterceptorChain.java:37)",
    "org.junit.jupiter.engine.descriptor.TestMethodTestDescriptor.lambda$invokeTestMethod$7"
    "(TestMethodTestDescriptor.java:218)",
    "org.junit.platform.engine.support.hierarchical.ThrowableCollector.execute"
    "(ThrowableCollector.java:73)",
    "org.junit.jupiter.engine.descriptor.TestMethodTestDescriptor.invokeTestMethod"
    "(TestMethodTestDescriptor.java:214)",
    "org.junit.jupiter.engine.descriptor.TestMethodTestDescriptor.execute"
    "(TestMethodTestDescriptor.java:139)",
    "org.junit.platform.engine.support.hierarchical.NodeTestTask.lambda$executeRecursively$6"
    "(NodeTestTask.java:151)",
    "org.junit.platform.engine.support.hierarchical.Node.around(Node.java:137)",
    "org.junit.platform.engine.support.hierarchical.NodeTestTask.executeRecursively"
    "(NodeTestTask.java:139)",
    "org.junit.platform.engine.support.hierarchical.NodeTestTask.execute(NodeTestTask.java:95)",
    "org.junit.platform.launcher.core.EngineExecutionOrchestrator.execute"
    "(EngineExecutionOrchestrator.java:107)",
    "org.junit.platform.launcher.core.DefaultLauncher.execute(DefaultLauncher.java:86)",
    "org.apache.maven.surefire.junitplatform.JUnitPlatformProvider.invoke"
    "(JUnitPlatformProvider.java:184)",
    "org.apache.maven.surefire.booter.ForkedBooter.runSuitesInProcess(ForkedBooter.java:385)",
    "org.apache.maven.surefire.booter.ForkedBooter.main(ForkedBooter.java:495)",
)

_PACKAGES = ("orders", "billing", "inventory", "auth", "search", "storage", "scheduler", "export")
_NOUNS = ("order", "invoice", "item", "user", "token", "index", "report", "batch", "lease", "page")
_VERBS = ("create", "update", "parse", "render", "export", "merge", "lookup", "retry", "cancel")


@dataclass(frozen=True)
class Cause:
    """One root cause: the same exception raised from the same frames, volatile message."""

    index: int
    lang: str  # "python" | "java"
    exc: str
    template: str
    kind: str  # "failure" | "error"
    frames: tuple[str, ...]  # stable frames below the test, rendered for `lang`
    length: int  # traceback lines, 20-40


def _python_frames(rng: random.Random, count: int) -> tuple[str, ...]:
    package = rng.choice(_PACKAGES)
    lines: list[str] = []
    for _ in range(count):
        module = f"src/{package}/{rng.choice(_NOUNS)}_{rng.choice(('service', 'store', 'client'))}"
        func = f"_{rng.choice(_VERBS)}_{rng.choice(_NOUNS)}"
        lines.append(f"{module}.py:{rng.randint(20, 900)}: in {func}")
        lines.append(f"    return self.{func.lstrip('_')}({rng.choice(_NOUNS)}, **options)")
    return tuple(lines)


def _java_frames(rng: random.Random, count: int) -> tuple[str, ...]:
    package = rng.choice(_PACKAGES)
    frames = []
    for _ in range(count):
        cls = f"{rng.choice(_NOUNS).capitalize()}{rng.choice(('Service', 'Repository', 'Mapper'))}"
        method = f"{rng.choice(_VERBS)}{rng.choice(_NOUNS).capitalize()}"
        frames.append(f"\tat com.acme.{package}.{cls}.{method}({cls}.java:{rng.randint(20, 900)})")
    return tuple(frames)


@functools.cache
def root_causes(seed: int) -> tuple[tuple[Cause, ...], tuple[Cause, ...]]:
    """The Python and Java root causes for a seed: 25 each, stacks fixed per cause."""
    rng = random.Random(f"causes-{seed}")
    python = []
    for index, (exc, template, kind) in enumerate(_PY_CAUSES):
        length = rng.randint(20, 40)
        # Python traceback: 12 fixed lines around 2 lines per frame (see _python_traceback).
        frames = _python_frames(rng, (length - 12) // 2)
        python.append(Cause(index, "python", exc, template, kind, frames, 12 + len(frames)))
    java = []
    for index, (exc, template, kind) in enumerate(_JAVA_CAUSES, start=len(python)):
        length = rng.randint(20, 40)
        own = rng.randint(3, 10)
        frames = _java_frames(rng, own)
        java.append(Cause(index, "java", exc, template, kind, frames, length))
    return tuple(python), tuple(java)


# ---------------------------------------------------------------------------------------------
# Cases and suites.


@dataclass
class Counts:
    """What was written; `causes` maps root-cause index to its number of cases."""

    tests: int = 0
    failures: int = 0
    errors: int = 0
    skipped: int = 0
    causes: Counter[int] = field(default_factory=Counter)

    @property
    def passed(self) -> int:
        return self.tests - self.failures - self.errors - self.skipped

    def add(self, other: Counts) -> None:
        self.tests += other.tests
        self.failures += other.failures
        self.errors += other.errors
        self.skipped += other.skipped
        self.causes.update(other.causes)

    def as_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["passed"] = self.passed
        data["causes"] = {str(k): v for k, v in sorted(self.causes.items())}
        return data


@dataclass(frozen=True)
class Plan:
    """Which case indexes of a file fail or are skipped."""

    failing: frozenset[int]
    skipped: frozenset[int]
    seed: int  # of the root causes


def _python_traceback(
    cause: Cause, classname: str, case: str, path: str, message: str, rng: random.Random
) -> str:
    func = case.split("[", 1)[0]
    arg = f"{rng.choice(_NOUNS)}_id"
    lines = [
        f"self = <{classname} object at 0x7f{_hex(rng, 10)}>",
        f"{arg} = {rng.randint(1, 99999)}",
        "",
        f"    def {func}(self, {arg}):",
        f"        client = make_client(timeout={rng.randint(1, 30)})",
        f">       result = client.{cause.frames[0].rsplit(' in _', 1)[-1]}()",
        "",
        f"{path}:{rng.randint(10, 400)}: ",
        "_ " * 39 + "_",
        *cause.frames,
        f"E   {cause.exc}: {message}" if message else f"E   {cause.exc}",
        "",
        f"{cause.frames[-2].split(': in ', 1)[0]}: {cause.exc.rsplit('.', 1)[-1]}",
    ]
    return "\n".join(lines)


def _java_traceback(cause: Cause, classname: str, method: str, message: str) -> str:
    head = f"{cause.exc}: {message}" if message else cause.exc
    simple = classname.rsplit(".", 1)[-1]
    test_frame = f"\tat {classname}.{method}({simple}.java:{40 + len(method) * 3})"
    room = cause.length - 2 - len(cause.frames)
    framework = [f"\tat {frame}" for frame in _JUNIT_FRAMES[: max(room, 0)]]
    return "\n".join([head, *cause.frames, test_frame, *framework])


def _problem_xml(cause: Cause, classname: str, name: str, path: str, rng: random.Random) -> str:
    message = cause.template.format_map(_Volatile(rng))
    if cause.lang == "python":
        text = _python_traceback(cause, classname, name, path, message, rng)
        short = f"{cause.exc}: {message}" if message else cause.exc
        if cause.kind == "error":
            short = f'failed on setup with "{short}"'
        return f'<{cause.kind} message="{_attr(short)}">{escape(text)}</{cause.kind}>'
    text = _java_traceback(cause, classname, name.split("(", 1)[0], message)
    attrs = f'message="{_attr(message)}" ' if message else ""
    return f'<{cause.kind} {attrs}type="{cause.exc}">{escape(text)}</{cause.kind}>'


def _skipped_xml(lang: str, path: str, rng: random.Random) -> str:
    reason = rng.choice(
        (
            "requires network access",
            "flaky on CI, see tracker",
            "needs a GPU",
            "slow test",
            "not supported on this platform",
        )
    )
    if lang == "python":
        line = rng.randint(10, 400)
        return f'<skipped type="pytest.skip" message="{reason}">{path}:{line}: {reason}</skipped>'
    return f'<skipped message="{reason}"/>'


def _system_out(lang: str, rng: random.Random) -> str:
    lines = []
    for _ in range(rng.randint(2, 6)):
        minute, second, milli = rng.randint(0, 59), rng.randint(0, 59), rng.randint(0, 999)
        stamp = f"2026-11-25T10:{minute:02d}:{second:02d}.{milli:03d}"
        level = rng.choice(("INFO", "INFO", "DEBUG", "WARNING"))
        what = f"{rng.choice(_VERBS)} {rng.choice(_NOUNS)} id={rng.randint(1, 99999)}"
        lines.append(f"{stamp} {level} {rng.choice(_PACKAGES)}: {what} in {rng.randint(1, 900)} ms")
    if lang == "java":
        return "<system-out><![CDATA[" + "\n".join(lines) + "]]></system-out>"
    return "<system-out>" + escape("\n".join(lines)) + "</system-out>"


def _case_names(lang: str, count: int, rng: random.Random) -> Iterator[str]:
    """`count` names unique within the suite: functions, each with a few parameters."""
    made = 0
    function = 0
    while made < count:
        function += 1
        verb, noun = rng.choice(_VERBS), rng.choice(_NOUNS)
        params = min(rng.choice((1, 1, 2, 3, 5, 8)), count - made)
        for param in range(params):
            if lang == "python":
                base = f"test_{verb}_{noun}_{function}"
                yield f"{base}[{rng.choice(_WORDS)}-{param}]" if params > 1 else base
            else:
                base = f"should{verb.capitalize()}{noun.capitalize()}{function}"
                yield f"{base}(int)[{param + 1}]" if params > 1 else f"{base}()"
            made += 1


def _suite_identity(lang: str, key: str, rng: random.Random) -> tuple[str, str, str]:
    """(suite name, classname, source path) for a suite; `key` makes it unique."""
    package, noun = rng.choice(_PACKAGES), rng.choice(_NOUNS)
    if lang == "python":
        path = f"tests/{package}/test_{noun}_{key}.py"
        module = path[:-3].replace("/", ".")
        return module, f"{module}.Test{noun.title()}", path
    classname = f"com.acme.{package}.{noun.title()}{key}Test"
    return classname, classname, f"src/test/java/{classname.replace('.', '/')}.java"


def suite_xml(
    lang: str, key: str, first: int, count: int, plan: Plan, rng: random.Random
) -> tuple[str, Counts]:
    """One `<testsuite>` of `count` cases numbered from `first` in the file's plan.

    A failing case draws its root cause from the suite's language, so stacks match suites.
    """
    picker = _cause_picker(root_causes(plan.seed)[0 if lang == "python" else 1])
    suite_name, classname, path = _suite_identity(lang, key, rng)
    counts = Counts()
    body: list[str] = []
    total_time = 0.0
    for offset, name in enumerate(_case_names(lang, count, rng)):
        index = first + offset
        seconds = round(min(rng.lognormvariate(-4.0, 1.6), 120.0), 3)
        total_time += seconds
        extra = ""
        if lang == "python":
            extra = f' file="{path}" line="{rng.randint(10, 900)}"'
        head = f'<testcase classname="{classname}" name="{_attr(name)}"{extra} time="{seconds:.3f}"'
        inner = ""
        if index in plan.failing:
            cause = picker(rng)
            inner = _problem_xml(cause, classname, name, path, rng)
            counts.causes[cause.index] += 1
            if cause.kind == "failure":
                counts.failures += 1
            else:
                counts.errors += 1
        elif index in plan.skipped:
            inner = _skipped_xml(lang, path, rng)
            counts.skipped += 1
        if rng.random() < OUTPUT_RATE:
            inner += _system_out(lang, rng)
        body.append(f"    {head}>{inner}</testcase>" if inner else f"    {head}/>")
        counts.tests += 1
    header = (
        f'  <testsuite name="{suite_name}" tests="{counts.tests}" failures="{counts.failures}" '
        f'errors="{counts.errors}" skipped="{counts.skipped}" time="{total_time:.3f}" '
        f'timestamp="2026-11-25T10:{rng.randint(0, 59):02d}:00" '
        f'hostname="ci-runner-{rng.randint(1, 9)}">'
    )
    return "\n".join([header, *body, "  </testsuite>"]), counts


@functools.cache
def _cause_picker(causes: tuple[Cause, ...]) -> Callable[[random.Random], Cause]:
    """Skewed as real failures are: a few causes make most of them (weights 1/rank)."""
    weights = list(itertools.accumulate(1.0 / (rank + 1) for rank in range(len(causes))))
    return lambda rng: rng.choices(causes, cum_weights=weights)[0]


def make_plan(cases: int, failing: int, skipped: int, seed: int, rng: random.Random) -> Plan:
    """Choose exactly `failing` failing and `skipped` skipped case indexes."""
    chosen = rng.sample(range(cases), failing + skipped)
    return Plan(frozenset(chosen[:failing]), frozenset(chosen[failing:]), seed)


def write_report(
    path: Path,
    cases: int,
    seed: int,
    *,
    failing: int | None = None,
    skipped: int | None = None,
    languages: tuple[str, ...] = ("python", "java"),
    root: str = "testsuites",
    key_prefix: str = "",
    cause_seed: int = 0,
) -> Counts:
    """Write one JUnit file of exactly `cases` cases, `failing` of them failed or errored.

    Suites of 10-300 cases alternate at random between the given languages; with
    `root="testsuite"` the file holds one suite (Surefire's per-class layout).
    """
    rng = random.Random(seed)
    failing = round(cases * FAILURE_RATE) if failing is None else failing
    skipped = round(cases * SKIP_RATE) if skipped is None else skipped
    plan = make_plan(cases, failing, skipped, cause_seed, rng)
    total = Counts()
    with path.open("w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" encoding="utf-8"?>\n')
        if root == "testsuites":
            out.write('<testsuites name="bench">\n')
        first = 0
        while first < cases:
            left = cases - first
            size = left if root == "testsuite" else min(rng.randint(10, 300), left)
            lang = rng.choice(languages)
            xml, counts = suite_xml(lang, f"{key_prefix}{first}", first, size, plan, rng)
            out.write(xml.removeprefix("  ") + "\n" if root == "testsuite" else xml + "\n")
            total.add(counts)
            first += size
        if root == "testsuites":
            out.write("</testsuites>\n")
    return total


def write_pytest_report(path: Path, cases: int, seed: int) -> Counts:
    """pytest's layout: the modules' cases one after another in one suite named `pytest`."""
    rng = random.Random(seed)
    plan = make_plan(cases, round(cases * FAILURE_RATE), round(cases * SKIP_RATE), 0, rng)
    total, seconds = Counts(), 0.0
    body = path.with_name(path.name + ".body")
    with body.open("w", encoding="utf-8") as out:
        first = 0
        while first < cases:
            size = min(rng.randint(10, 300), cases - first)
            xml, counts = suite_xml("python", str(first), first, size, plan, rng)
            header, *lines, _ = xml.split("\n")
            seconds += float(header.split(' time="', 1)[1].split('"', 1)[0])
            out.write("\n".join(lines) + "\n")
            total.add(counts)
            first += size
    with path.open("w", encoding="utf-8") as out, body.open(encoding="utf-8") as cases_xml:
        out.write('<?xml version="1.0" encoding="utf-8"?>\n<testsuites name="pytest tests">\n')
        out.write(
            f'  <testsuite name="pytest" errors="{total.errors}" failures="{total.failures}" '
            f'skipped="{total.skipped}" tests="{total.tests}" time="{seconds:.3f}" '
            'timestamp="2026-11-25T10:00:00.000000+00:00" hostname="ci-runner-1">\n'
        )
        shutil.copyfileobj(cases_xml, out)
        out.write("  </testsuite>\n</testsuites>\n")
    body.unlink()
    return total


# ---------------------------------------------------------------------------------------------
# Datasets.


@dataclass(frozen=True)
class Dataset:
    name: str
    cases: int
    files: int = 1
    all_failing: bool = False
    seed: int = 1
    pytest: bool = False  # pytest's own layout (`write_pytest_report`)

    @property
    def filename(self) -> str:
        return self.name if self.files > 1 else f"{self.name}.xml"


DATASETS: dict[str, Dataset] = {
    d.name: d
    for d in (
        Dataset("1k", 1_000, seed=11),
        Dataset("10k", 10_000, seed=12),
        Dataset("100k", 100_000, seed=13),
        Dataset("1m", 1_000_000, seed=14),
        Dataset("files-100k", 100_000, files=1_000, seed=15),
        Dataset("failures-100k", 100_000, all_failing=True, seed=16),
        Dataset("pytest-100k", 100_000, seed=17, pytest=True),
        Dataset("pytest-1m", 1_000_000, seed=18, pytest=True),
    )
}


def _build(dataset: Dataset, target: Path) -> Counts:
    if dataset.pytest:
        return write_pytest_report(target, dataset.cases, dataset.seed)
    if dataset.all_failing:
        return write_report(target, dataset.cases, dataset.seed, failing=dataset.cases, skipped=0)
    if dataset.files == 1:
        return write_report(target, dataset.cases, dataset.seed)
    target.mkdir()
    counts = Counts()
    per_file = dataset.cases // dataset.files
    for number in range(dataset.files):
        # Surefire writes one <testsuite> file per class; pytest one <testsuites> file per run.
        root = "testsuite" if number % 2 == 0 else "testsuites"
        languages = ("java",) if root == "testsuite" else ("python",)
        name = f"TEST-{number:04d}.xml"
        counts.add(
            write_report(
                target / name,
                per_file,
                dataset.seed * 100_000 + number,
                root=root,
                languages=languages,
                key_prefix=f"f{number}x",
            )
        )
    return counts


def manifest_path(dataset: Dataset, data_dir: Path) -> Path:
    return data_dir / f"{dataset.name}.json"


def load_manifest(dataset: Dataset, data_dir: Path) -> dict[str, object] | None:
    path = manifest_path(dataset, data_dir)
    if not path.exists():
        return None
    manifest: dict[str, object] = json.loads(path.read_text())
    if manifest.get("generator_version") != GENERATOR_VERSION:
        return None
    return manifest


def ensure_dataset(name: str, data_dir: Path = DEFAULT_DATA_DIR) -> tuple[Path, dict[str, object]]:
    """The dataset's path and manifest, generating it first unless a current copy exists."""
    dataset = DATASETS[name]
    data_dir.mkdir(parents=True, exist_ok=True)
    final = data_dir / dataset.filename
    manifest = load_manifest(dataset, data_dir)
    if manifest is not None and final.exists():
        return final, manifest
    building = data_dir / f".building-{dataset.filename}"
    for stale in (building, final):
        if stale.is_dir():
            shutil.rmtree(stale)
        elif stale.exists():
            stale.unlink()
    counts = _build(dataset, building)
    building.rename(final)
    manifest = {
        "generator_version": GENERATOR_VERSION,
        "name": dataset.name,
        "seed": dataset.seed,
        "files": dataset.files,
        "root_causes": len(counts.causes),
        **counts.as_dict(),
    }
    manifest_path(dataset, data_dir).write_text(json.dumps(manifest, indent=1))
    return final, manifest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", default=["1k", "10k", "100k"], choices=list(DATASETS))
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA_DIR, help="cache directory")
    args = parser.parse_args()
    for name in args.names:
        path, manifest = ensure_dataset(name, args.data)
        keys = ("tests", "failures", "errors", "skipped", "root_causes")
        summary = {k: manifest[k] for k in keys}
        print(f"{path}: {summary}")


if __name__ == "__main__":
    main()
