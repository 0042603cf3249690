"""`go test -json` (test2json) streams: one JSON event a line, read line by line.

Counted as go test and gotestsum count: every `pass`, `fail` or `skip` event of a test is one
test, subtests (`TestTable/case`) included, and each run of `-count=N` is one more. A package
that fails to build (`FAIL pkg [build failed]` printed beside the events, or an event with
`FailedBuild`) is one error named after the package, with the compiler's lines where the
stream has them; so is a package that fails with no failing test (TestMain, init, a timeout
with no test running). A test still running when its package fails (a panic, a timeout) is a
failure; one still running where the stream ends is an error, and the file is partial.
Lines that are neither events nor go's own build lines are counted in a notice, never read
as results.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import IO, Any

from reportgen.ingest.collect import problem
from reportgen.ingest.peerbase import PeerCollector, Unreadable
from reportgen.jsonload import load_json
from reportgen.model import CaseDetail, Outcome, TestCase

_EVENT = re.compile(
    rb'^\s*\{.*"Action"\s*:\s*"(start|run|pause|cont|pass|fail|skip|output|bench|build-output|build-fail)"'
)
_BUILD_FAILED = re.compile(r"^FAIL\s+(\S+)\s+\[(build|setup) failed\]\s*$")
_MAX_LINE = 16 * 1024 * 1024  # longer lines are cut, not held
_OUTPUT_LINES = 200  # kept per test, for its failure text
_BUILD_LINES = 50


def looks_like(head: bytes) -> bool:
    """The first JSON line of the head is a test2json event (go's own build lines may come
    first when stderr was captured too)."""
    for line in head.splitlines()[:50]:
        if line.lstrip().startswith(b"{"):
            return _EVENT.match(line) is not None
    return False


@dataclass(slots=True)
class _Running:
    line: int
    output: list[str] = field(default_factory=list)


@dataclass(slots=True)
class _Package:
    line: int
    failed_tests: int = 0
    build_failed: bool = False
    output: list[str] = field(default_factory=list)


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
            return
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

    def event(self, number: int, event: dict[str, Any]) -> None:
        self.time(event.get("Time"))
        action = event["Action"]
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
        elif action == "output":
            running = self.running.setdefault(key, _Running(number))
            if len(running.output) < _OUTPUT_LINES:
                running.output.append((_text(event.get("Output")) or "").rstrip("\n"))
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
            if len(pkg.output) < _OUTPUT_LINES:
                pkg.output.append((_text(event.get("Output")) or "").rstrip("\n"))
            return
        if action not in ("pass", "fail", "skip"):
            return
        self.ended.add(package)
        stopped = [key for key in self.running if key[0] == package]
        for key in stopped:  # a panic or a timeout ended the package while these ran
            running = self.running.pop(key)
            running.output.append("(the package failed while this test ran)")
            pkg.failed_tests += 1
            self.test(package, key[1], Outcome.FAILED, running, 0.0)
        if action != "fail" or pkg.failed_tests or pkg.build_failed:
            return
        built = _text(event.get("FailedBuild"))
        if built is not None:
            self.build_failure(package, number, self.build_output.pop(built, []), "build failed")
            return
        self.error(package, pkg.line, "package failed outside its tests", pkg.output)

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
        said = [line for line in running.output if not _is_marker(line)]
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

    def close(self, last_line: int) -> Unreadable | None:
        for stray_package in [key for key in self.running if key[0] in self.ended]:
            del self.running[stray_package]  # output after its end: nothing ran
        cut = None
        if self.running:
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
                case.detail = CaseDetail(problem=problem("error", text, "\n".join(running.output)))
                self.out.add(case)
            cut = Unreadable(
                f"the stream ends at line {last_line} while {len(self.running)} tests run",
                "go test was probably stopped: rerun it; the unfinished tests count as errors",
                last_line,
            )
        count, first = self.not_events
        if count:
            self.out.notice(
                first,
                f"{count} lines that are not go test -json events (first at line {first}) "
                "were not read",
            )
        again = sum(1 for runs in self.finished.values() if runs > 1)
        if again:
            self.out.notice(
                None,
                f"{again} tests ran more than once (go test -count, or a rerun): each run is "
                "counted, as go test counts it",
            )
        self.out.started, self.out.finished = self.first, self.last
        if self.first is not None and self.last is not None:
            self.out.duration = (self.last - self.first).total_seconds()
        return cut


def read(stream: IO[bytes], out: PeerCollector) -> None:
    out.producer = "go test"
    reader = _Reader(out)
    number = 0
    while True:
        raw = stream.readline(_MAX_LINE)
        if not raw:
            break
        number += 1
        if not raw.endswith(b"\n"):
            while (rest := stream.readline(_MAX_LINE)) and not rest.endswith(b"\n"):
                pass  # a line too long to hold: its head is read, the rest skipped
        reader.line(number, raw)
    cut = reader.close(number)
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
