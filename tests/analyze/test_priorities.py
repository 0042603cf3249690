from __future__ import annotations

import sys

from analyze_builders import case, cat, config, fail, make_run

from reportgen.analyze import analyze
from reportgen.analyze.priorities import MAX_ENTRIES


def test_levels_and_order() -> None:
    run = make_run(
        [fail(f"s{i}", classname="W.T", message="socket closed") for i in range(4)]
        + [fail("o1", classname="C.T", message="oops"), fail("o2", classname="D.T", message="oops")]
        + [fail(f"k{i}", classname="C.T", message="kaput") for i in range(3)]
        + [fail("d", classname="C.T", message="disk full")]
        + [fail("l", classname="C.T", message="lonely")]
    )
    cfg = config(
        categories=[cat(n, {"classname": f"{n}.*"}) for n in "WCD"],
        known_issues=[
            {
                "id": "#9",
                "title": "Socket",
                "blocks": True,
                "match": {"message": "socket"},
                "action": "Fix the socket setup",
            },
            {
                "id": "#5",
                "title": "Disk",
                "priority": "P0",
                "match": {"message": "disk"},
                "url": "https://issues.example/5",
            },
        ],
    )
    priorities = analyze(run, cfg).priorities
    assert [(p.level, p.title) for p in priorities] == [
        ("P0", "#9 Socket"),  # blocking, 4 of 11
        ("P0", "#5 Disk"),  # configured priority wins over its 1 of 11
        ("P1", "kaput"),  # 3 of 11 = 27% >= 20%
        ("P1", "oops"),  # 2 of 11 but in two categories
        ("P2", "lonely"),
    ]
    socket, disk, kaput, oops, _ = priorities
    assert socket.impact == "4 failures (36.4% of all) in W; blocking"
    assert socket.action == "Fix the socket setup"
    assert (socket.known_issue, socket.new_issue, socket.signature) == ("#9", False, None)
    assert disk.action == "Fix #5 (https://issues.example/5)"
    assert kaput.new_issue is True
    assert kaput.action == "Open an issue for signature `kaput`"
    assert oops.impact == "2 failures (18.2% of all) in C, D"


def test_configured_priority_wins_even_over_blocking() -> None:
    run = make_run([fail("s", message="socket")])
    cfg = config(
        known_issues=[
            {"id": "#9", "title": "S", "blocks": True, "priority": "P2", "match": {"message": "s"}}
        ]
    )
    assert analyze(run, cfg).priorities[0].level == "P2"


def test_a_group_that_sinks_a_criterion_is_p0() -> None:
    run = make_run(
        [case(f"a{i}", classname="A.T") for i in range(8)]
        + [fail(f"f{i}", classname="A.T", message="assert") for i in range(2)]
        + [fail(f"z{i}", classname="Z.T", message="zzz") for i in range(10)]
    )
    cfg = config(
        categories=[cat("A", {"classname": "A.*"}), cat("Z", {"classname": "Z.*"})],
        criteria=[{"name": "A ok", "scope": ["A"], "target": ">=90%"}],
    )
    report = analyze(run, cfg)
    assert report.criteria[0].status.value == "MISSED"
    levels = {p.title: (p.level, p.impact) for p in report.priorities}
    # 2 of 12 failures, one category: P2 by size, but without it A is 8 / 8
    assert levels["assert"] == ("P0", "2 failures (16.7% of all) in A; keeps A ok from its target")
    assert levels["zzz"][0] == "P1"


def test_groups_of_one_known_issue_make_one_entry() -> None:
    run = make_run([fail("a", message="socket one"), fail("b", type="E", message="socket two")])
    cfg = config(known_issues=[{"id": "#9", "title": "S", "match": {"message": "socket"}}])
    report = analyze(run, cfg)
    assert len(report.groups) == 2
    (entry,) = report.priorities
    assert entry.impact.startswith("2 failures (100.0% of all)")


def test_many_groups_are_summed_up_after_the_limit() -> None:
    run = make_run([fail(f"t{i}", message=f"error kind {chr(97 + i)}") for i in range(15)])
    priorities = analyze(run, config()).priorities
    assert len(priorities) == MAX_ENTRIES + 1
    assert priorities[-1].title == "5 more failure groups"
    assert priorities[-1].impact == "5 failures (33.3% of all)"


def test_no_failures_no_priorities() -> None:
    assert analyze(make_run([case("a")]), config()).priorities == []


def _word(n: int) -> str:
    """A distinct lowercase word per number (digits would be masked out of the signature)."""
    letters = ""
    n += 1
    while n:
        n, rest = divmod(n - 1, 26)
        letters = "abcdefghijklmnopqrstuvwxyz"[rest] + letters
    return letters


def _lines_run(groups: int) -> int:
    """Python lines executed by analyze() on `groups` distinct failure groups that all sink a
    missed criterion: a count of work, the same on every machine (no clock)."""
    run = make_run(
        [case(f"p{i}", classname="A.T") for i in range(groups)]
        + [fail(f"f{i}", classname="A.T", message=f"broken {_word(i)}") for i in range(groups)]
    )
    cfg = config(
        categories=[cat("A", {"classname": "A.*"})],
        criteria=[{"name": "A ok", "scope": ["A"], "target": ">=99%"}],
    )
    executed = 0

    def tracer(frame: object, event: str, arg: object) -> object:
        nonlocal executed
        if event == "line":
            executed += 1
        return tracer

    sys.settrace(tracer)
    try:
        report = analyze(run, cfg)
    finally:
        sys.settrace(None)
    assert len(report.groups) == groups
    return executed


def test_priorities_of_many_groups_grow_linearly() -> None:
    # Each group used to rescan every group's tallies: 4x the groups was 16x the work.
    small, large = _lines_run(250), _lines_run(1000)
    assert large / small < 4 * 1.5, (small, large)
