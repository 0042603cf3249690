"""The `--timings` reader: named measurements in JSON or CSV.

JSON: `{"metrics": [...]}` or a bare list; each metric has `name`, and `value` (one number)
or `samples` (a list of numbers), and optionally `unit` (default ms), `target`, `better`
(`lower` or `higher`) and `statistic` (value, mean, p50, p95, p99, max, min).

CSV: a header row naming the columns `name` and `value` (required) and any of `unit`,
`target`, `better`, `statistic`; one row per sample, rows with the same name are samples of
one metric. Blank lines and lines starting with `#` are skipped.

The format is chosen by the file extension (`.json`, `.csv`), else by the first character.
Every mistake raises `InputError` with the file, the line when known, and what to do.
"""

from __future__ import annotations

import csv
import io
import json
import math
from pathlib import Path
from typing import Any

from reportgen.errors import InputError
from reportgen.model import Timing

_STATISTICS = ("value", "mean", "p50", "p95", "p99", "max", "min")
_COLUMNS = ("name", "value", "unit", "target", "better", "statistic")
_KEYS = ("name", "value", "samples", "unit", "target", "better", "statistic")


def read_timings(path: str | Path) -> list[Timing]:
    """The metrics of one timing file, in file order."""
    source = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(source, "not UTF-8 text", "save the timing file as UTF-8") from exc
    except OSError as exc:
        raise InputError(
            source, f"cannot read: {exc.strerror}", "check the --timings path"
        ) from exc
    suffix = Path(path).suffix.lower()
    is_json = suffix == ".json" or (suffix != ".csv" and text.lstrip()[:1] in ("{", "["))
    metrics = _from_json(source, text) if is_json else _from_csv(source, text)
    if not metrics:
        raise InputError(
            source,
            "no metrics in the file",
            'give at least one metric: JSON {"metrics": [{"name": ..., "value": ...}]} '
            "or CSV rows name,value,unit,target,better",
        )
    return metrics


