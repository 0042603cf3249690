"""A timing file given with `--timings` that lies among the reports is read as timings only."""

from __future__ import annotations

import json
from pathlib import Path
from zoneinfo import ZoneInfo

from reportgen.ingest.inputs import read_inputs

REPORT = '<testsuite name="s" tests="1"><testcase classname="c" name="t" time="0.1"/></testsuite>'


def _results(tmp_path: Path) -> tuple[Path, Path]:
    results = tmp_path / "results"
    results.mkdir()
    (results / "TEST-s.xml").write_text(REPORT, encoding="utf-8")
    timings = results / "timings.json"
    metrics = {"metrics": [{"name": "api_latency", "value": 80, "unit": "ms"}]}
    timings.write_text(json.dumps(metrics), encoding="utf-8")
    return results, timings


def test_a_timing_file_given_on_its_own_is_not_reported_as_left_out(tmp_path: Path) -> None:
    results, timings = _results(tmp_path)
    run = read_inputs([str(results)], [str(timings)], assume_tz=ZoneInfo("UTC"))
    assert [t.name for t in run.timings] == ["api_latency"]
    assert run.counts.total == 1
    assert [str(n) for n in run.notices] == []


def test_a_json_file_not_given_as_timings_is_still_reported(tmp_path: Path) -> None:
    results, _ = _results(tmp_path)
    run = read_inputs([str(results)], [], assume_tz=ZoneInfo("UTC"))
    assert any("timings.json" in str(n) and "left out" in str(n) for n in run.notices)
