"""Remediation priorities from the failure groups.

One entry per known issue (all its groups together) and one per unexplained group.
Level: a priority set on the known issue in the configuration wins; otherwise P0 for a
blocking known issue or for failures that sink a criterion (its status is MISSED or
BLOCKED and leaving these failures out would meet its target); P1 when the entry holds
20% or more of all failures or touches more than one category; P2 otherwise.
Entries are ordered by level, then share (biggest first), then title. At most
`MAX_ENTRIES` are listed (every P0 always is); the rest are summed up in one P2 line.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from reportgen.analyze.criteria import judge, measure
from reportgen.config import Config, Criterion, KnownIssue
from reportgen.model import Counts
from reportgen.percent import format_percent
from reportgen.report import CriterionResult, FailureGroup, Priority, Status
from reportgen.text import plural, truncate

MAX_ENTRIES = 10
WIDE_SHARE = 20.0
_TITLE = 100

GroupRemoval = Callable[[Sequence[tuple[str, str | None]], Sequence[str]], dict[str, Counts]]
"""Failures per category of the given groups ((signature, known issue id) pairs) and of the
given known issues, together."""

CriterionView = tuple[Mapping[str, Counts], GroupRemoval]


@dataclass
class _Entry:
    title: str
    issue: KnownIssue | None
    groups: list[FailureGroup] = field(default_factory=list)
    sinks: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(g.count for g in self.groups)

    @property
    def share(self) -> float:
        return sum(g.share for g in self.groups)

    @property
    def categories(self) -> list[str]:
        return list(dict.fromkeys(c for g in self.groups for c in g.categories))

    def level(self) -> str:
        if self.issue is not None and "priority" in self.issue.model_fields_set:
            return self.issue.priority
        if (self.issue is not None and self.issue.blocks) or self.sinks:
            return "P0"
        if self.share >= WIDE_SHARE - 1e-9 or len(self.categories) > 1:
            return "P1"
        return "P2"


def _entries(groups: Sequence[FailureGroup], issues: Mapping[str, KnownIssue]) -> list[_Entry]:
    entries: dict[str, _Entry] = {}
    for group in groups:
        issue = issues.get(group.known_issue) if group.known_issue else None
        key = f"issue:{issue.id}" if issue else f"group:{group.signature}"
        if key not in entries:
            title = f"{issue.id} {issue.title}" if issue else group.signature
            entries[key] = _Entry(title=truncate(title, _TITLE), issue=issue)
        entries[key].groups.append(group)
    return list(entries.values())


def _sunk(
    entry: _Entry,
    config: Config,
    criteria: Sequence[tuple[Criterion, CriterionResult, CriterionView]],
) -> list[str]:
    """Names of the failing criteria this entry's failures alone keep from their target."""
    sunk = []
    for criterion, result, (rows, removal) in criteria:
        if result.status not in (Status.MISSED, Status.BLOCKED):
            continue
        scope = set(rows) if criterion.scope == "overall" else set(criterion.scope)
        if not scope & set(entry.categories):
            continue
        excluded = config.health.exclude if criterion.scope == "overall" else []
        removed = removal([(g.signature, g.known_issue) for g in entry.groups], excluded)
        lifted = measure(criterion, rows, config, removed)
        if lifted is None or judge(lifted, criterion)[0].ok:
            sunk.append(criterion.name)
    return sunk


def _impact(entry: _Entry) -> str:
    text = f"{plural(entry.count, 'failure')} ({format_percent(entry.share)} of all)"
    if entry.categories:
        text += f" in {', '.join(entry.categories)}"
    if entry.sinks:
        text += f"; keeps {', '.join(entry.sinks)} from its target"
    if entry.issue is not None and entry.issue.blocks:
        text += "; blocking"
    return text


def _priority(entry: _Entry) -> Priority:
    issue = entry.issue
    if issue is not None:
        action = issue.action or f"Fix {issue.id}" + (f" ({issue.url})" if issue.url else "")
    else:
        action = f"Open an issue for signature `{entry.groups[0].signature}`"
    return Priority(
        level=entry.level(),
        title=entry.title,
        impact=_impact(entry),
        action=action,
        signature=entry.groups[0].signature if issue is None else None,
        known_issue=issue.id if issue else None,
        new_issue=issue is None,
    )


def prioritize(
    groups: Sequence[FailureGroup],
    config: Config,
    criteria: Sequence[CriterionResult],
    views: Sequence[CriterionView],
) -> list[Priority]:
    """P0/P1/P2 entries, most urgent first.

    `criteria` and `views` pair with `config.criteria`: each view is the rows that criterion
    is measured on and the removal of failures from them.
    """
    issues = {k.id: k for k in config.known_issues}
    paired = list(zip(config.criteria, criteria, views, strict=True))
    entries = _entries(groups, issues)
    for entry in entries:
        entry.sinks = _sunk(entry, config, paired)
    ranked = sorted(
        ((e, _priority(e)) for e in entries),
        key=lambda pair: (pair[1].level, -pair[0].share, pair[1].title),
    )
    keep = max(MAX_ENTRIES, sum(1 for _, p in ranked if p.level == "P0"))
    if len(ranked) <= keep:
        return [p for _, p in ranked]
    rest = [e for e, _ in ranked[keep:]]
    summary = Priority(
        level="P2",
        title=f"{len(rest)} more failure groups",
        impact=(
            f"{sum(e.count for e in rest)} failures "
            f"({format_percent(sum(e.share for e in rest))} of all)"
        ),
        action="Review the remaining groups in the failure analysis",
    )
    return [*(p for _, p in ranked[:keep]), summary]
