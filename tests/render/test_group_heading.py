"""A group's heading: every spelling of its cause, or the name a `[[groups]]` rule gave it."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from reportgen import pipeline
from reportgen.config import load_config
from reportgen.render import render_markdown
from reportgen.report import Report

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def outage(monkeypatch: pytest.MonkeyPatch) -> Report:
    monkeypatch.chdir(ROOT)
    config = load_config("samples/outage/worklog.toml")
    run = pipeline.read_run(["samples/outage/results"], config, [])
    return pipeline.build_report(run, config, now=datetime(2026, 1, 1, tzinfo=UTC))


def test_the_heading_lists_the_spellings_seen(outage: Report) -> None:
    text = render_markdown(outage)
    assert (
        "Group 1: TimeoutException / TimeoutError / Error: connection to ledger-db:5432 timed out"
        in text
    )
    assert "**Error Type:** `TimeoutException`, `TimeoutError`, `Error`" in text
    assert "**Error Location:** `LedgerClient.java:24`, " in text


def test_a_configured_group_is_headed_by_its_name(outage: Report) -> None:
    named = outage.groups[0].model_copy(update={"name": "Ledger database unreachable"})
    text = render_markdown(outage.model_copy(update={"groups": [named, *outage.groups[1:]]}))
    assert "Group 1: Ledger database unreachable" in text
    # the cause is still said, once, under it
    assert "**Root Cause:** `TimeoutException / TimeoutError / Error: connection to" in text
