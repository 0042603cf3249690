"""`reportgen quarantine add/list/prune` and `render --baseline` with other runs, end to end."""

from __future__ import annotations

from pathlib import Path

from tests.cli.test_exit_codes import run_cli

ROOT = Path(__file__).resolve().parents[2]


def test_add_list_prune(tmp_path: Path) -> None:
    path = tmp_path / "quarantine.toml"
    added = run_cli(
        "quarantine", "add", "tests.test_api::test_upload*", "--ticket", "#12",
        "--expires", "2026-03-01", "-q", path,
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    assert added.stdout == f"{path}:4: added #12 (classname=tests.test_api name=test_upload*)\n"
    run_cli("quarantine", "add", "test_b", "--ticket", "#13", "--expires", "2027-01-01", "-q", path)
    listed = run_cli("quarantine", "list", "-q", path, "--date", "2026-06-01")
    assert listed.returncode == 0
    assert listed.stdout.splitlines() == [
        f"{path}:4: #12 classname=tests.test_api name=test_upload* expires 2026-03-01 (expired)",
        f"{path}:11: #13 name=test_b expires 2027-01-01 (active)",
        f"{path}: 2 entries",
    ]
    pruned = run_cli("quarantine", "prune", "-q", path, "--date", "2026-06-01")
    assert pruned.stdout.startswith(f"{path}:4: removed #12")
    assert "#12" not in path.read_text() and "#13" in path.read_text()


def test_a_bad_date_or_missing_ticket_is_a_config_error(tmp_path: Path) -> None:
    path = tmp_path / "quarantine.toml"
    bad = run_cli("quarantine", "add", "t", "--ticket", "#1", "--expires", "31.12.2026", "-q", path)
    assert bad.returncode == 2
    assert "quarantine[0].expires: '31.12.2026' is not a date" in bad.stderr
    assert "(line 7)" in bad.stderr  # the line of the date
    assert not path.exists()
    missing = run_cli("quarantine", "add", "t", "--expires", "2026-12-31", "-q", path)
    assert missing.returncode == 2 and "names its ticket" in missing.stderr
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
