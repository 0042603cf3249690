"""Root-cause signatures: an exception type and its message with the volatile parts masked.

Two failures share a signature when they differ only in numbers, ids, times, paths, quoted
values or addresses. The rules, applied in this order to the first non-empty line of the
message (whitespace collapsed, result cut to `MAX_MESSAGE` characters):

| kind | example | becomes |
| --- | --- | --- |
| URL | `https://host:8443/a?b=1` | `<url>` |
| e-mail | `ann@example.org` | `<email>` |
| UUID | `123e4567-e89b-12d3-a456-426614174000` | `<uuid>` |
| date and time | `2025-09-13T10:42:47.099Z`, `2025-09-13 10:42:47` | `<timestamp>` |
| date | `2025-09-13`, `13/09/2025` | `<date>` |
| time of day | `10:42:47.5` | `<time>` |
| IP address (and port) | `10.0.0.7:5432`, `[::1]:80` | `<ip>` |
| file path | `/srv/app/x.py`, `C:\\app\\x.cs`, `src/a/b.ts` | `<path>` |
| quoted value | `'user-17'`, `"abc"`, typographic quotes | `'<str>'` (same quotes) |
| hex | `0x7ffe12` | `<hex>` |
| id | 8+ hex digits (a digit among them) or 8+ of `a-f`: `req_3f9a1c2e`, `efdaccdc` | `<id>` |
| number | `42`, `-3.5`, the `123` of `user_123` | `<n>` |

Digits glued to a letter stay (`int64`, `sha256`, `Python3`): they name things, not values.
Ids are whole runs of letters and digits (an underscore separates runs), so a random id with
no letter in it masks the same as one with letters.

pytest's `failed on setup with "..."` / `failed on teardown with "..."` wrapper is taken off
first: the exception quoted inside is the root cause.
gotestsum's `Failed` (its message for every failing Go test) gives way to the first line the
test logged (`    sync_test.go:8: connection to ledger-db:5432 timed out`).

The type, when the report gives none, is read from the message (`AssertionError: ...`,
`java.lang.IllegalStateException: ...`) or else from the details (the last `XxxError: ...`
line of a traceback, a pytest `file.py:12: KeyError` line, a Java `Caused by:` line).
Qualified type names are cut to their last part (`requests.exceptions.Timeout` -> `Timeout`,
`java.lang.AssertionError` -> `AssertionError`,
`PHPUnit\\Framework\\ExpectationFailedException` -> `ExpectationFailedException`; C++ and
Ruby `::` names stay whole).

A wrapper (`ExecutionException`, `InvocationTargetException`, ... see `causes.WRAPPERS`) or a
generic type (`Error`, `Exception`, `RuntimeException`) whose message starts with another
exception (`Error: TimeoutError: ...`) is taken off: the exception inside is the cause; a
wrapper without one in its message gives way to its last `Caused by:` line. A message that
repeats a spelling of the same cause (`TimeoutException` with `TimeoutError: ...`) loses the
repeat.

The signature names the *cause*, not the spelling (`causes.CAUSES`): `TimeoutException`,
`socket.timeout` and `ETIMEDOUT` all sign as `TimeoutError`, so the same outage reported by a
Java and a JavaScript suite is one group. A type the table does not list signs as itself.
"""

from __future__ import annotations

import re

from reportgen.analyze.causes import cause_name, is_generic, is_listed, is_wrapper, same_cause
from reportgen.text import truncate

MAX_MESSAGE = 200
NO_MESSAGE = "(no message)"

_TYPE_NAME = (
    r"(?:[A-Za-z_][\w$]*\.)*[\w$]*"
    r"(?:Error|Exception|Failure|Fault|Exit|Interrupt|Warning|Timeout|Failed)"
)
_LEADING_TYPE = re.compile(rf"^\s*(?:E\s+)?({_TYPE_NAME})(?::\s*|\s*$)(.*)\Z", re.DOTALL)
_DETAIL_TYPE = re.compile(
    rf"^[ \t]*(?:E\s+)?(?:Caused by:\s*)?(?P<a>{_TYPE_NAME})(?::[ \t]*(?P<rest>.*?))?[ \t]*$"
    rf"|^\S[^:\n]*\.py:\d+: (?P<b>{_TYPE_NAME})[ \t]*$",
    re.MULTILINE,
)
_DOTTED = re.compile(r"^\\?[A-Za-z_][\w$]*(?:[.\\][A-Za-z_][\w$]*)+$")
_QUALIFIER = re.compile(r"[.\\]")
_CAUSED_BY = re.compile(
    rf"^[ \t]*Caused by:[ \t]*(?P<a>{_TYPE_NAME})(?::[ \t]*(?P<rest>.*?))?[ \t]*$", re.M
)
# what is left of a masked message that names nothing: placeholders, punctuation, space
_PLACEHOLDERS = re.compile(r"<(?:n|id|hex|str|path|ip|url|email|uuid|date|time|timestamp)>|[\W_]")

