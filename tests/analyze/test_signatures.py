from __future__ import annotations

import pytest

from reportgen.analyze.signatures import (
    MAX_MESSAGE,
    NO_MESSAGE,
    compose,
    names_nothing,
    signature,
    split_type,
    with_frame,
)


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("expected 3 but got 42", "expected <n> but got <n>"),
        ("took -3.25s", "took -<n>s"),
        ("no row for user_123 in order-77", "no row for user_<n> in order-<n>"),
        ("int64 overflow in sha256 on Python3", "int64 overflow in sha256 on Python3"),
        ("object at 0x7ffe12ab", "object at <hex>"),
        ("commit 3f9a2c1d8e is missing", "commit <id> is missing"),
        ("request_id=req_0c5e9b13 and req_12345678", "request_id=req_<id> and req_<id>"),
        ("pi is 3.14159265 and 12345678.5", "pi is <n> and <n>"),
        ("epoch 1694601767000 ms", "epoch <id> ms"),
        ("deadbeef is all hex letters", "<id> is all hex letters"),
        ("request 123e4567-e89b-12d3-a456-426614174000 failed", "request <uuid> failed"),
        ("at 2025-09-13T10:42:47.099522Z retry", "at <timestamp> retry"),
        ("at 2025-09-13 10:42:47+02:00 retry", "at <timestamp> retry"),
        ("on 2025-09-13 and 13/09/2025", "on <date> and <date>"),
        ("at 10:42:47.5 sharp", "at <time> sharp"),
        ("connect to 10.0.0.7:5432 refused", "connect to <ip> refused"),
        ("connect to [::1]:8080 refused", "connect to <ip> refused"),
        ("GET https://api.example.com:8443/v1/users?id=9 gave 500", "GET <url> gave <n>"),
        ("mail ann.lee+qa@example.org bounced", "mail <email> bounced"),
        ("cannot open /srv/app/data/x.json now", "cannot open <path> now"),
        ("cannot open C:\\app\\x.cs now", "cannot open <path> now"),
        ("see src/pkg/mod.ts and ./rel/file", "see <path> and <path>"),
        ("and/or is not a path", "and/or is not a path"),
        ("key 'user-17' can't be \"found\"", "key '<str>' can't be \"<str>\""),
        (
            "typographic \u201cvalue 1\u201d and \u2018x\u2019",
            "typographic \u201c<str>\u201d and \u2018<str>\u2019",
        ),
        ("Ünïcödé naïve café 12 ✓", "Ünïcödé naïve café <n> ✓"),
        ("first line 1\nsecond line 2", "first line <n>"),
        ("\n\n   spaced    out   \n", "spaced out"),
    ],
)
def test_volatile_parts_are_masked(message: str, expected: str) -> None:
    assert signature(None, message) == expected


def test_messages_differing_only_in_volatile_parts_share_a_signature() -> None:
    one = signature("TimeoutError", "job 17 at 10.1.1.1:80 timed out after 30.5s (id 5f0c2a9b11)")
    two = signature("TimeoutError", "job 9 at 10.9.9.9:81 timed out after 2s (id 77aa00bb99)")
    assert one == two == "TimeoutError: job <n> at <ip> timed out after <n>s (id <id>)"


def test_type_is_shortened_and_prefixed() -> None:
    assert signature("java.lang.IllegalStateException", "bad") == "IllegalStateException: bad"
    assert signature("std::runtime_error", "bad") == "std::runtime_error: bad"


def test_type_guessed_from_the_message_when_absent() -> None:
    assert signature(None, "AssertionError: assert 1 == 2") == "AssertionError: assert <n> == <n>"
    assert (
        signature(None, "websockets.exceptions.NegotiationError: no subprotocols supported")
        == "NegotiationError: no subprotocols supported"
    )
    assert signature(None, "java.lang.NullPointerException") == "NullPointerException"


def test_repeated_type_prefix_is_not_doubled() -> None:
    assert signature("KeyError", "KeyError: 'x'") == "KeyError: '<str>'"
    assert signature("a.b.KeyError", "KeyError: 'x'") == "KeyError: '<str>'"
    # a different type named in the message stays part of the message
    assert signature("RuntimeError", "ValueError: bad") == "RuntimeError: ValueError: bad"


def test_empty_message_and_missing_type() -> None:
    assert signature(None, None) == NO_MESSAGE
    assert signature("", "") == NO_MESSAGE
    assert signature("  ", "   ") == NO_MESSAGE
    assert signature("KeyError", None) == "KeyError"
    assert signature(None, "plain text") == "plain text"


def test_long_messages_are_bounded() -> None:
    result = signature(None, "word " * 500)
    assert len(result) == MAX_MESSAGE
    assert result.endswith("...")


def test_type_guessed_from_a_python_traceback() -> None:
    details = (
        "Traceback (most recent call last):\n"
        '  File "/app/a.py", line 3, in f\n'
        "    g()\n"
        "ValueError: first\n"
        "\nDuring handling of the above exception, another exception occurred:\n\n"
        "KeyError: 'k'\n"
    )
    assert split_type(None, "it broke", details) == ("KeyError", "it broke")


def test_type_guessed_from_pytest_and_java_details() -> None:
    pytest_details = (
        ">       assert 1 == 2\nE       assert 1 == 2\n\ntests/test_a.py:3: AssertionError"
    )
    assert split_type(None, "assert 1 == 2", pytest_details)[0] == "AssertionError"
    java = "x.Top: outer\n\tat a.B.c(B.java:1)\nCaused by: x.y.RootCauseException: inner\n\tat q"
    assert split_type(None, "outer", java)[0] == "RootCauseException"


