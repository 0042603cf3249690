"""`[[groups]]` in worklog.toml makes a failure group by hand, in a real render."""

from __future__ import annotations

import json
from pathlib import Path

from reportgen.exitcodes import ExitCode
from tests.cli.test_exit_codes import run_cli

REPORT = (
    '<testsuite name="s">'
    '<testcase classname="c" name="a"><failure message="write failed: ENOSPC"/></testcase>'
    '<testcase classname="c" name="b"><error type="IOError" message="disk quota exceeded"/>'
    "</testcase>"
    '<testcase classname="c" name="x"><failure message="expected 1, got 2"/></testcase>'
    "</testsuite>"
)


def test_a_group_rule_merges_two_spellings_of_one_cause(tmp_path: Path) -> None:
    report = tmp_path / "r.xml"
    report.write_text(REPORT, encoding="utf-8")
    config = tmp_path / "worklog.toml"
    config.write_text(
        '[[groups]]\nname = "Disk full on the runner"\nmatch = { message = "ENOSPC|quota" }\n',
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = run_cli("render", report, "-c", config, "--out", out, "--json", tmp_path / "r.json")
    assert result.returncode == ExitCode.OK, result.stderr
    worklog = next(out.glob("*.md")).read_text(encoding="utf-8")
    assert "Disk full on the runner" in worklog
    groups = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["groups"]
    assert [(g["signature"], g["count"]) for g in groups] == [
        ("Disk full on the runner", 2),
        ("expected <n>, got <n>", 1),
    ]
