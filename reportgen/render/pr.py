"""Report -> the compact PR profile: a comment or job summary with a hard size limit.

When the full profile is over the limit, parts are cut in this order, each step only if the
previous ones were not enough:

1. lists of passing tests (fixed, new and removed tests of the run-over-run changes);
2. long details: tracebacks and the execution log;
3. examples (test names) per failure group;
4. rows past the top N of every table and list, with N as large as still fits (N may be 0).

Rows past the top N are the later ones, except in the results matrix: there the N categories
kept are those with failures, lowest pass rate first, and the others (all passed, or nothing
run) only as room is left; kept rows stay in the table's order, followed by the Total row.
A table is never shown as a bare header: with N = 0 the tables are left out and one line says
what they held (the totals stay in the Health line at the top).

What was cut, and where the full worklog is, is said at the end (without a known place, how to
render it). The size is measured in UTF-8 bytes, which is never less than the number of
characters, so one limit serves both forges that count characters and CI summaries that count
bytes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel

from reportgen.render.context import build_context
from reportgen.render.environment import markdown_environment, render_template
from reportgen.render.markdown import template_fields, tidy
from reportgen.render.view import EXAMPLES_PER_GROUP, Issue, Suspect, TestList, WorklogContext
from reportgen.report import Report
from reportgen.text import plural

PR_MARKER = "<!-- reportgen:pr-summary -->"
PR_TEMPLATE = "pr.md.j2"
MIN_LIMIT = 1_000
ROW_BYTES = 30  # no row of the groups or results table is shorter than this
ITEM_BYTES = 3  # nor any list item ("- x")
FIRST_PROBE = 64
_CUT_LABELS = (
    "lists of passing tests",
    "tracebacks and the execution log",
    "example tests per failure group",
)


class Hidden(BaseModel):
    """How many rows of each list the cut left out."""

    groups: int = 0
    matrix: int = 0
    matrix_failing: int = 0  # of the hidden categories, those with failures
    changes: int = 0  # rows of the run-over-run category table
    criteria: int = 0
    flaky: int = 0
    notices: int = 0
    quarantine: int = 0
    metrics: int = 0  # performance misses
    suspects: int = 0  # authenticity suspects


class PrView(BaseModel):
    """What pr.md.j2 receives besides the worklog context's fields."""

    marker: str
    groups: list[Issue]  # all failure groups, possibly cut to the top N
    suspects: list[Suspect]  # authenticity suspects, possibly cut to the top N
    show_details: bool
    show_examples: bool  # the groups table's Examples column (Issue.examples)
    examples: int  # how many tests each group's `examples` holds at most
    hidden: Hidden
    cuts: list[str]  # what was cut, in words; empty when nothing was
    not_shown: list[str]  # with every row cut, the tables left out and what they counted
    limit: int
    full_worklog: str | None
    full_worklog_url: bool


def _byte_size(text: str) -> int:
    return len(text.encode("utf-8"))


def _cut_lists(
    context: WorklogContext, drop_passing: bool, rows: int | None
) -> tuple[WorklogContext, int]:
    """The context with passing lists emptied (counts kept) and lists cut to `rows`; also how
    many rows of the run-over-run category table were cut."""
    if context.diff is None:
        return context, 0
    categories, hidden = _top(context.diff.categories, rows)
    lists: list[TestList] = []
    for item in context.diff.lists:
        if drop_passing and item.passing:
            lists.append(item.model_copy(update={"tests": [], "more": len(item.tests) + item.more}))
        else:
            tests, cut = _top(item.tests, rows)
            lists.append(
                item.model_copy(update={"tests": tests, "more": item.more + cut}) if cut else item
            )
    diff = context.diff.model_copy(update={"lists": lists, "categories": categories})
    return context.model_copy(update={"diff": diff}), hidden


def _cut_triage(
    context: WorklogContext, drop_passing: bool, rows: int | None
) -> tuple[WorklogContext, int]:
    """The triage with its fixed list dropped (count kept) and every list cut to `rows`; also
    how many quarantine entries were cut."""
    triage = context.triage
    if triage is None:
        return context, 0
    groups = []
    for group in triage.groups:
        kept, cut = _top(group.rows, rows)
        groups.append(group.model_copy(update={"rows": kept, "more": group.more + cut}))
    fixed = triage.fixed
    if fixed is not None and drop_passing:
        fixed = fixed.model_copy(update={"tests": [], "more": len(fixed.tests) + fixed.more})
    counts, _ = _top(triage.counts[:-1], rows)  # the Total row always stays
    quarantine, hidden = _top(triage.quarantine, rows)
    update = {
        "groups": groups,
        "fixed": fixed,
        "counts": [*counts, triage.counts[-1]],
        "quarantine": quarantine,
    }
    return context.model_copy(update={"triage": triage.model_copy(update=update)}), hidden