def test_given_type_wins_over_details() -> None:
    assert split_type("OSError", "m", "KeyError: 1")[0] == "OSError"


def test_signature_is_deterministic() -> None:
    message = "user 42 at 2025-01-01T00:00:00Z from 1.2.3.4 with 'token'"
    assert len({signature("E", message) for _ in range(5)}) == 1


def test_message_read_from_the_details_when_absent() -> None:
    jest = (
        "Error: expect(received).toBe(expected) // Object.is equality\n\n"
        'Expected: "sm"\nReceived: "small"\n    at Object.toBe (/app/Avatar.test.js:9:67)'
    )
    assert split_type(None, None, jest) == (
        "Error",
        "expect(received).toBe(expected) // Object.is equality",
    )
    python = "Traceback (most recent call last):\n  File \"a.py\", line 1, in f\nKeyError: 'k'\n"
    assert split_type(None, "", python) == ("KeyError", "'k'")
    assert split_type("OSError", None, "disk full on /dev/sda1\nmore") == (
        "OSError",
        "disk full on /dev/sda1",
    )


def test_bare_error_prefix_is_a_type() -> None:
    assert signature(None, "Error: quota of 150 reached") == "Error: quota of <n> reached"
    # a generic type names no cause; its message can
    assert (
        signature(None, "Error: timed out after 150 ms") == "TimeoutError: timed out after <n> ms"
    )


def test_pytest_phase_wrapper_is_taken_off() -> None:
    """pytest's setup errors quote the real exception; the quote must not hide it."""
    first = 'failed on setup with "ConnectionRefusedError: [Errno 111] refused by 10.0.0.3:5432"'
    second = 'failed on setup with "ConnectionRefusedError: [Errno 111] refused by 10.0.0.9:6379"'
    assert signature(None, first) == signature(None, second)
    assert signature(None, first) == "ConnectionRefusedError: [Errno <n>] refused by <ip>"
    teardown = "failed on teardown with \"KeyError: 'session'\""
    assert signature(None, teardown) == "KeyError: '<str>'"


def test_ids_made_of_hex_letters_only_are_masked() -> None:
    assert signature(None, "token efdaccdc expired") == signature(None, "token 3fa9c2e1 expired")
    # words are not ids, however long
    assert signature(None, "accepted effaced") == "accepted effaced"


OUTAGE = "connection to ledger-db:5432 timed out"


def test_one_outage_spelled_by_four_languages_signs_once() -> None:
    spelled = [
        ("java.util.concurrent.TimeoutException", OUTAGE),  # Maven Surefire
        (None, f"TimeoutError: {OUTAGE}"),  # pytest: the type inside the message
        ("TimeoutError", OUTAGE),  # jest: a class named TimeoutError
        ("Error", OUTAGE),  # mocha: a plain Error with code ETIMEDOUT
        ("socket.timeout", OUTAGE),
        ("asyncio.TimeoutError", OUTAGE),
    ]
    assert {signature(t, m) for t, m in spelled} == {
        "TimeoutError: connection to ledger-db:<n> timed out"
    }
    # another host is another outage
    assert signature("TimeoutError", "connection to cache:6379 timed out") != signature(
        "TimeoutError", OUTAGE
    )


def test_a_repeated_spelling_of_the_cause_is_taken_off() -> None:
    assert split_type("TimeoutException", f"TimeoutError: {OUTAGE}") == ("TimeoutException", OUTAGE)
    # a different exception inside a specific one is part of the message
    assert split_type("IllegalStateException", "KeyError: x") == (
        "IllegalStateException",
        "KeyError: x",
    )


def test_wrappers_give_way_to_the_exception_they_carry() -> None:
    assert split_type(
        "java.util.concurrent.ExecutionException",
        f"java.util.concurrent.TimeoutException: {OUTAGE}",
    ) == ("TimeoutException", OUTAGE)
    assert split_type("RuntimeException", "java.net.ConnectException: Connection refused") == (
        "ConnectException",
        "Connection refused",
    )
    trace = (
        "java.lang.reflect.InvocationTargetException: null\n"
        "\tat com.acme.Boot.start(Boot.java:12)\n"
        "Caused by: java.lang.IllegalStateException: wrapped\n"
        "\tat com.acme.Ledger.open(Ledger.java:40)\n"
        "Caused by: java.net.UnknownHostException: ledger-db\n"
        "\tat java.base/java.net.InetAddress.getAllByName(InetAddress.java:1)\n"
    )
    assert split_type("java.lang.reflect.InvocationTargetException", "null", trace) == (
        "UnknownHostException",
        "ledger-db",
    )
    assert signature("java.lang.reflect.InvocationTargetException", None) == (
        "InvocationTargetException"
    )


def test_gotestsum_placeholder_gives_way_to_the_logged_line() -> None:
    body = (
        "=== RUN   TestFetchSinceCursor\n"
        f"    sync_test.go:8: {OUTAGE}\n"
        "--- FAIL: TestFetchSinceCursor (0.00s)\n"
    )
    assert split_type("", "Failed", body) == (None, OUTAGE)
    assert compose(*split_type("", "Failed", body)) == signature("TimeoutException", OUTAGE)
    # nothing logged: read as before
    assert split_type(None, "Failed", "=== RUN   TestX\n--- FAIL: TestX\n") == split_type(
        None, "Failed"
    )


def test_a_message_that_names_nothing() -> None:
    assert names_nothing("")
    assert names_nothing("42 != 43")
    assert names_nothing("'a' == 'b'")
    assert not names_nothing("expected 3 items")
    assert with_frame("AssertionError", "test_x (tests/a.py)") == (
        "AssertionError at test_x (tests/a.py)"
    )
