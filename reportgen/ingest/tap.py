"""TAP, versions 13 and 14 (and the plain TAP before them): read line by line.

Every top-level test line is one test. TAP 14 subtests (indented four spaces, their parent's
line after them) count as their producer counts them: node's reporter (which writes
`# Subtest:` before every test) counts each subtest and its parent, prove counts the parent
only; a subtest that fails is always counted, whoever wrote it. `ok` passes, `not ok` fails;
`# SKIP` skips; `# TODO` is a test expected to fail: a failing one is skipped (finer outcome
"todo", not a failure), a passing one passes ("xpass"). `not ok # SKIP` stays a failure.
YAML diagnostics after a test give its message and node's `duration_ms`; a block without its
closing `...` ends at the first line indented less than its `---`, which is read as TAP.
A stream that breaks its plan (fewer or more tests than `1..N`, or no plan), or stops on
`Bail out!`, fails as TAP harnesses fail it: one error ("suite error") naming what happened,
beside the tests it ran; so does a second plan in one document (the first one stands).
`1..0 # SKIP why` is a file with nothing to run. Several documents
back to back (a second `TAP version` line) are read one after the other."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import IO

from reportgen.ingest.collect import problem
from reportgen.ingest.peerbase import PeerCollector
from reportgen.model import CaseDetail, Outcome, TestCase
from reportgen.text import plural

_VERSION = re.compile(r"^TAP version (\d+)\s*$", re.IGNORECASE)
_PLAN = re.compile(r"^1\.\.(\d+)\s*(?:#\s*(.*))?$")
_TEST = re.compile(
    r"^(not )?ok\b(?:\s+(\d+))?(?:\s*-)?\s*(.*?)(?:\s*#\s*(skip\w*|todo)\b:?(?:\s*(.*))?)?\s*$",
    re.IGNORECASE,
)
_BAIL = re.compile(r"^Bail out!\s*(.*)$")
_SUBTEST = re.compile(r"^#\s*Subtest:\s*(.*)$")
_NODE_TOTAL = re.compile(r"^#\s*(tests|pass|fail|cancelled|skipped|todo)\s+(\d+)\s*$")
_HEAD = re.compile(rb"^(TAP version 1[34]\s*$|1\.\.\d+|(not )?ok\b|# Subtest:)", re.IGNORECASE)
_MAX_LINE = 1024 * 1024
_YAML_LINES = 200


def looks_like(head: bytes) -> bool:
    first = next((line for line in head.splitlines() if line.strip()), b"")
    return _HEAD.match(first.strip()) is not None


@dataclass(slots=True)
class _Level:
    """One stream or subtest: its plan and what it ran."""

    names: tuple[str, ...]
    line: int
    plan: int | None = None
    plan_line: int = 0
    ran: int = 0
    skip_all: str | None = None
    cases: list[TestCase] = field(default_factory=list)  # a subtest's, until its parent's line


@dataclass(slots=True)
class _Pending:
    """A test line whose YAML block may follow."""

    case: TestCase
    indent: int
    level: _Level
    yaml: list[str] = field(default_factory=list)
    in_yaml: bool = False


class _Reader:
    def __init__(self, out: PeerCollector) -> None:
        self.out = out
        self.documents = 0
        self.levels: list[_Level] = []
        self.pending: _Pending | None = None
        self.subtest_name: str | None = None
        self.totals: dict[str, int] = {}
        self.bailed = False
        self.node_style = False  # node's reporter writes "# Subtest:" before every test
        self.after_subtest: int | None = None  # depth of a "# Subtest:" comment just read
        self.in_parents = 0  # passing subtest results counted in their parent only
        self.start(1)

    def start(self, number: int) -> None:
        self.documents += 1
        names = (f"document {self.documents}",) if self.documents > 1 else ()
        self.levels = [_Level(names, number)]

    def line(self, number: int, text: str) -> None:
        stripped = text.lstrip(" ")
        indent = len(text) - len(stripped)
        if self.pending is not None and self.yaml(text, indent):
            return
        depth = indent // 4
        stripped = stripped.rstrip()
        if not stripped:
            return
        if depth == 0 and _VERSION.match(stripped):
            if self.levels[0].ran or self.levels[0].plan is not None:
                self.close_document(number - 1)
                self.start(number)
            return
        if depth == 0 and (total := _NODE_TOTAL.match(stripped)):
            self.totals[total.group(1)] = int(total.group(2))
            return
        subtest_depth, self.after_subtest = self.after_subtest, None
        if (bail := _BAIL.match(stripped)) is not None:
            self.flush()
            while len(self.levels) > 1:
                self.leave(number, keep=True)
            self.bailed = True
            reason = bail.group(1).strip()
            self.suite_error(number, f"Bail out! {reason}".strip(), "the stream stopped here")
            return
        if (subtest := _SUBTEST.match(stripped)) is not None:
            self.subtest_name = subtest.group(1).strip()
            self.enter(depth + 1, number)
            self.after_subtest = depth
            return
        if subtest_depth == depth and _TEST.match(stripped):
            self.node_style = True
        if depth + 1 > len(self.levels):
            self.enter(depth, number)  # TAP 14 subtests without a "# Subtest" comment
        while len(self.levels) > depth + 1:
            self.leave(number)
        if (plan := _PLAN.match(stripped)) is not None:
            level = self.levels[-1]
            if level.plan is not None:
                self.second_plan(level, number, stripped)
                return
            level.plan, level.plan_line = int(plan.group(1)), number
            reason = plan.group(2) or ""
            if level.plan == 0 and reason.lower().startswith("skip"):
                level.skip_all = reason[4:].strip() or "skipped"
            return
        if (test := _TEST.match(stripped)) is not None:
            self.test(number, indent, test)

    def second_plan(self, level: _Level, number: int, text: str) -> None:
        what = (
            f"a second plan ({text[:40]}) at line {number}, after the one at line {level.plan_line}"
        )
        if level is self.levels[0]:
            self.suite_error(number, what, "TAP allows one plan per stream: a harness fails it")
        else:
            names = " / ".join(level.names)
            self.out.notice(number, f"subtest '{names}' gives {what}: the first one stands")

    def enter(self, depth: int, number: int) -> None:
        while len(self.levels) < depth + 1:
            name = self.subtest_name or f"subtest at line {number}"
            self.levels.append(_Level((*self.levels[-1].names, name), number))
            self.subtest_name = None

    def leave(self, number: int, keep: bool = False) -> None:
        self.flush()
        level = self.levels.pop()
        failing = any(c.outcome in (Outcome.FAILED, Outcome.ERROR) for c in level.cases)
        if keep or self.node_style or failing:
            self.place(level.cases, self.levels[-1])
        else:  # as prove counts: in the parent test, which passes only when they all do
            self.in_parents += len(level.cases)
        if level.plan is not None and level.plan != level.ran and level.skip_all is None:
            self.out.notice(
                level.line,
                f"subtest '{' / '.join(level.names)}' planned {level.plan} tests and ran "
                f"{level.ran}",
            )

    def test(self, number: int, indent: int, found: re.Match[str]) -> None:
        self.flush()
        failed, position, description, directive, reason = found.groups()
        directive = (directive or "").lower()
        level = self.levels[-1]
        level.ran += 1
        kind = None
        if directive.startswith("todo"):
            outcome = Outcome.SKIPPED if failed else Outcome.PASSED
            kind = "todo" if failed else "xpass"
        elif directive.startswith("skip") and not failed:
            outcome = Outcome.SKIPPED
        else:
            outcome = Outcome.FAILED if failed else Outcome.PASSED
        name = description.strip() or f"test {position or level.ran}"
        if name.startswith("- "):
            name = name[2:]
        owner = " / ".join(level.names)
        case = TestCase(
            name=name,
            classname=owner,
            suite=level.names,
            outcome=outcome,
            duration=0.0,
            input=self.out.index,
            source_line=number,
            kind=kind,
        )
        if outcome is Outcome.SKIPPED:
            case.detail = CaseDetail(skip_message=(reason or directive or None))
        self.pending = _Pending(case, indent, level)

    def yaml(self, text: str, indent: int) -> bool:
        """Whether `text` belongs to the YAML block of the pending test."""
        pending = self.pending
        assert pending is not None
        body = text.strip()
        if not pending.in_yaml:
            if body == "---" and indent == pending.indent + 2:
                pending.in_yaml = True
                return True
            return False
        if body == "..." and indent == pending.indent + 2:
            self.flush()
            return True
        if body and indent < pending.indent + 2:
            self.flush()  # the block ends without its "...": this line is TAP again
            return False
        if len(pending.yaml) < _YAML_LINES:
            pending.yaml.append(
                text[pending.indent + 2 :] if indent >= pending.indent + 2 else text
            )
        return True

    def flush(self) -> None:
        pending, self.pending = self.pending, None
        if pending is None:
            return
        case = pending.case
        yaml = pending.yaml
        for line in yaml:
            if line.startswith("duration_ms:"):
                try:
                    millis = float(line.split(":", 1)[1])
                except ValueError:
                    continue
                if 0 <= millis < 1e12:
                    case.duration = millis / 1000
        if case.outcome is Outcome.FAILED:
            message = next(
                (
                    line.split(":", 1)[1].strip().strip("'\"")
                    for line in yaml
                    if line.startswith(("message:", "error:")) and line.split(":", 1)[1].strip()
                ),
                None,
            )
            case.detail = CaseDetail(problem=problem("failure", message, "\n".join(yaml) or None))
        self.place([case], pending.level)

    def place(self, cases: list[TestCase], level: _Level) -> None:
        """Count `cases` now (top level) or keep them with their subtest until it ends."""
        if level is self.levels[0]:
            for case in cases:
                self.out.add(case)
        else:
            level.cases.extend(cases)

    def suite_error(self, number: int, what: str, details: str | None) -> None:
        names = self.levels[0].names
        case = TestCase(
            name=what[:200],
            classname=" / ".join(names),
            suite=names,
            outcome=Outcome.ERROR,
            duration=0.0,
            input=self.out.index,
            source_line=number,
            kind="suite error",
        )
        case.detail = CaseDetail(problem=problem("error", what, details))
        self.out.add(case)

    def close_document(self, last: int) -> None:
        self.flush()
        while len(self.levels) > 1:
            self.leave(last)
        top = self.levels[0]
        if self.bailed or top.skip_all is not None:
            return
        if top.plan is None:
            if top.ran:
                self.suite_error(last, f"no plan: ran {top.ran} tests", "TAP needs a plan (1..N)")
            return
        if top.plan != top.ran:
            self.suite_error(
                top.plan_line or last,
                f"planned {top.plan} tests, ran {top.ran}",
                "a harness fails a stream whose count differs from its plan",
            )

    def close(self, last: int) -> None:
        self.close_document(last)
        if self.in_parents:
            self.out.notice(
                None,
                f"{plural(self.in_parents, 'passing subtest result')} counted in their parent "
                "tests, as prove counts them (a parent passes only when all of its subtests do)",
            )
        if self.levels[0].skip_all is not None and not self.levels[0].ran:
            self.out.notice(None, f"nothing to run: 1..0 # SKIP {self.levels[0].skip_all}")
        said = self.totals.get("tests")
        if said is not None:
            counted = sum(1 for _ in self.out.cases) if self.out.keep_passing else None
            tests = (
                counted - sum(1 for c in self.out.cases if c.kind == "suite error")
                if counted is not None
                else None
            )
            if tests is not None and tests != said:
                self.out.notice(None, f"the stream's own total says {said} tests; it lists {tests}")


def read(stream: IO[bytes], out: PeerCollector) -> None:
    out.producer = "tap"
    reader = _Reader(out)
    number = 0
    while raw := stream.readline(_MAX_LINE):
        number += 1
        if not raw.endswith(b"\n"):
            while (rest := stream.readline(_MAX_LINE)) and not rest.endswith(b"\n"):
                pass  # a line too long to hold: its head is read, the rest skipped
        text = raw.decode("utf-8", "replace").rstrip("\r\n").replace("\t", "    ")
        if number == 1:
            text = text.removeprefix("\ufeff")
        if reader.bailed:
            continue
        reader.line(number, text)
    reader.close(number)
