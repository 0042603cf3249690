"""Exception spellings that name one cause, folded to one name.

Languages and libraries spell the same cause differently: a timeout is Java's
`java.util.concurrent.TimeoutException`, Python's `TimeoutError` and `socket.timeout`, Node's
`ETIMEDOUT`. A signature is built from the cause, so the same outage seen by a Java suite and
a JavaScript one is one group. The table below is the whole rule; a type it does not list is
its own cause.

A cause is found by the exception's simple name (`types`, compared case-insensitively), or,
when the type says nothing (`GENERIC`: no type, `Error`, `Exception`, `IOException`, ... or
one of the cause's own `vague` types), by a marker in the message (`markers`): `Error:
connect ECONNREFUSED 10.0.0.7:5432` is refused, `TypeError: Cannot read properties of
undefined` a null dereference. Rows are tried in order; the first that matches wins.

Wrappers (`WRAPPERS`: `ExecutionException`, `InvocationTargetException`, ...) carry the real
exception in their message or their `Caused by:` line; signatures.split_type takes it out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Cause:
    name: str  # what signatures call it
    types: frozenset[str]  # simple names, lower case
    markers: re.Pattern[str] | None = None  # searched in the message of a vague type
    vague: frozenset[str] = frozenset()  # types that say too little without a marker


def _cause(name: str, types: str, markers: str | None = None, vague: str = "") -> Cause:
    return Cause(
        name=name,
        types=frozenset(t.lower() for t in types.split()),
        markers=re.compile(markers, re.IGNORECASE) if markers else None,
        vague=frozenset(t.lower() for t in vague.split()),
    )


CAUSES: tuple[Cause, ...] = (
    _cause(
        "ConnectionRefusedError",
        "ConnectionRefusedError ConnectException HttpHostConnectException ECONNREFUSED",
        r"\bECONNREFUSED\b|\bconnection refused\b",
        "ConnectionError SocketException NewConnectionError OperationalError",
    ),
    _cause(
        "ConnectionResetError",
        "ConnectionResetError ECONNRESET",
        r"\bECONNRESET\b|\bconnection reset\b",
        "ConnectionError SocketException",
    ),
    _cause(
        "UnknownHostException",
        "UnknownHostException gaierror NameResolutionError ENOTFOUND EAI_AGAIN",
        r"\bENOTFOUND\b|\bEAI_AGAIN\b|\bgetaddrinfo\b|\bno such host\b"
        r"|\bname or service not known\b|\btemporary failure in name resolution\b",
        "ConnectionError SocketException",
    ),
    _cause(
        "TimeoutError",
        "TimeoutError TimeoutException SocketTimeoutException Timeout timeout ReadTimeout"
        " ConnectTimeout ReadTimeoutError ConnectTimeoutError ConnectTimeoutException"
        " TimeoutCancellationException HttpTimeoutException ETIMEDOUT ESOCKETTIMEDOUT"
        " DeadlineExceeded ConditionTimeoutException",
        r"\bE(?:SOCKET)?TIMEDOUT\b|\btimed out\b|\btimeout\b|\bdeadline exceeded\b",
        "ConnectionError SocketException OperationalError",
    ),
    _cause(
        "PermissionError",
        "PermissionError AccessDeniedException UnauthorizedAccessException EACCES EPERM",
        r"\bEACCES\b|\bEPERM\b|\bpermission denied\b",
    ),
    _cause(
        "FileNotFoundError",
        "FileNotFoundError FileNotFoundException NoSuchFileException ENOENT",
        r"\bENOENT\b|\bno such file or directory\b",
    ),
    _cause(
        "OutOfMemoryError",
        "OutOfMemoryError MemoryError OutOfMemoryException ENOMEM",
        r"\bENOMEM\b|\bout of memory\b",
    ),
    _cause(
        "NullPointerException",
        "NullPointerException NullReferenceException KotlinNullPointerException",
        r"\bnil pointer dereference\b|\bof (?:undefined|null)\b|\b(?:undefined|null) is not an"
        r" object\b|'NoneType' object\b|\bfor nil\b",
        "TypeError AttributeError NoMethodError",
    ),
    _cause(
        "AssertionError",
        "AssertionError AssertionFailedError ComparisonFailure AssertFailedException"
        " AssertionException ExpectationFailedException ExpectationNotMetError Assertion"
        " MultipleFailuresError JestAssertionError",
    ),
)

# Types that say nothing of the cause: their message's marker does.
GENERIC = frozenset(
    t.lower()
    for t in (
        "Error",
        "Exception",
        "RuntimeException",
        "Throwable",
        "OSError",
        "IOError",
        "IOException",
        "EnvironmentError",
        "SystemError",
        "UncheckedIOException",
    )
)

# Exceptions that only carry another: the carried one (in the message, or the last `Caused
# by:` line) is the cause.
WRAPPERS = frozenset(
    t.lower()
    for t in (
        "ExecutionException",
        "CompletionException",
        "InvocationTargetException",
        "UndeclaredThrowableException",
        "TargetInvocationException",
        "AggregateException",
        "ExceptionInInitializerError",
        "UncheckedExecutionException",
        "ExceptionGroup",
        "BaseExceptionGroup",
    )
)

_BY_TYPE = {t: c for c in reversed(CAUSES) for t in c.types}


def cause_of(type_name: str | None, message: str) -> Cause | None:
    """The table's cause for a failure's simple type and message; None when none fits."""
    key = (type_name or "").rsplit("::", 1)[-1].lower()  # `RSpec::...::ExpectationNotMetError`
    listed = _BY_TYPE.get(key)
    if listed is not None:
        return listed
    vague = not key or key in GENERIC
    for cause in CAUSES:
        if cause.markers is None or not (vague or key in cause.vague):
            continue
        if cause.markers.search(message):
            return cause
    return None


def cause_name(type_name: str | None, message: str) -> str | None:
    """What a signature calls the failure's type: the cause's name, else the type itself."""
    cause = cause_of(type_name, message)
    return cause.name if cause is not None else type_name


def same_cause(first: str | None, second: str | None) -> bool:
    """Whether two simple type names are spellings of one listed cause."""
    if not first or not second:
        return False
    one = _BY_TYPE.get(first.rsplit("::", 1)[-1].lower())
    two = _BY_TYPE.get(second.rsplit("::", 1)[-1].lower())
    return one is not None and one is two


def is_listed(type_name: str | None) -> bool:
    """Whether the table names the type as a spelling of some cause."""
    return (type_name or "").rsplit("::", 1)[-1].lower() in _BY_TYPE


def is_wrapper(type_name: str | None) -> bool:
    return (type_name or "").lower() in WRAPPERS


def is_generic(type_name: str | None) -> bool:
    return (type_name or "").lower() in GENERIC
