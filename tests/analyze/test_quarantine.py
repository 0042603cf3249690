"""The quarantine file: its mistakes named by line; expiry by the run's date; stale entries."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from reportgen.analyze.quarantine import Subject, judge_quarantine
from reportgen.config import load_config, parse_quarantine
from reportgen.errors import ConfigError
from reportgen.model import Outcome
from reportgen.report import QuarantineState

ENTRIES = """\
stale_after = 2

# network down
[[quarantine]]
name = "test_remote*"
ticket = "#7"
expires = 2026-06-30

[[quarantine]]
file = "tests/legacy/*"
ticket = "#3"
expires = "2026-05-31"

[[quarantine]]
classname = "tests.test_gone"
ticket = "#9"
expires = 2027-01-01
"""


def test_a_quarantine_file_reads_with_its_lines() -> None:
    found = parse_quarantine(ENTRIES, "q.toml")
    assert [e.ticket for e in found.quarantine] == ["#7", "#3", "#9"]
    assert found.quarantine[1].expires == date(2026, 5, 31)
    assert found.lines == [4, 9, 14]
    assert found.stale_after == 2
    assert found.quarantine[0].pattern == "name=test_remote*"


FIRST = '[[quarantine]]\nname = "ok"\nticket = "#0"\nexpires = 2026-01-01\n\n[[quarantine]]\n'


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ('name = "t"\nexpires = 2026-01-01', 'names its ticket: ticket = "#123" (line 6)'),
        ('name = "t"\nticket = " "\nexpires = 2026-01-01', 'ticket = "#123" (line 6)'),
        (
            'name = "t"\nticket = "#1"\nexpires = "2026-02-30"',
            ".expires: '2026-02-30' is not a date; write it like 2026-03-31 (line 9)",
        ),
        (
            'name = "t"\nticket = "#1"\nexpires = "next week"',
            ".expires: 'next week' is not a date; write it like 2026-03-31 (line 9)",
        ),
        (
            'name = "t"\nticket = "#1"\nexpires = 2026-01-01T10:00:00',
            ".expires: datetime.datetime(2026, 1, 1, 10, 0) is not a date; write it like "
            "2026-03-31 (line 9)",
        ),
        ('name = "t"\nticket = "#1"', "needs an expiry date: expires = 2026-03-31 (line 6)"),
        (
            'ticket = "#1"\nexpires = 2026-01-01',
            "needs at least one of: name, classname, file (line 6)",
        ),
    ],
)
def test_a_bad_entry_is_a_config_error_naming_its_line(entry: str, message: str) -> None:
    with pytest.raises(ConfigError) as raised:
        parse_quarantine(FIRST + entry + "\n", "q.toml")
    said = str(raised.value)
    assert said.startswith("q.toml: quarantine[1]") and said.endswith(message), said


def test_the_config_names_the_quarantine_file(tmp_path: Path) -> None:
    config = tmp_path / "worklog.toml"
    config.write_text('quarantine = "ci/q.toml"\n')
    with pytest.raises(ConfigError, match=r"quarantine: no such file 'ci/q.toml'.*\(line 1\)"):
        load_config(config)
    (tmp_path / "ci").mkdir()
    (tmp_path / "ci" / "q.toml").write_text(ENTRIES)
    assert load_config(config).quarantine_path() == tmp_path / "ci" / "q.toml"


FAILING = [
    Subject("tests.test_net::test_remote_rates", "tests.test_net", "test_remote_rates"),
    Subject("tests.legacy.test_x::test_a", "tests.legacy.test_x", "test_a"),
]


@pytest.mark.parametrize(
    ("run_date", "states"),
    [
        ("2026-05-31", ["active", "active", "active"]),  # the expiry day still protects
        ("2026-06-01", ["active", "expired", "active"]),
        ("2026-07-01", ["expired", "expired", "active"]),
    ],
)
def test_expiry_is_judged_by_the_run_date(run_date: str, states: list[str]) -> None:
    judged = judge_quarantine(parse_quarantine(ENTRIES), FAILING, run_date)
    assert [r.state.value for r in judged.results] == states
    # the file rule matches the module paths of pytest's classname, as category rules do
    assert [r.matched for r in judged.results] == [
        ["tests.test_net::test_remote_rates"],
        ["tests.legacy.test_x::test_a"],
        [],
    ]


def test_an_expired_entry_protects_no_more_and_is_named() -> None:
    judged = judge_quarantine(parse_quarantine(ENTRIES), FAILING, "2026-06-15")
    assert judged.protecting(FAILING[0]) == ("#7", None)
    assert judged.protecting(FAILING[1]) == (None, "#3")


def test_an_entry_is_stale_after_n_archived_runs_without_a_failure_it_matches() -> None:
    quarantine = parse_quarantine(ENTRIES)
    failed_once = {"tests.test_gone::test_z": Outcome.FAILED}
    passed = {"tests.test_gone::test_z": Outcome.PASSED}

    def states(history: list[dict[str, Outcome]] | None) -> list[QuarantineState]:
        judged = judge_quarantine(quarantine, FAILING, "2026-01-01", history)
        return [r.state for r in judged.results]

    active = QuarantineState.ACTIVE
    assert states(None) == [active, active, active]  # no archive: nothing is known
    assert states([passed]) == [active, active, active]  # fewer runs than stale_after
    assert states([failed_once, passed]) == [active, active, active]
    assert states([passed, passed]) == [active, active, QuarantineState.STALE]
