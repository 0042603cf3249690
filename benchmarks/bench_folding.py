"""Folded renders: pytest's own layout, and a config that draws a match warning.

Two measurements, each contender a fresh `reportgen render` process timed from outside
(`bench_render.run_measured`: wall, user+system CPU, peak RSS), interleaved and rotated every
round, median CPU and largest peak reported, for this tree and, with `--baseline-tree`, another
checkout in the same run:

- **pytest layout**: `render` of `pytest-1m` (every case in one suite named `pytest` under
  `<testsuites name="pytest tests">`, where a repeat is a rerun), against the same bytes with
  the root and the suite renamed (`renamed`), which no reader takes for pytest's;
- **match warning**: `render` of `100k` with `bench-worklog.toml`, and with the same config
  plus a category after a catch-all, which therefore holds no test and draws a warning.

The floor (`bench_render.FLOOR`) runs in the same rounds; ratios are against it and against
the plain render of the same tree.

    python benchmarks/bench_folding.py --baseline-tree /path/to/checkout/of/main
    python benchmarks/bench_folding.py --sizes pytest-100k --warning-size 10k --repeat 1
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

import bench_render
import generate

WARNING_CATEGORIES = """
[[categories]]
name = "Everything"
match = [{ classname = "*" }]

[[categories]]
name = "Never reached"
match = [{ classname = "com.acme.orders.*" }]
"""


def _renamed(report: Path) -> Path:
    """The same file with the root and suite renamed, so nothing marks it as pytest's."""
    target = report.with_name(report.stem + "-renamed.xml")
    if not target.exists() or target.stat().st_mtime < report.stat().st_mtime:
        with report.open("rb") as source, target.open("wb") as out:
            head = source.read(4096).replace(b'name="pytest tests"', b'name="renamed tests"', 1)
            head = head.replace(b'<testsuite name="pytest"', b'<testsuite name="renamed"', 1)
            out.write(head)
            while chunk := source.read(1 << 20):
                out.write(chunk)
    return target


def _render(report: Path, config: Path, scratch: Path) -> list[str]:
    out = tempfile.mkdtemp(dir=scratch)
    return bench_render.reportgen_command(
        "render", str(report), "-c", str(config), "-o", out, "--no-step-summary"
    )


def _measure(
    jobs: dict[str, tuple[Path | None, list[str] | None, Path, Path]], repeat: int
) -> dict[str, list[bench_render.Sample]]:
    """Each job: (tree or None for the floor, argv or None, report, config); interleaved."""
    samples: dict[str, list[bench_render.Sample]] = {name: [] for name in jobs}
    names = list(jobs)
    with tempfile.TemporaryDirectory() as scratch:
        for round_ in range(repeat):
            shift = round_ % len(names)
            for name in names[shift:] + names[:shift]:
                tree, argv, report, config = jobs[name]
                if tree is not None:
                    bench_render.MEASURED[0] = tree
                command = argv or _render(report, config, Path(scratch))
                samples[name].append(bench_render.run_measured(command, Path(scratch)))
    return samples


def _table(title: str, samples: dict[str, list[bench_render.Sample]], against: str) -> None:
    base = statistics.median(s.cpu for s in samples[against])
    floor = statistics.median(s.cpu for s in samples["floor"])
    print(f"\n## {title}\n")
    print("| contender | cpu s (user+sys) | peak RSS MB | cpu / floor | cpu / " + against + " |")
    print("|---|---:|---:|---:|---:|")
    for name, runs in samples.items():
        cpu = statistics.median(s.cpu for s in runs)
        peak = max(s.peak_mb for s in runs)
        print(f"| {name} | {cpu:.2f} | {peak:.0f} | {cpu / floor:.2f}x | {cpu / base:.2f}x |")


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="pytest-1m", help="pytest-layout dataset")
    parser.add_argument("--warning-size", default="100k", help="dataset for the warning config")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--data", type=Path, default=generate.DEFAULT_DATA_DIR)
    parser.add_argument("--baseline-tree", type=Path, help="also measure this source tree")
    args = parser.parse_args(argv)
    trees = {"": bench_render.TREE}
    if args.baseline_tree is not None:
        trees["@baseline"] = args.baseline_tree.resolve()
    config = bench_render.CONFIG
    floor = [sys.executable, "-c", bench_render.FLOOR]
    print(f"# bench_folding, repeat {args.repeat}, python {sys.version.split()[0]}")

    report, _ = generate.ensure_dataset(args.sizes, args.data)
    renamed = _renamed(report)
    jobs: dict[str, tuple[Path | None, list[str] | None, Path, Path]] = {
        "floor": (None, [*floor, str(report)], report, config)
    }
    for suffix, tree in trees.items():
        jobs[f"render pytest layout{suffix}"] = (tree, None, report, config)
        jobs[f"render renamed{suffix}"] = (tree, None, renamed, config)
    first = "render pytest layout"
    _table(f"pytest layout: {report.name}", _measure(jobs, args.repeat), first)

    report, _ = generate.ensure_dataset(args.warning_size, args.data)
    warned = args.data / "bench-worklog-warning.toml"
    warned.write_text(config.read_text(encoding="utf-8") + WARNING_CATEGORIES, encoding="utf-8")
    jobs = {"floor": (None, [*floor, str(report)], report, config)}
    for suffix, tree in trees.items():
        jobs[f"render{suffix}"] = (tree, None, report, config)
        jobs[f"render, match warning{suffix}"] = (tree, None, report, warned)
    _table(f"match warning: {report.name}", _measure(jobs, args.repeat), "render")


if __name__ == "__main__":
    main(sys.argv[1:])
