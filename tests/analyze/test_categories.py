from __future__ import annotations

from pathlib import Path

import pytest
from analyze_builders import case, cat, config, fail, make_run

from reportgen.analyze import analyze
from reportgen.analyze.categories import (
    categorize,
    categorize_folded,
    module_paths,
    path_glob,
    trailing_parts,
)
from reportgen.config import UNMATCHED
from reportgen.errors import UsageError
from reportgen.ingest import Fold, read_reports
from reportgen.model import Counts, PassGroup


def test_first_matching_category_wins_and_unmatched_row_keeps_the_rest() -> None:
    run = make_run(
        [
            case("t1", classname="api.TestUsers"),
            case("t2", classname="api.TestAuth"),
            case("t3", classname="web.TestPage"),
        ]
    )
    cfg = config(
        categories=[
            cat("Auth", {"classname": "*.TestAuth"}),
            cat("API", {"classname": "api.*"}),
        ]
    )
    assert categorize(run, cfg) == ["API", "Auth", UNMATCHED]
    report = analyze(run, cfg)
    assert [c.name for c in report.categories] == ["Auth", "API", UNMATCHED]
    assert [c.counts.total for c in report.categories] == [1, 1, 1]
    assert [c.unmatched for c in report.categories] == [False, False, True]


def test_every_given_field_of_a_rule_must_match() -> None:
    run = make_run(
        [
            case("test_login", classname="api.TestAuth"),
            case("test_logout", classname="api.TestAuth"),
            case("test_login", classname="web.TestAuth"),
        ]
    )
    cfg = config(categories=[cat("Login API", {"classname": "api.*", "name": "*login"})])
    assert categorize(run, cfg) == ["Login API", UNMATCHED, UNMATCHED]


def test_any_rule_of_a_category_may_match() -> None:
    run = make_run([case("a", classname="x.A"), case("b", classname="y.B")])
    cfg = config(categories=[cat("Both", {"classname": "x.*"}, {"classname": "y.*"})])
    assert categorize(run, cfg) == ["Both", "Both"]


def test_match_on_file_suite_input_and_property() -> None:
    run = make_run(
        [
            case("a", file="tests/e2e/test_a.py"),
            case("b", suite=("root", "slow")),
            case("c", input=1),
            case("d", properties={"tier": "critical"}),
            case("e", properties={"tier": "low"}),
            case("f", file=None),
        ],
        inputs=["out/unit.xml", "out/smoke.xml"],
    )
    cfg = config(
        categories=[
            cat("E2E", {"file": "tests/e2e/*"}),
            cat("Slow", {"suite": "root/slow"}),
            cat("Smoke", {"input": "*smoke.xml"}),
            cat("Critical", {"property": "tier=crit*"}),
        ]
    )
    assert categorize(run, cfg) == ["E2E", "Slow", "Smoke", "Critical", UNMATCHED, UNMATCHED]


def test_suite_properties_apply_to_their_tests_and_case_properties_win() -> None:
    run = make_run([case("a", suite=("S",)), case("b", suite=("S",), properties={"tier": "low"})])
    run.suites[0].properties = {"tier": "critical"}
    cfg = config(categories=[cat("Critical", {"property": "tier=critical"})])
    assert categorize(run, cfg) == ["Critical", UNMATCHED]


def test_globs_are_case_sensitive() -> None:
    run = make_run([case("a", classname="API.Test")])
    assert categorize(run, config(categories=[cat("api", {"classname": "api.*"})])) == [UNMATCHED]


def test_configured_categories_without_tests_still_have_a_row_and_no_unmatched_row() -> None:
    run = make_run([case("a", classname="x.A")])
    cfg = config(categories=[cat("X", {"classname": "x.*"}), cat("Y", {"classname": "y.*"})])
    report = analyze(run, cfg)
    assert [(c.name, c.counts.total, c.pass_rate) for c in report.categories] == [
        ("X", 1, 100.0),
        ("Y", 0, None),
    ]


