"""Ingest benchmark: reportgen against the lxml streaming floor and junitparser.

Every measurement runs in a fresh child process (this script with `--one`), so each peak
RSS is its own; contenders are interleaved and each timing repeated, the median reported.
Only ratios measured in the same run mean anything on a shared machine.

    python benchmarks/bench_ingest.py --sizes 1k,10k,100k
    python benchmarks/bench_ingest.py --sizes 1m --scenarios single --repeat 3
    python benchmarks/bench_ingest.py --one reportgen /tmp/reportgen-bench/100k.xml --profile cpu
    python benchmarks/bench_ingest.py --sizes 100k,1m --scenarios single --baseline-tree ../main
"""

from __future__ import annotations

import argparse
import cProfile
import inspect
import json
import linecache
import pstats
import resource
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import generate

# Measure the reportgen of this tree, installed or not.
sys.path.insert(1, str(Path(__file__).resolve().parents[1]))

Work = Callable[[], dict[str, Any]]
SINGLE = ("floor", "tally", "junitparser", "reportgen")
FILES = ("floor", "reportgen", "reportgen-jobs1")
TARGET_FLOOR_RATIO = 1.3
TARGET_PEAK_MB = 150.0
TARGET_JUNITPARSER_SPEEDUP = 2.0
TARGET_JUNITPARSER_MEMORY = 10.0


# ---------------------------------------------------------------------------------------------
# Contenders. Each `prepare_*` imports what it needs and returns the work to time, so the
# baseline RSS is read after imports and before any parsing.


def _while_result_alive() -> None:
    """Called by the work while its result is still referenced (see --profile memory)."""
    if tracemalloc.is_tracing():
        _print_memory_profile()


def _report_files(path: Path) -> list[Path]:
    return sorted(path.glob("*.xml")) if path.is_dir() else [path]


def prepare_floor(path: Path) -> Work:
    from lxml import etree

    def work() -> dict[str, Any]:
        count = 0
        for report in _report_files(path):
            for _, elem in etree.iterparse(str(report), tag="testcase"):
                count += 1
                elem.clear()
                while elem.getprevious() is not None:
                    del elem.getparent()[0]
        return {"tests": count}

    return work


def prepare_tally(path: Path) -> Work:
    """The floor plus what any outcome counter must read: each case's time and result."""
    from lxml import etree

    def work() -> dict[str, Any]:
        tally = {"tests": 0, "failure": 0, "error": 0, "skipped": 0}
        seconds = 0.0
        for report in _report_files(path):
            for _, elem in etree.iterparse(str(report), tag="testcase"):
                tally["tests"] += 1
                seconds += float(elem.get("time") or 0)
                for child in elem:
                    if child.tag in ("failure", "error", "skipped"):
                        tally[child.tag] += 1
                        _ = (child.get("message"), child.text)
                        break
                elem.clear()
                while elem.getprevious() is not None:
                    del elem.getparent()[0]
        return {
            "tests": tally["tests"],
            "failures": tally["failure"],
            "errors": tally["error"],
            "skipped": tally["skipped"],
        }

    return work


def prepare_junitparser(path: Path) -> Work:
    from junitparser import Error, Failure, JUnitXml, Skipped, TestSuite

    def outcome(case: Any) -> str:
        for result in case.result:
            # Read what a report needs, as reportgen does: message and traceback text.
            _ = (result.message, result.text)
            if isinstance(result, Failure):
                return "failures"
            if isinstance(result, Error):
                return "errors"
            if isinstance(result, Skipped):
                return "skipped"
        return "passed"

    def work() -> dict[str, Any]:
        tally = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
        for report in _report_files(path):
            xml = JUnitXml.fromfile(str(report))
            for suite in [xml] if isinstance(xml, TestSuite) else xml:
                for case in suite:
                    tally["tests"] += 1
                    kind = outcome(case)
                    if kind != "passed":
                        tally[kind] += 1
        return tally

    return work


