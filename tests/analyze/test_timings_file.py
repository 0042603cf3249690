"""The `--timings` reader (reportgen/ingest/timings.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reportgen.errors import InputError
from reportgen.ingest.timings import read_timings


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_json_object_with_metrics(tmp_path: Path) -> None:
    data = {
        "metrics": [
            {
                "name": "api",
                "unit": "ms",
                "samples": [3, 1.5],
                "target": 100,
                "better": "lower",
                "statistic": "p95",
            },
            {"name": "rps", "unit": "1/s", "value": 120, "better": "higher"},
        ]
    }
    api, rps = read_timings(_write(tmp_path, "t.json", json.dumps(data)))
    assert (api.name, api.samples, api.value, api.target, api.statistic) == (
        "api",
        [3.0, 1.5],
        None,
        100.0,
        "p95",
    )
    assert (rps.value, rps.unit, rps.better, rps.target, rps.statistic) == (
        120.0,
        "1/s",
        "higher",
        None,
        None,
    )


def test_json_top_level_list_and_defaults(tmp_path: Path) -> None:
    (metric,) = read_timings(_write(tmp_path, "t.txt", '[{"name": "x", "value": 2}]'))
    assert (metric.unit, metric.better) == ("ms", "lower")


def test_csv_rows_with_the_same_name_are_samples(tmp_path: Path) -> None:
    text = (
        "name,value,unit,target,better\n"
        "# comment lines and blank lines are skipped\n"
        "api,85,ms,100,lower\n"
        "\n"
        "api,70,ms,,\n"
        "startup,380,ms,500,lower\n"
    )
    api, startup = read_timings(_write(tmp_path, "t.csv", text))
    assert (api.samples, api.target, api.value) == ([85.0, 70.0], 100.0, None)
    assert (startup.value, startup.samples, startup.target) == (380.0, [], 500.0)


def test_csv_columns_in_any_order(tmp_path: Path) -> None:
    (metric,) = read_timings(_write(tmp_path, "t.csv", "value,name\n3,x\n"))
    assert (metric.name, metric.value) == ("x", 3.0)


@pytest.mark.parametrize(
    ("name", "text", "line", "needle"),
    [
        (
            "bad.json",
            '{"metrics": [\n  {"name": "a", "value": 1},\n  {"name": "b"}\n]}',
            3,
            "metrics[1]: 'b': give either 'value' or 'samples'",
        ),
        ("bad.json", '{"metrics": [{"name": "a", "value": "fast"}]}', 1, "finite number"),
        ("bad.json", '{"metrics": [{"name": "a", "samples": [1, null]}]}', 1, "list of finite"),
        (
            "bad.json",
            '{"metrics": [{"name": "a", "value": 1, "better": "less"}]}',
            1,
            "'lower' or 'higher'",
        ),
        (
            "bad.json",
            '{"metrics": [{"name": "a", "value": 1, "targte": 3}]}',
            1,
            "unknown key(s) ['targte']",
        ),
        (
            "bad.json",
            '{"metrics": [{"name": "a", "value": 1, "statistic": "p90"}]}',
            1,
            "'statistic' must be one of",
        ),
        ("bad.json", '{"metrics": [\n{"name": "a", "value": 1,}]}', 2, "not valid JSON"),
        ("bad.json", '{"data": []}', 1, 'object with a "metrics" list'),
        ("bad.csv", "name,value\napi,85\napi,8 5ms\n", 3, "'api': value '8 5ms' is not a number"),
        ("bad.csv", "name,value,unit\napi,1,ms\napi,2,s\n", 3, "unit 's' differs from 'ms'"),
        ("bad.csv", "name,val\napi,85\n", 1, "unknown column(s) ['val']; no 'value' column"),
        ("bad.csv", "api,85\n", 1, "no 'name' column; no 'value' column"),
        ("bad.csv", "name,value,colour\n", 1, "unknown column(s) ['colour']"),
        ("bad.csv", "name,value,target\napi,1,100ms\n", 2, "'target' must be a number"),
        ("bad.csv", "name,value\n,1\n", 2, "empty name"),
    ],
)
def test_errors_name_file_line_and_problem(
    tmp_path: Path, name: str, text: str, line: int, needle: str
) -> None:
    path = _write(tmp_path, name, text)
    with pytest.raises(InputError) as caught:
        read_timings(path)
    assert caught.value.file == str(path)
    assert caught.value.line == line
    assert needle in caught.value.message
    assert caught.value.hint


@pytest.mark.parametrize("text", ["", "name,value\n", '{"metrics": []}'])
def test_a_file_without_metrics_is_an_error(tmp_path: Path, text: str) -> None:
    suffix = ".json" if text.startswith("{") else ".csv"
    with pytest.raises(InputError, match="no metrics"):
        read_timings(_write(tmp_path, "t" + suffix, text))


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read") as caught:
        read_timings(tmp_path / "nope.json")
    assert "--timings" in caught.value.hint


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes(b"name,value\n\xff\xfe,1\n")
    with pytest.raises(InputError, match="UTF-8"):
        read_timings(path)


@pytest.mark.parametrize(
    ("metric", "needle"),
    [
        (5, "a metric must be an object"),
        ({"value": 1}, "'name' must be a non-empty string"),
        ({"name": "  ", "value": 1}, "'name' must be a non-empty string"),
        ({"name": "a", "value": True}, "'a': 'value' must be a finite number, got True"),
        ({"name": "a", "value": "inf"}, "'value' must be a finite number"),
        ({"name": "a", "samples": []}, "'samples' must be a non-empty list"),
        ({"name": "a", "value": 1, "samples": [1]}, "not both or neither"),
        ({"name": "a", "value": 1, "unit": 3}, "'unit' must be text such as ms or s, got 3"),
        ({"name": "a", "value": 1, "target": "100ms"}, "'target' must be a number (no unit)"),
    ],
)
def test_each_json_mistake_is_named(tmp_path: Path, metric: object, needle: str) -> None:
    path = _write(tmp_path, "t.json", json.dumps({"metrics": [metric]}))
    with pytest.raises(InputError) as caught:
        read_timings(path)
    assert caught.value.message.startswith("metrics[0]: ")
    assert needle in caught.value.message


def test_every_problem_of_one_metric_is_named_at_once(tmp_path: Path) -> None:
    metric = {"name": "a", "value": 1, "colour": "red", "better": "less"}
    path = _write(tmp_path, "t.json", json.dumps([metric]))
    with pytest.raises(InputError) as caught:
        read_timings(path)
    assert "unknown key(s) ['colour']" in caught.value.message
    assert "'better' must be 'lower' or 'higher', got 'less'" in caught.value.message


def test_numeric_text_is_read_as_a_number(tmp_path: Path) -> None:
    (metric,) = read_timings(
        _write(tmp_path, "t.json", '[{"name": "x", "value": " 2.5 ", "target": "3"}]')
    )
    assert (metric.value, metric.target) == (2.5, 3.0)


def test_nesting_past_the_recursion_limit_is_refused_naming_the_file(tmp_path: Path) -> None:
    path = _write(tmp_path, "deep.json", '{"metrics": ' + "[" * 200_000 + "]" * 200_000 + "}")
    with pytest.raises(InputError, match="nested too deep") as caught:
        read_timings(str(path))
    assert caught.value.file == str(path)


@pytest.mark.parametrize("digits", [400, 5000])
@pytest.mark.parametrize("field", ["value", "target", "samples"])
def test_a_number_of_thousands_of_digits_is_refused_naming_it(
    tmp_path: Path, digits: int, field: str
) -> None:
    number = "9" * digits
    given = f"[{number}]" if field == "samples" else number
    value = "" if field == "value" else ', "value": 1'
    text = f'{{"metrics": [{{"name": "api"{value}, "{field}": {given}}}]}}'
    with pytest.raises(InputError, match=f"'api': '{field}' must be"):
        read_timings(_write(tmp_path, "t.json", text))


def test_a_number_of_thousands_of_digits_in_csv_is_refused(tmp_path: Path) -> None:
    text = f"name,value\napi,{'9' * 5000}\n"
    with pytest.raises(InputError, match="is not a number"):
        read_timings(_write(tmp_path, "t.csv", text))


def test_a_repeated_key_inside_a_metric_is_refused(tmp_path: Path) -> None:
    text = '{"metrics": [{"name": "api", "value": 900, "value": 5, "target": 100}]}'
    with pytest.raises(InputError, match="the key 'value' appears twice"):
        read_timings(_write(tmp_path, "t.json", text))
