"""What a reader sees once the Markdown is rendered: no markup left over.

The worklog and the PR profile of every sample (and of the test fixtures) are rendered to HTML
with markdown-it-py, as a forge would, and the visible text outside code is read back. A
backslash before punctuation, or a backtick, in that text is markup that did not render (an
escaped code span, a `\\<n>` placeholder), unless the test data itself holds it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token

from reportgen import pipeline
from reportgen.config import load_config
from reportgen.render import render_json, render_markdown, render_pr
from reportgen.report import Priority, Report

from .fixtures import full_report, realistic_report

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = sorted(p.parent.name for p in (ROOT / "samples").glob("*/worklog.toml"))
GENERATED = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)
PARSER = MarkdownIt("commonmark", {"html": False}).enable("table")
# a backslash before ASCII punctuation, or a backtick: markup shown as typed
LEFT_OVER = re.compile(r"\\[!-/:-@\[-`{-~]|`")
WINDOW = 6  # characters of context each side that the test data must hold too


def _visible(markdown: str) -> Iterator[str]:
    """The text a reader sees outside code spans and code blocks."""

    def walk(tokens: list[Token]) -> Iterator[str]:
        for token in tokens:
            if token.type == "text":
                yield token.content
            if token.children:
                yield from walk(token.children)

    yield from walk(PARSER.parse(markdown))


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def left_over(markdown: str, report: Report) -> list[str]:
    """Markup in the visible text that no string of the report explains."""
    # what the inputs said; the remediation entries are reportgen's own words
    written = {"priorities", "headline", "pass_rate_formula"}
    fields = {k: v for k, v in json.loads(render_json(report)).items() if k not in written}
    data = "\n".join(_strings(fields))
    found = []
    for text in _visible(markdown):
        for match in LEFT_OVER.finditer(text):
            start, end = match.start(), match.end()
            before = text[max(0, start - WINDOW) : start]
            after = text[end : end + WINDOW]
            if before + match.group(0) in data or match.group(0) + after in data:
                continue
            found.append(text[max(0, start - 30) : end + 30])
    return found


def _sample(sample: str) -> Report:
    config = load_config(f"samples/{sample}/worklog.toml")
    timings = [
        str(p.relative_to(ROOT)) for p in sorted((ROOT / "samples" / sample).glob("timings.*"))
    ]
    run = pipeline.read_run([f"samples/{sample}/results"], config, timings)
    return pipeline.build_report(run, config, now=GENERATED)


@pytest.mark.parametrize("sample", SAMPLES)
def test_a_sample_renders_with_no_markup_left_over(
    sample: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    report = _sample(sample)
    assert left_over(render_markdown(report), report) == []
    assert left_over(render_pr(report), report) == []


@pytest.mark.parametrize("make", [realistic_report, full_report])
def test_a_proposed_issue_shows_its_signature_as_code(make: Callable[[], Report]) -> None:
    report = make()
    signature = "AssertionFailedError: expected: <<n>> but was: <<n>>"
    proposed = Priority(
        level="P1",
        title="AssertionFailedError: expected: <107.99> but was: <108.00>",
        impact="1 failure in Unit",
        action=f"Open an issue for signature `{signature}`",  # as analyze words it
        signature=signature,
        new_issue=True,
    )
    report = report.model_copy(update={"priorities": [proposed]})
    text = render_markdown(report)
    assert left_over(text, report) == []
    assert f"Open an issue for the failures with signature `{signature}`" in text
    # an action worded otherwise is kept as written
    other = proposed.model_copy(update={"action": "Investigate the slow flow"})
    text = render_markdown(report.model_copy(update={"priorities": [other]}))
    assert "**Required Action:** Investigate the slow flow" in text


def test_markup_shown_as_typed_is_found() -> None:
    # the check itself: an escaped code span and an escaped placeholder are caught
    report = realistic_report()
    assert left_over("Open an issue for \\`x\\` now", report)
    assert left_over("expected: \\\\<n> here", report)
    assert left_over("plain text, `code` and \\<n> rendered", report) == []
