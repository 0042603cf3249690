"""The overall status of a run and its one-line headline.

With criteria, the overall status is the worst of theirs, worst first: MISSED, BLOCKED,
NEAR TARGET, ACHIEVED, EXCEEDED (criteria with NO DATA are passed over). Without criteria, or
when none of them judged a test: NO DATA when no test ran, ACHIEVED when nothing failed, MISSED
otherwise; a run with failures never reads as NO DATA.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportgen.analyze.figures import counts_text
from reportgen.model import Counts, Run
from reportgen.percent import format_percent
from reportgen.report import CriterionResult, HealthResult, Status
from reportgen.text import plural

_WORST_FIRST = (Status.MISSED, Status.BLOCKED, Status.NEAR, Status.ACHIEVED, Status.EXCEEDED)


def overall_status(criteria: Sequence[CriterionResult], counts: Counts) -> Status:
    seen = {c.status for c in criteria}
    judged = next((s for s in _WORST_FIRST if s in seen), None)
    if judged is not None:
        return judged
    if counts.executed == 0:
        return Status.NO_DATA
    return Status.ACHIEVED if counts.unsuccessful == 0 else Status.MISSED


def headline(status: Status, health: HealthResult, counts: Counts, run: Run) -> str:
    """E.g. `MISSED - health 55.0% (87.3% without #712) - 29 tests: 27 run, 14 passed, ...`,
    the counts as every section writes them (`figures.counts_text`)."""
    figure = format_percent(health.value)
    if health.excluded:
        figure += f" ({format_percent(health.excluding)} without {', '.join(health.excluded)})"
    parts = [status.value, f"health {figure}", counts_text(counts)]
    if run.rejected:
        parts.append(f"{plural(len(run.rejected), 'input')} rejected")
    if run.partial:
        parts.append(f"{plural(len(run.partial), 'input')} read in part")
    return " - ".join(parts)
