from __future__ import annotations

import pytest
from analyze_builders import case, fail, make_run

from reportgen.analyze.clusters import MAX_DETAILS, MAX_TESTS, bound_text, group_failures
from reportgen.analyze.frames import parse_frames

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
        ("timeout after <n>s", 2),
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
