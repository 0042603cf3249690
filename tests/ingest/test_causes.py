"""Disagreements between declared counts, testcases and a tool's own totals name their cause."""

from __future__ import annotations

import json
from pathlib import Path

from reportgen.ingest import read_report
from reportgen.ingest.declared import known_cause

GENERATED = Path(__file__).resolve().parents[1] / "realtools" / "generated"


def _messages(name: str) -> list[str]:
    return [n.message for n in read_report(str(GENERATED / name)).notices]


def test_jest_todo_tests_are_named_as_the_cause() -> None:
    assert any(
        m.endswith(": jest-junit leaves todo tests out of tests=") for m in _messages("jest.xml")
    )


def test_node_totals_comments_are_reconciled_with_the_cause() -> None:
    said = json.loads((GENERATED / "node-test.json").read_text(encoding="utf-8"))["tool_summary"]
    [totals] = [m for m in _messages("node-test.xml") if m.startswith("node's own totals")]
    assert totals.startswith(f"node's own totals say tests {said['tests']}, fail {said['fail']};")
    assert "node counts each test that has subtests as a test of its own" in totals


def test_mocha_hook_failures_are_named() -> None:
    assert any("a failing hook kept from running" in m for m in _messages("mocha.xml"))


def test_a_file_missing_most_of_its_tests_is_not_blamed_on_its_producer() -> None:
    assert known_cause("mocha", "tests", 15515, 1) is None
    assert "hook" in (known_cause("mocha", "tests", 9, 8) or "")


def test_an_unknown_difference_has_no_made_up_cause() -> None:
    assert known_cause("pytest", "failures", 1, 2) is None
