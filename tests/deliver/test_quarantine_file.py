"""`reportgen quarantine add/list/prune`: edits that keep the file's comments."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from reportgen.config import load_quarantine
from reportgen.deliver.quarantine import add_entry, list_entries, prune_entries
from reportgen.errors import ConfigError

KEPT = """\
# Owned by the release team: ask before adding.
stale_after = 3

# staging network, see the runbook
[[quarantine]]
name = "test_remote*"   # all remote tests
ticket = "#7"
expires = 2026-06-30

[[quarantine]]
classname = "tests.legacy"
ticket = "#3"
expires = 2026-01-31
"""


def test_add_creates_the_file_and_appends_keeping_comments(tmp_path: Path) -> None:
    path = tmp_path / "quarantine.toml"
    path.write_text(KEPT)
    edited = add_entry(
        path,
        test="tests.test_api::test_upload*",
        file=None,
        ticket="#12",
        expires="2026-03-01",
        reason="storage quota",
        today=date(2026, 2, 1),
    )
    text = path.read_text()
    assert text.startswith(KEPT)  # every comment and key as it was
    assert text[len(KEPT) :] == (
        '[[quarantine]]\nclassname = "tests.test_api"\nname = "test_upload*"\nticket = "#12"\n'
        'expires = 2026-03-01\nreason = "storage quota"\nadded = 2026-02-01\n\n'
    )
    assert edited.lines == [f"{path}:14: added #12 (classname=tests.test_api name=test_upload*)"]
    assert [e.ticket for e in load_quarantine(path).quarantine] == ["#7", "#3", "#12"]
    fresh = tmp_path / "new.toml"
    add_entry(fresh, test=None, file="tests/e2e/*", ticket="J-1", expires="2026-01-01")
    assert fresh.read_text().startswith("# Tests whose failures are shown")
    assert load_quarantine(fresh).quarantine[0].file == "tests/e2e/*"


@pytest.mark.parametrize(
    ("ticket", "expires", "message"),
    [
        ("", "2026-03-01", "names its ticket"),
        ("#1", "2026-02-30", "'2026-02-30' is not a date"),
        ("#1", "soon", "'soon' is not a date"),
    ],
)
def test_a_bad_entry_is_refused_and_the_file_left_as_it_was(
    tmp_path: Path, ticket: str, expires: str, message: str
) -> None:
    path = tmp_path / "quarantine.toml"
    path.write_text(KEPT)
    with pytest.raises(ConfigError, match=message):
        add_entry(path, test="t", file=None, ticket=ticket, expires=expires)
    assert path.read_text() == KEPT


def test_list_says_which_entries_still_protect_on_a_date(tmp_path: Path) -> None:
    path = tmp_path / "q.toml"
    path.write_text(KEPT)
    assert list_entries(path, date(2026, 2, 1)).lines == [
        f"{path}:5: #7 name=test_remote* expires 2026-06-30 (active)",
        f"{path}:10: #3 classname=tests.legacy expires 2026-01-31 (expired)",
        f"{path}: 2 entries",
    ]


def test_prune_removes_expired_and_stale_entries_keeping_the_rest(tmp_path: Path) -> None:
    path = tmp_path / "q.toml"
    path.write_text(KEPT)
    dry = prune_entries(path, date(2026, 2, 1), dry_run=True)
    assert dry.lines == [f"{path}:10: would remove #3 (classname=tests.legacy): expired"]
    assert path.read_text() == KEPT
    done = prune_entries(path, date(2026, 2, 1))
    assert done.lines == [f"{path}:10: removed #3 (classname=tests.legacy): expired"]
    text = path.read_text()
    assert "# Owned by the release team" in text and "# all remote tests" in text
    assert "tests.legacy" not in text
    assert prune_entries(path, date(2026, 2, 1)).lines == [f"{path}: nothing to prune"]
    prune_entries(path, date(2026, 2, 1), stale=[0])
    assert load_quarantine(path).quarantine == []
