"""Regular expressions from the configuration, run on RE2.

People who write a config are not regex experts, and a backtracking engine can spend hours
on `(a+)+$` against a long failure message. RE2 takes time linear in the text for any
pattern it accepts; what it cannot run that way (backreferences, lookaround, atomic groups,
possessive repeats) it refuses when the config is loaded, so a pattern fails with a reason
and a hint instead of hanging a render.

Syntax is RE2's (https://github.com/google/re2/wiki/Syntax), which is Python's for
everything else people usually write: classes, groups, `|`, `?`, `*`, `+`, `{n,m}` (n and m
up to 1000), `(?i)`, `(?P<name>...)`. `\\d`, `\\w`, `\\s` and `\\b` are ASCII, and `\\z` (not
Python's `\\Z`) ends the text. `$` matches at the end of the text or before a newline that
ends it, as in Python.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import re2  # type: ignore[import-untyped]

__all__ = ["PatternError", "Search", "compile_search"]

Search = Callable[[str], bool]

# What RE2 says, and what to tell the person who wrote the pattern.
_REASONS: list[tuple[re.Pattern[str], str, str]] = [
    (
        re.compile(r"invalid escape sequence: \\[1-9]"),
        "backreferences (\\1) are not supported",
        "write out the text the group matched, or match less of it",
    ),
    (
        re.compile(r"invalid perl operator: \(\?P"),
        "named backreferences and recursion ((?P=name), (?P>name)) are not supported",
        "write out the text the group matched, or match less of it",
    ),
    (
        re.compile(r"invalid perl operator: \(\?<?[=!]"),
        "lookahead and lookbehind ((?=...), (?!...), (?<=...), (?<!...)) are not supported",
        "match the surrounding text itself, e.g. 'Timeout(?=Error)' as 'TimeoutError'; a "
        "negative check needs a narrower pattern or another known issue listed first",
    ),
    (
        re.compile(r"invalid perl operator: \(\?<[A-Za-z_]"),
        "this RE2 writes named groups (?P<name>...)",
        "write (?P<name>...) instead of (?<name>...)",
    ),
    (
        re.compile(r"invalid perl operator: \(\?>"),
        "atomic groups ((?>...)) are not supported",
        "drop the '?>': RE2 never backtracks, so the plain group is as fast",
    ),
    (
        re.compile(r"invalid perl operator: \(\?\("),
        "conditional groups ((?(1)...)) are not supported",
        "write the alternatives out with '|'",
    ),
    (
        re.compile(r"invalid perl operator: \(\?#"),
        "comments ((?#...)) are not supported",
        "put the comment in the TOML file after a '#'",
    ),
    (
        re.compile(r"bad repetition operator: (?:[*+?]|\{[0-9,]*\})\+"),
        "possessive repeats (a++, a*+) are not supported",
        "drop the second '+': RE2 never backtracks, so the plain repeat is as fast",
    ),
    (
        re.compile(r"invalid escape sequence: \\Z"),
        "\\Z is Python's spelling",
        "write \\z for the end of the text",
    ),
    (
        re.compile(r"invalid escape sequence: \\[uUN]"),
        "\\u, \\U and \\N escapes are Python's spelling",
        "write the character itself, or \\x{20ac} for U+20AC",
    ),
    (
        re.compile(r"invalid repetition size"),
        "a counted repeat goes up to {1000}, nested ones multiplied together",
        "use '+' or '*' for longer runs",
    ),
    (
        re.compile(r"pattern too large"),
        "the pattern is too large to compile",
        "shorten it, or split it over several known issues",
    ),
]


class PatternError(ValueError):
    """A pattern RE2 cannot run: why, and what to write instead."""

    def __init__(self, pattern: str, reason: str, hint: str) -> None:
        self.pattern = pattern
        self.reason = reason
        self.hint = hint
        super().__init__(pattern, reason, hint)

    def __str__(self) -> str:
        return (
            f"{self.pattern!r} cannot run on RE2, the linear-time engine patterns run on: "
            f"{self.reason}; {self.hint}"
        )


def _options() -> object:
    options = re2.Options()
    # RE2 would print the pattern and its complaint on stderr itself; the error says it once
    options.log_errors = False
    return options


_OPTIONS = _options()
_SYNTAX = "patterns use RE2 syntax, Python's without backreferences and lookaround"


def _explain(pattern: str, said: str) -> PatternError:
    at = pattern.find("(?<")
    if said.endswith("(?<") and at >= 0:
        # older RE2 names only these three characters of a lookbehind or named group
        said += pattern[at + 3 : at + 4]
    for found, reason, hint in _REASONS:
        if found.search(said):
            return PatternError(pattern, reason, hint)
    return PatternError(pattern, f"not a regular expression: {said}", _SYNTAX)


def compile_search(pattern: str) -> Search:
    """A function telling whether `pattern` occurs anywhere in a text, in linear time.

    Raises `PatternError` for a pattern RE2 refuses.
    """
    try:
        compiled = re2.compile(pattern, _OPTIONS)
    except re2.error as exc:
        said = exc.args[0] if exc.args else ""
        text = said.decode("utf-8", "replace") if isinstance(said, bytes) else str(said)
        raise _explain(pattern, text) from None
    except UnicodeEncodeError:
        raise PatternError(pattern, "it holds a lone surrogate", "write whole characters") from None
    search = compiled.search
    dollar = "$" in pattern

    def found(text: str) -> bool:
        try:
            return search(text) is not None
        except UnicodeEncodeError:
            # lone surrogates (from JSON escapes) have no UTF-8; their bytes then match no '.'
            return search(text.encode("utf-8", "surrogatepass")) is not None

    def occurs(text: str) -> bool:
        # RE2's `$` is the end of the text only; Python's also the place before a final newline
        return found(text) or (dollar and text.endswith("\n") and found(text[:-1]))

    return occurs
