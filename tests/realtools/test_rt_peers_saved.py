"""The real tools' own-format reports kept under generated/peers/, read without the tools.

Each `<tool>.record.json` names the report its tool wrote, the tool's version and command, its
own summary (from `<tool>.console.txt` or the report itself) and the counts reportgen must find,
with the generating module's notes on how the tool's numbers map to reportgen's.
Regenerate with: REALTOOLS_SAVE=1 python -m pytest -q tests/realtools -k "json or tap"
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from reportgen.ingest.peers import read_path
from reportgen.model import Counts

from ._support import GENERATED, ToolRun, save_run

PEERS = GENERATED / "peers"
RECORDS = sorted(PEERS.glob("*.record.json"))
TOOLS = {
    "go-test-json",
    "mocha-json",
    "rspec-json",
    "cucumber-json",
    "cucumber-messages",
    "node-tap",
    "prove-tap",
}


def save(result: ToolRun, name: str) -> None:
    save_run(result, PEERS, name)


def _load(record: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(record.read_text(encoding="utf-8"))
    return data


@pytest.mark.parametrize("record", RECORDS, ids=[r.name.split(".")[0] for r in RECORDS])
def test_saved_report_counts_as_the_tool_said(record: Path) -> None:
    meta = _load(record)
    assert meta["version"], "every saved report names the tool version that wrote it"
    assert (PEERS / f"{meta['tool']}.console.txt").is_file()
    for keep_passing in (True, False):
        result = read_path(str(PEERS / meta["report"]), keep_passing=keep_passing)
        assert result.input.counts == Counts(**meta["expected"])
        assert result.input.kinds == meta["expected_kinds"]


def test_every_format_has_a_saved_report() -> None:
    assert {_load(r)["tool"] for r in RECORDS} == TOOLS


@pytest.mark.parametrize("record", RECORDS, ids=[r.name.split(".")[0] for r in RECORDS])
def test_a_report_cut_anywhere_or_damaged_is_read_without_raising(
    record: Path, tmp_path: Path
) -> None:
    meta = _load(record)
    data = (PEERS / meta["report"]).read_bytes()
    whole = Counts(**meta["expected"])
    path = tmp_path / meta["report"]
    for cut in range(1, len(data), max(1, len(data) // 60)):
        for damaged in (data[:cut], data[:cut] + b"\x00\xff{[" + data[cut:]):
            path.write_bytes(damaged)
            result = read_path(str(path))
            if result.input.format is None:  # the head no longer looks like the format
                continue
            # a cut report never counts a failure more as passed than the whole one had
            if damaged == data[:cut]:
                assert result.input.counts.passed <= whole.passed + whole.flaky
