"""The `--timings` reader: named measurements in JSON or CSV.

JSON: `{"metrics": [...]}` or a bare list; each metric has `name`, and `value` (one number)
or `samples` (a list of numbers), and optionally `unit` (default ms), `target`, `better`
(`lower` or `higher`) and `statistic` (value, mean, p50, p95, p99, max, min).

CSV: a header row naming the columns `name` and `value` (required) and any of `unit`,
`target`, `better`, `statistic`; one row per sample, rows with the same name are samples of
one metric. Blank lines and lines starting with `#` are skipped.

The format is chosen by the file extension (`.json`, `.csv`), else by the first character.
Both formats are checked by one pydantic model, `MetricEntry`; every mistake raises
`InputError` with the file, the line when known, and what to do.
"""

from __future__ import annotations

import csv
import io
import json
import math
from pathlib import Path
from typing import Annotated, Any, Literal, get_args

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from reportgen.errors import InputError
from reportgen.jsonload import DuplicateKey, load_json
from reportgen.model import Timing

Statistic = Literal["value", "mean", "p50", "p95", "p99", "max", "min"]
_STATISTICS: tuple[str, ...] = get_args(Statistic)
_COLUMNS = ("name", "value", "unit", "target", "better", "statistic")


def _finite(value: object) -> float:
    """A finite number from a JSON number or numeric text; booleans are not numbers here."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        try:
            number = float(value)
        except OverflowError:  # an integer of hundreds of digits
            raise ValueError("not a finite number") from None
    elif isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError:
            raise ValueError("not a number") from None
    else:
        raise ValueError("not a number")
    if not math.isfinite(number):
        raise ValueError("not a finite number")
    return number


def _blank_is_none(value: object) -> object:
    return None if value == "" else value


Finite = Annotated[float, BeforeValidator(_finite)]


class MetricEntry(BaseModel):
    """One metric as a timing file gives it, before defaults are applied."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    value: Finite | None = None
    samples: list[Finite] | None = None
    unit: Annotated[str | None, BeforeValidator(_blank_is_none)] = None
    target: Annotated[Finite | None, BeforeValidator(_blank_is_none)] = None
    better: Annotated[Literal["lower", "higher"] | None, BeforeValidator(_blank_is_none)] = None
    statistic: Annotated[Statistic | None, BeforeValidator(_blank_is_none)] = None

    @field_validator("name", mode="before")
    @classmethod
    def _name_given(cls, value: object) -> str:
        if not isinstance(value, str) or not value.strip():
            raise ValueError("'name' must be a non-empty string")
        return value.strip()

    @field_validator("samples")
    @classmethod
    def _samples_given(cls, value: list[float] | None, info: ValidationInfo) -> list[float] | None:
        if value is not None and not value:
            raise ValueError(f"{info.data.get('name')!r}: 'samples' must not be empty")
        return value

    @model_validator(mode="after")
    def _value_or_samples(self) -> MetricEntry:
        if (self.value is None) == (self.samples is None):
            raise ValueError(
                f"{self.name!r}: give either 'value' or 'samples', not both or neither"
            )
        return self

    def timing(self) -> Timing:
        return Timing(
            name=self.name,
            unit=self.unit or "ms",
            value=self.value,
            samples=list(self.samples or []),
            target=self.target,
            better=self.better or "lower",
            statistic=self.statistic,
        )


# What each field must hold, in the words of the timing file's author.
_FIELD_RULES = {
    "value": "'value' must be a finite number",
    "samples": "'samples' must be a non-empty list of finite numbers",
    "unit": "'unit' must be text such as ms or s",
    "target": "'target' must be a number (no unit)",
    "better": "'better' must be 'lower' or 'higher'",
    "statistic": f"'statistic' must be one of {', '.join(_STATISTICS)}",
}


def _explain(error: ValidationError, raw: Any) -> str:
    """One sentence per problem, naming the metric and the field, never pydantic's internals."""
    name = raw.get("name") if isinstance(raw, dict) else None
    unknown = [str(e["loc"][0]) for e in error.errors() if e["type"] == "extra_forbidden"]
    problems = []
    if unknown:
        allowed = ", ".join(MetricEntry.model_fields)
        problems.append(f"unknown key(s) {sorted(unknown)}; allowed: {allowed}")
    for item in error.errors():
        if item["type"] == "extra_forbidden":
            continue
        field = str(item["loc"][0]) if item["loc"] else ""
        if field in _FIELD_RULES:
            given = raw.get(field) if isinstance(raw, dict) else None
            problems.append(f"{name!r}: {_FIELD_RULES[field]}, got {given!r}")
        elif item["type"] == "value_error":
            problems.append(str(item["ctx"]["error"]))
        elif field == "name":
            problems.append("'name' must be a non-empty string")
        else:
            problems.append("a metric must be an object")
    return "; ".join(dict.fromkeys(problems))


def _entry(raw: Any) -> MetricEntry:
    try:
        return MetricEntry.model_validate(raw)
    except ValidationError as exc:
        raise ValueError(_explain(exc, raw)) from None


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
        data = load_json(text)
    except json.JSONDecodeError as exc:
        raise InputError(
            source,
            f"not valid JSON: {exc.msg} (column {exc.colno})",
            "fix the JSON syntax",
            exc.lineno,
        ) from exc
    except DuplicateKey as exc:
        raise InputError(source, f"refused: {exc}", "give each key once") from exc
    except ValueError as exc:  # nested too deep
        raise InputError(source, f"not valid JSON: {exc}", "fix the JSON syntax") from exc
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
            metrics.append(_entry(item).timing())
        except ValueError as exc:
            raise InputError(
                source,
                f"metrics[{index}]: {exc}",
                "each metric needs a name and a number 'value' or a list 'samples'",
                _line_of(text, index),
            ) from exc
    return metrics


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
    raw = cells.get("value", "")
    try:
        value = _finite(raw)
    except ValueError:
        raise ValueError(f"{name!r}: value {raw!r} is not a number") from None
    row = {key: cells[key] for key in ("unit", "target", "better", "statistic") if key in cells}
    timing = _entry({"name": name, "samples": [value], **row}).timing()
    known = metrics.get(name)
    if known is None:
        metrics[name] = timing
        return
    for attr in ("unit", "target", "better", "statistic"):
        if cells.get(attr) and getattr(timing, attr) != getattr(known, attr):
            raise ValueError(
                f"{name!r}: {attr} {getattr(timing, attr)!r} differs from "
                f"{getattr(known, attr)!r} on an earlier row"
            )
    known.samples.append(value)
