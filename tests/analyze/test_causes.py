"""Spellings of one cause sign alike; a type the table does not list signs as itself."""

from __future__ import annotations

import pytest

from reportgen.analyze.causes import CAUSES, cause_name, same_cause
from reportgen.analyze.signatures import signature


@pytest.mark.parametrize(
    ("type_name", "message", "cause"),
    [
        ("java.util.concurrent.TimeoutException", "x", "TimeoutError"),
        ("java.net.SocketTimeoutException", "x", "TimeoutError"),
        ("asyncio.TimeoutError", "x", "TimeoutError"),
        ("socket.timeout", "x", "TimeoutError"),
        ("requests.exceptions.ReadTimeout", "x", "TimeoutError"),
        ("ETIMEDOUT", "x", "TimeoutError"),
        ("java.net.ConnectException", "Connection refused", "ConnectionRefusedError"),
        ("ConnectionRefusedError", "x", "ConnectionRefusedError"),
        ("ECONNRESET", "x", "ConnectionResetError"),
        ("java.net.UnknownHostException", "ledger-db", "UnknownHostException"),
        ("socket.gaierror", "x", "UnknownHostException"),
        ("org.opentest4j.AssertionFailedError", "x", "AssertionError"),
        ("org.junit.ComparisonFailure", "x", "AssertionError"),
        ("PHPUnit\\Framework\\ExpectationFailedException", "x", "AssertionError"),
        ("RSpec::Expectations::ExpectationNotMetError", "x", "AssertionError"),
        ("Minitest::Assertion", "x", "AssertionError"),
        ("System.NullReferenceException", "x", "NullPointerException"),
        ("java.lang.OutOfMemoryError", "Java heap space", "OutOfMemoryError"),
        ("MemoryError", "", "OutOfMemoryError"),
        ("java.nio.file.AccessDeniedException", "/srv", "PermissionError"),
        ("java.io.FileNotFoundException", "x", "FileNotFoundError"),
        ("java.nio.file.NoSuchFileException", "x", "FileNotFoundError"),
    ],
)
def test_spellings_of_a_cause_sign_as_the_cause(type_name: str, message: str, cause: str) -> None:
    assert signature(type_name, message).split(":")[0] == cause


@pytest.mark.parametrize(
    ("type_name", "message", "cause"),
    [
        # a type that says nothing: the message's marker names the cause
        ("Error", "connect ETIMEDOUT 10.0.0.7:5432", "TimeoutError"),
        ("Error", "connect ECONNREFUSED 127.0.0.1:5432", "ConnectionRefusedError"),
        ("Error", "getaddrinfo ENOTFOUND ledger-db", "UnknownHostException"),
        ("Error", "read ECONNRESET", "ConnectionResetError"),
        ("Error", "EACCES: permission denied, open '/etc/x'", "PermissionError"),
        ("Error", "ENOENT: no such file or directory, open 'a.json'", "FileNotFoundError"),
        (None, "connection to ledger-db:5432 timed out", "TimeoutError"),
        ("java.io.IOException", "Connection reset by peer", "ConnectionResetError"),
        ("OSError", "[Errno 13] Permission denied: '/srv/x'", "PermissionError"),
        # a type vague for one cause only
        ("TypeError", "Cannot read properties of undefined (reading 'id')", "NullPointerException"),
        ("AttributeError", "'NoneType' object has no attribute 'id'", "NullPointerException"),
        ("NoMethodError", "undefined method `id' for nil", "NullPointerException"),
        (
            "requests.exceptions.ConnectionError",
            "[Errno 111] Connection refused",
            "ConnectionRefusedError",
        ),
    ],
)
def test_a_vague_type_takes_its_cause_from_the_message(
    type_name: str | None, message: str, cause: str
) -> None:
    assert signature(type_name, message).split(":")[0] == cause


def test_a_specific_type_keeps_its_name_whatever_the_message() -> None:
    # a ValueError that mentions a timeout is still a ValueError: the type was chosen
    assert signature("ValueError", "timeout must be positive") == (
        "ValueError: timeout must be positive"
    )
    assert signature("TypeError", "unsupported operand") == "TypeError: unsupported operand"
    assert signature("KeyError", "'x'") == "KeyError: '<str>'"
    assert cause_name("IllegalStateException", "timed out") == "IllegalStateException"


def test_same_cause() -> None:
    assert same_cause("TimeoutException", "TimeoutError")
    assert same_cause("timeout", "ETIMEDOUT")  # socket.timeout
    assert not same_cause("TimeoutError", "AssertionError")
    assert not same_cause("ValueError", "ValueError")  # not listed: no cause to share
    assert not same_cause(None, "TimeoutError")


def test_the_table_names_each_type_once() -> None:
    seen: dict[str, str] = {}
    for cause in CAUSES:
        for spelling in cause.types:
            assert spelling not in seen, f"{spelling} in {seen.get(spelling)} and {cause.name}"
            seen[spelling] = cause.name
        # a cause signs under a name it lists, so that spelling keeps its own signature
        assert cause.name.lower() in cause.types
