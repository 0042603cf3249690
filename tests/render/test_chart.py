"""The trend chart: well-formed, deterministic SVG whose every text is escaped, and its Mermaid."""

from __future__ import annotations

import pytest
from lxml import etree
from pydantic import ValidationError

from reportgen.render.chart import (
    FAILURES_COLOUR,
    HEALTH_COLOUR,
    PASS_RATE_COLOUR,
    TARGET_COLOUR,
    Trend,
    count_axis,
    draw_svg,
    mermaid,
    percent_axis,
)

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = '<script>alert(1)</script> & "quoted" ]]> \x1b[31m`x`%%{init}%% #35;'


def _trend(**update: object) -> Trend:
    fields: dict[str, object] = {
        "title": "Nightly E2E",
        "labels": ["2025-03-01-01", "2025-03-02-01", "2025-03-02-02"],
        "health": [88.0, 92.5, 97.0],
        "pass_rate": [85.0, 90.0, 96.0],
        "failures": [3, 1, 0],
        "target": 95.0,
        "target_label": ">95%",
    }
    return Trend.model_validate({**fields, **update})


def _svg(trend: Trend) -> etree._Element:
    return etree.fromstring(draw_svg(trend).encode())


def _series(root: etree._Element) -> dict[str, etree._Element]:
    paths = [p for p in root.iter(f"{SVG}path") if "series" in (p.get("class") or "")]
    return {p.get("class").split()[1]: p for p in paths}  # type: ignore[union-attr]


def _texts(root: etree._Element) -> list[str]:
    return ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]


def test_svg_is_well_formed_with_one_path_per_series() -> None:
    root = _svg(_trend())
    assert root.tag == f"{SVG}svg"
    series = _series(root)
    assert sorted(series) == ["failures", "health", "pass-rate", "target"]
    assert series["health"].get("stroke") == HEALTH_COLOUR
    assert series["pass-rate"].get("stroke") == PASS_RATE_COLOUR
    assert series["target"].get("stroke") == TARGET_COLOUR
    assert series["failures"].get("fill") == FAILURES_COLOUR
    # health and pass rate differ in dash as well as colour, so a single category still shows two
    assert series["health"].get("stroke-dasharray") is None
    assert series["pass-rate"].get("stroke-dasharray")
    # one point per run on each line; one bar per run that had failures
    assert series["health"].get("d", "").count("L") == 2
    assert series["failures"].get("d", "").count("Z") == 2


def test_legend_names_every_series_and_the_target() -> None:
    texts = _texts(_svg(_trend()))
    for name in ("health", "pass rate", "target >95% (health)", "failed + errors per run"):
        assert name in texts
    assert "Nightly E2E" in texts
    assert "first line" not in " ".join(texts).lower()


def test_target_line_is_drawn_at_the_target() -> None:
    trend = _trend()
    root = _svg(trend)
    target = _series(root)["target"].get("d", "")
    y = float(target.split()[1].split("H")[0])
    ticks = {t.text: float(t.get("y", "0")) for t in root.iter(f"{SVG}text") if t.get("dy")}
    assert y == ticks["95%"]  # on the 95% grid line
    plain = _svg(_trend(target=None, target_label=""))
    assert "target" not in _series(plain)
    assert not [t for t in _texts(plain) if t.startswith("target")]


def test_hostile_title_and_labels_are_text() -> None:
    trend = _trend(title=HOSTILE, labels=[HOSTILE, "2025-03-02-01", "2025-03-02-02"])
    text = draw_svg(trend)
    root = etree.fromstring(text.encode())  # parses: no raw markup, no control characters
    assert root.find(f".//{SVG}script") is None
    assert "<script>" not in text and "\x1b" not in text
    assert any(t.startswith('<script>alert(1)</script> & "quoted"') for t in _texts(root))
    percent, failures = mermaid(trend)
    for source in (percent, failures):
        title = next(line for line in source.splitlines() if line.strip().startswith("title"))
        assert title.count('"') == 2  # the quotes of the title itself only
        assert not set(title) & set("<>`#%;&{}\x1b")


def test_characters_xml_forbids_are_replaced() -> None:
    root = _svg(_trend(title="a\uffffb\x00c"))
    assert "a\ufffdb\ufffdc" in _texts(root)


def test_a_rounding_error_above_100_is_drawn_at_the_top() -> None:
    trend = _trend(health=[100.00000000000001, 90.0, 95.0])
    assert percent_axis(trend).high == 100
    assert _series(_svg(trend))["health"].get("d", "").startswith("M")


def test_the_svg_is_deterministic() -> None:
    assert draw_svg(_trend()) == draw_svg(_trend())


def test_percent_axis_fits_the_data() -> None:
    assert percent_axis(_trend(health=[96.0] * 3, pass_rate=[97.0] * 3, target=None)).low == 90
    fitted = percent_axis(_trend(health=[82.0, 90.0, 100.0], pass_rate=[85.0] * 3, target=None))
    assert (fitted.low, fitted.high) == (70, 100)
    assert fitted.ticks == [70, 75, 80, 85, 90, 95, 100]
    # the target is on the chart even when every run is above it
    assert percent_axis(_trend(health=[99.0] * 3, pass_rate=[99.0] * 3, target=60.0)).low == 50
    assert percent_axis(_trend(health=[3.0, 50.0, 90.0])).low == 0


def test_count_axis_is_a_round_number_at_or_above_the_most_failures() -> None:
    assert count_axis(_trend(failures=[0, 0, 0])).high == 1
    assert count_axis(_trend(failures=[3, 1, 0])).ticks == [0, 1, 2, 3]
    axis = count_axis(_trend(failures=[37, 1, 0]))
    assert axis.high >= 37 and len(axis.ticks) <= 5


def test_mermaid_colours_each_line_and_shows_the_years() -> None:
    percent, failures = mermaid(_trend())
    lines = percent.splitlines()
    assert lines[0].startswith("%%{init:") and lines[1] == "xychart-beta"
    palette = f"{HEALTH_COLOUR}, {PASS_RATE_COLOUR}, {TARGET_COLOUR}"
    assert f'"plotColorPalette": "{palette}"' in lines[0]
    assert '    x-axis ["2025-03-01-01", "2025-03-02-01", "2025-03-02-02"]' in lines
    assert '    y-axis "percent" 80 --> 100' in lines
    assert lines[-3:] == [
        "    line [88.0, 92.5, 97.0]",
        "    line [85.0, 90.0, 96.0]",
        "    line [95.0, 95.0, 95.0]",
    ]
    assert failures.splitlines()[-2:] == ['    y-axis "tests" 0 --> 3', "    bar [3, 1, 0]"]


def test_equal_lines_are_said_to_coincide() -> None:
    same = _trend(pass_rate=[88.0, 92.5, 97.0])
    assert "pass rate (equal to health on every run)" in _texts(_svg(same))
    assert "pass rate" in _texts(_svg(_trend()))


@pytest.mark.parametrize(
    "update",
    [
        {"health": [1.0]},
        {"labels": [], "health": [], "pass_rate": [], "failures": []},
        {"pass_rate": [85.0, 101.0, 90.0]},
        {"health": [float("nan"), 1.0, 2.0]},
        {"failures": [-1, 0, 0]},
    ],
)
def test_inconsistent_series_are_refused(update: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        _trend(**update)
