"""A sidecar is untrusted input: counts out of bounds leave its run out of history and
baselines with a warning naming it, never an exception."""

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from run_builders import F, P, archive_run, run_of

from reportgen.archive.layout import previous_sidecar
from reportgen.archive.sidecar import load_sidecar
from reportgen.archive.store import HistoryStore
from reportgen.deliver.index import write_index
from reportgen.errors import InputError
from reportgen.model import Run

EDITS: dict[str, Callable[[dict[str, Any]], None]] = {
    "negative": lambda d: d["run"]["counts"].update(passed=-5),
    "past-sqlite-integer": lambda d: d["run"]["counts"].update(passed=10**30),
    "suite-negative": lambda d: d["run"]["suites"][0]["counts"].update(failed=-1),
    "report-huge": lambda d: d["report"]["counts"].update(failed=2**63),
    "negative-duration": lambda d: d["run"]["cases"][0].update(duration=-3.0),
    "nan-duration": lambda d: d["run"]["cases"][0].update(duration=float("nan")),
}
SAID = {
    "negative": "run.counts.passed: -5 is negative",
    "past-sqlite-integer": "run.counts.passed: 1e+30 is more than 1,000,000,000",
    "suite-negative": "run.suites[0].counts.failed: -1 is negative",
    "report-huge": "report.counts.failed: 9.22337e+18 is more than 1,000,000,000",
    "negative-duration": "run.cases[0].duration: -3 is negative",
    "nan-duration": "run.cases[0].duration: nan is not a number of seconds",
}


def _edit(sidecar: Path, edit: Callable[[dict[str, Any]], None]) -> None:
    data = json.loads(sidecar.read_text())
    edit(data)
    sidecar.write_text(json.dumps(data))


@pytest.mark.parametrize("name", EDITS)
def test_a_sidecar_out_of_bounds_is_left_out_naming_it(tmp_path: Path, name: str) -> None:
    archive_run(tmp_path, run_of({"a": P, "b": F}), date="2025-01-01")
    bad = archive_run(tmp_path, run_of({"a": P, "b": P})).sidecar
    _edit(bad, EDITS[name])
    with pytest.raises(InputError, match=re.escape(SAID[name])):
        load_sidecar(bad)
    warnings: list[str] = []
    write_index(tmp_path, warnings=warnings)
    with HistoryStore.open(tmp_path) as store:
        assert [run.label for run in store.runs()] == ["2025-01-01-01"]
        assert len(store.problems) == 1
        assert str(bad) in store.problems[0] and SAID[name] in store.problems[0]
    assert any(str(bad) in w for w in warnings)
    assert "2025-01-02" not in (tmp_path / "INDEX.md").read_text()
    found = previous_sidecar(tmp_path, "nightly", "2025-01-02", min_tests=1)
    assert found is not None and found.name == "nightly-2025-01-01-01.json"


def test_the_baseline_skips_runs_without_tests(tmp_path: Path) -> None:
    archive_run(tmp_path, run_of({"a": P}), date="2025-01-01")
    archive_run(tmp_path, Run(), date="2025-01-02")  # a run that held 0 tests
    latest = previous_sidecar(tmp_path, "nightly", "2025-01-02")
    assert latest is not None and latest.name == "nightly-2025-01-02-01.json"
    found = previous_sidecar(tmp_path, "nightly", "2025-01-02", min_tests=1)
    assert found is not None and found.name == "nightly-2025-01-01-01.json"
    assert previous_sidecar(tmp_path, "nightly", "2024-12-31", min_tests=1) is None
