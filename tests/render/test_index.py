import re

from reportgen.archive.store import RunRecord
from reportgen.model import Counts
from reportgen.render.index import render_index


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


def chart_of(runs: list[RunRecord]) -> list[str]:
    """The lines of the only trend chart in the index of `runs`, from its fence to its notes."""
    lines = render_index(runs).splitlines()
    start = lines.index("```mermaid")
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
    assert chart[:2] == ["```mermaid", "xychart-beta"]
    (axis,) = _values(chart, "x-axis")
    assert axis.count('"') == 100
    assert axis.startswith('"03-04-02"')  # run 10 (0-based) is the 11th: day 4, NN 2
    health, rate = _values(chart, "line")
    assert health.split(", ")[0] == "10.0" and health.split(", ")[-1] == "59.0"
    assert rate.split(", ")[-1] == "41.0"


def test_runs_without_figures_are_left_out_of_the_chart_and_said_so() -> None:
    chart = chart_of([record(1), record(2, health=None), record(3)])
    assert _values(chart, "x-axis") == ['"03-01-01", "03-03-01"']
    assert "Not plotted, for want of a health or pass-rate figure: 1 run." in chart


def test_one_chart_per_series_and_empty_archive() -> None:
    text = render_index([record(1), record(1, slug="smoke"), record(2)])
    assert text.count("xychart-beta") == 2
    assert "### nightly" in text and "### smoke" in text
    assert "No runs archived yet." in render_index([])
