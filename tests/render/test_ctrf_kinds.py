"""A tool's finer outcomes (xfail, todo, ...) survive into CTRF and back."""

from __future__ import annotations

import json
from pathlib import Path

from reportgen.ingest import read_reports
from reportgen.render.ctrf import render_ctrf

REPORT = (
    '<testsuites name="pytest tests"><testsuite name="pytest">'
    '<testcase classname="t" name="ok"/>'
    '<testcase classname="t" name="xf"><skipped type="pytest.xfail" message="known"/></testcase>'
    "</testsuite></testsuites>"
)


def test_kinds_are_written_per_test_and_in_the_summary(tmp_path: Path) -> None:
    source = tmp_path / "junit.xml"
    source.write_text(REPORT, encoding="utf-8")
    document = json.loads(render_ctrf(read_reports([str(source)]), generated_by="t"))
    tests = {t["name"]: t for t in document["results"]["tests"]}
    assert tests["xf"]["extra"]["kind"] == "xfail" and "kind" not in tests["ok"]["extra"]
    assert document["results"]["summary"]["extra"]["kinds"] == {"xfail": 1}
    copy = tmp_path / "run.ctrf.json"
    copy.write_text(json.dumps(document), encoding="utf-8")
    assert read_reports([str(copy)]).kinds == {"xfail": 1}
