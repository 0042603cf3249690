"""`reportgen quarantine add/list/prune` and `render --baseline` with other runs, end to end."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.cli.test_exit_codes import run_cli

ROOT = Path(__file__).resolve().parents[2]


def test_add_list_prune(tmp_path: Path) -> None:
    path = tmp_path / "quarantine.toml"
    added = run_cli(
        "quarantine", "add", "tests.test_api::test_upload*", "--ticket", "#12",
        "--expires", "2026-03-01", "-q", path,
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    assert added.stdout == f"{path}:5: added #12 (classname=tests.test_api name=test_upload*)\n"
    run_cli("quarantine", "add", "test_b", "--ticket", "#13", "--expires", "2027-01-01", "-q", path)
    listed = run_cli("quarantine", "list", "-q", path, "--date", "2026-06-01")
    assert listed.returncode == 0
    assert listed.stdout.splitlines() == [
        f"{path}:5: #12 classname=tests.test_api name=test_upload* expires 2026-03-01 (expired)",
        f"{path}:12: #13 name=test_b expires 2027-01-01 (active)",
        f"{path}: 2 entries",
    ]
    pruned = run_cli("quarantine", "prune", "-q", path, "--date", "2026-06-01")
    assert pruned.stdout.startswith(f"{path}:5: removed #12")
    assert "#12" not in path.read_text() and "#13" in path.read_text()
    assert path.read_text().startswith("# Tests whose failures")  # the file's header stays


def test_a_bad_date_or_missing_ticket_is_a_config_error(tmp_path: Path) -> None:
    path = tmp_path / "quarantine.toml"
    bad = run_cli("quarantine", "add", "t", "--ticket", "#1", "--expires", "31.12.2026", "-q", path)
    assert bad.returncode == 2
    # the entry is not written yet: the option is named, not a line of the file
    assert bad.stderr == (
        f"reportgen: {path}: --expires: '31.12.2026' is not a date; write it like 2026-03-31\n"
    )
    assert not path.exists()
    missing = run_cli("quarantine", "add", "t", "--expires", "2026-12-31", "-q", path)
    assert (
        missing.returncode == 2
        and "--ticket: a quarantine entry names its ticket" in missing.stderr
    )
    neither = run_cli("quarantine", "add", "--ticket", "#1", "--expires", "2026-12-31", "-q", path)
    assert neither.returncode == 2 and "name the tests" in neither.stderr


def test_a_baseline_of_another_project_says_so(tmp_path: Path) -> None:
    done = run_cli(
        "render", "samples/triage/head", "--baseline", "samples/e2e-staging/results",
        "--out", tmp_path, "--fail-on", "new-failures", cwd=ROOT,
    )  # fmt: skip
    assert done.returncode == 1, done.stderr
    assert "shares no test with this run" in done.stderr
    assert "5 new failures against samples/e2e-staging/results" in done.stderr


def test_an_unusable_baseline_is_a_usage_error(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    for baseline, said in ((tmp_path / "nope.xml", "no such file"), (empty, "cannot be compared")):
        done = run_cli("render", "samples/triage/head", "--baseline", baseline, "--out", tmp_path)
        assert done.returncode == 2, done.stderr
        assert said in done.stderr


COMMENTED = """\
# header comment
stale_after = 5 # inline top

# about A
[[quarantine]] # inline table header
name = "test_a" # inline name
ticket = "A-1"
expires = 2026-01-01 # expired
# trailing comment inside A

# about B
[[quarantine]]
name = 'test_b'
ticket = \"\"\"B-2\"\"\"
expires = 2099-01-01
reason = "keep"

[[quarantine]]
  name = "test_c"
  ticket = "C-3"
  expires = 2026-06-01
