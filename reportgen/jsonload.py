"""JSON from files reportgen did not write, parsed so that no input can crash the parser.

`json.loads` recurses once per nesting level: a file of 200,000 `[` ends in RecursionError,
which no caller expects. Here it is a ValueError like any other malformed input, so each
reader's own handling of bad JSON names the file and says what to do.

Two more things no reader should have to think about: an object that gives one key twice
(readers disagree on which value wins, so a file could show one outcome to one tool and another
to reportgen) is refused at any depth, and an integer too long for Python's int conversion
(over 4,300 digits) reads as an infinite float, which every reader already refuses as "not a
finite number" instead of failing inside the parser.
"""

from __future__ import annotations

import json
from typing import Any

# Python refuses to convert longer digit strings to int (sys.int_info.default_max_str_digits).
_MAX_INT_DIGITS = 4000


class TooDeep(ValueError):
    """Nesting past the interpreter's recursion limit."""


class DuplicateKey(ValueError):
    """An object that gives the same key twice."""

    def __init__(self, key: str) -> None:
        super().__init__(f"the key {key!r} appears twice in one object")
        self.key = key


def unique_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """An object from its key-value pairs; DuplicateKey for a key given twice."""
    built: dict[str, Any] = {}
    for key, value in pairs:
        if key in built:
            raise DuplicateKey(key)
        built[key] = value
    return built


def _integer(text: str) -> int | float:
    return int(text) if len(text.lstrip("-")) <= _MAX_INT_DIGITS else float(text)


def load_json(text: str | bytes) -> Any:
    try:
        return json.loads(text, object_pairs_hook=unique_object, parse_int=_integer)
    except RecursionError:
        raise TooDeep("values nested too deep to read") from None


class UniqueKeys(dict[str, Any]):
    """A mapping for streaming parsers (ijson's `map_type`) that notes keys given twice in
    `repeated` instead of raising: an exception raised inside ijson's C backend is not passed
    on reliably, so the reader checks `repeated` after each value."""

    __slots__ = ("repeated",)

    def __init__(self, repeated: list[str]) -> None:
        super().__init__()
        self.repeated = repeated

    def __setitem__(self, key: str, value: Any) -> None:
        if key in self:
            self.repeated.append(key)
        dict.__setitem__(self, key, value)  # not super(): this runs once per key of a file