def _number(value: object) -> float | None:
    """A finite number, or None when `value` is not one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError:
            return None
    else:
        return None
    return number if math.isfinite(number) else None


def _line_of(text: str, index: int) -> int | None:
    """Line where the `index`-th element of the metrics list starts (best effort)."""
    try:
        decoder = json.JSONDecoder()
        start = text.index("[", text.index('"metrics"') if text.lstrip().startswith("{") else 0)
        position = start + 1
        for _ in range(index + 1):
            while text[position] in " \t\r\n,":
                position += 1
            element_start = position
            _, position = decoder.raw_decode(text, position)
        return text.count("\n", 0, element_start) + 1
    except (ValueError, IndexError):
        return None


def _from_json(source: str, text: str) -> list[Timing]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(
            source,
            f"not valid JSON: {exc.msg} (column {exc.colno})",
            "fix the JSON syntax",
            exc.lineno,
        ) from exc
    if isinstance(data, dict) and isinstance(data.get("metrics"), list):
        items = data["metrics"]
    elif isinstance(data, list):
        items = data
    else:
        raise InputError(
            source,
            'expected a list of metrics or an object with a "metrics" list',
            'write {"metrics": [{"name": "api latency", "value": 85, "unit": "ms"}]}',
            1,
        )
    metrics = []
    for index, item in enumerate(items):
        try:
            metrics.append(_json_metric(item))
        except ValueError as exc:
            raise InputError(
                source,
                f"metrics[{index}]: {exc}",
                "each metric needs a name and a number 'value' or a list 'samples'",
                _line_of(text, index),
            ) from exc
    return metrics


def _json_metric(item: Any) -> Timing:
    if not isinstance(item, dict):
        raise ValueError("a metric must be an object")
    unknown = sorted(set(item) - set(_KEYS))
    if unknown:
        raise ValueError(f"unknown key(s) {unknown}; allowed: {', '.join(_KEYS)}")
    name = item.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ValueError("'name' must be a non-empty string")
    has_value, has_samples = item.get("value") is not None, item.get("samples") is not None
    if has_value == has_samples:
        raise ValueError(f"{name!r}: give either 'value' or 'samples', not both or neither")
    value = None
    samples: list[float] = []
    if has_value:
        value = _number(item["value"])
        if value is None:
            raise ValueError(f"{name!r}: 'value' must be a finite number")
    else:
        raw = item["samples"]
        samples = (
            [n for n in (_number(s) for s in raw) if n is not None] if isinstance(raw, list) else []
        )
        if not isinstance(raw, list) or not raw or len(samples) != len(raw):
            raise ValueError(f"{name!r}: 'samples' must be a non-empty list of finite numbers")
    return _timing(
        name.strip(),
        value,
        samples,
        item.get("unit"),
        item.get("target"),
        item.get("better"),
        item.get("statistic"),
    )


def _timing(
    name: str,
    value: float | None,
    samples: list[float],
    unit: object,
    target: object,
    better: object,
    statistic: object,
) -> Timing:
    if unit is not None and not isinstance(unit, str):
        raise ValueError(f"{name!r}: 'unit' must be text such as ms or s")
    target_value = None
    if target not in (None, ""):
        target_value = _number(target)
        if target_value is None:
            raise ValueError(f"{name!r}: 'target' must be a number (no unit), got {target!r}")
    if better not in (None, "", "lower", "higher"):
        raise ValueError(f"{name!r}: 'better' must be 'lower' or 'higher', got {better!r}")
    if statistic not in (None, "", *_STATISTICS):
        raise ValueError(
            f"{name!r}: 'statistic' must be one of {', '.join(_STATISTICS)}, got {statistic!r}"
        )
    return Timing(
        name=name,
        unit=unit or "ms",
        value=value,
        samples=samples,
        target=target_value,
        better=better or "lower",
        statistic=statistic or None,
    )


def _from_csv(source: str, text: str) -> list[Timing]:
    rows = [
        (number, row)
        for number, row in enumerate(csv.reader(io.StringIO(text)), start=1)
        if row and any(cell.strip() for cell in row) and not row[0].lstrip().startswith("#")
    ]
    if not rows:
        return []
    header_line, header = rows[0]
    columns = [cell.strip().lower() for cell in header]
    unknown = [c for c in columns if c not in _COLUMNS]
    missing = [c for c in ("name", "value") if c not in columns]
    if missing or unknown:
        problems = [f"unknown column(s) {unknown}"] if unknown else []
        problems += [f"no {c!r} column" for c in missing]
        raise InputError(
            source,
            f"{'; '.join(problems)} in the header row",
            f"start the file with a header such as: {','.join(_COLUMNS[:5])}",
            header_line,
        )
    metrics: dict[str, Timing] = {}
    for line, row in rows[1:]:
        cells = dict(zip(columns, (cell.strip() for cell in row), strict=False))
        try:
            _add_sample(metrics, cells)
        except ValueError as exc:
            raise InputError(
                source, str(exc), "one sample per row: name,value,unit,target,better", line
            ) from exc
    return [
        m.model_copy(update={"value": m.samples[0], "samples": []}) if len(m.samples) == 1 else m
        for m in metrics.values()
    ]


def _add_sample(metrics: dict[str, Timing], cells: dict[str, str]) -> None:
    name = cells.get("name", "")
    if not name:
        raise ValueError("empty name")
    value = _number(cells.get("value", ""))
    if value is None:
        raise ValueError(f"{name!r}: value {cells.get('value', '')!r} is not a number")
    timing = _timing(
        name,
        None,
        [value],
        cells.get("unit") or None,
        cells.get("target"),
        cells.get("better") or None,
        cells.get("statistic") or None,
    )
    known = metrics.get(name)
    if known is None:
        metrics[name] = timing
        return
    for attr in ("unit", "target", "better", "statistic"):
        given = cells.get(attr)
        if given and getattr(timing, attr) != getattr(known, attr):
            raise ValueError(
                f"{name!r}: {attr} {getattr(timing, attr)!r} differs from "
                f"{getattr(known, attr)!r} on an earlier row"
            )
    known.samples.append(value)
