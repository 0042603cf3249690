"""`go test -json` (test2json) streams: one JSON event a line, read line by line.

Counted as go test and gotestsum count: every `pass`, `fail` or `skip` event of a test is one
test, subtests (`TestTable/case`) included, and each run of `-count=N` is one more. A package
that fails to build (`FAIL pkg [build failed]` printed beside the events, or an event with
`FailedBuild`) is one error named after the package, with the compiler's lines where the
stream has them; so is a package that fails with no failing test (TestMain, init, a timeout
with no test running). A test still running when its package fails (a panic, a timeout) is a
failure; one still running where the stream ends is an error. A stream that ends before a
package's last event (go test stopped, a file cut mid-write, a line cut mid-JSON) is partial.
Lines that are neither events nor go's own build lines, and events of an action go does not
write, are counted in a notice, never read as results; `go test` output without `-json`
is refused. Each test keeps its first _OUTPUT_CHARS characters of output, the cut marked.
The file's test time is the sum of its tests' `Elapsed`, as the worklog counts it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import IO, Any

from reportgen.ingest.collect import problem
from reportgen.ingest.peerbase import PeerCollector, Unreadable
from reportgen.ingest.records import TEXT_LIMIT
from reportgen.jsonload import load_json
from reportgen.model import CaseDetail, Outcome, TestCase
from reportgen.text import plural

_EVENT = re.compile(
    rb'^\s*\{.*"Action"\s*:\s*"(start|run|pause|cont|pass|fail|skip|output|bench|build-output|build-fail)"'
)
_BUILD_FAILED = re.compile(r"^FAIL\s+(\S+)\s+\[(build|setup) failed\]\s*$")
# go test's summary lines without -json: `ok  \tpkg\t0.01s`, `FAIL\tpkg\t0.01s`, `--- FAIL: T`
_PLAIN = re.compile(rb"^(?:ok  \t|FAIL\t|\?   \t)\S+\t|^--- (?:FAIL|PASS|SKIP): \S|^=== RUN\s+\S")
_ACTIONS = frozenset(
    {"start", "run", "pause", "cont", "pass", "fail", "skip", "output", "bench"}
    | {"build-output", "build-fail"}
)
_MAX_LINE = 16 * 1024 * 1024  # longer lines are cut, not held
_OUTPUT_LINES = 200  # kept per test, for its failure text
_OUTPUT_CHARS = 2 * TEXT_LIMIT  # kept per test: more than its failure text can show
_BUILD_LINES = 50


def looks_like(head: bytes) -> bool:
    """The first JSON line of the head is a test2json event (go's own build lines may come
    first when stderr was captured too)."""
    lines = head.splitlines()[:50]
    for line in lines:
        if line.lstrip().startswith(b"{"):
            return _EVENT.match(line) is not None
    # plain `go test` output is taken here, to be refused with the way to get events
    return any(_PLAIN.match(line) for line in lines)


@dataclass(slots=True)
class _Output:
    """Lines of output kept up to _OUTPUT_LINES lines and _OUTPUT_CHARS characters."""

    lines: list[str] = field(default_factory=list)
    size: int = 0
    dropped: int = 0  # characters not kept

    def add(self, text: str) -> None:
        room = _OUTPUT_CHARS - self.size if len(self.lines) < _OUTPUT_LINES else 0
        if room <= 0:
            self.dropped += len(text)
            return
        kept = text[:room]
        self.lines.append(kept)
        self.size += len(kept)
        self.dropped += len(text) - len(kept)

    def text(self) -> list[str]:
        if not self.dropped:
            return self.lines
        return [*self.lines, f"[... {self.dropped:,} more characters of output not kept]"]


@dataclass(slots=True)
class _Running:
    line: int
    ran: bool = True  # False: known only from output events, with no `run`
    output: _Output = field(default_factory=_Output)


@dataclass(slots=True)
class _Package:
    line: int
    failed_tests: int = 0
    build_failed: bool = False
    output: _Output = field(default_factory=_Output)


class _Reader:
    def __init__(self, out: PeerCollector) -> None:
        self.out = out
        self.running: dict[tuple[str, str], _Running] = {}
        self.packages: dict[str, _Package] = {}
        self.ended: set[str] = set()
        self.finished: dict[tuple[str, str], int] = {}
        self.build_output: dict[str, list[str]] = {}  # ImportPath -> compiler lines
        self.stray: list[str] = []  # go's build lines printed between the events
        self.not_events: tuple[int, int] = (0, 0)  # (count, first line)
        self.unknown: dict[str, tuple[int, int]] = {}  # action -> (count, first line)
        self.last_bad = 0  # the last line that looked like an event but was not one
        self.events = 0
        self.plain_lines = 0  # go test's own summary lines (`ok  \tpkg\t0.01s`)
        self.first: datetime | None = None
        self.last: datetime | None = None

    def line(self, number: int, raw: bytes) -> None:
        text = raw.decode("utf-8", "replace").strip()
        if not text:
            return
        if not text.startswith("{"):
            self.plain(number, text)
            return
        try:
            event = load_json(text)
        except ValueError:
            event = None
        if not isinstance(event, dict) or not isinstance(event.get("Action"), str):
            self.not_event(number)
            self.last_bad = number
            return
        self.events += 1
        self.event(number, event)

    def not_event(self, number: int) -> None:
        count, first = self.not_events
        self.not_events = (count + 1, first or number)

    def plain(self, number: int, text: str) -> None:
        failed = _BUILD_FAILED.match(text)
        if failed:
            self.build_failure(failed.group(1), number, self.stray, f"{failed.group(2)} failed")
            self.stray = []
        elif text.startswith("#") or re.match(r"^\S+\.go:\d+", text):
            self.stray = [*self.stray[-_BUILD_LINES:], text]
        elif not text.startswith(("ok ", "ok\t", "FAIL", "PASS", "?")):
            self.not_event(number)
        if _PLAIN.match(text.encode()):
            self.plain_lines += 1

    def event(self, number: int, event: dict[str, Any]) -> None:
        self.time(event.get("Time"))
        action = event["Action"]
        if action not in _ACTIONS:
            count, first = self.unknown.get(action, (0, number))
            self.unknown[action] = (count + 1, first)
            return
        package = _text(event.get("Package")) or ""
        test = _text(event.get("Test"))
        if action in ("build-output", "build-fail"):
            path = _text(event.get("ImportPath")) or package
            lines = self.build_output.setdefault(path, [])
            if action == "build-output" and len(lines) < _BUILD_LINES:
                lines.append((_text(event.get("Output")) or "").rstrip("\n"))
            return
        pkg = self.packages.get(package)
        if pkg is None:
            pkg = self.packages[package] = _Package(number)
        if test is None:
            self.package_event(number, package, pkg, action, event)
            return
        key = (package, test)
        if action == "run":
            self.running[key] = _Running(number)
            self.ended.discard(package)  # a package run again (go test run twice in one file)
        elif action == "output":
            running = self.running.setdefault(key, _Running(number, ran=False))
            running.output.add((_text(event.get("Output")) or "").rstrip("\n"))
        elif action in ("pass", "fail", "skip"):
            running = self.running.pop(key) if key in self.running else _Running(number)
            outcome = {"pass": Outcome.PASSED, "fail": Outcome.FAILED}.get(action, Outcome.SKIPPED)
            if outcome is Outcome.FAILED:
                pkg.failed_tests += 1
            self.finished[key] = self.finished.get(key, 0) + 1
            self.test(package, test, outcome, running, _seconds(event.get("Elapsed")))

    def package_event(
        self, number: int, package: str, pkg: _Package, action: str, event: dict[str, Any]
    ) -> None:
        if action == "output":
            pkg.output.add((_text(event.get("Output")) or "").rstrip("\n"))
            return
        if action == "start":
            self.ended.discard(package)
            return
        if action not in ("pass", "fail", "skip"):
            return
        self.ended.add(package)
        for key in [key for key in self.running if key[0] == package]:
            running = self.running.pop(key)
            if not running.ran:
                continue  # output printed after the test ended: nothing ran
            # a panic or a timeout ended the package while this ran
            running.output.lines.append("(the package failed while this test ran)")
            pkg.failed_tests += 1
            self.test(package, key[1], Outcome.FAILED, running, 0.0)
        if action != "fail" or pkg.failed_tests or pkg.build_failed:
            return
        built = _text(event.get("FailedBuild"))
        if built is not None:
            self.build_failure(package, number, self.build_output.pop(built, []), "build failed")
            return
        self.error(package, pkg.line, "package failed outside its tests", pkg.output.text())

    def build_failure(self, package: str, number: int, lines: list[str], what: str) -> None:
        pkg = self.packages.setdefault(package, _Package(number))
        if pkg.build_failed:
            return
        pkg.build_failed = True
        self.ended.add(package)
        self.error(package, number, what, lines)

    def error(self, package: str, number: int, what: str, lines: list[str]) -> None:
        case = TestCase(
            name=f"{package} ({what})",
            classname=package,
            suite=(package,),
            outcome=Outcome.ERROR,
            duration=0.0,
            input=self.out.index,
            source_line=number,
            kind="suite error",
        )
        details = "\n".join(lines) or None
        case.detail = CaseDetail(problem=problem("error", what, details))
        self.out.add(case)

    def test(
        self, package: str, name: str, outcome: Outcome, running: _Running, seconds: float
    ) -> None:
        case = TestCase(
            name=name,
            classname=package,
            suite=(package,),
            outcome=outcome,
            duration=seconds,
            input=self.out.index,
            source_line=running.line,
        )
        said = [line for line in running.output.text() if not _is_marker(line)]
        if outcome in (Outcome.FAILED, Outcome.ERROR):
            message = next((line.strip() for line in said if line.strip()), None)
            kind = "panic" if any("panic:" in line for line in said) else "failure"
            case.detail = CaseDetail(problem=problem(kind, message, "\n".join(said) or None))
        elif outcome is Outcome.SKIPPED and said:
            case.detail = CaseDetail(skip_message="\n".join(s.strip() for s in said)[:2000])
        self.out.add(case)

    def time(self, value: object) -> None:
        if not isinstance(value, str):
            return
        try:
            moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return
        if moment.tzinfo is None:
            return
        self.first = moment if self.first is None or moment < self.first else self.first
        self.last = moment if self.last is None or moment > self.last else self.last

    def close(self, last_line: int, cut_line: bool) -> Unreadable | None:
        """Count what is left where the stream ends; the `Unreadable` of a stream that ends
        before its packages do (`cut_line`: its last line stops mid-JSON)."""
        if not self.events and self.plain_lines:
            self.out.refused = True
            return Unreadable(
                "go test output without -json: its lines do not say each test's outcome",
                "run `go test -json ./...` and give its output (gotestsum --jsonfile too)",
                1,
            )
        for key in [key for key, running in self.running.items() if not running.ran]:
            del self.running[key]  # output after its test's end: nothing ran
        open_packages = [p for p in self.packages if p not in self.ended]
        cut = None
        if self.running or open_packages or (cut_line and self.last_bad == last_line):
            for (package, name), running in self.running.items():
                case = TestCase(
                    name=name,
                    classname=package,
                    suite=(package,),
                    outcome=Outcome.ERROR,
                    duration=0.0,
                    input=self.out.index,
                    source_line=running.line,
                )
                text = "the stream ends while this test runs"
                details = "\n".join(running.output.text())
                case.detail = CaseDetail(problem=problem("error", text, details))
                self.out.add(case)
            what = [plural(len(open_packages), "package")] if open_packages else []
            what += [plural(len(self.running), "test")] if self.running else []
            where = f"ends at line {last_line}"
            if cut_line and self.last_bad == last_line:
                where = f"is cut off mid-event at line {last_line}"
            cut = Unreadable(
                f"the stream {where}" + (f" before {' and '.join(what)} finished" if what else ""),
                "go test was probably stopped or its output cut: rerun it; the unfinished "
                "tests count as errors",
                last_line,
            )
        count, first = self.not_events
        if count:
            self.out.notice(
                first,
                f"{count} lines that are not go test -json events (first at line {first}) "
                "were not read",
            )
        for action, (count, first) in self.unknown.items():
            self.out.notice(
                first,
                f"{plural(count, 'event')} with the action '{action[:40]}', which go test does "
                f"not write (first at line {first}), not read",
            )
        again = sum(1 for runs in self.finished.values() if runs > 1)
        if again:
            self.out.notice(
                None,
                f"{again} tests ran more than once (go test -count, or a rerun): each run is "
                "counted, as go test counts it",
            )
        # the test time stays the sum of the tests' Elapsed: packages run in parallel, and
        # the events' times say nothing of how long the tests took
        self.out.started, self.out.finished = self.first, self.last
        return cut


def read(stream: IO[bytes], out: PeerCollector) -> None:
    out.producer = "go test"
    reader = _Reader(out)
    number = 0
    whole = True  # the last line ends with its newline
    while True:
        raw = stream.readline(_MAX_LINE)
        if not raw:
            break
        number += 1
        whole = raw.endswith(b"\n")
        if not whole:
            while (rest := stream.readline(_MAX_LINE)) and not rest.endswith(b"\n"):
                pass  # a line too long to hold: its head is read, the rest skipped
            whole = whole or bool(rest)
        reader.line(number, raw)
    cut = reader.close(number, cut_line=not whole)
    if cut is not None:
        raise cut


def _is_marker(line: str) -> bool:
    """go's own '=== RUN' / '--- FAIL:' lines, which say nothing the event does not."""
    stripped = line.strip()
    return stripped.startswith(("=== ", "--- ")) or stripped in ("PASS", "FAIL")


def _seconds(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return 0.0
    return float(value) if 0 <= value < 1e9 else 0.0


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value else None
