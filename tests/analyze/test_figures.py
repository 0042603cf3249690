"""One way of writing counts, used by the headline and every section."""

from __future__ import annotations

from analyze_builders import case, config, fail, make_run

from reportgen.analyze import analyze
from reportgen.analyze.figures import DEFINITIONS, counts_text
from reportgen.model import Counts


def test_counts_name_run_and_put_flaky_and_errors_inside_what_they_count() -> None:
    counts = Counts(passed=34, flaky=1, failed=3, errors=2, skipped=1)
    assert counts_text(counts) == (
        "41 tests: 40 run, 35 passed (1 flaky), 5 failed (2 errors), 1 skipped"
    )
    assert counts_text(Counts(passed=1)) == "1 test: 1 run, 1 passed, 0 failed"


def test_the_headline_passed_figure_is_the_matrix_passed_figure() -> None:
    # a flaky test counts as passed, in the headline as in the matrix's Passed column
    run = make_run([case("a"), case("b", outcome="flaky"), fail("c"), case("d", outcome="skipped")])
    report = analyze(run, config())
    assert report.headline.endswith("4 tests: 3 run, 2 passed (1 flaky), 1 failed, 1 skipped")
    assert report.counts.succeeded == 2 and report.counts.executed == 3


def test_every_term_is_defined_once() -> None:
    terms = [term for term, _ in DEFINITIONS]
    assert terms == ["Tests", "Run", "Passed", "Failed", "Test time", "Wall time"]
