"""The identity rule: which test of a baseline is which test of this run."""

from __future__ import annotations

import pytest
from run_builders import F, P, case, report_of, run_of

from reportgen.analyze.diff import align, cross_run_key, diff_runs
from reportgen.archive.sidecar import Sidecar
from reportgen.model import Run


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("m::test_x[<Obj at 0x7f3a12bc90>]", "m::test_x[<Obj at 0x55e10a0b>]"),
        ("m::test_x[2025-01-02T10:11:12Z-a]", "m::test_x[2026-12-08T03:04:05+01:00-a]"),
        ("m::test_x[20250102]", "m::test_x[20261208]"),
        ("m::t[/tmp/pytest-of-bob/pytest-12/t0/f]", "m::t[/tmp/pytest-of-ci/pytest-3/t0/f]"),
        ("m::t[/var/folders/x1/a/T/tmpk2j3h4_x]", "m::t[/private/var/folders/y9/T/tmpq8w7e6r5]"),
        ("m::t[C:\\Users\\me\\AppData\\Local\\Temp\\a]", "m::t[C:\\Users\\ci\\Temp\\b]"),
        ("m::t[seed=48213]", "m::t[seed=7]"),
        ("m::t[1234567]", "m::t[7654321]"),
        ("t[6ba7b810-9dad-11d1-80b4-00c04fd430c8]", "t[123e4567-e89b-12d3-a456-426614174000]"),
    ],
)
def test_volatile_parts_of_a_parametrized_id_share_a_key(one: str, other: str) -> None:
    assert one != other
    assert cross_run_key(one) == cross_run_key(other)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("m::test_x[1]", "m::test_x[2]"),  # parameters that mean something stay apart
        ("m::test_x[12345]", "m::test_x[54321]"),  # five digits are a value, not a seed
        ("m::test_x[a-b]", "m::test_x[a-c]"),
        ("a.b::test_0x10", "a.b::test_0x20"),  # outside the brackets nothing is volatile
        ("m1::test_x[0x1]", "m2::test_x[0x1]"),  # the classname stays
    ],
)
def test_what_is_not_volatile_keeps_tests_apart(one: str, other: str) -> None:
    assert cross_run_key(one) != cross_run_key(other)


def test_a_key_pairs_only_one_test_with_one() -> None:
    aligned, pairs = align(
        ["m::a[0x1]", "m::b", "m::c[0x5]", "m::c[0x6]"],
        {"m::a[0x2]": P, "m::b": F, "m::c[0x7]": F},
    )
    # a is paired; c has two candidates now, so none is guessed
    assert pairs == {"m::a[0x1]": "m::a[0x2]"}
    assert aligned == {"m::a[0x1]": P, "m::b": F, "m::c[0x7]": F}


def test_an_identity_in_both_runs_is_never_re_paired() -> None:
    aligned, pairs = align(["m::a[0x1]", "m::a[0x2]"], {"m::a[0x1]": F, "m::a[0x3]": P})
    assert pairs == {"m::a[0x2]": "m::a[0x3]"}
    assert aligned == {"m::a[0x1]": F, "m::a[0x2]": P}


def _run(outcomes: dict[str, object], path: str) -> Run:
    run = run_of({}, path=path)
    run.cases = [
        case(name, outcome, classname="tests.test_db", line=i)  # type: ignore[arg-type]
        for i, (name, outcome) in enumerate(outcomes.items(), 1)
    ]
    return run


def test_the_diff_survives_a_renamed_report_and_volatile_ids() -> None:
    before = _run({"test_seed[seed=111111]": F, "test_obj[0xdead]": P, "test_gone": F}, "a.xml")
    now = _run({"test_seed[seed=222222]": F, "test_obj[0xbeef]": F, "test_gone": P}, "b/c.xml")
    baseline = Sidecar(run=before, report=report_of(before))
    diff = diff_runs(now, report_of(now), baseline, "base")
    assert diff.still_failing == ["tests.test_db::test_seed[seed=222222]"]
    assert diff.new_failures == ["tests.test_db::test_obj[0xbeef]"]
    assert diff.fixed == ["tests.test_db::test_gone"]
    assert diff.new_tests == [] and diff.removed_tests == []
    assert diff.matched_as == {
        "tests.test_db::test_obj[0xbeef]": "tests.test_db::test_obj[0xdead]",
        "tests.test_db::test_seed[seed=222222]": "tests.test_db::test_seed[seed=111111]",
    }
    assert diff.common_tests == 3


def test_a_baseline_sharing_no_test_compares_nothing() -> None:
    before = run_of({"a": F, "b": P})
    now = _run({"test_x": F, "test_y": P}, "x.xml")
    diff = diff_runs(now, report_of(now), Sidecar(run=before, report=report_of(before)), "other")
    assert diff.common_tests == 0
    assert diff.new_failures == ["tests.test_db::test_x"]  # absent there, so new
    assert (diff.fixed, diff.still_failing, diff.new_tests, diff.removed_tests) == ([], [], [], [])
    assert diff.categories == []
