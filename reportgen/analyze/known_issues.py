"""Failures explained by configured known issues.

An issue matches a failure when every field of its `match` does: `signature` is a glob on
the failure's signature, `message` a regular expression (RE2, `reportgen.patterns`: linear
time in the text) searched in the type and message as the report wrote them (`type: message`,
or the message alone without a type attribute) with the details on the next lines, `test` a
glob on the test's identity (`classname::name`).
The first issue in configuration order that matches wins.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence

from reportgen.analyze.categories import glob
from reportgen.analyze.clusters import FailureInfo
from reportgen.config import KnownIssue
from reportgen.patterns import compile_search
from reportgen.report import KnownIssueResult


class _Issue:
    def __init__(self, issue: KnownIssue) -> None:
        self.issue = issue
        m = issue.match
        self.signature: Callable[[str], object] | None = glob(m.signature) if m.signature else None
        self.message = compile_search(m.message) if m.message is not None else None
        self.test: Callable[[str], object] | None = glob(m.test) if m.test else None
        self._seen: dict[tuple[str, object], bool] = {}

    def _cached(self, field: str, value: object, check: Callable[[], object]) -> bool:
        key = (field, value)
        hit = self._seen.get(key)
        if hit is None:
            hit = self._seen[key] = bool(check())
        return hit

    def matches(self, info: FailureInfo) -> bool:
        signature, message, test = self.signature, self.message, self.test
        if signature is not None and not self._cached(
            "s", info.signature, lambda: signature(info.signature)
        ):
            return False
        if test is not None:
            identity = info.case.identity
            if not self._cached("t", identity, lambda: test(identity)):
                return False
        if message is not None:
            text = f"{info.raw}\n{info.details or ''}"
            if not self._cached("m", text, lambda: message(text)):
                return False
        return True


def match_known(
    infos: Sequence[FailureInfo], issues: Sequence[KnownIssue]
) -> list[KnownIssue | None]:
    """The known issue explaining each failure (None when none does)."""
    compiled = [_Issue(i) for i in issues]
    if not compiled:
        return [None] * len(infos)
    result: list[KnownIssue | None] = []
    for info in infos:
        result.append(next((c.issue for c in compiled if c.matches(info)), None))
    return result


def summarize(
    issues: Sequence[KnownIssue], matches: Sequence[KnownIssue | None]
) -> tuple[list[KnownIssueResult], list[str]]:
    """Every configured issue with its match count (config order), and the ids not seen."""
    tally = Counter(issue.id for issue in matches if issue is not None)
    results = [
        KnownIssueResult(
            id=i.id,
            title=i.title,
            priority=i.priority,
            blocks=i.blocks,
            matched=tally.get(i.id, 0),
            action=i.action,
            url=i.url,
        )
        for i in issues
    ]
    return results, [i.id for i in issues if tally.get(i.id, 0) == 0]


def label(issue: KnownIssue) -> str:
    """How a known issue is named in a matrix row's notable issues."""
    return f"{issue.id} {issue.title}"