# (pattern, replacement, texts of which one must occur for the rule to run: cheap `in`
# tests that skip most regexes on most messages; empty means always)
_RULES: list[tuple[re.Pattern[str], str, tuple[str, ...]]] = [
    (re.compile(r"\b[a-zA-Z][a-zA-Z0-9+.-]*://[^\s'\"<>)\]]+"), "<url>", ("://",)),
    (re.compile(r"\b[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+\b"), "<email>", ("@",)),
    (
        re.compile(
            r"(?<![^\W_])[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-"
            r"[0-9a-fA-F]{12}(?![^\W_])"
        ),
        "<uuid>",
        ("-",),
    ),
    (
        re.compile(
            r"\b\d{4}-\d{2}-\d{2}[T ]\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?"
            r"(?:\s?Z|\s?[+-]\d{2}:?\d{2}|\s?UTC)?(?![\w:])"
        ),
        "<timestamp>",
        (":",),
    ),
    (
        re.compile(r"\b(?:\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{4}|\d{4}/\d{2}/\d{2})\b"),
        "<date>",
        ("-", "/"),
    ),
    (re.compile(r"\b\d{1,2}:\d{2}:\d{2}(?:[.,]\d+)?\b"), "<time>", (":",)),
    (re.compile(r"\b\d{1,3}(?:\.\d{1,3}){3}(?::\d{1,5})?\b"), "<ip>", (".",)),
    (re.compile(r"\[[0-9a-fA-F:]*:[0-9a-fA-F:]*\](?::\d{1,5})?"), "<ip>", ("[",)),
    (
        re.compile(
            r"(?:(?<![\w/])[A-Za-z]:\\|(?<![\w.~/])(?:~|\.{1,2})?/(?=[\w.-]))[^\s'\"<>,;()\[\]]*"
            r"|\b[\w.-]+(?:[/\\][\w.-]+)+\.[A-Za-z]\w{0,7}\b"
        ),
        "<path>",
        ("/", "\\"),
    ),
    (re.compile(r"(?<!\w)'[^'\n]*'(?!\w)"), "'<str>'", ("'",)),
    (re.compile(r'(?<!\w)"[^"\n]*"(?!\w)'), '"<str>"', ('"',)),
    (re.compile("\u2018[^\u2019\n]*\u2019"), "\u2018<str>\u2019", ("\u2018",)),
    (re.compile("\u201c[^\u201d\n]*\u201d"), "\u201c<str>\u201d", ("\u201c",)),
    (re.compile(r"(?<![^\W_])0[xX][0-9a-fA-F]+(?![^\W_])"), "<hex>", ("0x", "0X")),
    (
        re.compile(r"(?<![^\W_])(?<!\d[.,])(?=[0-9a-fA-F]*\d)[0-9a-fA-F]{8,}(?![^\W_])(?![.,]\d)"),
        "<id>",
        (),
    ),
    # a random id can be all hex letters; no English word of 8+ letters is
    (re.compile(r"(?<![^\W_])[a-f]{8,}(?![^\W_])"), "<id>", ()),
    (re.compile(r"(?<![^\W_])\d+(?:[.,]\d+)*"), "<n>", ()),
]
# pytest reports a setup or teardown error as `failed on setup with "<the exception>"`; the
# exception inside is the root cause (older pytest: `test setup failure`).
_PYTEST_PHASE = re.compile(r'^failed on (?:setup|teardown) with "(.*)"\s*\Z', re.DOTALL)
_SPACE = re.compile(r"\s+")
# gotestsum writes `message="Failed"` and the test's log in the body: `    x_test.go:8: why`
_GO_PLACEHOLDER = "Failed"
_GO_LOG = re.compile(r"^[ \t]+[\w.-]+\.go:\d+: (?P<msg>\S.*?)[ \t]*$", re.M)