def _read_reports(jobs: int | None, keep_passing: bool = False) -> Callable[[list[Path]], Any]:
    from reportgen.ingest import read_reports

    if jobs is None:
        return lambda paths: read_reports([str(p) for p in paths], keep_passing=keep_passing)
    if "jobs" not in inspect.signature(read_reports).parameters:
        raise SystemExit("read_reports takes no `jobs` argument")
    return lambda paths: read_reports([str(p) for p in paths], keep_passing=False, jobs=jobs)


def _run_numbers(run: Any) -> dict[str, Any]:
    counts = run.counts
    return {
        "tests": counts.total,
        "failures": counts.failed,
        "errors": counts.errors,
        "skipped": counts.skipped,
        "flaky": counts.flaky,
        "kept_cases": len(run.cases),
        "bad_inputs": len(run.rejected) + len(run.partial),
    }


def prepare_reportgen(path: Path, jobs: int | None = None, keep_passing: bool = False) -> Work:
    read = _read_reports(jobs, keep_passing)
    from reportgen.render.terminal import summarize

    def work() -> dict[str, Any]:
        # A directory is passed as one source, as a user would name it.
        run = read([path])
        numbers = _run_numbers(run)
        numbers["summary_lines"] = len(summarize(run).splitlines())
        _while_result_alive()
        return numbers

    return work


def prepare_group(path: Path) -> Work:
    read = _read_reports(None)
    from reportgen.analyze.clusters import group_failures

    def work() -> dict[str, Any]:
        started = time.perf_counter()
        run = read([path])
        ingested = time.perf_counter()
        groups = group_failures(run)
        numbers = _run_numbers(run)
        numbers["ingest_seconds"] = ingested - started
        numbers["group_seconds"] = time.perf_counter() - ingested
        numbers["groups"] = len(groups)
        _while_result_alive()
        return numbers

    return work


PREPARE: dict[str, Callable[[Path], Work]] = {
    "floor": prepare_floor,
    "tally": prepare_tally,
    "junitparser": prepare_junitparser,
    "reportgen": prepare_reportgen,
    "reportgen-jobs1": lambda path: prepare_reportgen(path, jobs=1),
    # every case kept, as render and `summary --json` read: the Run's own memory shows here
    "reportgen-keep": lambda path: prepare_reportgen(path, keep_passing=True),
    "group": prepare_group,
}


# ---------------------------------------------------------------------------------------------
# One measurement, in this (child) process.


def _cpu_seconds() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def measure_once(contender: str, path: Path, profile: str | None = None) -> dict[str, Any]:
    work = PREPARE[contender](path)
    baseline_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    if profile == "memory":
        tracemalloc.start(12)
    profiler = cProfile.Profile() if profile == "cpu" else None
    cpu = _cpu_seconds()
    started = time.perf_counter()
    if profiler is not None:
        profiler.enable()
    numbers = work()
    seconds = time.perf_counter() - started
    if profiler is not None:
        profiler.disable()
        pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative").print_stats(30)
        pstats.Stats(profiler, stream=sys.stderr).sort_stats("tottime").print_stats(20)
    return {
        "contender": contender,
        "seconds": seconds,
        "cpu_seconds": _cpu_seconds() - cpu,
        "baseline_kb": baseline_kb,
        "peak_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        "workers_peak_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
        "numbers": numbers,
    }


def _print_memory_profile() -> None:
    """Where the memory the result holds was allocated, and the traced peak so far."""
    snapshot = tracemalloc.take_snapshot()
    current, peak = tracemalloc.get_traced_memory()
    print(f"traced: {current / 2**20:.1f} MB held, {peak / 2**20:.1f} MB peak", file=sys.stderr)
    for stat in snapshot.statistics("lineno")[:25]:
        frame = stat.traceback[0]
        # The source may be edited while we run: show the line as it reads now.
        code = linecache.getline(frame.filename, frame.lineno).strip()
        print(f"{stat}\n    {code}", file=sys.stderr)


# ---------------------------------------------------------------------------------------------
# The parent: runs children, aggregates, prints.


