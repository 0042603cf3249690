"""The render benchmark must keep measuring the stages the code has (it patches them by name).

Nothing here is timed: a stage that the benchmark can no longer find would print a table of
zeros or crash, and this catches it when the code moves.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "benchmarks" / "bench_render.py"


def test_every_stage_of_render_is_measured(tmp_path: Path) -> None:
    report = tmp_path / "bench.xml"
    cases = [
        f'<testcase classname="pkg.M{n % 7}" name="t{n}" time="0.01">'
        + ("<failure message='boom'>Traceback</failure>" if n % 25 == 0 else "")
        + "</testcase>"
        for n in range(300)
    ]
    report.write_text(f"<testsuite name='s'>{''.join(cases)}</testsuite>", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(BENCH), "--stages-of", str(report)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    seconds = json.loads(done.stdout.strip().splitlines()[-1])
    for stage in ("imports", "ingest", "analyze: groups", "render", "write", "total"):
        assert stage in seconds, sorted(seconds)
    # CPU time is positive for stages that ran, and the parts never exceed the whole
    assert seconds["ingest"] > 0 and seconds["render"] > 0 and seconds["write"] > 0
    assert sum(v for k, v in seconds.items() if k != "total") <= seconds["total"] * 1.05
