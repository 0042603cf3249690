"""The quarantine file: its mistakes named by line; expiry by the run's date; stale entries."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from reportgen.analyze.quarantine import BROAD_AFTER, Subject, judge_quarantine
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
            ".expires: 2026-01-01T10:00:00 is a date and time; write a date like 2026-01-01 "
            "(line 9)",
        ),
        (
            'name = "t"\nticket = "#1"\nexpires = 10:00:00',
            ".expires: 10:00:00 is a time of day; write a date like 2026-03-31 (line 9)",
        ),
        (
            'name = "t"\nticket = "#1"\nexpires = 2026-01-01\nadded = true',
            ".added: true is not a date; write it like 2026-03-31 (line 10)",
        ),
        (
            'name = "t"\nticket = "#1\\r"\nexpires = 2026-01-01',
            ".ticket: holds a control character (a newline, tab, ESC...); write plain text "
            "(line 8)",
        ),
        (
            'name = "t"\nticket = "#1"\nexpires = 2026-01-01\nreason = """a\nb"""',
            ".reason: holds a control character (a newline, tab, ESC...); write plain text "
            "(line 10)",
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


def test_an_entry_is_shown_on_one_line_whatever_its_globs_hold() -> None:
    found = parse_quarantine(
        '[[quarantine]]\nname = "a\\nb\\tc\\u001b[2J\\u0085"\nticket = "T"\nexpires = 2099-01-01\n'
    )
    assert found.quarantine[0].name == "a\nb\tc\x1b[2J\x85"  # matched as written
    assert found.quarantine[0].pattern == "name=a\ufffdb\ufffdc\ufffd[2J\ufffd"


def _failing(count: int) -> list[Subject]:
    return [Subject(f"tests.test_m::test_{i}", "tests.test_m", f"test_{i}") for i in range(count)]


BROAD = """\
[[quarantine]]
name = "*"
ticket = "#1"
expires = 2099-01-01

[[quarantine]]
classname = "tests.test_m"
ticket = "#2"
expires = 2099-01-01

[[quarantine]]
file = "**"
classname = ""
ticket = "#3"
expires = 2000-01-01
"""


def test_an_entry_naming_no_test_in_particular_is_told() -> None:
    judged = judge_quarantine(parse_quarantine(BROAD, "q.toml"), _failing(1), "2026-01-01")
    # the expired one protects nothing: its expiry is told instead
    assert judged.warnings == [
        "q.toml:1: quarantine #1 (name=*) names no test in particular: it quarantines every "
        "failure and no failure gate sees one; give the tests' names"
    ]
    assert (
        judge_quarantine(parse_quarantine(BROAD), [], "1999-01-01")
        .warnings[1]
        .startswith(
            "quarantine.toml:11: quarantine #3 (file=** classname=) names no test in particular"
        )
    )


@pytest.mark.parametrize(("failures", "told"), [(BROAD_AFTER, False), (BROAD_AFTER + 1, True)])
def test_an_entry_matching_every_failure_of_a_big_run_is_told(failures: int, told: bool) -> None:
    text = BROAD.split("\n\n")[1]
    judged = judge_quarantine(parse_quarantine(text, "q.toml"), _failing(failures), "2026-01-01")
    expected = (
        f"q.toml:1: quarantine #2 (classname=tests.test_m) matches all {failures} failures of "
        "this run, so no failure gate sees one; check it is not broader than meant"
    )
    assert judged.warnings == ([expected] if told else [])
    one_short = judge_quarantine(
        parse_quarantine(text), [*_failing(failures), Subject("t::x", "t", "x")], "2026-01-01"
    )
    assert one_short.warnings == []
