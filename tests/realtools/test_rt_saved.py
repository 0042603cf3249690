"""The real tools' saved outputs (generated/), read without the tools.

Each `generated/<tool>.xml` was written by the tool named in `<tool>.json`, which also holds
the tool's own summary at that time and the counts reportgen must find (mapped as the
generating module's `expected_counts` explains; its notes are copied into the JSON).
Regenerate with: REALTOOLS_SAVE=1 python -m pytest -q tests/realtools
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from reportgen.model import Counts

from ._support import GENERATED, read

RECORDS = sorted(GENERATED.glob("*.json"))


def load(record: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(record.read_text(encoding="utf-8"))
    return data


@pytest.mark.parametrize("record", RECORDS, ids=[r.stem for r in RECORDS])
def test_saved_output_counts_as_the_tool_said(record: Path) -> None:
    meta = load(record)
    assert meta["tool"] == record.stem
    assert meta["version"], "every saved output names the tool version that wrote it"
    run = read(record.with_suffix(".xml"))
    assert run.counts == Counts(**meta["expected"])
    assert run.kinds == meta.get("expected_kinds", {})


@pytest.mark.parametrize("record", RECORDS, ids=[r.stem for r in RECORDS])
def test_totals_only_reading_counts_the_same(record: Path) -> None:
    # `summary` without --json keeps no passing test: the dialect rules must not depend on them
    from reportgen.ingest import read_reports

    meta = load(record)
    run = read_reports([str(record.with_suffix(".xml"))], keep_passing=False)
    assert run.counts == Counts(**meta["expected"])
    assert run.kinds == meta.get("expected_kinds", {})


def test_every_tool_has_a_saved_output() -> None:
    expected = {
        "behave", "ctest", "gotestsum", "jest", "mocha", "node-test", "phpunit", "prove",
        "pytest-rerunfailures",
        "pytest-xunit1", "pytest-xunit2", "rspec", "unittest-xmlrunner", "vitest",
    }  # fmt: skip
    assert {r.stem for r in RECORDS} == expected
    assert {x.stem for x in GENERATED.glob("*.xml")} == expected
