"""Escaping of untrusted text, one function per Markdown context.

Test names, messages, tracebacks and property values come from the files under test and may
contain anything. Every place a template puts such text goes through exactly one of these
functions (registered as Jinja filters in `environment.py`), so no value can break a table,
open emphasis, a link or a code fence, or reach a renderer as raw HTML.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from urllib.parse import quote

from reportgen.text import truncate

INLINE_LIMIT = 400
CELL_LIMIT = 200
LINE_LIMIT = 500
BLOCK_LINES = 200

# C0/C1 controls except tab and newline, plus bidi overrides that can disguise text.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_NEWLINES = re.compile(r"\r\n?|[\u2028\u2029\x85]")
# Backslash-escaped: everything that can open code, emphasis, links, tables, strikethrough,
# HTML or an entity. An underscore between letters or digits cannot open emphasis, so it is
# left alone (test names are full of them); "#" only matters at a line start or in headings.
_INLINE_SPECIALS = re.compile(r"[\\`*\[\]|~<]|&(?=#?[A-Za-z0-9]+;)|(?<![^\W_])_|_(?![^\W_])")
_BLOCK_START = re.compile(r"^(\s*)(>|#|[+-](?=\s|$)|\d{1,9}(?=[.)](?:\s|$)))")
_MENTION = re.compile(r"(@)(?=[A-Za-z0-9_-])")
_REFERENCE = re.compile(r"(#)(?=\d)")
_BACKTICKS = re.compile(r"`+")
_FENCE_LINE = re.compile(r"^ {0,3}(`{3,}|~{3,})(.*)$")
ZWJ_ENTITY = "&#8205;"
# An empty value would leave "- " or "**Label:** " behind; "- " under a paragraph is a
# setext heading underline, so empty text is shown as a word.
EMPTY = "(empty)"


def clean(text: object) -> str:
    """Text with line ends normalized to LF and control characters removed."""
    return _CONTROLS.sub("", _NEWLINES.sub("\n", str(text)))


def one_line(text: object, limit: int = INLINE_LIMIT) -> str:
    """Cleaned text on a single line (newlines and tabs become spaces), cut to `limit`."""
    flat = clean(text).replace("\n", " ").replace("\t", " ").strip()
    return truncate(flat, limit, counted=True)


def _escape_block_start(match: re.Match[str]) -> str:
    indent, marker = match.group(1), match.group(2)
    if marker[0].isdigit():
        # A list number is escaped on its punctuation: a backslash before a digit is literal.
        return f"{indent}{marker}\\"
    return f"{indent}\\{marker}"


@dataclass(frozen=True)
class Escaper:
    """The escape functions for one output; `defang` neutralizes @mentions and #123 refs.

    Mentions and issue references are only linked by forges in plain text, never inside code,
    so only the text contexts defang. The joiner is written as an entity to keep the
    Markdown source ASCII.
    """

    defang: bool = False

    def _defang(self, text: str) -> str:
        if not self.defang:
            return text
        # References first: the joiner entity itself contains "#8205".
        return _MENTION.sub(r"\1" + ZWJ_ENTITY, _REFERENCE.sub(r"\1" + ZWJ_ENTITY, text))

    def text(self, value: object, limit: int = INLINE_LIMIT) -> str:
        """Plain inline text (paragraphs, list items): no formatting, links or HTML survive."""
        return self._inline(one_line(value, limit), every_hash=False)

    def _inline(self, flat: str, every_hash: bool) -> str:
        if not flat:
            return EMPTY
        escaped = _INLINE_SPECIALS.sub(r"\\\g<0>", flat)
        if every_hash:
            escaped = escaped.replace("#", "\\#")
        else:
            escaped = _BLOCK_START.sub(_escape_block_start, escaped, count=1)
        return self._defang(escaped)

    def cell(self, value: object, limit: int = CELL_LIMIT) -> str:
        """A table cell: inline text whose pipes cannot end the cell; empty shows as a dash."""
        return "-" if not one_line(value, limit) else self.text(value, limit)

    def unit(self, value: object) -> str:
        """A unit after a number: a space and the escaped unit, or nothing for no unit."""
        return f" {self.text(value, CELL_LIMIT)}" if one_line(value, CELL_LIMIT) else ""

    def heading(self, value: object) -> str:
        """Heading text; every `#` is escaped so no closing sequence is eaten."""
        return self._inline(one_line(value, CELL_LIMIT), every_hash=True)

    def link_text(self, value: object) -> str:
        return self.text(value, limit=CELL_LIMIT)

    def code(self, value: object, limit: int = INLINE_LIMIT) -> str:
        """An inline code span with a delimiter longer than any backtick run inside."""
        content = one_line(value, limit)
        if not content:
            return EMPTY
        longest = max((len(run) for run in _BACKTICKS.findall(content)), default=0)
        fence = "`" * (longest + 1)
        if content.startswith("`") or content.endswith("`") or content.strip(" ") != content:
            content = f" {content} "
        return f"{fence}{content}{fence}"

    def cell_code(self, value: object, limit: int = CELL_LIMIT) -> str:
        """An inline code span inside a table cell: GFM splits cells before code spans."""
        if not one_line(value, limit):
            return "-"
        return self.code(value, limit).replace("|", "\\|")

    def fence(self, value: object, lang: str = "") -> str:
        """A fenced code block whose fence is longer than any backtick run in the content."""
        lines = clean(value).rstrip("\n").split("\n")
        if len(lines) > BLOCK_LINES:
            lines = [*lines[:BLOCK_LINES], f"[... {len(lines) - BLOCK_LINES} more lines cut]"]
        body = "\n".join(truncate(line, LINE_LIMIT, counted=True) for line in lines)
        longest = max((len(run) for run in _BACKTICKS.findall(body)), default=0)
        fence = "`" * max(3, longest + 1)
        return f"{fence}{lang}\n{body}\n{fence}"

    def html(self, value: object, limit: int = CELL_LIMIT) -> str:
        """Text inside a raw HTML element (e.g. `<summary>`), where Markdown is not parsed."""
        escaped = html.escape(one_line(value, limit), quote=True)
        return self._defang(escaped)


def url(value: object) -> str:
    """A link destination: http(s) only (anything else becomes `#`), unsafe characters encoded."""
    target = one_line(value, 2000).strip()
    if not re.match(r"^https?://", target, re.IGNORECASE):
        return "#"
    return quote(target, safe="/:?#[]@!$&'*+,;=%~-._")


def note(value: object) -> str:
    """Markdown written by people (config notes): kept as Markdown, but without raw HTML and
    with any code fence it opens closed again, so it cannot swallow the rest of the document."""
    text = clean(value).replace("<", "&lt;").strip("\n")
    open_fence: str | None = None
    for line in text.split("\n"):
        match = _FENCE_LINE.match(line)
        if not match:
            continue
        marker, rest = match.group(1), match.group(2)
        if open_fence is None:
            if marker[0] == "`" and "`" in rest:
                continue  # not a fence: a backtick fence's info string has no backticks
            open_fence = marker
        elif marker[0] == open_fence[0] and len(marker) >= len(open_fence) and not rest.strip():
            open_fence = None
    if open_fence is not None:
        text += "\n" + open_fence
    return text