@dataclass
class Samples:
    contender: str
    runs: list[dict[str, Any]] = field(default_factory=list)

    def median(self, key: str) -> float:
        return float(statistics.median(r[key] for r in self.runs))

    def number(self, key: str) -> float:
        return float(statistics.median(r["numbers"][key] for r in self.runs))

    def peak_mb(self) -> float:
        return float(max(r["peak_kb"] for r in self.runs)) / 1024

    def workers_peak_mb(self) -> float:
        return float(max(r["workers_peak_kb"] for r in self.runs)) / 1024

    def baseline_mb(self) -> float:
        return float(max(r["baseline_kb"] for r in self.runs)) / 1024

    def spread(self) -> str:
        times = [r["seconds"] for r in self.runs]
        return f"{min(times):.3f}-{max(times):.3f}"


# A contender named NAME@baseline is NAME measured on the tree given by --baseline-tree.
BASELINE_TREE: list[Path] = []
AT_BASELINE = "@baseline"


def run_child(contender: str, path: Path) -> dict[str, Any]:
    command = [sys.executable, str(Path(__file__).resolve()), "--one", contender, str(path)]
    if contender.endswith(AT_BASELINE):
        command[3] = contender.removesuffix(AT_BASELINE)
        command += ["--tree", str(BASELINE_TREE[0])]
    done = subprocess.run(command, capture_output=True, text=True, timeout=3600, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{contender} on {path} failed:\n{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def measure(contenders: tuple[str, ...], path: Path, repeat: int) -> dict[str, Samples]:
    """Each contender `repeat` times, interleaved, the order rotating every round."""
    samples = {c: Samples(c) for c in contenders}
    for round_ in range(repeat):
        shift = round_ % len(contenders)
        for contender in contenders[shift:] + contenders[:shift]:
            samples[contender].runs.append(run_child(contender, path))
    return samples


def _row(dataset: str, s: Samples) -> str:
    workers = s.workers_peak_mb()
    peak = f"{s.peak_mb():.0f}" + (f" (+workers {workers:.0f} each)" if workers > 10 else "")
    return (
        f"| {dataset} | {s.contender} | {s.median('seconds'):.3f} | {s.spread()} | "
        f"{s.median('cpu_seconds'):.3f} | {peak} | {s.baseline_mb():.0f} |"
    )


def _check_counts(samples: dict[str, Samples], manifest: dict[str, Any]) -> str:
    """Every contender must count exactly what the generator wrote."""
    problems = []
    for s in samples.values():
        for key in ("tests", "failures", "errors", "skipped"):
            for run in s.runs:
                got = run["numbers"].get(key)
                if got is not None and got != manifest[key]:
                    problems.append(f"{s.contender} {key}={got} (wrote {manifest[key]})")
        for run in s.runs:
            if run["numbers"].get("bad_inputs"):
                problems.append(f"{s.contender} rejected or partial inputs")
    return "counts OK" if not problems else "COUNTS WRONG: " + "; ".join(sorted(set(problems)))


def _ratio(top: float, bottom: float) -> str:
    return f"{top / bottom:.2f}x" if bottom > 0 else "n/a"


HEADER = (
    "| dataset | contender | median s | min-max s | cpu s | peak RSS MB | baseline RSS MB |\n"
    "|---|---|---:|---:|---:|---:|---:|"
)


@dataclass
class Results:
    single: dict[str, dict[str, Samples]] = field(default_factory=dict)
    files: dict[str, Samples] | None = None
    lines: list[str] = field(default_factory=list)

    def say(self, line: str = "") -> None:
        print(line, flush=True)
        self.lines.append(line)


def bench_single(size: str, args: argparse.Namespace, results: Results) -> None:
    path, manifest = prepared(size, args.data, results)
    skipped = {"junitparser"} if args.skip_junitparser else set()
    contenders = tuple(c for c in SINGLE if c not in skipped)
    contenders += tuple(args.also)
    if BASELINE_TREE:
        contenders += tuple(c + AT_BASELINE for c in ("reportgen", *args.also))
    samples = measure(contenders, path, args.repeat)
    results.single[size] = samples
    results.say(HEADER)
    for s in samples.values():
        results.say(_row(size, s))
    floor, tally, ours = samples["floor"], samples["tally"], samples["reportgen"]
    results.say(
        f"\n{size}: reportgen/floor time {_ratio(ours.median('seconds'), floor.median('seconds'))}"
        f", memory {_ratio(ours.peak_mb(), floor.peak_mb())}; "
        f"tally/floor time {_ratio(tally.median('seconds'), floor.median('seconds'))}"
    )
    if "junitparser" in samples:
        theirs = samples["junitparser"]
        results.say(
            f"{size}: junitparser/reportgen time "
            f"{_ratio(theirs.median('seconds'), ours.median('seconds'))}, "
            f"memory {_ratio(theirs.peak_mb(), ours.peak_mb())}"
        )
    for name in [c for c in contenders if c.startswith("reportgen")]:
        if name != "reportgen":
            results.say(
                f"{size}: {name}/floor time "
                f"{_ratio(samples[name].median('seconds'), floor.median('seconds'))}, "
                f"cpu {_ratio(samples[name].median('cpu_seconds'), floor.median('cpu_seconds'))}"
                f", peak RSS {samples[name].peak_mb():.0f} MB"
            )
    results.say(f"{size}: {_check_counts(samples, manifest)}\n")


def bench_files(args: argparse.Namespace, results: Results) -> None:
    path, manifest = prepared("files-100k", args.data, results)
    samples = measure(FILES, path, args.repeat)
    results.files = samples
    results.say(HEADER)
    for s in samples.values():
        results.say(_row("files-100k", s))
    floor = samples["floor"].median("seconds")
    results.say()
    for name in ("reportgen", "reportgen-jobs1"):
        ratio = _ratio(samples[name].median("seconds"), floor)
        results.say(f"files-100k: {name}/floor (serial) time {ratio}")
    results.say(f"files-100k: {_check_counts(samples, manifest)}\n")


def bench_grouping(args: argparse.Namespace, results: Results) -> None:
    path, manifest = prepared("failures-100k", args.data, results)
    try:
        samples = measure(("group",), path, args.repeat)["group"]
    except RuntimeError as error:
        results.say(f"failures-100k: grouping skipped, it does not run yet: {error}\n")
        return
    ingest, group = samples.number("ingest_seconds"), samples.number("group_seconds")
    results.say(
        f"failures-100k: ingest {ingest:.3f} s (baseline), group_failures {group:.3f} s "
        f"({_ratio(group, ingest)} of ingest), peak RSS {samples.peak_mb():.0f} MB, "
        f"{samples.number('groups'):.0f} groups from {manifest['root_causes']} root causes"
    )
    results.say(f"failures-100k: {_check_counts({'group': samples}, manifest)}\n")


def prepared(name: str, data: Path, results: Results) -> tuple[Path, dict[str, Any]]:
    started = time.perf_counter()
    path, manifest = generate.ensure_dataset(name, data)
    took = time.perf_counter() - started
    size = sum(f.stat().st_size for f in generate_files(path)) / 2**20
    note = f"generated in {took:.1f} s" if took > 1 else "cached"
    results.say(f"## {name}: {path} ({size:.0f} MB, {note})\n")
    return path, manifest


def generate_files(path: Path) -> list[Path]:
    return _report_files(path)


# ---------------------------------------------------------------------------------------------
# Targets from the issue, as PASS/MISS lines.


def _verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def print_targets(results: Results) -> None:
    results.say("## Targets")
    one_m = results.single.get("1m")
    if one_m is None:
        results.say("n/a  ingest within 1.3x of the floor, under 150 MB at 1M: 1m not measured")
    else:
        ratio = one_m["reportgen"].median("seconds") / one_m["floor"].median("seconds")
        peak = one_m["reportgen"].peak_mb()
        results.say(
            f"{_verdict(ratio <= TARGET_FLOOR_RATIO)} 1m: reportgen/floor {ratio:.2f}x "
            f"(target <= {TARGET_FLOOR_RATIO}x)"
        )
        results.say(
            f"{_verdict(peak < TARGET_PEAK_MB)} 1m: reportgen peak RSS {peak:.0f} MB "
            f"(target < {TARGET_PEAK_MB:.0f} MB)"
        )
    with_jp = [size for size, s in results.single.items() if "junitparser" in s]
    if not with_jp:
        results.say("n/a  against junitparser: not measured")
    else:
        size = with_jp[-1]
        theirs, ours = results.single[size]["junitparser"], results.single[size]["reportgen"]
        speed = theirs.median("seconds") / ours.median("seconds")
        memory = theirs.peak_mb() / ours.peak_mb()
        results.say(
            f"{_verdict(speed >= TARGET_JUNITPARSER_SPEEDUP)} {size}: "
            f"junitparser/reportgen time {speed:.2f}x (target >= 2x)"
        )
        results.say(
            f"{_verdict(memory >= TARGET_JUNITPARSER_MEMORY)} {size}: "
            f"junitparser/reportgen peak RSS {memory:.2f}x (target >= 10x)"
        )
    if results.files is None:
        results.say("n/a  1,000 files: not measured")
    else:
        parallel = results.files["reportgen"].median("seconds")
        serial_floor = results.files["floor"].median("seconds")
        results.say(
            f"{_verdict(parallel < serial_floor)} files-100k: reportgen (parallel) "
            f"{parallel:.2f} s vs single-core floor {serial_floor:.2f} s"
        )


# ---------------------------------------------------------------------------------------------


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes", default="1k,10k,100k", help="single-file sizes, comma-separated: 1k,10k,100k,1m"
    )
    parser.add_argument(
        "--scenarios", default="single,files,grouping", help="which of single,files,grouping to run"
    )
    parser.add_argument("--repeat", type=int, default=3, help="timings per contender (median)")
    parser.add_argument(
        "--data",
        type=Path,
        default=generate.DEFAULT_DATA_DIR,
        help="where generated reports are cached",
    )
    parser.add_argument(
        "--skip-junitparser",
        action="store_true",
        help="leave out junitparser (about 2 GB and minutes at 1m)",
    )
    parser.add_argument(
        "--also",
        action="append",
        default=[],
        choices=("reportgen-keep",),
        help="more single-file contenders (reportgen-keep: every case kept)",
    )
    parser.add_argument(
        "--baseline-tree",
        type=Path,
        help="also measure the reportgen of this source tree (contenders named ...@baseline)",
    )
    parser.add_argument("--tree", type=Path, help="internal: with --one, the tree to import")
    parser.add_argument(
        "--one",
        nargs=2,
        metavar=("CONTENDER", "PATH"),
        help="internal: measure one contender once and print JSON",
    )
    parser.add_argument(
        "--profile",
        choices=("cpu", "memory"),
        help="with --one: cProfile or tracemalloc report on stderr",
    )
    return parser.parse_args(argv)


def main(argv: list[str]) -> None:
    args = parse_args(argv)
    if args.baseline_tree is not None:
        BASELINE_TREE.append(args.baseline_tree.resolve())
    if args.one:
        if args.tree is not None:
            sys.path.insert(0, str(args.tree.resolve()))
        contender, path = args.one
        print(json.dumps(measure_once(contender, Path(path), args.profile)))
        return
    scenarios = set(args.scenarios.split(","))
    results = Results()
    results.say(
        f"# bench_ingest {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, "
        f"repeat {args.repeat}, python {sys.version.split()[0]}\n"
    )
    if "single" in scenarios:
        for size in args.sizes.split(","):
            bench_single(size, args, results)
    if "files" in scenarios:
        bench_files(args, results)
    if "grouping" in scenarios:
        bench_grouping(args, results)
    print_targets(results)


if __name__ == "__main__":
    main(sys.argv[1:])
