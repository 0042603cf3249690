from __future__ import annotations

from pathlib import Path

import pytest
from analyze_builders import case, config, fail, make_run
from pydantic import ValidationError

from reportgen.analyze.clusters import (
    MAX_DETAILS,
    MAX_TESTS,
    bound_text,
    describe_failures,
    group_failures,
)
from reportgen.analyze.frames import parse_frames
from reportgen.model import TestCase

PY_TRACE = (
    "Traceback (most recent call last):\n"
    '  File "/app/tests/test_ws.py", line 10, in test_{n}\n'
    "    connect()\n"
    '  File "/app/client.py", line 42, in connect\n'
    "    handshake()\n"
    '  File "/app/proto.py", line {line}, in handshake\n'
    "    raise NegotiationError()\n"
    "NegotiationError: no subprotocols supported\n"
)


def test_groups_by_signature_ranked_by_size_then_signature() -> None:
    run = make_run(
        [
            fail("a", message="timeout after 5s"),
            fail("b", message="timeout after 9s"),
            fail("c", message="zebra"),
            fail("d", message="apple"),
            case("ok"),
            case("e", "error", type="KeyError", message="'x'"),
        ]
    )
    groups = group_failures(run)
    assert [(g.signature, g.count) for g in groups] == [
        ("TimeoutError: timeout after <n>s", 2),  # no type: the message names the cause
        ("KeyError: '<str>'", 1),  # ties: plain string order of the signature
        ("apple", 1),
        ("zebra", 1),
    ]
    assert [g.share for g in groups] == [40.0, 20.0, 20.0, 20.0]
    assert groups[0].message == "timeout after 5s"
    assert groups[1].type == "KeyError"


def test_group_lists_categories_files_and_bounded_tests() -> None:
    cases = [fail(f"t{i}", message="boom", input=i % 2) for i in range(MAX_TESTS + 5)]
    run = make_run(cases, inputs=["one.xml", "two.xml"])
    categories = ["B" if i % 3 == 0 else "A" for i in range(len(cases))]
    (group,) = group_failures(run, categories)
    assert group.count == MAX_TESTS + 5
    assert group.categories == ["A", "B"]  # most failures first
    assert group.files == ["one.xml", "two.xml"]
    assert len(group.tests) == MAX_TESTS
    assert group.tests_total == MAX_TESTS + 5
    assert group.tests[0] == "pkg.TestA::t0"


def test_first_and_last_occurrence_follow_input_order_then_line() -> None:
    run = make_run(
        [
            fail("late_in_second", input=1, line=50),
            fail("early_in_second", input=1, line=3),
            fail("late_in_first", input=0, line=90),
            fail("early_in_first", input=0, line=7),
        ],
        inputs=["first.xml", "second.xml"],
    )
    (group,) = group_failures(run)
    assert (group.first.test, group.first.file, group.first.line) == (
        "pkg.TestA::early_in_first",
        "first.xml",
        7,
    )
    assert (group.last.test, group.last.file, group.last.line) == (
        "pkg.TestA::late_in_second",
        "second.xml",
        50,
    )
    assert group.message == "boom"


def test_frames_shared_by_every_traceback() -> None:
    run = make_run(
        [
            fail("a", message="x", details=PY_TRACE.format(n="a", line=7)),
            fail("b", message="x", details=PY_TRACE.format(n="b", line=7)),
            # no traceback: not counted against the shared frames
            fail("c", message="x", type="proto.NegotiationError", details=None),
        ]
    )
    (group,) = group_failures(run)
    assert group.frames == ["connect (/app/client.py:42)", "handshake (/app/proto.py:7)"]
    assert group.details == PY_TRACE.format(n="a", line=7)
    assert group.type == "NegotiationError"


def test_runtime_and_library_frames_do_not_locate_a_failure() -> None:
    """Every jest failure passes through jest-circus: only the project's own frames count."""
    trace = (
        "Error: expect(received).toBe(expected)\n"
        "    at Object.toBe (/repo/src/{n}.test.js:9:67)\n"
        "    at helper (/repo/src/helpers.js:3:1)\n"
        "    at callAsyncCircusFn (/repo/node_modules/jest-circus/build/a.js:1774:10)\n"
        "    at new Promise (<anonymous>)\n"
    )
    run = make_run(
        [
            fail("a", message="x", details=trace.format(n="a")),
            fail("b", message="x", details=trace.format(n="b")),
        ]
    )
    assert group_failures(run)[0].frames == ["helper (/repo/src/helpers.js:3:1)"]


