from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from report_files import CORPUS, needs_corpus
from run_builders import E, F, K, P, S, run_of

from reportgen.ingest.shards import merge_runs
from reportgen.model import InputStatus, Notice, Run

SHARDS = [
    [
        "jenkinsci__junit-plugin/junit-report-1463.xml",
        "jenkinsci__junit-plugin/junit-report-bad-duration.xml",
        "jenkinsci__junit-plugin/junit-report-6700.xml",
        "jenkinsci__junit-plugin/gh-237/TEST-io.olamy.AlwaysFailTest.xml",
        "jenkinsci__junit-plugin/gh-237/TEST-io.olamy.FlakyTest.xml",
    ],
    [
        "EnricoMi__publish-unit-test-result-action/junit-xml/junit.multiresult.xml",
        "EnricoMi__publish-unit-test-result-action/xml/non-xml.xml",
        "EnricoMi__publish-unit-test-result-action/junit-xml/pytest/corrupt-xml.xml",
        "mikepenz__action-junit-report/test_results/flaky_retries/flaky_with_classname_file.xml",
    ],
    [
        "mikepenz__action-junit-report/test_results/nested/multi-level.xml",
        "jenkinsci__junit-plugin/junit-report-nested-testsuites.xml",
        "jenkinsci__junit-plugin/junit-report-1472.xml",
    ],
]


def test_shards_add_up_and_inputs_are_renumbered() -> None:
    first = run_of({"a": P, "b": F}, path="one.xml", started=datetime(2025, 1, 1, 10, tzinfo=UTC))
    second = run_of(
        {"c": E, "d": S, "e": K}, path="two.xml", started=datetime(2025, 1, 1, 9, tzinfo=UTC)
    )
    second.notices.append(Notice(file="two.xml", message="declared counts differ"))
    second.finished = datetime(2025, 1, 1, 11, tzinfo=UTC)
    merged = merge_runs([first, second])
    assert merged.counts == first.counts + second.counts
    assert (merged.counts.total, merged.counts.failed, merged.counts.flaky) == (5, 1, 1)
    assert [merged.inputs[c.input].path for c in merged.cases] == ["one.xml"] * 2 + ["two.xml"] * 3
    assert [s.input for s in merged.suites] == [0, 1]
    assert [n.file for n in merged.notices] == ["two.xml"]
    assert merged.started == datetime(2025, 1, 1, 9, tzinfo=UTC)
    assert merged.finished == second.finished
    assert second.cases[0].input == 0  # shards are left as they were


def test_merge_is_associative_and_keeps_incompleteness() -> None:
    runs = [
        run_of({"a": P}, path="1.xml"),
        run_of({"b": F}, path="2.xml", complete=False),
        run_of({"c": P}, path="3.xml"),
    ]
    one_go = merge_runs(runs)
    stepwise = merge_runs([merge_runs(runs[:2]), runs[2]])
    assert one_go == stepwise
    assert not one_go.cases_complete
    assert merge_runs([]) == Run()


def _shape(run: Run) -> dict[str, Any]:
    """What must agree between shards merged and everything ingested at once."""
    path = [i.path for i in run.inputs]
    return {
        "counts": run.counts,
        "inputs": sorted(i.model_dump_json() for i in run.inputs),
        "cases": Counter(
            (
                path[c.input],
                c.identity,
                c.outcome,
                c.duration,
                c.attempts,
                c.source_line,
                repr(c.detail),
            )
            for c in run.cases
        ),
        "suites": Counter(
            (path[s.input], s.model_dump_json(exclude={"input"})) for s in run.suites
        ),
        "notices": Counter(str(n) for n in run.notices),
        "complete": run.cases_complete,
    }


@needs_corpus
def test_merged_shards_equal_one_ingest_of_all_corpus_files() -> None:
    ingest = pytest.importorskip("reportgen.ingest")
    read_reports = getattr(ingest, "read_reports", None)
    if read_reports is None:
        pytest.skip("reportgen.ingest.read_reports is not there yet")
    shards = [[str(CORPUS / name) for name in shard] for shard in SHARDS]
    assert all(Path(name).is_file() for shard in shards for name in shard)
    merged = merge_runs([read_reports(shard, jobs=1) for shard in shards])
    at_once = read_reports([name for shard in shards for name in shard], jobs=1)
    # The shards hold a rejected and a partial file, reruns and 2 flaky tests (read by hand).
    assert {i.status for i in merged.inputs} == {
        InputStatus.OK,
        InputStatus.PARTIAL,
        InputStatus.REJECTED,
    }
    assert merged.counts.flaky == 2 and merged.counts.total > 2600
    assert _shape(merged) == _shape(at_once)


def test_a_run_given_twice_is_merged_once_with_a_notice() -> None:
    shard = run_of({"a": P, "b": F}, path="one.xml")
    other = run_of({"c": F}, path="two.xml")
    merged = merge_runs([shard, other, shard.model_copy(deep=True)])
    assert (merged.counts.total, merged.counts.failed) == (3, 2)
    assert [n.message for n in merged.notices] == [
        "the same shard as shard 1 (one.xml) (equal in every field): merged once"
    ]
    assert merged.notices[0].file == "shard 3 (one.xml)"
