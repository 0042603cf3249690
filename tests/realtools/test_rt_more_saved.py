"""The reports kept under generated/more/, read without the tools that wrote them.

Each `<tool>.record.json` names the report, the tool's version and command, its own summary
(its console output is `<tool>.console.txt`) and the counts reportgen must find, with the
generating module's notes on how the tool's numbers map to reportgen's.
Regenerate with: REALTOOLS_SAVE=1 python -m pytest -q tests/realtools
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from reportgen.ingest import read_reports
from reportgen.model import KIND_OUTCOME, Counts, Outcome

from ._more import MORE

RECORDS = sorted(MORE.glob("*.record.json"))
TOOLS = {
    "jest-ctrf", "jest-trx", "jest-xunit", "node-tap", "nose2", "pytest-collection",
    "pytest-xdist-collection", "vitest-classname", "mocha-defaults", "libtest",
    "gotestsum-rerun", "catch2", "doctest", "cucumber-junit", "nunit2",
}  # fmt: skip


def _load(record: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(record.read_text(encoding="utf-8"))
    return data


@pytest.mark.parametrize("record", RECORDS, ids=[r.name.split(".")[0] for r in RECORDS])
def test_saved_report_counts_as_the_tool_said(record: Path) -> None:
    meta = _load(record)
    assert meta["version"], "every saved report names the tool version that wrote it"
    assert (MORE / f"{meta['tool']}.console.txt").is_file()
    for keep_passing in (True, False):
        run = read_reports([str(MORE / meta["report"])], keep_passing=keep_passing)
        assert run.counts == Counts(**meta["expected"])
        assert run.kinds == meta["expected_kinds"]


@pytest.mark.parametrize("record", RECORDS, ids=[r.name.split(".")[0] for r in RECORDS])
def test_a_finer_outcome_lies_inside_its_total(record: Path) -> None:
    meta = _load(record)
    run = read_reports([str(MORE / meta["report"])])
    for case in run.cases:
        if case.kind is not None:
            assert KIND_OUTCOME[case.kind] is case.outcome, case.kind
    assert not [
        c for c in run.cases if c.outcome is Outcome.PASSED and c.detail and c.detail.problem
    ]


def test_every_tool_has_a_saved_report() -> None:
    assert {_load(r)["tool"] for r in RECORDS} == TOOLS