def test_no_frames_when_none_is_shared() -> None:
    run = make_run(
        [
            fail("a", message="x", details='  File "/a.py", line 1, in f\n'),
            fail("b", message="x", details='  File "/b.py", line 2, in g\n'),
        ]
    )
    assert group_failures(run)[0].frames == []


def test_pytest_short_traceback_frames() -> None:
    details = (
        "tests/conftest.py:148: in connect\n    ws = await open()\n"
        ".venv/lib/client.py:647: in handshake\n    raise E()\n"
        "E   proto.NegotiationError: no\n\ntests/test_a.py:9: NegotiationError"
    )
    assert parse_frames(details) == [
        "connect (tests/conftest.py:148)",
        "handshake (.venv/lib/client.py:647)",
        "tests/test_a.py:9",
    ]


def test_java_and_js_frames() -> None:
    java = (
        "java.lang.IllegalStateException: x\n\tat com.acme.Foo.bar(Foo.java:12)\n"
        "\tat X(Native Method)"
    )
    js = "Error: y\n    at Object.<anonymous> (/app/a.test.js:10:5)\n    at /app/lib.js:1:2"
    assert parse_frames(java) == ["com.acme.Foo.bar (Foo.java:12)"]
    assert parse_frames(js) == [
        "Object.<anonymous> (/app/a.test.js:10:5)",
        "<anonymous> (/app/lib.js:1:2)",
    ]


def test_details_are_bounded_keeping_head_and_tail() -> None:
    text = "\n".join(f"line {i:04d} " + "x" * 50 for i in range(400))
    bounded = bound_text(text, MAX_DETAILS)
    assert len(bounded) <= MAX_DETAILS + 40
    assert bounded.startswith("line 0000")
    assert bounded.endswith(text.splitlines()[-1])
    assert "lines left out" in bounded
    run = make_run([fail("a", details=text)])
    assert group_failures(run)[0].details == bounded


def test_failure_without_any_problem_detail() -> None:
    run = make_run([case("e", "error")])
    run.cases[0].detail = None
    (group,) = group_failures(run)
    assert group.signature == "(no message)"
    assert group.message == "(no message)"
    assert group.details is None


def test_no_failures_no_groups() -> None:
    assert group_failures(make_run([case("a"), case("s", "skipped")])) == []


@pytest.mark.parametrize("count", [1, 3])
def test_single_traceback_frames_are_all_shared(count: int) -> None:
    run = make_run([fail(f"t{i}", details=PY_TRACE.format(n="x", line=7)) for i in range(count)])
    assert len(group_failures(run)[0].frames) == 3


# --- one cause, one group: real traces of one outage from five tools --------------------------

SUREFIRE = (
    "java.util.concurrent.TimeoutException: connection to ledger-db:5432 timed out\n"
    "\tat com.acme.ledger.LedgerClient.query(LedgerClient.java:24)\n"
    "\tat com.acme.ledger.LedgerClient.balance(LedgerClient.java:16)\n"
    "\tat com.acme.ledger.LedgerClientIT.readsTheOpeningBalance(LedgerClientIT.java:12)\n"
    "\tat java.base/java.lang.reflect.Method.invoke(Method.java:569)\n"
)
PYTEST = (
    'def test_reads_a_balance():\n>       assert balance("acct-4001") >= 0\n\n'
    "tests/unit/test_ledger.py:17: \n_ _ _ _ _ _ _ _\n\n"
    '    def balance(account: str, host: str = "ledger-db", port: int = 5432) -> int:\n'
    '>       raise TimeoutError(f"connection to {host}:{port} timed out")\n'
    "E       TimeoutError: connection to ledger-db:5432 timed out\n\n"
    "src/payments/ledger.py:5: TimeoutError"
)
JEST = (
    "TimeoutError: connection to ledger-db:5432 timed out\n"
    "    at query (/ci/build/src/ledgerClient.js:10:9)\n"
    "    at Object.balance (/ci/build/tests/contract/ledger.contract.test.js:5:24)\n"
    "    at Promise.finally.completed (/ci/node_modules/jest-circus/build/a.js:1557:28)\n"
    "    at new Promise (<anonymous>)\n"
)
MOCHA = (
    "Error: connection to ledger-db:5432 timed out\n"
    "    at ledgerUnreachable (src/checkoutApi.js:3:15)\n"
    "    at checkout (src/checkoutApi.js:10:9)\n"
    "    at Context.<anonymous> (test/e2e/checkout.spec.js:6:23)\n"
    "    at process.processImmediate (node:internal/timers:483:21)"
)
GOTESTSUM = (
    "=== RUN   TestFetchSinceCursor\n"
    "    sync_test.go:8: connection to ledger-db:5432 timed out\n"
    "--- FAIL: TestFetchSinceCursor (0.00s)\n"
)
ROUNDING = (
    "def test_fee_rounds_half_up():\n>       assert fee(1050) == 61\nE       assert 60 == 61\n\n"
    "tests/unit/test_ledger.py:13: AssertionError"
)


