"""`reportgen init` on the sample's pytest report proposes its test layers as categories."""

from __future__ import annotations

from pathlib import Path

from reportgen.analyze import analyze
from reportgen.config import load_config
from reportgen.pipeline import read_run, write_starter

from ._support import SAMPLE


def test_init_proposes_the_samples_test_layers(tmp_path: Path) -> None:
    xml = str(SAMPLE / "results" / "junit.xml")
    write_starter([xml], tmp_path / "worklog.toml")
    config = load_config(tmp_path / "worklog.toml")
    rules = {c.name: [m.classname for m in c.match] for c in config.categories}
    assert rules == {
        "E2E": ["tests.e2e.*"],
        "Integration": ["tests.integration.*"],
        "Unit": ["tests.unit.*"],
    }
    report = analyze(read_run([xml], config), config)
    assert {row.name: row.counts.total for row in report.categories} == {
        "E2E": 4,
        "Integration": 7,
        "Unit": 21,
    }