# final comment
"""


def test_prune_takes_each_entry_with_the_comments_above_it(tmp_path: Path) -> None:
    path = tmp_path / "quarantine.toml"
    path.write_text(COMMENTED)
    pruned = run_cli("quarantine", "prune", "-q", path, "--date", "2026-12-01")
    assert pruned.returncode == 0, pruned.stderr
    assert pruned.stdout.splitlines() == [
        f"{path}:5: removed A-1 (name=test_a): expired",
        f"{path}:18: removed C-3 (name=test_c): expired",
    ]
    # B keeps its own comment; the file's first lines and its closing comment stay
    assert path.read_text() == (
        "# header comment\nstale_after = 5 # inline top\n\n"
        '# about B\n[[quarantine]]\nname = \'test_b\'\nticket = """B-2"""\n'
        'expires = 2099-01-01\nreason = "keep"\n\n# final comment\n'
    )


def test_prune_of_a_middle_entry_keeps_the_bytes_around_it(tmp_path: Path) -> None:
    path = tmp_path / "quarantine.toml"
    text = COMMENTED.replace("2026-06-01", "2099-06-01").replace("\n", "\r\n")
    path.write_bytes(text.encode())
    run_cli("quarantine", "prune", "-q", path, "--date", "2026-12-01")
    start, end = text.index("# about A"), text.index("# about B")
    assert path.read_bytes() == (text[:start] + text[end:]).encode()


def _added(path: Path) -> str:
    done = run_cli(
        "quarantine", "add", "test_x", "--ticket", "X-1", "--expires", "2099-01-01", "-q", path
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


ENTRY = '[[quarantine]]\nname = "a"\nticket = "A"\nexpires = 2099-01-01'


@pytest.mark.parametrize(
    ("before", "newline"),
    [
        (ENTRY, "\n"),  # no newline at the end
        (ENTRY + " # no newline", "\n"),  # nor after the closing comment
        ("# c1\r\n" + ENTRY.replace("\n", "\r\n") + " # keep", "\r\n"),
        (ENTRY + "\n", "\n"),
    ],
)
def test_add_appends_in_the_files_line_endings(tmp_path: Path, before: str, newline: str) -> None:
    path = tmp_path / "quarantine.toml"
    path.write_bytes(before.encode())
    said = _added(path)
    added = '[[quarantine]]\nname = "test_x"\nticket = "X-1"\nexpires = 2099-01-01\nadded = '
    text = path.read_bytes().decode()
    assert text.startswith(before)  # every byte there was stays
    rest = text[len(before) :]
    if not before.endswith("\n"):
        assert rest.startswith(newline)
        rest = rest[len(newline) :]
    assert rest.count("\n") == rest.count(newline) == 6  # five keys and a blank line
    assert rest.replace(newline, "\n").startswith(added) and rest.endswith(newline * 2)
    line = before.count("\n") + (1 if before.endswith("\n") else 2)
    assert said == f"{path}:{line}: added X-1 (name=test_x)\n"


def test_add_goes_before_the_comments_that_close_the_file(tmp_path: Path) -> None:
    path = tmp_path / "quarantine.toml"
    path.write_text(ENTRY + "\n\n# closing words\n")
    _added(path)
    text = path.read_text()
    assert text.startswith(ENTRY + '\n\n[[quarantine]]\nname = "test_x"')
    assert re.search(
        r'ticket = "X-1"\nexpires = 2099-01-01\nadded = \S+\n\n# closing words\n$', text
    )


def test_a_control_character_in_a_ticket_or_reason_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "quarantine.toml"
    for option, value in (("--ticket", "#1\nfake = 1"), ("--reason", "a\x1b]0;x\x07")):
        extra = ["--ticket", "#1"] if option == "--reason" else []
        done = run_cli(
            "quarantine", "add", "t", option, value, *extra, "--expires", "2099-01-01", "-q", path
        )
        assert done.returncode == 2
        assert done.stderr.startswith(f"reportgen: {path}: {option}: holds a control character")
        assert not path.exists()
    path.write_text(
        '[[quarantine]]\nname = "t"\nticket = "T-1\\nexpires = 2099"\nexpires = 2099-01-01\n'
    )
    listed = run_cli("quarantine", "list", "-q", path)
    assert listed.returncode == 2
    assert listed.stderr.startswith(f"reportgen: {path}: quarantine[0].ticket: holds a control")


def test_a_glob_with_a_newline_is_listed_on_one_line(tmp_path: Path) -> None:
    path = tmp_path / "quarantine.toml"
    path.write_text(
        '[[quarantine]]\nname = "multi\\nline\\u001b[2J"\nticket = "T"\nexpires = 2099-01-01\n'
    )
    listed = run_cli("quarantine", "list", "-q", path, "--date", "2026-01-01")
    assert listed.stdout.splitlines() == [
        f"{path}:1: T name=multi\ufffdline\ufffd[2J expires 2099-01-01 (active)",
        f"{path}: 1 entry",
    ]


def test_adding_a_catch_all_entry_warns(tmp_path: Path) -> None:
    from reportgen.deliver.quarantine import add_entry

    path = tmp_path / "quarantine.toml"
    edited = add_entry(path, test="*::*", file=None, ticket="#1", expires="2099-01-01")
    assert edited.warnings == [
        f"{path}:5: quarantine #1 (classname=* name=*) names no test in particular: it "
        "quarantines every failure and no failure gate sees one; give the tests' names"
    ]
    narrow = add_entry(path, test="test_a*", file=None, ticket="#2", expires="2099-01-01")
    assert narrow.warnings == []
