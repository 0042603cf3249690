"""Checks on rendered Markdown, made with a parser that has raw HTML ON (as forges do)."""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.token import Token

CHECKER = MarkdownIt("commonmark", {"html": True}).enable("table")
# GFM (cmark-gfm and markdown-it alike) treats a pipe right after a backslash as escaped,
# however many backslashes come before it.
_CELL_PIPE = re.compile(r"(?<!\\)\|")


def parse(text: str) -> list[Token]:
    return CHECKER.parse(text)


def flatten(tokens: list[Token]) -> list[Token]:
    out: list[Token] = []
    for token in tokens:
        out.append(token)
        if token.children:
            out.extend(flatten(token.children))
    return out


def source_cells(line: str) -> int:
    """Cells of a table row as GFM splits it: on pipes not right after a backslash."""
    body = line.strip().removeprefix("|")
    if body.endswith("|") and not body.endswith("\\|"):
        body = body[:-1]
    return len(_CELL_PIPE.split(body))


def tables(text: str, tokens: list[Token] | None = None) -> list[list[list[str]]]:
    """Every table as rows of cell texts; asserts each row has the header's cell count,
    both as parsed and as written in the source."""
    tokens = parse(text) if tokens is None else tokens
    lines = text.split("\n")
    found: list[list[list[str]]] = []
    for index, token in enumerate(tokens):
        if token.type != "table_open":
            continue
        assert token.map is not None
        start, end = token.map
        counts = {source_cells(line) for line in lines[start:end] if line.strip()}
        assert len(counts) == 1, f"rows with different cell counts: {lines[start:end]}"
        rows: list[list[str]] = []
        row: list[str] = []
        for inner in tokens[index + 1 :]:
            if inner.type == "table_close":
                break
            if inner.type == "tr_open":
                row = []
            elif inner.type == "inline":
                row.append(inline_text(inner))
            elif inner.type == "tr_close":
                rows.append(row)
        widths = {len(r) for r in rows}
        assert widths == counts, f"parsed widths {widths} != source widths {counts}"
        assert len(rows) == end - start - 1  # every source row but the delimiter row
        found.append(rows)
    return found


def inline_text(token: Token) -> str:
    """The visible text of an inline token (code spans included)."""
    return "".join(
        child.content
        for child in token.children or []
        if child.type in ("text", "text_special", "code_inline", "softbreak")
    )


def html_tokens(text: str, tokens: list[Token] | None = None) -> list[str]:
    tokens = parse(text) if tokens is None else tokens
    return [t.content for t in flatten(tokens) if t.type in ("html_block", "html_inline")]


def fences(text: str) -> list[Token]:
    return [t for t in parse(text) if t.type == "fence"]
