"""Saved runs are read as a stream: the fields first, then the cases one batch at a time.

What the stream must keep: the same run as reading the file whole, every check naming its
field (also past the first batch of cases), refusal of what a whole read would silently take
(a repeated key), and `merge` writing nothing when a late case is bad.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from run_builders import E, F, P, S, case, run_of

from reportgen.errors import InputError, UsageError
from reportgen.ingest.saved import load_run, open_saved_run
from reportgen.model import Run
from reportgen.pipeline import merge_shards
from reportgen.render.run_json import run_json

OUTCOMES = [P, F, E, S]


def big_run(cases: int) -> Run:
    """A run of `cases` cases, more than one validation batch."""
    outcomes = {f"t{n}": OUTCOMES[n % 4] for n in range(cases)}
    return run_of(outcomes)


def saved(tmp_path: Path, run: Run, name: str = "run.json") -> Path:
    path = tmp_path / name
    path.write_bytes(b"".join(run_json(run)))
    return path


def edited(tmp_path: Path, run: Run, edit: Any) -> Path:
    data = json.loads(b"".join(run_json(run)))
    edit(data)
    path = tmp_path / "edited.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_a_streamed_run_equals_the_run_written(tmp_path: Path) -> None:
    run = big_run(12_345)
    loaded = load_run(saved(tmp_path, run))
    assert loaded == run
    assert Run.model_validate_json(saved(tmp_path, run).read_bytes()) == loaded


def test_fields_come_without_reading_the_cases(tmp_path: Path) -> None:
    run = big_run(10)
    opened = open_saved_run(saved(tmp_path, run))
    assert opened.header.cases == [] and opened.header.counts == run.counts
    assert list(opened.cases()) == run.cases


def test_fields_after_the_cases_are_read_too(tmp_path: Path) -> None:
    run = big_run(8)
    data = json.loads(b"".join(run_json(run)))
    moved = {"cases": data.pop("cases"), **data}  # a hand-written file may order keys anyhow
    path = tmp_path / "moved.json"
    path.write_text(json.dumps(moved), encoding="utf-8")
    assert load_run(path) == run


def test_a_bad_case_past_the_first_batch_is_named_by_its_index(tmp_path: Path) -> None:
    def break_one(data: dict[str, Any]) -> None:
        data["cases"][7001]["outcome"] = "exploded"

    with pytest.raises(InputError, match=r"cases\[7001\]\.outcome: Input should be"):
        load_run(edited(tmp_path, big_run(9000), break_one))


def test_a_case_with_a_negative_duration_is_refused_naming_it(tmp_path: Path) -> None:
    def negative(data: dict[str, Any]) -> None:
        data["cases"][6]["duration"] = -3

    with pytest.raises(InputError, match=r"refused: cases\[6\]\.duration: -3 is negative"):
        load_run(edited(tmp_path, big_run(10), negative))


def test_a_repeated_key_is_refused(tmp_path: Path) -> None:
    text = b"".join(run_json(big_run(4))).decode()
    path = tmp_path / "twice.json"
    path.write_text(text.replace('{\n "schema_version"', '{\n "counts": {}, "schema_version"'))
    with pytest.raises(InputError, match="the key 'counts' appears twice"):
        load_run(path)


def test_cases_that_are_not_a_list_are_refused(tmp_path: Path) -> None:
    def scalar(data: dict[str, Any]) -> None:
        data["cases"] = 5

    with pytest.raises(InputError, match="cases: Input should be a valid list"):
        load_run(edited(tmp_path, big_run(4), scalar))


@pytest.mark.parametrize("text", ["[1, 2]", '"run"', "", '{"inputs": [], "counts": {}'])
def test_text_that_is_no_run_object_is_refused(tmp_path: Path, text: str) -> None:
    path = tmp_path / "odd.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=r"not JSON|not a reportgen run"):
        load_run(path)


def test_merge_writes_while_reading_and_equals_the_whole_merge(tmp_path: Path) -> None:
    first, second = big_run(6000), run_of({"x": F, "y": P}, path="other.xml")
    paths = [saved(tmp_path, first, "a.json"), saved(tmp_path, second, "b.json")]
    out = tmp_path / "merged.json"
    merge_shards(paths, json_path=out)
    merged = load_run(out)
    assert merged.counts == first.counts + second.counts
    assert [c.input for c in merged.cases[-2:]] == [1, 1]  # the second shard's input, shifted
    assert merged.cases[:6000] == first.cases


def test_a_bad_case_in_the_last_shard_leaves_no_merged_file(tmp_path: Path) -> None:
    good = saved(tmp_path, big_run(6000), "good.json")

    def break_last(data: dict[str, Any]) -> None:
        data["cases"][-1]["attempts"] = -1

    bad = edited(tmp_path, run_of({"x": F, "y": P}), break_last)
    out = tmp_path / "merged.json"
    with pytest.raises(InputError, match=r"cases\[1\]\.attempts: -1 is negative"):
        merge_shards([good, bad], json_path=out)
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["edited.json", "good.json"]


def test_merge_without_an_output_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError):
        merge_shards([saved(tmp_path, big_run(2))])


def test_counts_that_disagree_with_streamed_cases_are_refused(tmp_path: Path) -> None:
    run = big_run(8)
    extra = run.model_copy(update={"cases": [*run.cases, case("late", F)]})
    with pytest.raises(InputError, match=r"counts\.failed: 2 but the run holds 3"):
        load_run(saved(tmp_path, extra))


@pytest.mark.parametrize("closed", [True, False], ids=["nested", "nested-and-cut"])
def test_nesting_far_past_any_run_is_refused_not_a_crash(tmp_path: Path, closed: bool) -> None:
    depth = 200_000  # past Python's recursion limit, where a whole read would crash
    text = '{"inputs": ' + "[" * depth + ("]" * depth + ', "counts": {}}' if closed else "")
    path = tmp_path / "deep.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match="nested more than 64 levels deep"):
        load_run(path)


def test_a_deeply_nested_sidecar_is_refused_not_a_crash(tmp_path: Path) -> None:
    from reportgen.archive.sidecar import parse_sidecar

    with pytest.raises(InputError, match="nested too deep"):
        parse_sidecar('{"schema_version": 1, "run": ' + "[" * 200_000, "s.json")


def test_a_repeated_key_inside_a_case_is_refused(tmp_path: Path) -> None:
    # Readers disagree on which value of a repeated key wins: "failed" here, "passed" to
    # another tool, so no reader may pick one.
    text = b"".join(run_json(big_run(4))).decode()
    path = tmp_path / "twice.json"
    path.write_text(text.replace('"outcome": "failed"', '"outcome": "failed", "outcome": "passed"'))
    with pytest.raises(InputError, match=r"the key 'outcome' appears twice in a case"):
        load_run(path)


def test_a_repeated_key_inside_a_top_level_field_is_refused(tmp_path: Path) -> None:
    text = b"".join(run_json(big_run(4))).decode()
    path = tmp_path / "twice.json"
    path.write_text(text.replace('"counts": {', '"counts": {"failed": 0, ', 1))
    with pytest.raises(InputError, match="the key 'failed' appears twice"):
        load_run(path)


def test_a_repeated_key_is_refused_when_the_file_is_read_whole(tmp_path: Path) -> None:
    # a number past 64 bits sends the reader to the whole-file path
    text = b"".join(run_json(big_run(4))).decode()
    path = tmp_path / "twice.json"
    huge = '"outcome": "failed", "outcome": "passed", "line": 99999999999999999999999'
    path.write_text(text.replace('"outcome": "failed"', huge, 1))
    with pytest.raises(InputError, match="the key 'outcome' appears twice"):
        load_run(path)


def test_a_schema_version_that_is_text_is_not_called_newer(tmp_path: Path) -> None:
    def text_version(data: dict[str, Any]) -> None:
        data["schema_version"] = "1"

    with pytest.raises(InputError, match="schema_version '1' is not a number") as caught:
        load_run(edited(tmp_path, big_run(4), text_version))
    assert "newer" not in str(caught.value)


def test_the_same_shard_merged_twice_counts_once_with_a_notice(tmp_path: Path) -> None:
    shard = run_of({"x": F, "y": P}, path="shard-1.xml")
    first = saved(tmp_path, shard, "a.json")
    again = tmp_path / "copy.json"
    again.write_bytes(first.read_bytes())
    other = saved(tmp_path, run_of({"z": P}, path="shard-2.xml"), "b.json")
    out = tmp_path / "merged.json"
    merge_shards([first, other, again], json_path=out)
    merged = load_run(out)
    assert (merged.counts.total, merged.counts.failed) == (3, 1)  # not 5 and 2
    assert [str(n) for n in merged.notices] == [
        "shard 3 (shard-1.xml): the same shard as shard 1 (shard-1.xml) (the same file "
        "content, by SHA-256): merged once"
    ]


def test_shards_of_the_same_reports_that_differ_are_merged_with_a_warning(
    tmp_path: Path,
) -> None:
    shard = run_of({"x": F, "y": P}, path="shard-1.xml")
    first = saved(tmp_path, shard, "a.json")
    slower = shard.model_copy(deep=True)
    slower.cases[0] = replace(slower.cases[0], duration=9.0)  # a different file, same reports
    second = saved(tmp_path, slower, "c.json")
    out = tmp_path / "merged.json"
    merge_shards([first, second], json_path=out)
    merged = load_run(out)
    assert merged.counts.total == 4  # both kept: they are not the same file
    (notice,) = merged.notices
    assert "reads the same report files as shard 1 (shard-1.xml)" in notice.message
    assert "may be counted twice" in notice.message