def test_default_categories_are_input_file_stems() -> None:
    run = make_run(
        [case("a"), fail("b", input=1), case("c", input=1)],
        inputs=["out/unit.xml", "out/e2e.xml"],
    )
    assert categorize(run, config()) == ["unit", "e2e", "e2e"]
    report = analyze(run, config())
    assert [(c.name, c.counts) for c in report.categories] == [
        ("unit", Counts(passed=1)),
        ("e2e", Counts(passed=1, failed=1)),
    ]


def test_default_categories_use_the_path_when_stems_collide() -> None:
    run = make_run([case("a"), case("b", input=1)], inputs=["a/results.xml", "b/results.xml"])
    assert categorize(run, config()) == ["a/results.xml", "b/results.xml"]


def test_default_categories_are_top_suites_of_a_single_input() -> None:
    run = make_run(
        [
            case("a", suite=("Unit", "inner")),
            case("b", suite=("Unit",)),
            fail("c", suite=("Integration",)),
        ]
    )
    assert categorize(run, config()) == ["Unit", "Unit", "Integration"]


def test_rejected_inputs_get_no_default_row() -> None:
    run = make_run([case("a")], inputs=["ok.xml"], rejected=["broken.xml"])
    assert [c.name for c in analyze(run, config()).categories] == ["ok"]


def test_failures_only_run_counts_rows_from_suites() -> None:
    run = make_run(
        [case("a", suite=("Alpha",)), case("b", suite=("Alpha",)), fail("c", suite=("Beta",))]
    )
    run.cases = [c for c in run.cases if c.name == "c"]
    run.cases_complete = False
    cfg = config(categories=[cat("A", {"suite": "Alpha"}), cat("B", {"suite": "Beta"})])
    report = analyze(run, cfg)
    assert [(c.name, c.counts) for c in report.categories] == [
        ("A", Counts(passed=2)),
        ("B", Counts(failed=1)),
    ]
    assert report.groups[0].categories == ["B"]


def test_failures_only_run_refuses_rules_on_single_tests() -> None:
    run = make_run([case("a"), fail("b")])
    run.cases_complete = False
    cfg = config(categories=[cat("A", {"classname": "pkg.*"}), cat("S", {"suite": "S"})])
    with pytest.raises(UsageError, match=r"\['A'\].*kept only failing cases"):
        analyze(run, cfg)


def test_failures_only_run_with_default_rows_counts_per_input() -> None:
    run = make_run(
        [case("a"), fail("b"), case("c", input=1), case("d", input=1)],
        inputs=["unit.xml", "api.xml"],
    )
    run.cases = [c for c in run.cases if c.name == "b"]
    run.cases_complete = False
    report = analyze(run, config())
    assert [(c.name, c.counts) for c in report.categories] == [
        ("unit", Counts(passed=1, failed=1)),
        ("api", Counts(passed=2)),
    ]
    assert report.timing.total_time == 4.0  # every suite's time, passing cases included


@pytest.mark.parametrize(
    ("pattern", "path", "matches"),
    [
        ("unit.xml", "unit.xml", True),
        ("unit.xml", "./unit.xml", True),
        ("unit.xml", "../../project/results/unit.xml", True),
        ("unit.xml", "/ci/work/results/unit.xml", True),
        ("unit.xml", "results/myunit.xml", False),  # a whole part, not the end of a name
        ("unit.xml", "unit.xml.bak", False),
        ("results/*.xml", "../project/results/unit.xml", True),
        ("results/*.xml", "old-results/unit.xml", False),
        ("/ci/results/*.xml", "/ci/results/unit.xml", True),  # an absolute pattern stays anchored
        ("/ci/results/*.xml", "/elsewhere/ci/results/unit.xml", False),
        ("*unit.xml", "results/myunit.xml", True),  # '*' crosses '/', as before
        ("-", "-", True),
    ],
)
def test_input_globs_match_a_trailing_part_of_the_path(
    pattern: str, path: str, matches: bool
) -> None:
    assert path_glob(pattern)(path) is matches


def test_trailing_parts_leave_out_dot_components() -> None:
    assert trailing_parts("./a/b.xml") == ["./a/b.xml", "a/b.xml", "b.xml"]
    assert trailing_parts("b.xml") == ["b.xml"]


