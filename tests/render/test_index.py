import re

from reportgen.archive.store import RunRecord
from reportgen.model import Counts
from reportgen.render.chart import HEALTH_COLOUR, PASS_RATE_COLOUR
from reportgen.render.index import SeriesFacts, render_index, render_index_page, series_facts

from .fixtures import full_report


def record(
    day: int,
    sequence: int = 1,
    health: float | None = 90.0,
    pass_rate: float | None = 80.0,
    slug: str = "nightly",
) -> RunRecord:
    date = f"2025-03-{day:02d}"
    return RunRecord(
        path=f"2025/03/{slug}-{date}-{sequence:02d}.json",
        slug=slug,
        date=date,
        sequence=sequence,
        status="ACHIEVED",
        health=health,
        health_excluding=None,
        pass_rate=pass_rate,
        counts=Counts(passed=8, failed=1, errors=1, skipped=2, flaky=1),
        cases_complete=True,
        headline="",
    )


def chart_of(runs: list[RunRecord], facts: SeriesFacts | None = None) -> list[str]:
    """The lines of the only trend in the index of `runs`, from its legend to its notes."""
    lines = render_index(runs, series={"nightly": facts} if facts else None).splitlines()
    start = lines.index("## Trend") + 2
    return lines[start : lines.index("## Runs")]


def _values(chart: list[str], kind: str) -> list[str]:
    lines = [line.strip() for line in chart if line.strip().startswith(kind)]
    return [re.findall(r"\[(.*)\]", line)[0] for line in lines]


def test_table_lists_newest_first_with_counts() -> None:
    text = render_index([record(1), record(1, 2), record(2)])
    rows = [line for line in text.splitlines() if line.startswith("| 2025")]
    assert rows[0].startswith(
        "| 2025-03-02 | 01 | [nightly-2025-03-02-01.md]"
        "(2025/03/nightly-2025-03-02-01.md) | ACHIEVED | 90.0% | 80.0% |"
    )
    assert rows[0].endswith("| 8 | 1 | 1 | 2 | 1 | 13 |")
    assert [r.split(" | ")[1] for r in rows] == ["01", "02", "01"]


def test_chart_has_two_lines_over_the_last_50_runs() -> None:
    runs = [record(1 + i // 3, i % 3 + 1, health=float(i), pass_rate=100.0 - i) for i in range(60)]
    chart = chart_of(runs)
    assert chart[2] == "```mermaid" and chart[4] == "xychart-beta"
    axis = _values(chart, "x-axis")[0]
    assert axis.count('"') == 100
    assert axis.startswith('"2025-03-04-02"')  # run 10 (0-based) is the 11th: day 4, NN 2
    health, rate = _values(chart, "line")
    assert health.split(", ")[0] == "10.0" and health.split(", ")[-1] == "59.0"
    assert rate.split(", ")[-1] == "41.0"
    assert '    y-axis "percent" 0 --> 100' in chart  # the data span it all


def test_lines_have_distinct_colours_and_a_legend() -> None:
    chart = chart_of([record(1), record(2)])
    (init,) = [line for line in chart if line.startswith("%%{init:") and "#0969da" in line]
    assert f'"plotColorPalette": "{HEALTH_COLOUR}, {PASS_RATE_COLOUR}"' in init
    assert chart[0] == (
        "Last 2 runs. Legend: 🟦 health · 🟧 pass rate · 🟥 failed + errors per run (bars)."
    )
    assert not [line for line in chart if "First line" in line]


def test_equal_health_and_pass_rate_are_said_to_coincide() -> None:
    chart = chart_of([record(1, health=90.0, pass_rate=90.0)])
    assert "(equal to health on every run, so the lines coincide)" in chart[0]


def test_y_axis_fits_runs_between_80_and_100() -> None:
    chart = chart_of(
        [record(1, health=86.0, pass_rate=99.0), record(2, health=97.0, pass_rate=92.0)]
    )
    assert '    y-axis "percent" 80 --> 100' in chart


def test_failures_per_run_are_charted_as_failed_plus_errors() -> None:
    chart = chart_of([record(1), record(2)])
    assert _values(chart, "bar") == ["2, 2"]  # 1 failed + 1 error each
    assert '    y-axis "tests" 0 --> 2' in chart


def test_configured_title_and_overall_target_are_shown() -> None:
    facts = series_facts(full_report())
    assert facts == SeriesFacts(full_report().meta.title, 90.0, ">90%")
    chart = chart_of([record(1), record(2)], facts)
    assert f'    title "{facts.title}: health and pass rate"' in chart
    assert "\N{HEAVY MINUS SIGN} target >90% (health)" in chart[0]
    assert _values(chart, "line")[-1] == "90.0, 90.0"
    no_overall = full_report().model_copy(update={"criteria": full_report().criteria[:2]})
    assert series_facts(no_overall).target is None


def test_a_target_a_chart_cannot_place_is_left_off() -> None:
    report = full_report()
    for written in (">150%", "fast", "<200ms"):
        criteria = [c.model_copy(update={"target": written}) for c in report.criteria]
        odd = report.model_copy(update={"criteria": criteria})
        assert series_facts(odd) == SeriesFacts(report.meta.title)


def test_hostile_title_is_escaped_in_heading_and_chart() -> None:
    hostile = SeriesFacts('<img src=x> | [x](javascript:1) "q"')
    text = render_index([record(1), record(1, slug="smoke")], series={"smoke": hostile})
    heading = [line for line in text.splitlines() if line.startswith("### ") and "img" in line]
    assert heading == [r'### \<img src=x> \| \[x\](javascript:1) "q" (`smoke`)']
    (title,) = [line for line in text.splitlines() if "img" in line and "title" in line][:1]
    assert title.count('"') == 2 and "<" not in title


def test_runs_without_figures_are_left_out_of_the_chart_and_said_so() -> None:
    chart = chart_of([record(1), record(2, health=None), record(3)])
    assert _values(chart, "x-axis")[0] == '"2025-03-01-01", "2025-03-03-01"'
    assert "Not plotted, for want of a health or pass-rate figure: 1 run." in chart


def test_one_chart_per_series_and_empty_archive() -> None:
    text = render_index([record(1), record(1, slug="smoke"), record(2)])
    assert text.count("xychart-beta") == 4  # percent and failures of each
    assert "### nightly\n" in text and "### smoke\n" in text
    assert "No runs archived yet." in render_index([])


def test_html_page_draws_the_chart_and_links_show_the_names_they_open() -> None:
    runs = [record(1), record(2)]
    links = {runs[1].path: runs[1].path.removesuffix(".json") + ".html"}
    page = render_index_page(runs, links, {"nightly": SeriesFacts("Nightly", 95.0, ">95%")})
    assert page.count("<svg") == 1 and "xychart-beta" not in page
    assert '<figure class="chart">' in page
    assert not re.search(r"<(script|link|img|iframe)\b", page)
    assert "default-src 'none'" in page
    assert '<a href="2025/03/nightly-2025-03-02-01.html">nightly-2025-03-02-01.html</a>' in page
    assert '<a href="2025/03/nightly-2025-03-01-01.md">nightly-2025-03-01-01.md</a>' in page
