"""A series' trend drawn twice: as inline SVG for HTML pages and as Mermaid for GitHub.

Both drawings come from one `Trend` and share its colours and its percent axis, so the page
and the Markdown agree. The percent axis ends at 100 and starts at the lowest plotted value
(target included) less 5 points, rounded down to a multiple of 10: a run of 80-100% fills the
chart instead of its top fifth, and the tick labels say where the axis starts. Failures
(failed + errors) per run get a panel, or a Mermaid chart, of their own with a count axis
from 0, since counts on a percent axis would read as percentages.

The SVG is deterministic (no clock, no randomness, fixed number formats), needs no script,
font or request, and escapes every text it holds.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass

from markupsafe import escape
from pydantic import BaseModel, ConfigDict, model_validator

from reportgen.text import printable, truncate

HEALTH_COLOUR = "#0969da"  # blue
PASS_RATE_COLOUR = "#bc4c00"  # orange
TARGET_COLOUR = "#6e7781"  # grey
FAILURES_COLOUR = "#cf222e"  # red

TITLE_LIMIT = 100

# SVG geometry (px of the viewBox)
WIDTH = 960
LEFT, RIGHT = 52, 20
TITLE_Y, LEGEND_Y = 22, 48
PERCENT_TOP, PERCENT_HEIGHT = 70, 220
FAILURES_TOP, FAILURES_HEIGHT = 335, 80
LABELS_Y = FAILURES_TOP + FAILURES_HEIGHT + 14
HEIGHT = LABELS_Y + 86
LABEL_SPACING = 18  # px between two x labels, rotated
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', sans-serif"
CHAR_WIDTH = 6.3  # px per character of 12px text, for laying out the legend
BAR_LABELS_UP_TO = 30  # runs; more would crowd the count above each bar


class Trend(BaseModel):
    """One series of archived runs, oldest first, as a chart draws it."""

    model_config = ConfigDict(frozen=True)

    title: str  # plain text
    labels: list[str]  # one per run, e.g. "2025-03-02-01" (date and NN)
    health: list[float]  # percent
    pass_rate: list[float]  # percent
    failures: list[int]  # failed + errors of each run
    target: float | None = None  # the overall criterion's target, percent
    target_label: str = ""  # that target as written, e.g. ">95%"

    @model_validator(mode="after")
    def _consistent(self) -> Trend:
        n = len(self.labels)
        if n == 0 or {len(self.health), len(self.pass_rate), len(self.failures)} != {n}:
            raise ValueError("a trend needs one label, health, pass rate and failure count per run")
        percents = [*self.health, *self.pass_rate]
        if self.target is not None:
            percents.append(self.target)
        # a weighted mean of rates may come out a rounding error above 100
        if not all(math.isfinite(v) and 0 <= v <= 100 + 1e-6 for v in percents):
            raise ValueError("a trend's percentages lie between 0 and 100")
        if any(count < 0 for count in self.failures):
            raise ValueError("a trend's failure counts are not negative")
        return self

    @property
    def coincide(self) -> bool:
        """Health equals pass rate on every run (one category, say): the lines lie together."""
        return self.health == self.pass_rate

    @property
    def target_name(self) -> str:
        return f"target {self.target_label or f'{self.target:g}%'} (health)"


@dataclass(frozen=True, slots=True)
class Axis:
    low: float
    high: float
    ticks: list[float]


def percent_axis(trend: Trend) -> Axis:
    """The percent axis of `trend`: up to 100, from just below its lowest value."""
    values = [*trend.health, *trend.pass_rate]
    if trend.target is not None:
        values.append(trend.target)
    low = max(0, math.floor((min(values) - 5) / 10) * 10)
    span = 100 - low
    step = 2 if span <= 10 else 5 if span <= 30 else 10 if span <= 60 else 20
    return Axis(low, 100, [float(v) for v in range(low, 101, step)])


def count_axis(trend: Trend) -> Axis:
    """The failures axis: from 0 to a round number at or above the most failures of a run."""
    most = max(*trend.failures, 1)
    step = _round_step(most)
    high = math.ceil(most / step) * step
    return Axis(0, high, [float(v) for v in range(0, high + 1, step)])


def _round_step(most: int) -> int:
    """The least of 1, 2, 5, 10, 20, 50... that splits 0..`most` into at most 4 steps."""
    power = 1
    while True:
        for step in (power, 2 * power, 5 * power):
            if math.ceil(most / step) <= 4:
                return step
        power *= 10


def legend(trend: Trend) -> list[tuple[str, str]]:
    """(kind, name) of every series, in drawing order."""
    rate = "pass rate (equal to health on every run)" if trend.coincide else "pass rate"
    items = [("health", "health"), ("pass-rate", rate)]
    if trend.target is not None:
        items.append(("target", trend.target_name))
    items.append(("failures", "failed + errors per run"))
    return items


_NOT_XML = str.maketrans({0xFFFE: "\ufffd", 0xFFFF: "\ufffd"})


def _text(value: str, limit: int = TITLE_LIMIT) -> str:
    """Untrusted text as SVG character data: no control characters, no markup."""
    flat = " ".join(printable(value).translate(_NOT_XML).split())
    return str(escape(truncate(flat, limit)))


def _n(value: float) -> str:
    return f"{value:.1f}"


def draw_svg(trend: Trend) -> str:
    """`trend` as a standalone `<svg>` element (percent panel, failures panel, legend)."""
    n = len(trend.labels)
    plot_w = WIDTH - LEFT - RIGHT
    band = plot_w / n

    def x(i: int) -> float:
        return LEFT + band * (i + 0.5)

    pct = percent_axis(trend)
    cnt = count_axis(trend)

    def y_pct(v: float) -> float:
        return PERCENT_TOP + PERCENT_HEIGHT * (pct.high - v) / (pct.high - pct.low)

    def y_cnt(v: float) -> float:
        return FAILURES_TOP + FAILURES_HEIGHT * (cnt.high - v) / (cnt.high - cnt.low)

    title = _text(trend.title)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}" role="img" '
        f'class="trend-chart" font-family="{FONT}" font-size="12" fill="currentColor" '
        'style="max-width:100%;height:auto">',
        f"<title>{title}</title>",
        f'<text x="{LEFT}" y="{TITLE_Y}" font-size="15" font-weight="600">{title}</text>',
    ]
    out += _legend(trend)
    out += _grid(pct, y_pct, "%", "percent")
    out += _grid(cnt, y_cnt, "", "failed + errors")
    if trend.target is not None:
        ty = _n(y_pct(trend.target))
        out.append(
            f'<path class="series target" d="M{LEFT} {ty}H{WIDTH - RIGHT}" fill="none" '
            f'stroke="{TARGET_COLOUR}" stroke-width="1.5" stroke-dasharray="2 4"/>'
        )
    out += _line("health", trend.health, x, y_pct, HEALTH_COLOUR, width="3", dash="")
    out += _line("pass-rate", trend.pass_rate, x, y_pct, PASS_RATE_COLOUR, width="2", dash="7 5")
    out += _bars(trend.failures, x, band, y_cnt, cnt, n)
    out += _x_labels(trend.labels, x)
    out.append("</svg>")
    return "\n".join(out)


def _legend(trend: Trend) -> list[str]:
    out = ['<g class="legend">']
    left = float(LEFT)
    for kind, name in legend(trend):
        y = LEGEND_Y
        if kind == "health":
            out.append(
                f'<path d="M{_n(left)} {y - 4}h24" stroke="{HEALTH_COLOUR}" stroke-width="3"/>'
                f'<circle cx="{_n(left + 12)}" cy="{y - 4}" r="3.5" fill="{HEALTH_COLOUR}"/>'
            )
        elif kind == "pass-rate":
            out.append(
                f'<path d="M{_n(left)} {y - 4}h24" stroke="{PASS_RATE_COLOUR}" stroke-width="2" '
                f'stroke-dasharray="7 5"/><rect x="{_n(left + 9)}" y="{y - 7}" width="6" '
                f'height="6" fill="{PASS_RATE_COLOUR}"/>'
            )
        elif kind == "target":
            out.append(
                f'<path d="M{_n(left)} {y - 4}h24" stroke="{TARGET_COLOUR}" stroke-width="1.5" '
                'stroke-dasharray="2 4"/>'
            )
        else:
            out.append(
                f'<rect x="{_n(left + 6)}" y="{y - 10}" width="12" height="12" '
                f'fill="{FAILURES_COLOUR}"/>'
            )
        text = _text(name)
        out.append(f'<text x="{_n(left + 30)}" y="{y}">{text}</text>')
        left += 30 + len(name) * CHAR_WIDTH + 18
    out.append("</g>")
    return out


def _grid(axis: Axis, place: Callable[[float], float], unit: str, name: str) -> list[str]:
    out = [f'<g class="axis" aria-label="{name}">']
    for tick in axis.ticks:
        ty = _n(place(tick))
        out.append(
            f'<path d="M{LEFT} {ty}H{WIDTH - RIGHT}" stroke="currentColor" stroke-opacity="0.15"/>'
            f'<text x="{LEFT - 6}" y="{ty}" dy="4" text-anchor="end">{tick:g}{unit}</text>'
        )
    out.append("</g>")
    return out


def _line(
    kind: str,
    values: list[float],
    x: Callable[[int], float],
    y: Callable[[float], float],
    colour: str,
    *,
    width: str,
    dash: str,
) -> list[str]:
    points = [(_n(x(i)), _n(y(v))) for i, v in enumerate(values)]
    d = "M" + "L".join(f"{px} {py}" for px, py in points)
    dashed = f' stroke-dasharray="{dash}"' if dash else ""
    out = [
        f'<path class="series {kind}" d="{d}" fill="none" stroke="{colour}" '
        f'stroke-width="{width}" stroke-linejoin="round"{dashed}/>'
    ]
    name = kind.replace("-", " ")
    for (px, py), v in zip(points, values, strict=True):
        tip = f"<title>{name} {v:.1f}%</title>"
        if kind == "health":
            out.append(f'<circle cx="{px}" cy="{py}" r="3.5" fill="{colour}">{tip}</circle>')
        else:
            sx, sy = _n(float(px) - 3), _n(float(py) - 3)
            out.append(f'<rect x="{sx}" y="{sy}" width="6" height="6" fill="{colour}">{tip}</rect>')
    return out


def _bars(
    failures: list[int],
    x: Callable[[int], float],
    band: float,
    y: Callable[[float], float],
    axis: Axis,
    n: int,
) -> list[str]:
    width = min(band * 0.6, 28)
    base = _n(y(axis.low))
    d = "".join(
        f"M{_n(x(i) - width / 2)} {_n(y(count))}h{_n(width)}V{base}h{_n(-width)}Z"
        for i, count in enumerate(failures)
        if count > 0
    )
    out = [f'<path class="series failures" d="{d}" fill="{FAILURES_COLOUR}"/>']
    if n <= BAR_LABELS_UP_TO:
        for i, count in enumerate(failures):
            out.append(
                f'<text x="{_n(x(i))}" y="{_n(y(count) - 4)}" text-anchor="middle" '
                f'font-size="11">{count}</text>'
            )
    return out


def _x_labels(labels: list[str], x: Callable[[int], float]) -> list[str]:
    n = len(labels)
    room = max(1, (WIDTH - LEFT - RIGHT) // LABEL_SPACING)
    every = math.ceil(n / room)
    out = ['<g class="x-labels" font-size="11">']
    for i, label in enumerate(labels):
        if (n - 1 - i) % every:
            continue  # thinned out from the newest run back, so the newest is always named
        px = _n(x(i))
        out.append(
            f'<text x="{px}" y="{LABELS_Y}" text-anchor="end" '
            f'transform="rotate(-45 {px} {LABELS_Y})">{_text(label, 40)}</text>'
        )
    out.append("</g>")
    return out


# Mermaid has no legend, dashes or markers: the palette tells the lines apart (its default
# light theme draws the first line almost white), and the Markdown says which colour is which.
_MERMAID_UNSAFE = str.maketrans(
    {'"': "'", "<": "\u2039", ">": "\u203a", **dict.fromkeys("#%;&`{}")}
)


def _mermaid_text(value: str, limit: int = TITLE_LIMIT) -> str:
    return truncate(" ".join(printable(value).translate(_MERMAID_UNSAFE).split()), limit)


def _init(*colours: str) -> str:
    config = {"themeVariables": {"xyChart": {"plotColorPalette": ", ".join(colours)}}}
    return f"%%{{init: {json.dumps(config)}}}%%"


def mermaid(trend: Trend) -> tuple[str, str]:
    """`trend` as two Mermaid `xychart-beta` sources: the percent lines, the failure bars."""
    labels = ", ".join(f'"{_mermaid_text(label, 40)}"' for label in trend.labels)
    title = _mermaid_text(trend.title)
    pct = percent_axis(trend)
    colours = [HEALTH_COLOUR, PASS_RATE_COLOUR]
    lines = [
        f"    line [{', '.join(f'{v:.1f}' for v in trend.health)}]",
        f"    line [{', '.join(f'{v:.1f}' for v in trend.pass_rate)}]",
    ]
    if trend.target is not None:
        colours.append(TARGET_COLOUR)
        lines.append(f"    line [{', '.join([f'{trend.target:.1f}'] * len(trend.labels))}]")
    percent = "\n".join(
        [
            _init(*colours),
            "xychart-beta",
            f'    title "{title}: health and pass rate"',
            f"    x-axis [{labels}]",
            f'    y-axis "percent" {pct.low:g} --> {pct.high:g}',
            *lines,
        ]
    )
    cnt = count_axis(trend)
    failures = "\n".join(
        [
            _init(FAILURES_COLOUR),
            "xychart-beta",
            f'    title "{_mermaid_text(trend.title + ": failed + errors per run")}"',
            f"    x-axis [{labels}]",
            f'    y-axis "tests" 0 --> {cnt.high:g}',
            f"    bar [{', '.join(str(c) for c in trend.failures)}]",
        ]
    )
    return percent, failures