def short_type(type_name: str | None) -> str | None:
    """`a.b.FooError` -> `FooError`; blank -> None; anything else unchanged (bounded)."""
    if type_name is None or not type_name.strip():
        return None
    text = type_name.strip()
    if _DOTTED.match(text):
        return _QUALIFIER.split(text)[-1]
    return text[:100]


def split_type(
    type_name: str | None, message: str | None, details: str | None = None
) -> tuple[str | None, str]:
    """The short type (given, or guessed) and the message without a repeated type prefix.

    Without a message, the message is read from the details: their last `Type: message`
    line (the exception a traceback ends with), else their first line.
    """
    text = message or ""
    wrapped = _PYTEST_PHASE.match(text)
    if wrapped:
        text = wrapped.group(1)
    if text.strip() == _GO_PLACEHOLDER and details and not (type_name or "").strip():
        logged = _GO_LOG.search(details)
        if logged:
            text = logged["msg"]
    given = short_type(type_name)
    if not text.strip() and details:
        return _unwrap(*_from_details(given, details), details)
    leading = _LEADING_TYPE.match(text)
    if leading and (given is None or short_type(leading.group(1)) == given):
        return _unwrap(short_type(leading.group(1)), leading.group(2), details)
    if given is None and details:
        last = _last_type_line(details)
        if last is not None:
            given = short_type(last["a"] or last["b"])
    return _unwrap(given, text, details)


def _unwrap(given: str | None, text: str, details: str | None) -> tuple[str | None, str]:
    """The exception a wrapper or a generic type carries, and a repeated spelling taken off."""
    if not (is_wrapper(given) or is_generic(given) or is_listed(given)):
        return given, text  # nothing to take off: most failures, so checked first
    for _ in range(8):  # nested wrappers; bounded
        leading = _LEADING_TYPE.match(text)
        if leading is None:
            break
        inner = short_type(leading.group(1))
        if is_wrapper(given) or is_generic(given):
            given, text = inner, leading.group(2)
        elif same_cause(given, inner):
            text = leading.group(2)
        else:
            break
    if is_wrapper(given) and details:
        chain = list(_CAUSED_BY.finditer(details))
        if chain:
            caused = chain[-1]
            given, text = short_type(caused["a"]), caused["rest"] or ""
    return given, text


def _last_type_line(details: str) -> re.Match[str] | None:
    last = None
    for found in _DETAIL_TYPE.finditer(details):
        last = found
    return last


def _from_details(given: str | None, details: str) -> tuple[str | None, str]:
    last = _last_type_line(details)
    if last is not None and last["a"]:
        found = short_type(last["a"])
        if given is None or given == found:
            return found, last["rest"] or ""
    return given, first_line(details)


def first_line(text: str) -> str:
    for line in text.splitlines():
        if line.strip():
            return line.strip()
    return ""


def normalize(message: str) -> str:
    """Mask the volatile parts of a message's first line (see the module docstring)."""
    text = first_line(message)
    for pattern, replacement, needs in _RULES:
        if needs:
            for need in needs:
                if need in text:
                    break
            else:
                continue
        text = pattern.sub(replacement, text)
    text = _SPACE.sub(" ", text).strip()
    return truncate(text, MAX_MESSAGE)


def signature(type: str | None, message: str | None) -> str:
    """`Type: normalized message`; deterministic, the same for every run."""
    return compose(*split_type(type, message))


def compose(short: str | None, rest: str) -> str:
    """The signature of an already split type and message: the cause's name, then the
    masked message."""
    return composed(short, rest)[0]


def composed(short: str | None, rest: str) -> tuple[str, bool]:
    """`compose`, and whether the masked message names nothing (`names_nothing`)."""
    masked = normalize(rest)
    name = cause_name(short, rest)
    vague = not _PLACEHOLDERS.sub("", masked)
    if name and masked:
        return f"{name}: {masked}", vague
    return name or masked or NO_MESSAGE, vague


def names_nothing(rest: str) -> bool:
    """Whether a message, masked, tells no failure from another (empty, or only placeholders
    and punctuation): then where the failure was raised is part of its signature."""
    return not _PLACEHOLDERS.sub("", normalize(rest))


def with_frame(signature: str, where: str) -> str:
    """A signature made specific by the project frame the failure was raised in."""
    return f"{signature} at {where}"
