"""The distinct-groups benchmark runs and checks its own counts (nothing here is timed)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "benchmarks" / "bench_groups.py"


def test_the_groups_benchmark_renders_every_group(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(BENCH), "--sizes", "30,60", "--repeat", "1", "--data", str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "counts OK" in done.stdout
    assert "| worklog | 60 |" in done.stdout and "| pr | 60 |" in done.stdout
    text = (tmp_path / "groups-60.xml").read_text(encoding="utf-8")
    assert text.count("<failure") == 60
