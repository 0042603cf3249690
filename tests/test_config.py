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
    assert caught.value.message == "unknown key; allowed here: signature, message, test"


def test_a_note_of_the_wrong_shape_names_the_note_not_pydantics_internals() -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config("[notes]\ncontext = { txt = 'x' }")
    assert "function-after" not in str(caught.value)
    assert "notes.context.txt: unknown key; allowed here: text, file" in str(caught.value)