def _top(items: list[Any], rows: int | None) -> tuple[list[Any], int]:
    if rows is None or len(items) <= rows:
        return items, 0
    return items[:rows], len(items) - rows


def _matrix_priority(report: Report) -> list[int]:
    """Indexes of the categories in the order they are kept: with failures first, lowest pass
    rate first (ties: more failures, then table order), then the rest in table order."""
    failing = [i for i, c in enumerate(report.categories) if c.counts.unsuccessful]
    failing.sort(
        key=lambda i: (
            report.categories[i].pass_rate or 0.0,
            -report.categories[i].counts.unsuccessful,
            i,
        )
    )
    chosen = set(failing)
    return failing + [i for i in range(len(report.categories)) if i not in chosen]


def _pick(items: list[Any], rows: int | None, priority: list[int]) -> tuple[list[Any], list[int]]:
    """The first `rows` items by `priority`, in their own order; and the indexes left out."""
    if rows is None or len(items) <= rows:
        return items, []
    kept = sorted(priority[:rows])
    return [items[i] for i in kept], sorted(priority[rows:])


class _Profile:
    """Renders the profile at a given cut level (0 = nothing cut ... 4 = rows cut to N)."""

    def __init__(
        self,
        report: Report,
        *,
        ascii: bool,
        defang: bool,
        template_dir: Path | None,
        limit: int,
        full_worklog: str | None,
    ) -> None:
        self.context = build_context(report, ascii=ascii)
        # build_context makes one matrix row per category, in the report's order
        self.matrix_priority = _matrix_priority(report)
        self.failing = {i for i, c in enumerate(report.categories) if c.counts.unsuccessful}
        self.groups = [*self.context.issues, *self.context.other_groups]
        found = self.context.authenticity
        self.suspects = found.suspects if found is not None else []
        self.env = markdown_environment(template_dir, defang=defang)
        self.limit = limit
        self.full_worklog = full_worklog

    def longest_list(self) -> int:
        ctx = self.context
        lengths = [len(self.groups), len(ctx.matrix), len(ctx.criteria), len(ctx.flaky)]
        lengths.extend([len(ctx.notices), len(ctx.metrics_missed), len(self.suspects)])
        if ctx.diff:
            lengths.extend(len(item.tests) for item in ctx.diff.lists)
        if ctx.triage:
            lengths += [len(ctx.triage.counts), len(ctx.triage.quarantine)]
            lengths.extend(len(group.rows) for group in ctx.triage.groups)
        return max(lengths)

    def table_rows(self) -> int:
        """Rows shown at every level below 4, each at least ROW_BYTES long."""
        return len(self.groups) + len(self.context.matrix)

    def render(self, level: int, rows: int | None = None) -> str:
        context, changes_hidden = _cut_lists(self.context, drop_passing=level >= 1, rows=rows)
        context, quarantine_hidden = _cut_triage(context, drop_passing=level >= 1, rows=rows)
        groups, groups_hidden = _top(self.groups, rows)
        matrix, matrix_left_out = _pick(context.matrix, rows, self.matrix_priority)
        criteria, criteria_hidden = _top(context.criteria, rows)
        flaky, flaky_hidden = _top(context.flaky, rows)
        notices, notices_hidden = _top(context.notices, rows)
        missed, metrics_hidden = _top(context.metrics_missed, rows)
        suspects, suspects_hidden = _top(self.suspects, rows)
        context = context.model_copy(
            update={
                "matrix": matrix,
                "criteria": criteria,
                "flaky": flaky,
                "notices": notices,
                "metrics_missed": missed,
            }
        )
        cuts = list(_CUT_LABELS[: min(level, 3)])
        if rows is not None:
            cuts.append(_rows_label(rows))
        hidden = Hidden(
            groups=groups_hidden,
            matrix=len(matrix_left_out),
            matrix_failing=len(self.failing.intersection(matrix_left_out)),
            changes=changes_hidden,
            criteria=criteria_hidden,
            flaky=flaky_hidden,
            notices=notices_hidden,
            quarantine=quarantine_hidden,
            metrics=metrics_hidden,
            suspects=suspects_hidden,
        )
        view = PrView(
            marker=PR_MARKER,
            groups=groups,
            suspects=suspects,
            show_details=level < 2,
            show_examples=level < 3,
            examples=EXAMPLES_PER_GROUP,
            hidden=hidden,
            cuts=cuts,
            not_shown=_not_shown(hidden, self.context.failures_total) if rows == 0 else [],
            limit=self.limit,
            full_worklog=self.full_worklog,
            full_worklog_url=bool(self.full_worklog and self.full_worklog.startswith("http")),
        )
        fields = {**template_fields(context), **template_fields(view)}
        return tidy(render_template(self.env, PR_TEMPLATE, fields))

    def fits(self, text: str) -> bool:
        return _byte_size(text) <= self.limit


