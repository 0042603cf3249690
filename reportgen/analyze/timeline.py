"""One test's outcomes over the archived runs (`reportgen history`), as data for rendering.

An exact identity gives its timeline. Otherwise a glob (`*`, `?`, `[...]`) gives the timeline of
each matching test, at most `MAX_TIMELINES`; a name that matches nothing gets identities that
contain its last part, as suggestions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from reportgen.archive.outcomes import FAILING
from reportgen.archive.store import HistoryStore, OutcomeRecord

MAX_TIMELINES = 20
SUGGESTIONS = 5
_GLOB = re.compile(r"[*?\[]")


@dataclass(frozen=True, slots=True)
class Timeline:
    """One test's outcome in each archived run that has it, oldest first."""

    test: str
    records: list[OutcomeRecord]

    @property
    def failures(self) -> list[OutcomeRecord]:
        return [r for r in self.records if r.outcome in FAILING]


@dataclass(frozen=True, slots=True)
class TimelineAnswer:
    """What the archive knows about the asked name or pattern."""

    asked: str
    timelines: list[Timeline] = field(default_factory=list)
    more_matches: bool = False  # the pattern matched more than MAX_TIMELINES tests
    similar: list[str] = field(default_factory=list)  # only when nothing matched


def find_timelines(store: HistoryStore, test_id: str, limit: int | None = None) -> TimelineAnswer:
    records = store.outcomes(test_id, limit)
    if records:
        return TimelineAnswer(test_id, [Timeline(test_id, records)])
    matches = store.match_tests(test_id, MAX_TIMELINES + 1) if _GLOB.search(test_id) else []
    if matches:
        found = [Timeline(t, store.outcomes(t, limit)) for t in matches[:MAX_TIMELINES]]
        return TimelineAnswer(test_id, found, more_matches=len(matches) > MAX_TIMELINES)
    fragment = test_id.split("::")[-1].strip("*?")
    return TimelineAnswer(test_id, similar=store.find_tests(fragment, limit=SUGGESTIONS))
