"""Every category and criterion that matched no test is named, with its rule and what to check."""

from __future__ import annotations

from pathlib import Path

import pytest
from analyze_builders import case, cat, config, fail, make_run

from reportgen.analyze import analyze
from reportgen.config import load_config
from reportgen.pipeline import read_run
from reportgen.report import MatchKind

ROOT = Path(__file__).resolve().parents[2]


def _criterion(name: str, scope: object, **extra: object) -> dict[str, object]:
    return {"name": name, "scope": scope, "target": ">90%", **extra}


def test_a_category_no_test_matched_names_its_rule_and_what_the_run_holds() -> None:
    run = make_run([case("a", classname="api.T"), fail("b", classname="api.T")], ["../x/r.xml"])
    cfg = config(
        categories=[cat("API", {"classname": "api.*"}), cat("Unit", {"input": "unit-pytest.xml"})]
    )
    report = analyze(run, cfg)
    (warning,) = report.match_warnings
    assert (warning.kind, warning.name) == (MatchKind.CATEGORY, "Unit")
    assert warning.message == (
        "category 'Unit' (match = [{ input = \"unit-pytest.xml\" }]) matched no test; check its "
        "globs (case-sensitive, each matching a whole value) against the run: its input paths "
        "are '../x/r.xml'"
    )
    assert report.notices == [warning.message]


def test_examples_of_each_field_the_rules_use_are_few() -> None:
    run = make_run([case(str(n), classname=f"pkg.T{n}") for n in range(5)])
    cfg = config(categories=[cat("Web", {"classname": "web.*", "suite": "web"})])
    (warning,) = analyze(run, cfg).match_warnings[:1]
    assert warning.message.endswith(
        "its classnames are 'pkg.T0', 'pkg.T1' and 3 more; its suite paths are 'S'"
    )


def test_a_category_whose_tests_joined_an_earlier_one_says_so() -> None:
    run = make_run([case("a", classname="api.TestAuth"), case("b", classname="api.TestUsers")])
    cfg = config(
        categories=[cat("API", {"classname": "api.*"}), cat("Auth", {"classname": "*.TestAuth"})]
    )
    (warning,) = analyze(run, cfg).match_warnings
    assert warning.name == "Auth"
    assert "its rules match 1 test, but they joined 'API' first" in warning.message
    assert "move this category up" in warning.message


def test_tests_no_category_claimed_are_one_warning() -> None:
    run = make_run([case("a", classname="api.T"), case("b", classname="web.T")])
    cfg = config(categories=[cat("API", {"classname": "api.*"})])
    (warning,) = analyze(run, cfg).match_warnings
    assert (warning.kind, warning.name) == (MatchKind.UNMATCHED_TESTS, "Unmatched")
    assert warning.message.startswith(
        "1 test matched no category and went to the 'Unmatched' row, e.g. 'web.T::b'"
    )


def test_default_rows_never_warn() -> None:
    assert analyze(make_run([case("a")]), config()).match_warnings == []


def test_criteria_on_categories_that_hold_nothing_are_named() -> None:
    run = make_run([case("a", classname="api.T")])
    cfg = config(
        categories=[cat("API", {"classname": "api.*"}), cat("Unit", {"classname": "unit.*"})],
        criteria=[
            _criterion("Unit rate", ["Unit"]),
            _criterion("API rate", ["API"]),
            _criterion("Auth", "overall", tests="*::test_auth*"),
        ],
    )
    report = analyze(run, cfg)
    assert [(w.kind, w.name) for w in report.match_warnings] == [
        (MatchKind.CATEGORY, "Unit"),
        (MatchKind.CRITERION, "Unit rate"),
        (MatchKind.CRITERION, "Auth"),
    ]
    unit_rate, auth = (w.message for w in report.match_warnings[1:])
    assert unit_rate == (
        "criterion 'Unit rate' (scope 'Unit') judged no test: its categories hold none; check "
        "the categories named in 'scope' and their rules"
    )
    assert auth.startswith("criterion 'Auth' (scope overall, tests = \"*::test_auth*\")")
    assert "no test in its scope has an identity (classname::name) matching 'tests'" in auth


def test_a_criterion_whose_tests_were_all_skipped_matched_them() -> None:
    # NO DATA here means nothing ran, not that the configuration missed the tests
    run = make_run([case("a", "skipped", classname="api.T")])
    cfg = config(
        categories=[cat("API", {"classname": "api.*"})], criteria=[_criterion("API", ["API"])]
    )
    report = analyze(run, cfg)
    assert report.criteria[0].status.value == "NO DATA"
    assert report.match_warnings == []


@pytest.mark.parametrize("sample", ["e2e-staging", "java-gradle", "js-monorepo"])
def test_the_bundled_samples_match_every_test(sample: str) -> None:
    folder = ROOT / "samples" / sample
    cfg = load_config(folder / "worklog.toml")
    report = analyze(read_run([str(folder / "results")], cfg), cfg)
    assert report.match_warnings == []
    assert all(c.counts.total for c in report.categories)


def test_a_file_rule_on_reports_without_files_says_what_it_was_matched_against() -> None:
    run = make_run(
        [case("a", classname="tests.test_api.TestUsers"), case("b", classname="tests.test_web")]
    )
    cfg = config(categories=[cat("DB", {"file": "tests/test_db.py"})])
    (warning, _) = analyze(run, cfg).match_warnings
    assert warning.message == (
        "category 'DB' (match = [{ file = \"tests/test_db.py\" }]) matched no test; check its "
        "globs (case-sensitive, each matching a whole value) against the run: the reports carry "
        "no file attribute (pytest writes none by default), so 'file' rules were matched against "
        "the module paths derived from classnames: 'tests.test_api.TestUsers' gives "
        "'tests/test_api/TestUsers.py', 'tests/test_api.py', 'tests.py'; 'tests.test_web' gives "
        "'tests/test_web.py', 'tests.py'"
    )


def test_a_file_rule_names_files_and_the_tests_that_had_none() -> None:
    run = make_run(
        [
            case("a", classname="tests.test_api", file="tests/test_api.py"),
            case("b", classname="tests.test_web"),
            case("c", classname="tests.test_web"),
        ]
    )
    cfg = config(categories=[cat("DB", {"file": "tests/test_db.py"})])
    (warning, _) = analyze(run, cfg).match_warnings
    assert warning.message.endswith(
        "against the run: its test files are 'tests/test_api.py'; 2 tests without a file "
        "attribute were matched by the module paths derived from their classnames: "
        "'tests.test_web' gives 'tests/test_web.py', 'tests.py'"
    )
