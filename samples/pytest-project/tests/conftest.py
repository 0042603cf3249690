"""Timings the tests measure, written to timings.json when the run ends (reportgen's
`--timings` format: samples in milliseconds, each metric with its target)."""

import json

import pytest

TARGETS = {"product_page_render": 1.0, "cart_page_render": 1.0}  # p95, ms
samples: dict[str, list[float]] = {}


@pytest.fixture(scope="session")
def record_timing():
    def record(metric, milliseconds):
        samples.setdefault(metric, []).append(round(milliseconds, 4))

    return record


def pytest_sessionfinish(session):
    if not samples:
        return
    metrics = [
        {
            "name": name,
            "unit": "ms",
            "samples": values,
            "target": TARGETS[name],
            "better": "lower",
            "statistic": "p95",
        }
        for name, values in samples.items()
    ]
    path = session.config.rootpath / "timings.json"
    path.write_text(json.dumps({"metrics": metrics}, indent=2) + "\n", encoding="utf-8")
