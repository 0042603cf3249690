"""The README's examples are real: its configuration and timing examples load, its excerpt is
what the bundled sample renders."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from reportgen.config import load_config
from reportgen.ingest.timings import read_timings

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _blocks(language: str) -> list[str]:
    return re.findall(rf"^```{language}\n(.*?)^```$", README, flags=re.MULTILINE | re.DOTALL)


def test_configuration_reference_is_a_valid_config(tmp_path: Path) -> None:
    (block,) = _blocks("toml")
    (tmp_path / "open-issues.md").write_text("- none\n", encoding="utf-8")
    (tmp_path / "quarantine.toml").write_text(
        '[[quarantine]]\nname = "test_flaky_*"\nticket = "#9"\nexpires = 2030-01-31\n',
        encoding="utf-8",
    )
    path = tmp_path / "worklog.toml"
    path.write_text(block, encoding="utf-8")
    config = load_config(path)
    assert config.worklog.slug_or_default() == "nightly-e2e"
    assert len(config.categories[0].match) == 5
    assert config.criteria[0].tests == "*.TestAuth::*"
    assert config.note_text(config.notes.open_issues) == "- none\n"


@pytest.mark.parametrize("language", ["json", "csv"])
def test_timing_examples_parse(language: str, tmp_path: Path) -> None:
    (block,) = _blocks(language)
    path = tmp_path / f"timings.{language}"
    path.write_text(block, encoding="utf-8")
    metrics = {m.name: m for m in read_timings(path)}
    assert metrics
    if language == "csv":
        assert metrics["checkout_latency"].samples == [182, 240]
        assert metrics["throughput"].better == "higher"
    else:
        assert metrics["websocket_latency"].value == 42


def test_excerpt_is_from_the_reviewed_sample_worklog() -> None:
    (excerpt,) = _blocks("markdown")
    golden = (ROOT / "samples" / "e2e-staging" / "expected" / "worklog.md").read_text(
        encoding="utf-8"
    )
    lines = [line for line in excerpt.splitlines() if line.strip()]
    assert len(lines) > 15
    for line in lines:
        # the excerpt shortens long cells with "..."; the rest must be the golden's own text
        head = line.split("; ...")[0]
        assert head in golden, line
