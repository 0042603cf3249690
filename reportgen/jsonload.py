"""JSON from files reportgen did not write, parsed so that no input can crash the parser.

`json.loads` recurses once per nesting level: a file of 200,000 `[` ends in RecursionError,
which no caller expects. Here it is a ValueError like any other malformed input, so each
reader's own handling of bad JSON names the file and says what to do.
"""

from __future__ import annotations

import json
from typing import Any


class TooDeep(ValueError):
    """Nesting past the interpreter's recursion limit."""


def load_json(text: str | bytes) -> Any:
    try:
        return json.loads(text)
    except RecursionError:
        raise TooDeep("values nested too deep to read") from None
