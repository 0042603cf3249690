"""Template rendering: this tree's worklog and PR profile against another tree's, same run.

Each tree renders in its own child process (its `reportgen` and its `templates/` first on the
path), rounds alternate which tree goes first, and each child reports the least CPU seconds
of `--repeat` renders of each report (a render takes milliseconds: other load only adds to
it); the table shows the median over the rounds. Only the ratio (this tree / baseline) means
anything on a shared machine. Reports: the 10k and failures-100k datasets of `generate.py`
read with bench-worklog.toml, and the 50,000-group report of tests/render/test_pr.py (PR
profile only at 65,535 bytes: the row cut renders it several times).

    python benchmarks/bench_templates.py --baseline /path/to/checkout/of/main
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

import generate

TREE = Path(__file__).resolve().parents[1]

CHILD = r"""
import json, sys, time
from pathlib import Path
from reportgen import pipeline
from reportgen.config import load_config
from reportgen.render import render_markdown, render_pr

repeat, data = int(sys.argv[1]), Path(sys.argv[2])
config = load_config("benchmarks/bench-worklog.toml")
reports = {}
for name in ("10k", "failures-100k"):
    run = pipeline.read_run([str(data / f"{name}.xml")], config)
    reports[name] = pipeline.build_report(run, config)
from tests.render import test_pr
fixture = test_pr.huge_report
make = getattr(fixture, "__wrapped__", None) or fixture._get_wrapped_function()
huge = make()

def cpu(render):
    times = []
    for _ in range(repeat):
        start = time.process_time()
        render()
        times.append(time.process_time() - start)
    return min(times)

out = {}
for name, report in reports.items():
    out[f"{name} worklog"] = cpu(lambda: render_markdown(report))
    out[f"{name} pr"] = cpu(lambda: render_pr(report))
out["50k groups pr"] = cpu(lambda: render_pr(huge))
print(json.dumps(out))
"""


def child(tree: Path, repeat: int, data: Path) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": str(tree), "PYTHONDONTWRITEBYTECODE": "1"}
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(repeat), str(data)],
        cwd=tree,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    result: dict[str, float] = json.loads(done.stdout.splitlines()[-1])
    return result


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", type=Path, required=True, help="the tree to compare with")
    parser.add_argument("--rounds", type=int, default=3, help="child processes per tree")
    parser.add_argument("--repeat", type=int, default=10, help="renders per report per child")
    parser.add_argument("--data", type=Path, default=generate.DEFAULT_DATA_DIR)
    args = parser.parse_args(argv)
    for name in ("10k", "failures-100k"):
        generate.ensure_dataset(name, args.data)
    trees = {"this": TREE, "baseline": args.baseline.resolve()}
    samples: dict[str, list[dict[str, float]]] = {label: [] for label in trees}
    for round_ in range(args.rounds):
        order = list(trees) if round_ % 2 == 0 else list(reversed(trees))
        for label in order:
            samples[label].append(child(trees[label], args.repeat, args.data))
    print(f"{'render':<24} {'baseline s':>11} {'this s':>9} {'this/baseline':>14}")
    for key in samples["this"][0]:
        base = statistics.median(s[key] for s in samples["baseline"])
        this = statistics.median(s[key] for s in samples["this"])
        print(f"{key:<24} {base:>11.3f} {this:>9.3f} {this / base:>14.2f}")


if __name__ == "__main__":
    main(sys.argv[1:])
