"""Passes packed without an object each (`summary --json`) are written back byte for byte as
the JSON of a run whose every case was kept: every corpus report, alone and together."""

from __future__ import annotations

from datetime import UTC
from pathlib import Path

import pytest
from report_files import needs_corpus, real_reports, report_id

from reportgen.ingest import Fold, read_reports
from reportgen.ingest.inputs import read_inputs
from reportgen.ingest.shards import merge_runs
from reportgen.model import Outcome
from reportgen.render.run_json import run_json

REPORTS = real_reports()


def _json(sources: list[str], **options: object) -> bytes:
    return b"".join(run_json(read_reports(sources, **options)))  # type: ignore[arg-type]


@pytest.mark.parametrize("path", REPORTS, ids=report_id)
def test_every_real_report_packed_writes_the_same_json(path: Path) -> None:
    packed = read_reports([str(path)], jobs=1, pack=True)
    kept = read_reports([str(path)], jobs=1)
    assert packed.counts == kept.counts
    assert not packed.cases_complete
    assert list(packed.every_case()) == kept.cases
    assert b"".join(run_json(packed)) == b"".join(run_json(kept))


@needs_corpus
@pytest.mark.parametrize("jobs", [1, 2])
def test_many_reports_packed_keep_each_case_in_its_report(jobs: int) -> None:
    sources = [str(p) for p in REPORTS[:120]]
    assert _json(sources, jobs=jobs, pack=True) == _json(sources, jobs=1)


def test_packing_leaves_failures_as_cases_in_their_places(tmp_path: Path) -> None:
    report = tmp_path / "r.xml"
    cases = [
        f'<testcase classname="c{i % 3}" name="t{i}" time="0.{i}" line="{i}"/>' for i in range(9000)
    ]
    cases.insert(5, '<testcase classname="c" name="bad" time="1"><failure message="m"/></testcase>')
    report.write_text(f'<testsuite name="s">{"".join(cases)}</testsuite>', encoding="utf-8")
    packed = read_reports([str(report)], jobs=1, pack=True)
    assert [c.outcome for c in packed.cases] == [Outcome.FAILED]
    assert packed.packed is not None and len(packed.packed[0]) == 9000  # over two batches
    every = list(packed.every_case())
    assert [c.name for c in every[4:7]] == ["t4", "bad", "t5"]
    assert every[-1].line == 8999 and every[-1].file is None
    assert every == read_reports([str(report)], jobs=1).cases


def test_lines_the_arrays_cannot_hold_stay_cases(tmp_path: Path) -> None:
    report = tmp_path / "r.xml"
    lines = ["-1", "0", "2147483647", "2147483648", "99999999999999999999", "x", ""]
    body = "".join(
        f'<testcase classname="c" name="t{i}" time="1" line="{line}"/>'
        for i, line in enumerate(lines)
    )
    report.write_text(f'<testsuite name="s">{body}</testsuite>', encoding="utf-8")
    packed = read_reports([str(report)], jobs=1, pack=True)
    kept = read_reports([str(report)], jobs=1)
    assert [c.line for c in packed.every_case()] == [c.line for c in kept.cases]
    assert [c.name for c in packed.cases] == ["t0", "t3", "t4"]
    assert b"".join(run_json(packed)) == b"".join(run_json(kept))


def test_a_report_cut_mid_write_packs_what_it_kept(tmp_path: Path) -> None:
    report = tmp_path / "cut.xml"
    body = "".join(f'<testcase classname="c" name="t{i}" time="1"/>' for i in range(50))
    report.write_text(f'<testsuite name="s">{body}<testcase classname="c" name="x', "utf-8")
    packed = read_reports([str(report)], jobs=1, pack=True)
    kept = read_reports([str(report)], jobs=1)
    assert packed.inputs == kept.inputs and kept.counts.passed == 50
    assert b"".join(run_json(packed)) == b"".join(run_json(kept))


def test_packed_runs_are_not_merged_and_saved_runs_turn_packing_off(tmp_path: Path) -> None:
    report = tmp_path / "r.xml"
    report.write_text('<testsuite name="s"><testcase classname="c" name="a" time="1"/></testsuite>')
    packed = read_reports([str(report)], jobs=1, pack=True)
    with pytest.raises(ValueError, match="packed"):
        merge_runs([packed, packed])
    saved = tmp_path / "run.json"
    # another shard's run of a report of the same name (the same run twice is merged once)
    saved.write_bytes(b"".join(run_json(packed)).replace(str(report).encode(), b"other/r.xml"))
    both = read_inputs([str(report), str(saved)], assume_tz=UTC, pack=True)
    assert both.packed is None and both.cases_complete
    assert [c.name for c in both.cases] == ["a", "a"]


# Where the fast and slow paths once made different tests of the same testcase: a TAP test
# (no classname) that the suite's output turns into a skip, and line 0.
TAP_SKIPS = """<testsuites><testsuite name="t/a.t">
<testcase classname="" name="1 - first" time="0.1"><system-out>x</system-out></testcase>
<testcase classname="" name="2 - second" time="0.1"><system-out>x</system-out></testcase>
<testcase classname="" name="3 - third" time="0.1"><system-out>x</system-out></testcase>
<system-out>ok 1 - first
ok 2 - second
ok 3 - third # skip no db
</system-out></testsuite></testsuites>"""
TAP_SKIPS_WITHOUT_OUTPUT = TAP_SKIPS.replace("<system-out>x</system-out>", "")
LINE_ZERO = (
    '<testsuite name="s"><testcase classname="c" name="a" time="1" line="0">'
    "<system-out>o</system-out></testcase></testsuite>"
)
RERUN_AT_LINE_ZERO = """<testsuites name="pytest tests"><testsuite name="pytest">
<testcase classname="t.a" name="x" file="t/a.py" line="0" time="0.1"><system-out>1</system-out>
</testcase>
<testcase classname="t.a" name="x" file="t/a.py" line="0" time="0.1">
<failure message="boom">E</failure></testcase></testsuite></testsuites>"""


@pytest.mark.parametrize(
    "text",
    [TAP_SKIPS, TAP_SKIPS_WITHOUT_OUTPUT, LINE_ZERO, RERUN_AT_LINE_ZERO],
    ids=["tap", "tap-plain", "line-0", "rerun"],
)
def test_every_reading_makes_the_same_test_of_tap_skips_and_line_0(
    tmp_path: Path, text: str
) -> None:
    report = tmp_path / "r.xml"
    report.write_text(text, encoding="utf-8")
    kept = read_reports([str(report)], jobs=1)
    packed = read_reports([str(report)], jobs=1, pack=True)
    folded = read_reports([str(report)], jobs=1, fold=Fold(slowest=0))
    assert packed.counts == folded.counts == kept.counts
    assert b"".join(run_json(packed)) == b"".join(run_json(kept))
    totals = read_reports([str(report)], jobs=1, keep_passing=False)
    assert totals.counts == kept.counts
    if text.startswith("<testsuites><testsuite"):  # TAP: the suite's output says one skipped
        assert kept.counts.skipped == 1
    else:  # pytest counts lines from 0: line 0 is a line
        assert {c.line for c in kept.cases} == {0}
    unsettled = {(c.name, c.line) for c in kept.cases if c.outcome is not Outcome.PASSED}
    assert {(c.name, c.line) for c in folded.cases if c.outcome is not Outcome.PASSED} == unsettled
