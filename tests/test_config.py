"""Configuration errors name the file, the key and what is allowed."""

from __future__ import annotations

import pytest

from reportgen.config import parse_config
from reportgen.errors import ConfigError

CATEGORY = '[[categories]]\nname = "API"\nmatch = [{ classname = "api.*" }]\n'


@pytest.mark.parametrize(
    ("text", "key", "message"),
    [
        ('[worklog]\ntitel = "x"', "worklog.titel", "unknown key"),
        ('[worklog]\ntimezone = "Mars/Base"', "worklog.timezone", "unknown time zone"),
        ('[[criteria]]\nname = "c"\ntarget = "abc"', "criteria[0].target", "is not a target"),
        ('[[criteria]]\nname = "c"\ntarget = "<200ms"', "criteria[0].target", "a percentage"),
        (
            CATEGORY + '[[criteria]]\nname = "c"\nscope = ["Nope"]\ntarget = ">90%"',
            "criteria[0].scope",
            "no category named 'Nope'",
        ),
        (CATEGORY + "[health]\nweights = { Nope = 2 }", "health.weights", "no category named"),
        ('[health]\nexclude = ["#1"]', "health.exclude", "no known issue with id '#1'"),
        (
            '[[known_issues]]\nid = "K"\ntitle = "t"\nmatch = { message = "(" }',
            "known_issues[0].match.message",
            "not a regular expression",
        ),
        ('[[categories]]\nname = "A"\nmatch = [{}]', "categories[0].match[0]", "at least one of"),
        ("x = ", "(syntax)", "not valid TOML"),
    ],
)
def test_error_names_key_and_what_is_allowed(text: str, key: str, message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config(text, "team.toml")
    assert caught.value.file == "team.toml"
    assert caught.value.key == key
    assert message in caught.value.message
    assert str(caught.value).startswith(f"team.toml: {key}: ")


def test_unknown_key_lists_the_keys_allowed_there() -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config('[[known_issues]]\nid = "K"\ntitle = "t"\nmatch = { mesage = "x" }')
    assert caught.value.key == "known_issues[0].match.mesage"
    assert caught.value.message == "unknown key; allowed here: signature, message, test (line 4)"


def test_a_note_of_the_wrong_shape_names_the_note_not_pydantics_internals() -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config("[notes]\ncontext = { txt = 'x' }")
    assert "function-after" not in str(caught.value)
    assert "notes.context.txt: unknown key; allowed here: text, file" in str(caught.value)


def _criterion(scope: str) -> str:
    return CATEGORY + f'\n[[criteria]]\nname = "c"\nscope = {scope}\ntarget = ">90%"\n'


def test_an_empty_scope_is_refused_naming_file_key_and_line() -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config(_criterion("[]"), "team.toml")
    assert (caught.value.file, caught.value.key) == ("team.toml", "criteria[0].scope")
    assert "scope = [] names no category" in caught.value.message
    assert 'scope = "overall"' in caught.value.message
    assert caught.value.message.endswith("(line 7)")


@pytest.mark.parametrize("scope", ['["overall"]', '["overall", "API"]'])
def test_overall_in_a_list_says_that_the_string_works(scope: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config(_criterion(scope), "team.toml")
    assert caught.value.key == "criteria[0].scope"
    assert 'write scope = "overall" (a string, not a list)' in caught.value.message


def test_a_category_named_overall_may_be_listed() -> None:
    text = '[[categories]]\nname = "overall"\nmatch = [{ suite = "*" }]\n'
    text += '[[criteria]]\nname = "c"\nscope = ["overall"]\ntarget = ">90%"\n'
    assert parse_config(text).criteria[0].scope == ["overall"]


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ('slowest = 5\n\n[worklog]\ntitle = "t"\ncolour = "red"\n', 5),
        ('[[criteria]]\nname = "a"\ntarget = ">1%"\n\n[[criteria]]\nname = "b"\n', 5),
        ('[[categories]]\nname = "A"\nmatch = [{ classname = "x" }, { nme = "y" }]\n', 3),
        ("[worklog.extra]\nx = 1\n", 1),
        ("[notes]\ncontext = { file = 'missing.md' }\n", 2),
    ],
)
def test_errors_name_the_line_of_their_key(text: str, line: int) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config(text, "team.toml")
    assert caught.value.message.endswith(f"(line {line})")


def _issue(pattern: str) -> str:
    return '[[known_issues]]\nid = "K"\ntitle = "t"\n' + f"match = {{ message = '{pattern}' }}\n"


@pytest.mark.parametrize(
    ("pattern", "reason", "hint"),
    [
        (r"(Timeout)\1", r"backreferences (\1) are not supported", "write out the text"),
        (r"Timeout(?=Error)", "lookahead and lookbehind", "'TimeoutError'"),
        (r"(?<!Read)Timeout", "lookahead and lookbehind", "match the surrounding text"),
        (r"(?>a+)b", "atomic groups", "drop the '?>'"),
        (r"a++b", "possessive repeats", "drop the second '+'"),
        (r"closed\Z", r"\Z is Python's spelling", r"write \z"),
        (r"x{5000}", "a counted repeat goes up to {1000}", "'+' or '*'"),
        (r"(unclosed", "not a regular expression: missing )", "RE2 syntax"),
    ],
)
def test_patterns_re2_cannot_run_are_refused_with_a_reason_and_a_hint(
    pattern: str, reason: str, hint: str
) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config(_issue(pattern), "team.toml")
    assert (caught.value.file, caught.value.key) == ("team.toml", "known_issues[0].match.message")
    assert "cannot run on RE2, the linear-time engine" in caught.value.message
    assert reason in caught.value.message
    assert hint in caught.value.message
    assert caught.value.message.endswith("(line 4)")


def test_the_regular_expressions_people_write_are_accepted() -> None:
    pattern = r"(?i)^(Negotiation|Handshake)(Error|Failed)\b.*\d{3}\s+[^:]+$|(?P<x>\w+)"
    assert parse_config(_issue(pattern)).known_issues[0].match.message == pattern