def _not_shown(hidden: Hidden, failures: int) -> list[str]:
    """The tables every row of which was cut, with what they counted."""
    parts = []
    if hidden.matrix:
        categories = plural(hidden.matrix, "category", "categories")
        parts.append(f"{categories} ({hidden.matrix_failing or 'none'} with failures)")
    if hidden.criteria:
        parts.append(plural(hidden.criteria, "success criterion", "success criteria"))
    if hidden.groups:
        groups = plural(hidden.groups, "failure group")
        parts.append(f"{groups} ({failures} failures and errors)")
    if hidden.flaky:
        parts.append(plural(hidden.flaky, "flaky test"))
    if hidden.metrics:
        parts.append(plural(hidden.metrics, "performance miss", "performance misses"))
    if hidden.suspects:
        parts.append(plural(hidden.suspects, "suspiciously fast test"))
    return parts


def _rows_label(rows: int) -> str:
    if rows == 0:
        return "all rows of tables and lists (counts kept)"
    return f"rows past the top {rows} of each table and list (failing categories kept first)"


def _next_rows(lo: int, hi: int, sizes: dict[int, int], limit: int) -> int:
    """Where the size should cross `limit`, by the line through the nearest two measurements
    (sizes grow about linearly with the rows shown)."""
    if hi in sizes:
        left, right = lo, hi
    else:  # nothing too big measured yet: extrapolate from the empty profile and `lo`
        left, right = 0, lo
    if right == left or sizes[right] == sizes[left]:
        return (lo + hi) // 2
    slope = (sizes[right] - sizes[left]) / (right - left)
    estimate = lo + int((limit - sizes[lo]) / slope)
    return min(max(estimate, lo + 1), hi - 1)  # always a step inside the open interval


def _fit_rows(profile: _Profile) -> str:
    """The profile with rows cut to the largest N that fits, found in a few renders: rows are
    cut only when they are many, and a render costs as much as the rows it shows."""
    best = profile.render(4, 0)
    sizes = {0: _byte_size(best)}
    lo, hi = 0, min(profile.longest_list(), profile.limit // ITEM_BYTES) + 1
    rows = min(hi - 1, FIRST_PROBE)
    while hi - lo > 1:
        width = hi - lo
        rows = rows if lo < rows < hi else (lo + hi) // 2
        text = profile.render(4, rows)
        sizes[rows] = _byte_size(text)
        if sizes[rows] <= profile.limit:
            lo, best = rows, text
        else:
            hi = rows
        rows = _next_rows(lo, hi, sizes, profile.limit)
        if hi in sizes and hi - lo > width // 2:
            rows = (lo + hi) // 2  # the estimate is closing in from one side only: bisect
    return best


def render_pr(
    report: Report,
    *,
    limit: int = 65_535,
    ascii: bool = False,
    full_worklog: str | None = None,
    defang: bool = True,
    template_dir: Path | None = None,
) -> str:
    """The PR profile of `report`, at most `limit` bytes, starting with `PR_MARKER`."""
    if limit < MIN_LIMIT:
        raise ValueError(f"limit must be at least {MIN_LIMIT} bytes, got {limit}")
    profile = _Profile(
        report,
        ascii=ascii,
        defang=defang,
        template_dir=template_dir,
        limit=limit,
        full_worklog=full_worklog,
    )
    # Rows alone overflow the limit: every earlier cut would be made anyway, so skip them.
    if profile.table_rows() * ROW_BYTES <= limit:
        for level in range(4):
            text = profile.render(level)
            if profile.fits(text):
                return text
    text = _fit_rows(profile)
    if not profile.fits(text):
        raise ValueError(f"even the shortest profile is over {limit} bytes")
    return text
