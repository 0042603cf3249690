"""Memory benchmark: what an ingested Run holds per case when every case is kept.

Each measurement is a fresh child process that reads one generated file with
`read_reports([file], keep_passing=True, jobs=1)`, as render and `summary --json` do, and
reports the Run's memory per case and where it goes: for every field of `TestCase`, the
distinct objects the cases point to (sys.getsizeof, each object once) divided by the cases.
Peak and held figures are RSS (`ru_maxrss`, and /proc's resident size after ingest, minus the
same after imports); `--trace` adds tracemalloc's held and peak bytes (slower: use it at 100k).

    python benchmarks/bench_memory.py --sizes 100k,1m
    python benchmarks/bench_memory.py --sizes 100k --trace --baseline-tree ../main
"""

from __future__ import annotations

import argparse
import dataclasses
import gc
import json
import os
import resource
import statistics
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Any

import generate

TREE = Path(__file__).resolve().parents[1]


def _resident_kb() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024


def measure_once(path: Path, trace: bool) -> dict[str, Any]:
    """In the child: read `path` keeping every case, then size what the Run holds."""
    from reportgen.ingest import read_reports
    from reportgen.model import TestCase

    gc.collect()
    baseline_kb = _resident_kb()
    if trace:
        tracemalloc.start()
    started = time.process_time()
    run = read_reports([str(path)], keep_passing=True, jobs=1)
    cpu = time.process_time() - started
    gc.collect()
    numbers: dict[str, Any] = {
        "cases": len(run.cases),
        "tests": run.counts.total,
        "cpu_seconds": cpu,
        "held_kb": _resident_kb() - baseline_kb,
        "peak_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        "baseline_kb": baseline_kb,
    }
    if trace:
        held, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        numbers["traced_held"], numbers["traced_peak"] = held, peak
    cases = run.cases
    fields: dict[str, float] = {
        "TestCase": sum(map(sys.getsizeof, cases)),
        "list slot": 8 * len(cases),
    }
    distinct: dict[str, int] = {}
    for f in dataclasses.fields(TestCase):
        seen: dict[int, Any] = {}
        for case in cases:
            value = getattr(case, f.name)
            seen[id(value)] = value
        fields[f.name] = float(sum(_deep_size(v) for v in seen.values()))
        distinct[f.name] = len(seen)
    numbers["bytes_per_case"] = {k: v / max(1, len(cases)) for k, v in fields.items()}
    numbers["distinct"] = distinct
    return numbers


def _deep_size(value: Any) -> int:
    """An object's size with its items (a suite tuple's names); None and enums count 0."""
    if value is None or isinstance(value, (bool,)) or type(value).__module__ == "reportgen.model":
        return 0 if not dataclasses.is_dataclass(value) else _dataclass_size(value)
    if isinstance(value, tuple):
        return sys.getsizeof(value) + sum(sys.getsizeof(v) for v in value)
    return sys.getsizeof(value)


def _dataclass_size(value: Any) -> int:
    size = sys.getsizeof(value)
    for f in dataclasses.fields(value):
        item = getattr(value, f.name)
        if (isinstance(item, (str, float, int)) and not isinstance(item, bool)) or isinstance(
            item, (list, dict)
        ):
            size += sys.getsizeof(item)
        elif dataclasses.is_dataclass(item):
            size += _dataclass_size(item)
    return size


def run_child(path: Path, tree: Path, trace: bool) -> dict[str, Any]:
    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--one",
        str(path),
        "--tree",
        str(tree),
    ]
    if trace:
        command.append("--trace")
    done = subprocess.run(command, capture_output=True, text=True, timeout=3600, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{tree} on {path} failed:\n{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100k", help="comma-separated: 1k,10k,100k,1m")
    parser.add_argument("--repeat", type=int, default=1, help="runs per tree (median, max peak)")
    parser.add_argument("--data", type=Path, default=generate.DEFAULT_DATA_DIR)
    parser.add_argument("--trace", action="store_true", help="also tracemalloc's figures")
    parser.add_argument("--baseline-tree", type=Path, help="also measure this source tree")
    parser.add_argument("--one", type=Path, help="internal: measure this file once, print JSON")
    parser.add_argument("--tree", type=Path, default=TREE, help="internal: the tree to import")
    args = parser.parse_args(argv)
    if args.one is not None:
        sys.path.insert(0, str(args.tree.resolve()))
        print(json.dumps(measure_once(args.one, args.trace)))
        return
    trees = {"this tree": TREE}
    if args.baseline_tree is not None:
        trees["baseline"] = args.baseline_tree.resolve()
    print(
        f"# bench_memory {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, "
        f"repeat {args.repeat}, python {sys.version.split()[0]}"
    )
    for size in args.sizes.split(","):
        path, manifest = generate.ensure_dataset(size, args.data)
        runs: dict[str, list[dict[str, Any]]] = {name: [] for name in trees}
        for round_ in range(args.repeat):
            order = list(trees) if round_ % 2 == 0 else list(trees)[::-1]
            for name in order:
                runs[name].append(run_child(path, trees[name], args.trace))
        print(f"\n## {size}: {path}\n")
        for name, samples in runs.items():
            _print_tree(size, name, trees[name], samples, manifest)


def _print_tree(
    size: str, name: str, tree: Path, samples: list[dict[str, Any]], manifest: dict[str, Any]
) -> None:
    first = samples[0]
    cases = first["cases"]
    held = statistics.median(s["held_kb"] for s in samples) * 1024
    peak = max(s["peak_kb"] for s in samples) / 1024
    counts = (
        "counts OK" if all(s["tests"] == manifest["tests"] for s in samples) else "COUNTS WRONG"
    )
    print(f"### {name} ({tree}), {cases} cases kept, {counts}\n")
    print(
        f"- RSS held by the Run after ingest: {held / 2**20:.0f} MB, {held / cases:.0f} bytes "
        f"per case; peak RSS {peak:.0f} MB (baseline {first['baseline_kb'] / 1024:.0f} MB); "
        f"ingest CPU {statistics.median(s['cpu_seconds'] for s in samples):.2f} s"
    )
    if "traced_held" in first:
        print(
            f"- tracemalloc: {first['traced_held'] / cases:.0f} bytes per case held, "
            f"peak {first['traced_peak'] / 2**20:.0f} MB"
        )
    print("\n| field | distinct objects | bytes per case |\n|---|---:|---:|")
    per_case = first["bytes_per_case"]
    for field_name, value in per_case.items():
        count = first["distinct"].get(field_name, cases)
        print(f"| {field_name} | {count} | {value:.1f} |")
    print(f"| total | | {sum(per_case.values()):.1f} |\n")


if __name__ == "__main__":
    main(sys.argv[1:])
