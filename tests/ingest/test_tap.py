"""TAP 13/14 read as its harnesses count it: plan, SKIP, TODO, Bail out!, subtests."""

from __future__ import annotations

from pathlib import Path

from reportgen.ingest.peers import read_path, sniff
from reportgen.ingest.sources import expand
from reportgen.model import Counts, InputStatus, Outcome


def _read(tmp_path: Path, text: str, name: str = "run.tap"):  # type: ignore[no-untyped-def]
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return read_path(str(path))


def test_plan_skip_and_todo_count_as_a_harness_counts(tmp_path: Path) -> None:
    result = _read(
        tmp_path,
        "TAP version 13\n1..5\nok 1 - adds\nnot ok 2 - wrong sum\nok 3 # SKIP no network\n"
        "not ok 4 - later # TODO not finished\nok 5 - fixed # TODO fixed already\n",
    )
    assert result.input.format == "tap"
    assert result.input.counts == Counts(passed=2, failed=1, skipped=2)
    assert result.input.kinds == {"todo": 1, "xpass": 1}
    outcomes = {case.name: case.outcome for case in result.cases}
    assert outcomes["later"] is Outcome.SKIPPED  # a failing TODO is no failure
    assert outcomes["wrong sum"] is Outcome.FAILED


def test_not_ok_with_skip_stays_a_failure(tmp_path: Path) -> None:
    result = _read(tmp_path, "1..1\nnot ok 1 - broken # SKIP said to skip\n")
    assert result.input.counts == Counts(failed=1)


def test_missing_tests_against_the_plan_fail_the_stream(tmp_path: Path) -> None:
    result = _read(tmp_path, "1..3\nok 1 - first\n")
    assert result.input.counts == Counts(passed=1, errors=1)
    (error,) = [case for case in result.cases if case.outcome is Outcome.ERROR]
    assert error.name == "planned 3 tests, ran 1"
    assert error.kind == "suite error"


def test_no_plan_fails_the_stream(tmp_path: Path) -> None:
    result = _read(tmp_path, "ok 1 - only one\n")
    assert result.input.counts == Counts(passed=1, errors=1)


def test_bail_out_stops_the_stream_with_an_error(tmp_path: Path) -> None:
    result = _read(tmp_path, "1..4\nok 1 - a\nBail out! database gone\nok 2 - b\n")
    assert result.input.counts == Counts(passed=1, errors=1)
    assert [c.name for c in result.cases] == ["a", "Bail out! database gone"]


def test_tap14_subtests_count_with_their_parent(tmp_path: Path) -> None:
    text = (
        "TAP version 14\n1..2\n# Subtest: parent\n    1..2\n    ok 1 - child ok\n"
        "    not ok 2 - child fails\n      ---\n      message: 'bad child'\n      ...\n"
        "not ok 1 - parent\nok 2 - after\n"
    )
    result = _read(tmp_path, text)
    assert result.input.counts == Counts(passed=2, failed=2)
    child = next(c for c in result.cases if c.name == "child fails")
    assert child.suite == ("parent",)
    assert child.detail is not None and child.detail.problem is not None
    assert child.detail.problem.message == "bad child"


def test_skip_all_is_nothing_to_run(tmp_path: Path) -> None:
    result = _read(tmp_path, "1..0 # SKIP no database here\n")
    assert result.input.counts == Counts()
    assert result.input.status is InputStatus.OK
    assert "nothing to run" in result.notices[0].message


def test_node_duration_and_total_are_read(tmp_path: Path) -> None:
    text = "TAP version 13\nok 1 - a\n  ---\n  duration_ms: 250\n  ...\n1..1\n# tests 2\n"
    result = _read(tmp_path, text)
    assert result.cases[0].duration == 0.25
    assert any("says 2 tests; it lists 1" in n.message for n in result.notices)


def test_sniffing_and_directories_find_tap_by_content(tmp_path: Path) -> None:
    assert sniff(b"TAP version 14\n1..1\n") == "tap"
    assert sniff(b"\xef\xbb\xbf1..2\nok 1\n") == "tap"
    assert sniff(b"hello\nok 1\n") is None
    (tmp_path / "a.tap").write_text("1..1\nok 1\n", encoding="utf-8")
    (tmp_path / "notes.tap").write_text("just notes\n", encoding="utf-8")
    found = expand([str(tmp_path)])
    assert [Path(p).name for p in found.paths] == ["a.tap"]


PERL_SUBTEST = (
    "1..2\n# Subtest: grouped\n    1..2\n    ok 1 - one\n    ok 2 - two\nok 1 - grouped\nok 2\n"
)


def test_passing_subtests_of_prove_style_tap_count_in_their_parent(tmp_path: Path) -> None:
    result = _read(tmp_path, PERL_SUBTEST)
    assert result.input.counts == Counts(passed=2)
    assert "2 passing subtest results counted in their parent" in result.notices[0].message


def test_a_failing_subtest_is_counted_whoever_wrote_the_stream(tmp_path: Path) -> None:
    text = PERL_SUBTEST.replace("    ok 2 - two", "    not ok 2 - two").replace(
        "ok 1 - grouped", "not ok 1 - grouped"
    )
    result = _read(tmp_path, text)
    assert result.input.counts == Counts(passed=2, failed=2)


def test_node_style_tap_counts_every_subtest(tmp_path: Path) -> None:
    text = (
        "TAP version 13\n# Subtest: parent\n    # Subtest: child\n    ok 1 - child\n"
        "    1..1\nok 1 - parent\n1..1\n"
    )
    result = _read(tmp_path, text)
    assert result.input.counts == Counts(passed=2)
    assert result.notices == []


def test_a_yaml_block_without_its_end_stops_at_a_line_indented_less(tmp_path: Path) -> None:
    result = _read(
        tmp_path,
        "TAP version 13\n1..3\nok 1 - a\n  ---\n  message: hi\nnot ok 2 - b\nnot ok 3 - c\n",
    )
    assert result.input.counts == Counts(passed=1, failed=2)
    assert [case.name for case in result.cases] == ["a", "b", "c"]


def test_a_yaml_block_without_its_end_before_the_plan(tmp_path: Path) -> None:
    result = _read(tmp_path, "TAP version 13\nok 1 - a\n  ---\n  message: hi\nnot ok 2 - b\n1..2\n")
    assert result.input.counts == Counts(passed=1, failed=1)


def test_a_second_plan_is_a_suite_error(tmp_path: Path) -> None:
    result = _read(tmp_path, "1..2\nok 1\nnot ok 2\n1..2\n")
    assert result.input.counts == Counts(passed=1, failed=1, errors=1)
    error = next(c for c in result.cases if c.outcome is Outcome.ERROR)
    assert error.kind == "suite error" and "second plan (1..2) at line 4" in error.name


def test_an_empty_stream_is_called_empty_not_missing_xml(tmp_path: Path) -> None:
    from reportgen.ingest import read_reports

    empty = tmp_path / "run.tap"
    empty.write_bytes(b"")
    (found,) = read_reports([str(empty)]).inputs
    assert found.problem is not None and found.problem.message.startswith("empty file: nothing")