def test_input_rules_match_whichever_directory_the_reports_were_named_from() -> None:
    cfg = config(categories=[cat("Unit", {"input": "unit.xml"}), cat("E2E", {"input": "e2e/*"})])
    here = make_run([case("a"), case("b", input=1)], inputs=["unit.xml", "e2e/smoke.xml"])
    there = make_run(
        [case("a"), case("b", input=1)], inputs=["../repo/unit.xml", "../repo/e2e/smoke.xml"]
    )
    assert categorize(here, cfg) == categorize(there, cfg) == ["Unit", "E2E"]


def test_module_paths_are_every_leading_run_of_the_classname() -> None:
    assert module_paths("tests.test_db.TestX") == (
        "tests/test_db/TestX.py",
        "tests/test_db.py",
        "tests.py",
    )
    assert module_paths("test_db") == ("test_db.py",)
    assert module_paths("") == ()


def test_file_rules_match_the_module_path_of_a_pytest_classname() -> None:
    run = make_run(
        [
            case("a", classname="tests.test_db"),  # a module-level test function
            case("b", classname="tests.test_db.TestQueries"),
            case("c", classname="tests.test_db.TestQueries.TestNested"),
            case("d", classname="tests.test_dbx"),
            case("e", classname="tests.unit.test_cart.TestCart"),
            case("f", classname="tests.test_db", file="src/other.py"),  # the file wins
        ]
    )
    cfg = config(
        categories=[
            cat("DB", {"file": "tests/test_db.py"}),
            cat("Unit", {"file": "tests/unit/*"}),
        ]
    )
    assert categorize(run, cfg) == ["DB", "DB", "DB", UNMATCHED, "Unit", UNMATCHED]


def test_folded_groups_match_file_rules_as_kept_cases_do() -> None:
    kept = make_run([case("a", classname="tests.test_db.TestQ"), case("b", classname="tests.x")])
    kept.folded = [
        PassGroup(input=0, suite=("S",), classname=c.classname, file=None) for c in kept.cases
    ]
    cfg = config(categories=[cat("DB", {"file": "tests/test_db.py"})])
    assert categorize(kept, cfg) == categorize_folded(kept, cfg) == ["DB", UNMATCHED]


# pytest-shaped classnames and no file attribute; suites named "pytest" are read with every
# pass kept (their repeats are reruns), so this one has another name to be folded
_DOTTED_NO_FILES = """<?xml version="1.0" encoding="utf-8"?>
<testsuites><testsuite name="shop" errors="0" failures="1" skipped="0" tests="5" time="0.1">
<testcase classname="tests.unit.test_cart.TestCart" name="test_add" time="0.01"/>
<testcase classname="tests.unit.test_cart.TestCart" name="test_remove" time="0.01"/>
<testcase classname="tests.unit.test_money" name="test_round" time="0.01"/>
<testcase classname="tests.integration.test_checkout" name="test_pay" time="0.01">
<failure message="boom">AssertionError: boom</failure></testcase>
<testcase classname="tests.integration.test_checkout" name="test_refund" time="0.01"/>
</testsuite></testsuites>
"""


def test_file_rules_count_the_same_rows_with_passes_folded_or_kept(tmp_path: Path) -> None:
    report = tmp_path / "junit.xml"
    report.write_text(_DOTTED_NO_FILES, encoding="utf-8")
    cfg = config(
        categories=[
            cat("Unit", {"file": "tests/unit/*"}),
            cat("Checkout", {"file": "tests/integration/test_checkout.py"}),
        ]
    )
    kept = analyze(read_reports([str(report)], jobs=1), cfg)
    folded_run = read_reports([str(report)], jobs=1, fold=Fold(slowest=0))
    assert folded_run.folded  # the passes were folded, not kept
    folded = analyze(folded_run, cfg)
    rows = [(c.name, c.counts) for c in kept.categories]
    assert rows == [
        ("Unit", Counts(passed=3)),
        ("Checkout", Counts(passed=1, failed=1)),
    ]
    assert [(c.name, c.counts) for c in folded.categories] == rows
