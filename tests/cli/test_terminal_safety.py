"""What reportgen prints quotes test data (names, messages, paths): none of it may drive the
terminal. A CTRF report carries control characters that XML cannot (ESC, BEL, CR)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from reportgen.exitcodes import ExitCode

from .test_exit_codes import run_cli

HOSTILE = "evil\x1b]0;retitled\x07\x1b]52;c;Y2xpcA==\x07\r\x1b[2J\x9b31m"
CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def test_control_characters_from_test_data_never_reach_the_terminal(tmp_path: Path) -> None:
    report = tmp_path / "ctrf-report.json"
    test = {"name": HOSTILE, "status": "failed", "duration": 1, "message": f"boom {HOSTILE}"}
    summary = {"tests": 1, "passed": 0, "failed": 1, "skipped": 0, "pending": 0, "other": 0}
    results = {"tool": {"name": "x"}, "summary": {**summary, "start": 0, "stop": 1}}
    report.write_text(json.dumps({"results": {**results, "tests": [test]}}), encoding="utf-8")
    result = run_cli("summary", report, "--annotations", "github", "--fail-on", "failures")
    assert result.returncode == ExitCode.GATE_FAILED, result.stderr
    assert "evil" in result.stdout and "\ufffd" in result.stdout  # shown, defused
    assert CONTROLS.search(result.stdout) is None, repr(result.stdout)
    assert CONTROLS.search(result.stderr) is None, repr(result.stderr)
