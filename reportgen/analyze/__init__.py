"""Analyze: a Run and the configuration in, the Report every output is rendered from out.

`analyze` computes everything the run itself says. What history adds reads the archive:
`diff` (this run against a baseline sidecar), `flaky` (reruns now, flips over recent runs) and
`timeline` (one test over the archived runs, for `reportgen history`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Sequence
from datetime import UTC, datetime
from fnmatch import fnmatchcase
from functools import partial
from math import fsum
from zoneinfo import ZoneInfo

from reportgen.analyze.authenticity import check_authenticity, checked_categories
from reportgen.analyze.categories import (
    categorize,
    categorize_folded,
    counts_from_suites,
    fits_folded,
    row_names,
    tally,
)
from reportgen.analyze.clusters import FailureInfo, describe_failures, group_failures
from reportgen.analyze.criteria import evaluate
from reportgen.analyze.health import category_weights, compute_health, pass_rate_formula
from reportgen.analyze.known_issues import label, match_known, summarize
from reportgen.analyze.phases import build_phases, problem_line
from reportgen.analyze.priorities import prioritize
from reportgen.analyze.status import headline, overall_status
from reportgen.analyze.timing import assess_metrics, execution_summary
from reportgen.analyze.unmatched import match_warnings
from reportgen.config import UNMATCHED, Config, Criterion, KnownIssue
from reportgen.errors import UsageError
from reportgen.model import Counts, Outcome, Run
from reportgen.report import CategoryResult, Meta, Report
from reportgen.text import truncate

MAX_NOTABLE = 3
_NOTABLE_LENGTH = 80

__all__ = ["analyze", "needs_single_passes"]


def needs_single_passes(config: Config) -> bool:
    """Whether the analysis looks at passing tests one by one, so a run read with its passes
    folded into groups (`Run.folded`) would not do: rules on names or properties, criteria
    that pick tests by name, the authenticity check of durations. The slowest tests are found
    either way, and so are match warnings (`ingest.Fold` keeps what their examples name)."""
    return (
        not fits_folded(config)
        or any(c.tests is not None for c in config.criteria)
        or bool(checked_categories(config, [c.name for c in config.categories] or ["*"]))
    )


class _Removals:
    """Failures per category that would go if some groups or known issues were left out.

    Tallies are indexed by group and by known issue, so one removal costs the size of what it
    removes, not of every group (priorities ask once per group).
    """

    def __init__(self, infos: Sequence[FailureInfo], matches: Sequence[KnownIssue | None]):
        tallies: dict[tuple[str, str | None, str], Counter[Outcome]] = {}
        for info, issue in zip(infos, matches, strict=True):
            key = (info.signature, issue.id if issue else None, info.category)
            tallies.setdefault(key, Counter())[info.case.outcome] += 1
        self.tallies = {key: Counts.of(dict(c)) for key, c in tallies.items()}
        self._order = {key: index for index, key in enumerate(self.tallies)}
        self._by_group: dict[tuple[str, str | None], list[tuple[str, str | None, str]]] = {}
        self._by_issue: dict[str, list[tuple[str, str | None, str]]] = {}
        for key in self.tallies:
            signature, issue_id, _ = key
            self._by_group.setdefault((signature, issue_id), []).append(key)
            if issue_id is not None:
                self._by_issue.setdefault(issue_id, []).append(key)

    def of(
        self, groups: Collection[tuple[str, str | None]] = (), issues: Collection[str] = ()
    ) -> dict[str, Counts]:
        """`groups` are (signature, known issue id) pairs, as failure groups are keyed."""
        keys: dict[tuple[str, str | None, str], None] = {}
        for group in dict.fromkeys(groups):
            keys.update(dict.fromkeys(self._by_group.get(group, ())))
        for issue in dict.fromkeys(issues):
            keys.update(dict.fromkeys(self._by_issue.get(issue, ())))
        removed: dict[str, Counts] = {}
        # in the order of the tallies, as a scan of them all would add them up
        for key in sorted(keys, key=self._order.__getitem__):
            category = key[2]
            removed[category] = removed.get(category, Counts()) + self.tallies[key]
        return removed


def _rows(
    run: Run, config: Config, assigned: list[str]
) -> tuple[dict[str, Counts], dict[str, float]]:
    if run.cases_complete or run.folded is not None:
        counts = tally(run.cases, assigned)
        # exact sums (fsum), so that folded and kept passes add up the same in any order
        spans: dict[str, list[float]] = {}
        for case, category in zip(run.cases, assigned, strict=True):
            spans.setdefault(category, []).append(case.duration)
        folded = run.folded or []
        for group, category in zip(folded, categorize_folded(run, config), strict=True):
            folded_counts = Counts(passed=group.passed, skipped=group.skipped)
            counts[category] = counts.get(category, Counts()) + folded_counts
            spans.setdefault(category, []).extend(group.durations)
            spans[category].extend(group.skips)
        durations = {category: fsum(values) for category, values in spans.items()}
    else:
        counts, durations = counts_from_suites(run, config)
    names = row_names(run, config, [*assigned, *counts])
    return (
        {n: counts.get(n, Counts()) for n in names},
        {n: durations.get(n, 0.0) for n in names},
    )


def _view(
    criterion: Criterion,
    run: Run,
    assigned: list[str],
    rows: dict[str, Counts],
    infos: Sequence[FailureInfo],
    matches: Sequence[KnownIssue | None],
    removals: _Removals,
) -> tuple[dict[str, Counts], _Removals]:
    """The rows a criterion is measured on, and the failures that can be taken from them.

    Without `tests` that is every row; with it, only the tests whose identity matches.
    """
    pattern = criterion.tests
    if pattern is None:
        return rows, removals
    if not run.cases_complete:
        raise UsageError(
            f"criterion {criterion.name!r} selects tests by name, but only failing tests were "
            "kept; render from the full reports"
        )
    chosen = [i for i, case in enumerate(run.cases) if fnmatchcase(case.identity, pattern)]
    counts = tally([run.cases[i] for i in chosen], [assigned[i] for i in chosen])
    kept = [
        (info, match)
        for info, match in zip(infos, matches, strict=True)
        if fnmatchcase(info.case.identity, pattern)
    ]
    return (
        {name: counts.get(name, Counts()) for name in rows},
        _Removals([i for i, _ in kept], [m for _, m in kept]),
    )


def _notable(
    infos: Sequence[FailureInfo], matches: Sequence[KnownIssue | None]
) -> dict[str, list[str]]:
    """Per category, the known issues (or unexplained signatures) behind most failures."""
    found: dict[str, Counter[str]] = {}
    for info, issue in zip(infos, matches, strict=True):
        text = label(issue) if issue is not None else truncate(info.signature, _NOTABLE_LENGTH)
        found.setdefault(info.category, Counter())[text] += 1
    return {
        category: [t for t, _ in sorted(tally.items(), key=lambda i: (-i[1], i[0]))][:MAX_NOTABLE]
        for category, tally in found.items()
    }


def _in_range(moment: datetime | None, zone: ZoneInfo) -> bool:
    """Whether `moment` can be shown in UTC and in the configured zone: a timestamp near the
    ends of the calendar (year 1 or 9999) cannot be moved across an offset."""
    if moment is None:
        return True
    try:
        moment.astimezone(UTC)
        moment.astimezone(zone)
    except (OverflowError, ValueError):
        return False
    return True


def _dated(run: Run, config: Config) -> tuple[Run, list[str]]:
    """The run with start and end times that cannot be shown left out, and a notice for each."""
    zone = ZoneInfo(config.worklog.timezone)
    update: dict[str, None] = {}
    notices = []
    for name, moment in (("start", run.started), ("end", run.finished)):
        if not _in_range(moment, zone):
            update["started" if name == "start" else "finished"] = None
            notices.append(
                f"the run's {name} time {moment.isoformat() if moment else ''} is out of the "
                "range of dates that can be shown: left out"
            )
    return (run.model_copy(update=update) if update else run), notices


def _meta(run: Run, config: Config, now: datetime) -> Meta:
    zone = ZoneInfo(config.worklog.timezone)
    moment = run.started or now
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone)
    w = config.worklog
    notes = {
        key: text
        for key in ("context", "open_issues", "recommendations", "final_status")
        if (text := config.note_text(getattr(config.notes, key))) is not None
    }
    return Meta(
        title=w.title,
        slug=w.slug_or_default(),
        focus=w.focus,
        session=w.session,
        environment=w.environment,
        objective=w.objective,
        framework=w.framework,
        mission=w.mission,
        real_services=w.real_services,
        timezone=w.timezone,
        date=moment.astimezone(zone).date().isoformat(),
        started=run.started,
        finished=run.finished,
        generated=now,
        notes=notes,
    )


def analyze(run: Run, config: Config, *, now: datetime | None = None) -> Report:
    """Everything the worklog says, computed from the run and the configuration."""
    now = now or datetime.now(UTC)
    run, date_notices = _dated(run, config)
    eaf = config.pass_rate.errors_as_failures
    assigned = categorize(run, config)
    rows, durations = _rows(run, config, assigned)
    infos = describe_failures(run, assigned, config.groups)
    matches = match_known(infos, config.known_issues)
    removals = _Removals(infos, matches)
    weights = category_weights(config, list(rows))
    own = {c.name: c for c in config.categories}
    notable = _notable(infos, matches)
    categories = [
        CategoryResult(
            name=name,
            counts=counts,
            pass_rate=counts.pass_rate(eaf),
            duration=durations[name],
            weight=weights[name],
            real_services=own[name].real_services
            if name in own
            else bool(not config.categories and config.worklog.real_services),
            notable=notable.get(name, []),
            unmatched=bool(config.categories) and name == UNMATCHED,
        )
        for name, counts in rows.items()
    ]
    health = compute_health(rows, config, removals.of(issues=config.health.exclude))
    views = [_view(c, run, assigned, rows, infos, matches, removals) for c in config.criteria]
    blocking = [k.id for k in config.known_issues if k.blocks]
    criteria = [
        evaluate(c, seen, config, partial(removal.of, ()), blocking)
        for c, (seen, removal) in zip(config.criteria, views, strict=True)
    ]
    groups = group_failures(run, assigned, infos=infos, matches=matches)
    priorities = prioritize(
        groups, config, criteria, [(seen, removal.of) for seen, removal in views]
    )
    # a known issue shows the level its remediation entry got (e.g. P0 when it blocks)
    levels = {p.known_issue: p.level for p in priorities if p.known_issue}
    known, not_seen = summarize(config.known_issues, matches)
    known = [k.model_copy(update={"priority": levels.get(k.id, k.priority)}) for k in known]
    status = overall_status(criteria, run.counts)
    metrics, metric_notices = assess_metrics(run.timings, config)
    judged = zip(config.criteria, criteria, views, strict=True)
    fit = match_warnings(run, config, assigned, rows, [(c, r, s) for c, r, (s, _) in judged])
    return Report(
        meta=_meta(run, config, now),
        counts=run.counts,
        pass_rate=run.counts.pass_rate(eaf),
        pass_rate_formula=pass_rate_formula(run.counts, eaf),
        categories=categories,
        health=health,
        criteria=criteria,
        groups=groups,
        failures_total=len(infos),
        known_issues=known,
        known_issues_not_seen=not_seen,
        priorities=priorities,
        metrics=metrics,
        timing=execution_summary(run, assigned, durations, config.slowest),
        authenticity=check_authenticity(run, config, assigned, list(rows)),
        phases=build_phases(run, config, eaf),
        notices=[str(n) for n in run.notices]
        + date_notices
        + metric_notices
        + [line for i in run.inputs if (line := problem_line(i))]
        + [w.message for w in fit],
        match_warnings=fit,
        overall=status,
        headline=headline(status, health, run.counts, run),
    )
