"""A configuration that matches nothing says so on stderr and in the worklog, and can fail a job."""

from __future__ import annotations

import re
from pathlib import Path

from reportgen.exitcodes import ExitCode
from reportgen.gate import FailOn

from .test_exit_codes import ROOT, render_sample, run_cli

STALE = """
[[categories]]
name = "Unit"
real_services = true
match = [{ input = "unit-pytest.xml" }]

[[categories]]
name = "API"
match = [{ classname = "*.TestApiConnectivity" }]

[[criteria]]
name = "Unit tests"
scope = ["Unit"]
target = ">=90%"
"""


def _render(tmp_path: Path, *extra: str) -> tuple[int, str, str]:
    config = tmp_path / "worklog.toml"
    config.write_text(STALE, encoding="utf-8")
    done = render_sample(tmp_path / "out", *extra, config=config)
    worklog = Path(done.stdout.splitlines()[0]).read_text(encoding="utf-8") if done.stdout else ""
    return done.returncode, done.stderr, worklog


def test_warned_on_stderr_and_in_the_notices_but_not_failing_by_default(tmp_path: Path) -> None:
    status, stderr, worklog = _render(tmp_path)
    assert status == ExitCode.OK
    warnings = [line for line in stderr.splitlines() if line.startswith("warning: ")]
    heads = [re.sub(r"^warning: (\w+ '[^']*'|\d+ test).*", r"\1", w) for w in warnings]
    assert heads == [
        "category 'Unit'",
        "31 test",  # the sample's 39 test cases (36 run, 3 skipped), less the 8 API claims
        "criterion 'Unit tests'",
    ]
    assert 'match = [{ input = "unit-pytest.xml" }]' in warnings[0]
    assert "01-api_connectivity.xml" in warnings[0]  # what the input paths really are
    notices = worklog.split("## 📝 Notices", 1)[1]
    assert "- category 'Unit' (match = \\[{ input = \"unit-pytest.xml\" }\\]) matched no test" in (
        notices
    )
    assert "- criterion 'Unit tests' (scope 'Unit') judged no test" in notices
    # its only real-service category ran nothing: authenticity must not vouch for it
    assert "No Mock or Bypass Detected" not in worklog and "#### Not Judged" in worklog


def test_fail_on_unmatched_fails_the_job_naming_what_matched_nothing(tmp_path: Path) -> None:
    status, stderr, _ = _render(tmp_path, "--fail-on", "unmatched")
    assert status == ExitCode.GATE_FAILED
    assert (
        "reportgen: failing: categories Unit matched no test; criteria Unit tests judged no "
        "test; 31 tests matched no category (--fail-on unmatched)"
    ) in stderr


def test_fail_on_unmatched_passes_when_the_config_fits(tmp_path: Path) -> None:
    done = render_sample(tmp_path / "out", "--fail-on", "unmatched")
    assert done.returncode == ExitCode.OK, done.stderr
    assert "warning" not in done.stderr


def test_every_fail_on_value_is_documented() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("`--fail-on` takes", 1)[1].split("\n\n", 2)[1]
    rows = [line.split("|")[1].strip() for line in table.splitlines()[2:]]
    assert rows == [f"`{f.value}`" for f in FailOn]
    help_text = " ".join(run_cli("render", "--help", COLUMNS="200").stdout.split())
    listed = help_text.split("WHEN is one of: ", 1)[1].split(".", 1)[0]
    assert listed.split(", ") == [f.value for f in FailOn]
