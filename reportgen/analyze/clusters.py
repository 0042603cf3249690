"""Failures and errors grouped by root-cause signature.

A signature names the cause (signatures.compose): spellings of one cause with the same masked
message are one group, whose `spellings` list the types the reports wrote. A message that
names nothing (no message, or only masked values) is made specific by the innermost project
frame. `[[groups]]` rules of the configuration come first: the failures a rule matches are
one group named by the rule, whatever their signatures.

Groups are ranked by size, ties broken by signature (plain string order) and then by known
issue id (unexplained first), so the same run always gives the same list. Occurrences are
ordered by input file, then by the line the test stood on; the line is left out when the
test stands on its suite's line (a report written on one line). Normalization is cached per distinct
(type, message) pair, frame parsing per distinct traceback, so many failures with few
distinct messages and stacks group quickly.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from reportgen.analyze.categories import glob
from reportgen.analyze.frames import Frame, FrameReader, package_prefix, shown_path
from reportgen.analyze.signatures import composed, split_type, with_frame
from reportgen.config import GroupRule, KnownIssue
from reportgen.model import Outcome, Run, TestCase
from reportgen.patterns import compile_search
from reportgen.report import FailureGroup, Occurrence
from reportgen.text import truncate

MAX_TESTS = 20
MAX_MESSAGE = 300
MAX_DETAILS = 3000
MAX_FRAMES = 5  # enough to say where; the details block has the rest
MAX_LOCATIONS = 3


@dataclass(slots=True)
class FailureInfo:
    """One failed or erroring test, with what grouping and matching need."""

    case: TestCase
    category: str
    type: str | None  # short type, given or guessed
    message: str  # without a repeated type prefix
    details: str | None
    signature: str
    location: str | None = None  # innermost project frame, `path:line`
    line_shared: bool = False  # the test stands on its suite's line: a report on one line
    rule: str | None = None  # the `[[groups]]` rule that picked it

    @property
    def raw(self) -> str:
        """The type and message as the report wrote them, `Type: message` (made when asked:
        only known issues with a `message` rule read it)."""
        problem = self.case.detail.problem if self.case.detail is not None else None
        if problem is None:
            return ""
        if problem.type:
            return f"{problem.type}: {problem.message or ''}"
        return problem.message or ""

    @property
    def order(self) -> tuple[int, int]:
        return (self.case.input, self.case.source_line)


class _Rule:
    """A `[[groups]]` rule, matched as a known issue is (known_issues.py)."""

    def __init__(self, rule: GroupRule) -> None:
        m = rule.match
        self.name = rule.name
        self.signature = glob(m.signature) if m.signature else None
        self.message = compile_search(m.message) if m.message is not None else None
        self.test = glob(m.test) if m.test else None

    def matches(self, info: FailureInfo) -> bool:
        if self.signature is not None and not self.signature(info.signature):
            return False
        if self.test is not None and not self.test(info.case.identity):
            return False
        return self.message is None or bool(self.message(f"{info.raw}\n{info.details or ''}"))


class _Locator:
    """(`path:line`, `func (path)`) of the innermost project frame of each traceback."""

    def __init__(self) -> None:
        self.reader = FrameReader()
        self._packages: dict[str, str | None] = {}
        self._shown: dict[Frame, tuple[str, str]] = {}

    def where(self, details: str | None, classname: str) -> tuple[str, str] | None:
        if not details:
            return None
        packages = self._packages.get(classname)
        if packages is None and classname not in self._packages:
            packages = self._packages[classname] = package_prefix(classname)
        frame = self.reader.innermost(details, packages)
        if frame is None:
            return None
        shown = self._shown.get(frame)
        if shown is None:
            path = shown_path(frame.file)
            where = f"{frame.func} ({path})" if frame.func else path
            shown = self._shown[frame] = (f"{path}:{frame.line}", where)
        return shown


def describe_failures(
    run: Run, categories: Sequence[str] | None = None, groups: Sequence[GroupRule] = ()
) -> list[FailureInfo]:
    """Every failure and error of the run (input order), with its signature (a `groups`
    rule's name for the failures it matches)."""
    splits: dict[tuple[str | None, str | None, str | None], tuple[str | None, str]] = {}
    signatures: dict[tuple[str | None, str], tuple[str, bool]] = {}
    locator = _Locator()
    rules = [_Rule(g) for g in groups]
    infos: list[FailureInfo] = []
    # a test on its suite's line is in a report written on one line, where the line tells no
    # test from another (judged by suites, which a run keeps whether or not passes are folded)
    suite_lines = {(s.input, s.path): s.source_line for s in run.suites}
    for index, case in enumerate(run.cases):
        if case.outcome not in (Outcome.FAILED, Outcome.ERROR):
            continue
        problem = case.detail.problem if case.detail is not None else None
        type_name = problem.type if problem is not None else None
        message = problem.message if problem is not None else None
        details = problem.details if problem is not None else None
        # the details only matter when the type or the message must be read from them
        needs_details = not (type_name or "").strip() or not (message or "").strip()
        key = (type_name, message, details if needs_details else None)
        split = splits.get(key)
        if split is None:
            split = splits[key] = split_type(type_name, message, details)
        signed = signatures.get(split)
        if signed is None:
            signed = signatures[split] = composed(*split)
        sig, vague = signed
        where = locator.where(details, case.classname)
        if where is not None and vague:
            sig = with_frame(sig, where[1])
        info = FailureInfo(
            case=case,
            category=categories[index] if categories is not None else "",
            type=split[0],
            message=split[1],
            details=details or None,
            signature=sig,
            location=where[0] if where is not None else None,
            line_shared=suite_lines.get((case.input, case.suite)) == case.source_line,
        )
        if rules:
            rule = next((r for r in rules if r.matches(info)), None)
            if rule is not None:
                info.signature = info.rule = rule.name
        infos.append(info)
    return infos


def bound_text(text: str, limit: int) -> str:
    """Text cut to about `limit` characters: its head and tail, the middle left out."""
    if len(text) <= limit:
        return text
    lines = text.splitlines()
    head: list[str] = []
    tail: list[str] = []
    budget = limit * 2 // 3
    for line in lines:
        if len(line) + 1 > budget:
            break
        head.append(line)
        budget -= len(line) + 1
    budget = limit // 3
    for line in reversed(lines[len(head) :]):
        if len(line) + 1 > budget:
            break
        tail.insert(0, line)
        budget -= len(line) + 1
    if not head and not tail:
        return truncate(text, limit)
    left_out = len(lines) - len(head) - len(tail)
    return "\n".join([*head, f"... ({left_out} lines left out) ...", *tail])


def _shared_frames(members: Sequence[FailureInfo], reader: FrameReader) -> list[str]:
    shared: list[str] | None = None
    for info in members:
        if not info.details:
            continue
        frames = reader.application_frames(info.details)
        if not frames:
            continue  # not a traceback
        if shared is None:
            shared = frames
        else:
            present = set(frames)
            shared = [f for f in shared if f in present]
        if not shared:
            return []
    return (shared or [])[:MAX_FRAMES]


def _occurrence(run: Run, info: FailureInfo) -> Occurrence:
    path = run.inputs[info.case.input].path if info.case.input < len(run.inputs) else ""
    line = None if info.line_shared else info.case.source_line
    return Occurrence(test=info.case.identity, file=path, line=line, location=info.location)


def _ranked(values: Sequence[str | None]) -> list[str]:
    """Distinct values, the most frequent first, ties in order of first appearance."""
    counted = Counter(v for v in values if v)
    return [value for value, _ in counted.most_common()]


def _group(
    run: Run,
    signature: str,
    members: list[FailureInfo],
    total: int,
    issue: KnownIssue | None,
    reader: FrameReader,
) -> FailureGroup:
    members.sort(key=lambda m: m.order)
    first = members[0]
    categories = Counter(m.category for m in members if m.category)
    files = [
        run.inputs[i].path
        for i in dict.fromkeys(m.case.input for m in members)
        if i < len(run.inputs)
    ]
    tests = list(dict.fromkeys(m.case.identity for m in members))
    details = next((m.details for m in members if m.details), None)
    return FailureGroup(
        signature=signature,
        type=first.type,
        message=bound_text(first.message.strip() or signature, MAX_MESSAGE),
        count=len(members),
        share=100.0 * len(members) / total,
        categories=[name for name, _ in categories.most_common()],
        files=files,
        tests=tests[:MAX_TESTS],
        tests_total=len(tests),
        frames=_shared_frames(members, reader),
        locations=_ranked([m.location for m in members])[:MAX_LOCATIONS],
        spellings=_ranked([m.type for m in members]),
        name=first.rule,
        first=_occurrence(run, first),
        last=_occurrence(run, members[-1]),
        details=bound_text(details, MAX_DETAILS) if details else None,
        known_issue=issue.id if issue else None,
        known_issue_title=issue.title if issue else None,
        blocking=bool(issue and issue.blocks),
    )


def group_failures(
    run: Run,
    categories: Sequence[str] | None = None,
    *,
    infos: Sequence[FailureInfo] | None = None,
    matches: Sequence[KnownIssue | None] | None = None,
) -> list[FailureGroup]:
    """Failures grouped by signature and known issue, biggest first.

    A signature whose failures are explained by different known issues (or only some of
    them by one) makes one group per issue, so a group's count is exactly what its known
    issue explains. `categories` names each `run.cases` entry's row; `infos` and `matches`
    (the known issue of each failure, as `known_issues.match_known` gives them) may be
    passed when already computed.
    """
    if infos is None:
        infos = describe_failures(run, categories)
    explained = list(matches) if matches is not None else [None] * len(infos)
    by_key: dict[tuple[str, str], tuple[KnownIssue | None, list[FailureInfo]]] = {}
    for info, issue in zip(infos, explained, strict=True):
        key = (info.signature, issue.id if issue is not None else "")
        by_key.setdefault(key, (issue, []))[1].append(info)
    reader = FrameReader()
    ranked = sorted(by_key.items(), key=lambda item: (-len(item[1][1]), item[0]))
    return [
        _group(run, signature, members, len(infos), issue, reader)
        for (signature, _), (issue, members) in ranked
    ]
