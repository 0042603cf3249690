"""User patterns run on a linear-time engine: no pattern can hang a render."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from reportgen.patterns import PatternError, compile_search

# With a backtracking engine this runs for hours; the subprocess turns a regression into a
# failure instead of a hung suite.
_CATASTROPHIC = textwrap.dedent(
    """
    from analyze_builders import config, fail, make_run

    from reportgen.analyze import analyze
    from reportgen.config import parse_config

    text = "a" * 50_000
    cfg = parse_config(
        '[[known_issues]]\\nid = "#9"\\ntitle = "t"\\nmatch = { message = "(a+)+$" }\\n'
    )
    run = make_run([fail("t1", message=text + "!"), fail("t2", message=text)])
    report = analyze(run, cfg)
    print([k.matched for k in report.known_issues])
    """
)


def test_a_catastrophic_pattern_against_50k_characters_returns() -> None:
    builders = Path(__file__).parent / "analyze"
    done = subprocess.run(
        [sys.executable, "-c", _CATASTROPHIC],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=builders,
        env={**os.environ, "PYTHONPATH": os.pathsep.join([str(builders), *sys.path])},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    # only the failure whose text is all "a"s matches
    assert done.stdout.strip() == "[1]"
    assert done.stderr == ""  # RE2 logs nothing of its own


def test_search_finds_a_pattern_anywhere() -> None:
    search = compile_search(r"Negotiation(Error|Failed)")
    assert search("websockets.exceptions.NegotiationError: no subprotocols")
    assert not search("NegotiationTimeout")


def test_dollar_also_matches_before_a_final_newline_as_in_python() -> None:
    search = compile_search(r"closed$")
    assert search("IllegalStateException: closed\n")
    assert search("IllegalStateException: closed")
    assert not search("closed\nmore")
    assert not search("closed\n\n")


def test_dot_does_not_cross_lines_and_flags_work() -> None:
    assert not compile_search(r"a.b")("a\nb")
    assert compile_search(r"(?s)a.b")("a\nb")
    assert compile_search(r"(?i)timeout")("TIMEOUT")
    assert compile_search(r"(?m)^line2$")("line1\nline2\nline3")


def test_text_with_lone_surrogates_is_searched_not_refused() -> None:
    search = compile_search(r"bad \w+")
    assert search("\ud800 bad value")
    assert not search("\ud800 good value")


def test_unicode_text_and_patterns() -> None:
    assert compile_search(r"Größe: \d+")("Die Größe: 42")
    assert compile_search(r"\x{20ac}")("costs 5€")


@pytest.mark.parametrize(
    ("pattern", "reason"),
    [
        (r"(a)\1", "backreferences"),
        (r"(?P<n>a)(?P=n)", "named backreferences"),
        (r"a(?!b)", "lookahead and lookbehind"),
        (r"(?(1)a|b)", "conditional groups"),
        (r"(?#note)a", "comments"),
        (r"a{2}+", "possessive repeats"),
        (r"\u00e9", "Python's spelling"),
        (r"((a{100}){100}){100}", "counted repeat"),
        (r"[z-a]", "not a regular expression: invalid character class range"),
    ],
)
def test_patterns_re2_refuses_say_why(pattern: str, reason: str) -> None:
    with pytest.raises(PatternError) as caught:
        compile_search(pattern)
    assert caught.value.pattern == pattern
    assert reason in caught.value.reason
    assert caught.value.hint
