"""Cucumber JSON counted as Cucumber counts scenarios: worst step wins, undefined/pending fail."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from reportgen.ingest.peers import read_path, sniff
from reportgen.ingest.summary import FileResult
from reportgen.model import Counts, InputStatus, Outcome


def _step(status: str, name: str = "a step", **more: Any) -> dict[str, Any]:
    result: dict[str, Any] = {"status": status, "duration": 500_000_000}
    if status == "failed":
        result["error_message"] = "AssertionError: 2 !== 3"
    return {"keyword": "Given ", "name": name, "line": 3, "result": result, **more}


def _scenario(name: str, *statuses: str, kind: str = "scenario", **more: Any) -> dict[str, Any]:
    steps = [_step(s) for s in statuses]
    return {"keyword": "Scenario", "name": name, "line": 2, "type": kind, "steps": steps, **more}


def _features(*elements: dict[str, Any]) -> str:
    # cucumber-js writes `elements` before `name` and `uri`
    return json.dumps([{"description": "", "elements": list(elements), "id": "basket",
                        "keyword": "Feature", "line": 1, "name": "Basket",
                        "uri": "features/basket.feature"}], indent=2)  # fmt: skip


def _read(tmp_path: Path, text: str) -> FileResult:
    path = tmp_path / "cucumber.json"
    path.write_text(text, encoding="utf-8")
    return read_path(str(path))


@pytest.mark.parametrize(
    ("statuses", "outcome"),
    [
        (("passed", "passed"), Outcome.PASSED),
        (("passed", "failed", "skipped"), Outcome.FAILED),
        (("passed", "undefined", "skipped"), Outcome.FAILED),
        (("passed", "pending", "skipped"), Outcome.FAILED),
        (("passed", "ambiguous"), Outcome.FAILED),
        (("skipped", "skipped"), Outcome.SKIPPED),
        (("passed", "exploded"), Outcome.ERROR),
    ],
)
def test_a_scenario_is_its_worst_step(
    tmp_path: Path, statuses: tuple[str, ...], outcome: Outcome
) -> None:
    result = _read(tmp_path, _features(_scenario("s", *statuses)))
    assert [c.outcome for c in result.cases] == [outcome]


def test_scenarios_are_tests_named_in_their_feature(tmp_path: Path) -> None:
    result = _read(
        tmp_path,
        _features(
            _scenario("one", "passed"),
            _scenario("rows 1", "passed", keyword="Scenario Outline"),
            _scenario("rows 2", "undefined", keyword="Scenario Outline"),
        ),
    )
    assert result.input.format == "cucumber-json"
    assert result.input.counts == Counts(passed=2, failed=1)
    row = result.cases[2]
    assert (row.classname, row.suite, row.file) == (
        "Basket",
        ("Basket",),
        "features/basket.feature",
    )
    assert row.detail is not None and row.detail.problem is not None
    assert row.detail.problem.kind == "undefined"
    assert row.detail.problem.message == "undefined: Given a step"
    assert result.cases[0].duration == 0.5  # nanoseconds


def test_a_failing_background_or_hook_fails_the_scenario(tmp_path: Path) -> None:
    background = _scenario("bg", "failed", kind="background")
    hooked = _scenario("hooked", "passed", after=[{"result": {"status": "failed"}}])
    result = _read(tmp_path, _features(background, _scenario("after bg", "skipped"), hooked))
    assert [c.outcome for c in result.cases] == [Outcome.FAILED, Outcome.FAILED]
    problem = result.cases[1].detail.problem  # type: ignore[union-attr]
    assert problem is not None and problem.message == "failed: After hook"


def test_a_cut_file_keeps_the_scenarios_read(tmp_path: Path) -> None:
    text = _features(_scenario("one", "passed"), _scenario("two", "failed"))
    result = _read(tmp_path, text[: text.index('"two"')])
    assert result.input.status is InputStatus.PARTIAL
    assert result.input.counts == Counts(passed=1)


def test_sniffed_by_content() -> None:
    assert sniff(_features(_scenario("one", "passed")).encode()) == "cucumber-json"
    assert sniff(b'[{"name": "x"}]') is None


def test_entries_of_the_wrong_type_are_errors_never_passes(tmp_path: Path) -> None:
    failed = {"keyword": "Given ", "name": "x", "result": {"status": "failed"}}
    features = [
        {"uri": "features/a.feature", "keyword": "Feature", "name": "A", "elements": [
            "failed",
            {"type": "scenario", "name": "steps-not-list", "line": 3, "steps": {"0": failed}},
            {"type": "scenario", "name": "steps as strings", "line": 7, "steps": ["failed"]},
        ]},
        {"uri": "features/b.feature", "keyword": "Feature", "name": "B",
         "elements": {"0": {"type": "scenario", "name": "hidden", "steps": [failed]}}},
        "not a feature",
    ]  # fmt: skip
    result = _read(tmp_path, json.dumps(features))
    assert result.input.counts == Counts(errors=5)
    assert all(c.detail and c.detail.problem for c in result.cases)
    assert any("5 entries of the wrong type" in n.message for n in result.notices)


def test_a_scenario_without_steps_or_hooks_does_not_pass(tmp_path: Path) -> None:
    result = _read(tmp_path, _features(_scenario("empty"), {"type": "scenario", "name": "bare"}))
    assert result.input.counts == Counts(skipped=2)


def test_deep_nesting_is_refused(tmp_path: Path) -> None:
    deep = "[" * 5_000 + "]" * 5_000
    text = _features(_scenario("ok", "passed")).replace('"id": "basket"', f'"id": {deep}')
    result = _read(tmp_path, text)
    assert result.input.status is InputStatus.REJECTED
    assert result.input.problem is not None
    assert "nested more than 256 levels deep" in result.input.problem.message