def outage_cases() -> list[TestCase]:
    java = "com.acme.ledger.LedgerClientIT"
    return [
        *(
            case(
                f"java{n}",
                "error",
                classname=java,
                input=0,
                type="java.util.concurrent.TimeoutException",
                message="connection to ledger-db:5432 timed out",
                details=SUREFIRE,
            )
            for n in range(5)
        ),
        *(
            fail(
                f"py{n}",
                classname="tests.unit.test_ledger",
                input=1,
                message="TimeoutError: connection to ledger-db:5432 timed out",
                details=PYTEST,
            )
            for n in range(2)
        ),
        fail(
            "rounding",
            classname="tests.unit.test_ledger",
            input=1,
            message="assert 60 == 61\n +  where 60 = fee(1050)",
            details=ROUNDING,
        ),
        case("py_ok", classname="tests.unit.test_ledger", input=1),
        *(
            fail(f"jest{n}", classname="ledger contract", input=2, message=None, details=JEST)
            for n in range(2)
        ),
        *(
            fail(
                f"mocha{n}",
                classname="checkout",
                input=3,
                type="Error",
                message="connection to ledger-db:5432 timed out",
                details=MOCHA,
            )
            for n in range(2)
        ),
        fail(
            "TestFetchSinceCursor",
            classname="example.com/ledgersync",
            input=4,
            type="",
            message="Failed",
            details=GOTESTSUM,
        ),
    ]


OUTAGE_INPUTS = ["it.xml", "unit.xml", "jest.xml", "mocha.xml", "go.xml"]


def test_one_outage_across_languages_is_one_group_of_the_right_size() -> None:
    run = make_run(outage_cases(), inputs=OUTAGE_INPUTS)
    categories = ["Integration"] * 5 + ["Unit"] * 4 + ["Contract"] * 2 + ["E2E"] * 2 + ["Sync"]
    outage, rounding = group_failures(run, categories)
    assert (outage.count, round(outage.share, 1)) == (12, 92.3)
    assert outage.signature == "TimeoutError: connection to ledger-db:<n> timed out"
    assert outage.spellings == ["TimeoutException", "TimeoutError", "Error"]
    assert outage.categories == ["Integration", "Unit", "Contract", "E2E", "Sync"]
    assert outage.files == OUTAGE_INPUTS
    # where to look: the project's frames, most failures first; no report file among them
    assert outage.locations == [
        "LedgerClient.java:24",
        "src/payments/ledger.py:5",
        "src/ledgerClient.js:10",
    ]
    assert (outage.first.location, outage.last.location) == (
        "LedgerClient.java:24",
        "sync_test.go:8",
    )
    assert (rounding.count, rounding.signature) == (1, "AssertionError: assert <n> == <n>")
    assert rounding.locations == ["tests/unit/test_ledger.py:13"]


def test_grouping_is_the_same_whatever_the_input_order() -> None:
    cases = outage_cases()
    ranked = [
        (g.signature, g.count, g.spellings) for g in group_failures(make_run(cases, OUTAGE_INPUTS))
    ]
    moved = [c for c in cases if c.input == 4] + [c for c in cases if c.input != 4]
    for c in moved:
        c.source_line = 0  # numbered again in the new order
    again = group_failures(make_run(moved, OUTAGE_INPUTS))
    assert [(g.signature, g.count) for g in again] == [(s, n) for s, n, _ in ranked]
    assert set(again[0].spellings) == set(ranked[0][2])


