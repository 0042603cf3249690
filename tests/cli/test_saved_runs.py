"""Saved runs (`summary --json`) read back as inputs are untrusted: bad counts are refused."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from reportgen.exitcodes import ExitCode

from .test_exit_codes import SAMPLE, run_cli


@pytest.fixture(scope="module")
def saved(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    out = tmp_path_factory.mktemp("saved") / "run.json"
    result = run_cli("summary", SAMPLE / "results", "--json", out)
    assert out.is_file(), result.stderr
    data: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    assert data["cases_complete"] is True
    return data


def _edited(saved: dict[str, Any], tmp_path: Path, edit: Callable[[dict[str, Any]], None]) -> Path:
    data = json.loads(json.dumps(saved))
    edit(data)
    path = tmp_path / "edited.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def _set_passed(value: Any) -> Callable[[dict[str, Any]], None]:
    def edit(data: dict[str, Any]) -> None:
        data["counts"]["passed"] = value
        data["inputs"][0]["counts"]["passed"] = value

    return edit


def _drop_a_case(data: dict[str, Any]) -> None:
    data["cases"].pop()


def _partial_with_too_few(data: dict[str, Any]) -> None:
    data["cases_complete"] = False
    data["counts"]["failed"] = 0
    for item in data["inputs"]:
        item["counts"]["failed"] = 0


def _inputs_disagree(data: dict[str, Any]) -> None:
    data["cases_complete"] = False
    data["counts"]["skipped"] += 5


@pytest.mark.parametrize(
    ("edit", "said"),
    [
        (_set_passed(-20), "counts.passed: -20 is negative"),
        (_set_passed(10**30), "counts.passed: 1e+30 is more than 1,000,000,000"),
        (_set_passed(1e30), "inputs[0].counts.passed: Unable to parse"),
        (_drop_a_case, "says it holds them all (cases_complete)"),
        (_partial_with_too_few, "counts.failed: 0 but the run holds"),
        (_inputs_disagree, "but its inputs add up to"),
    ],
    ids=["negative", "huge", "float", "cases-missing", "more-cases-than-counted", "sums"],
)
def test_a_bad_saved_run_is_rejected_naming_the_field(
    saved: dict[str, Any],
    tmp_path: Path,
    edit: Callable[[dict[str, Any]], None],
    said: str,
) -> None:
    path = _edited(saved, tmp_path, edit)
    report = tmp_path / "one.xml"
    report.write_text('<testsuite name="s"><testcase classname="c" name="t"/></testsuite>')
    result = run_cli("summary", path, report)
    assert result.returncode == ExitCode.INPUTS_REJECTED
    assert f"rejected: {path}" in result.stderr
    assert said in result.stderr
    # the other input still counts, and nothing of the rejected one does (the temporary
    # directory's name may hold any digits, so only the totals line is compared)
    assert result.stdout.splitlines()[0] == "1 test, 1 passed, 0 failed, 0 errors, 0 skipped"


def test_a_saved_run_as_written_is_read(saved: dict[str, Any], tmp_path: Path) -> None:
    path = _edited(saved, tmp_path, lambda data: None)
    result = run_cli("summary", path)
    assert result.returncode == ExitCode.OK, result.stderr
    total = sum(saved["counts"].values())
    assert result.stdout.startswith(f"{total} tests, {saved['counts']['passed']} passed")