def test_the_outage_sample_groups_as_its_readme_says() -> None:
    from reportgen.ingest import read_reports

    results = Path(__file__).resolve().parents[2] / "samples" / "outage" / "results"
    groups = group_failures(read_reports([str(results)]))
    assert [(g.count, round(g.share, 1)) for g in groups] == [(12, 92.3), (1, 7.7)]
    assert set(groups[0].spellings) == {"TimeoutException", "TimeoutError", "Error", None} - {None}
    assert groups[0].locations[0] == "LedgerClient.java:24"


def test_a_message_that_names_nothing_is_told_apart_by_its_frame() -> None:
    def npe(name: str, line: int, where: str) -> TestCase:
        trace = (
            "java.lang.NullPointerException\n"
            f"\tat com.acme.orders.{where}(Orders.java:{line})\n"
            "\tat com.acme.orders.OrdersTest.t(OrdersTest.java:9)\n"
        )
        return case(
            name,
            "error",
            classname="com.acme.orders.OrdersTest",
            type="java.lang.NullPointerException",
            message=None,
            details=trace,
        )

    run = make_run(
        [npe("a", 10, "Orders.total"), npe("b", 11, "Orders.total"), npe("c", 50, "Orders.tax")]
    )
    groups = group_failures(run)
    # the same method (lines move as code changes, so the line is not part of it) is one group
    assert [(g.signature, g.count) for g in groups] == [
        ("NullPointerException at com.acme.orders.Orders.total (Orders.java)", 2),
        ("NullPointerException at com.acme.orders.Orders.tax (Orders.java)", 1),
    ]
    # a message that says something groups by the message, wherever it was raised
    run = make_run(
        [
            fail(
                "d",
                type="AssertionError",
                message="expected 3 items",
                details='  File "/a.py", line 1, in f\n',
            ),
            fail(
                "e",
                type="AssertionError",
                message="expected 4 items",
                details='  File "/b.py", line 2, in g\n',
            ),
        ]
    )
    assert [g.count for g in group_failures(run)] == [2]


def test_occurrence_line_left_out_on_a_report_written_on_one_line() -> None:
    """pytest writes its XML on one line: line 1, its suite's line, would point at every test."""
    run = make_run(
        [
            case("ok", line=1),
            fail("a", line=1, type="AssertionError", details=ROUNDING, classname="tests.unit.x"),
            fail("b", line=4, type="AssertionError"),
            case("ok2", line=4),
            fail("c", line=9, type="AssertionError"),
        ],
        number_lines=False,
    )
    assert {s.source_line for s in run.suites} == {1}
    (group,) = group_failures(run)
    assert [(o.test, o.line) for o in (group.first, group.last)] == [
        ("tests.unit.x::a", None),
        ("pkg.TestA::c", 9),
    ]
    assert group.first.location == "tests/unit/test_ledger.py:13"
    # a line other tests share, below the suite's, still says where the test begins
    (b,) = [i for i in describe_failures(run) if i.case.name == "b"]
    assert not b.line_shared


def test_configured_groups_merge_and_split() -> None:
    run = make_run(
        [
            fail("a", type="IOException", message="disk quota exceeded on /data"),
            fail("b", type="ENOSPC", message="write failed"),
            fail("c", message="boom", classname="pkg.Slow"),
            fail("d", message="boom", classname="pkg.Fast"),
            fail("e", message="boom", classname="pkg.Fast"),
        ]
    )
    rules = config(
        groups=[
            {"name": "Disk full on the runner", "match": {"message": "quota|ENOSPC"}},
            {"name": "Slow suite boom", "match": {"test": "pkg.Slow::*"}},
        ]
    ).groups
    groups = group_failures(run, infos=describe_failures(run, groups=rules))
    assert [(g.signature, g.count) for g in groups] == [
        ("Disk full on the runner", 2),  # merged: two signatures no rule sees as one
        ("boom", 2),
        ("Slow suite boom", 1),  # split out of "boom"
    ]
    assert groups[0].spellings == ["IOException", "ENOSPC"]
    assert [g.name for g in groups] == ["Disk full on the runner", None, "Slow suite boom"]


def test_a_group_rule_needs_a_name_and_a_match() -> None:
    (rule,) = config(groups=[{"name": "Disk full", "match": {"signature": "*ENOSPC*"}}]).groups
    assert (rule.name, rule.match.signature) == ("Disk full", "*ENOSPC*")
    with pytest.raises(ValidationError):
        config(groups=[{"name": "x"}])
    with pytest.raises(ValidationError):
        config(groups=[{"name": "", "match": {"test": "*"}}])
