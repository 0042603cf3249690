"""Whole-command benchmark: reportgen's commands against the lxml streaming floor.

Every contender is a fresh process, timed from outside as /usr/bin/time does (wall clock,
user+system CPU and peak RSS from `os.wait4`), so start-up and imports count. Contenders
are interleaved and their order rotates every round; the median is reported. Then a
per-stage table (ingest, each part of analyze, render, write) timed inside one process per
size, and the start-up of `--version` and `--help` against a bare interpreter.
Only ratios measured in the same run mean anything on a shared machine.

    python benchmarks/bench_render.py                       # 10k,100k
    python benchmarks/bench_render.py --sizes 10k,100k,1m   # + 1M cases (several minutes)
    python benchmarks/bench_render.py --stages-only --sizes 100k
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import generate

TREE = Path(__file__).resolve().parents[1]
MEASURED = [TREE]  # the tree whose reportgen every child imports (--tree)
CONFIG = Path(__file__).resolve().parent / "bench-worklog.toml"
# Targets of issue 11 (ratios against the floor measured in the same run).
TARGET_RENDER_1M = 2.0
TARGET_RENDER_100K = 3.0
TARGET_VIEWS_EXTRA = 1.10  # --profile pr and --html: within 10% more than render
TARGET_RENDER_PEAK_MB = 200.0
TARGET_JSON_PEAK_MB = 250.0
TARGET_STARTUP_S = 0.15
TARGET_STAGE_GROWTH = 11.0

FLOOR = """
import sys
from lxml import etree
count = 0
for _, elem in etree.iterparse(sys.argv[1], tag="testcase"):
    count += 1
    elem.clear()
    while elem.getprevious() is not None:
        del elem.getparent()[0]
print(f"{count} tests")
"""

JUNITPARSER = """
import sys
from junitparser import Error, Failure, JUnitXml, Skipped, TestSuite
tally = {"tests": 0, Failure: 0, Error: 0, Skipped: 0}
xml = JUnitXml.fromfile(sys.argv[1])
for suite in [xml] if isinstance(xml, TestSuite) else xml:
    for case in suite:
        tally["tests"] += 1
        for result in case.result:
            _ = (result.message, result.text)
            tally[type(result)] = tally.get(type(result), 0) + 1
            break
print(f"{tally['tests']} tests")
"""


# ---------------------------------------------------------------------------------------------
# One process, measured from outside.


@dataclass
class Sample:
    seconds: float
    cpu: float
    peak_mb: float
    stdout: str


def run_measured(command: list[str], cwd: Path) -> Sample:
    """Run `command` to its end; wall time, its own CPU and peak RSS (not this process's)."""
    env = {**os.environ, "PYTHONPATH": str(MEASURED[0]), "CI": "1"}
    env.pop("GITHUB_STEP_SUMMARY", None)
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        child = subprocess.Popen(command, cwd=cwd, env=env, stdout=out, stderr=err)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(), err.read().decode()
    if child.returncode not in (0, 1):  # 1: a gate; the bench config sets none
        raise RuntimeError(f"{command} exited {child.returncode}:\n{stderr[-3000:]}")
    # ru_maxrss is in KiB on Linux
    return Sample(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, stdout)


def reportgen_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "reportgen", *args]


@dataclass
class Contender:
    name: str
    command: Callable[[Path, Path], list[str]]  # (report, scratch dir) -> argv
    check: Callable[[Sample, Path, dict[str, Any]], str | None]  # None when the counts are right
    samples: list[Sample] = field(default_factory=list)

    def median(self, key: str) -> float:
        return float(statistics.median(getattr(s, key) for s in self.samples))

    def peak(self) -> float:
        return max(s.peak_mb for s in self.samples)


def _expected_line(manifest: dict[str, Any]) -> tuple[int, int, int, int, int]:
    tests, failed, errors, skipped = (
        int(manifest[k]) for k in ("tests", "failures", "errors", "skipped")
    )
    return tests, tests - failed - errors - skipped, failed, errors, skipped


def _check_tests(sample: Sample, _scratch: Path, manifest: dict[str, Any]) -> str | None:
    wrote = manifest["tests"]
    return None if sample.stdout.strip() == f"{wrote} tests" else f"said {sample.stdout[:80]!r}"


def _check_summary(sample: Sample, _scratch: Path, manifest: dict[str, Any]) -> str | None:
    tests, passed, failed, errors, skipped = _expected_line(manifest)
    line = f"{tests} tests, {passed} passed, {failed} failed, {errors} errors, {skipped} skipped"
    first = sample.stdout.splitlines()[0] if sample.stdout else ""
    return None if first == line else f"said {first!r}, wrote {line!r}"


def _check_worklog(sample: Sample, _scratch: Path, manifest: dict[str, Any]) -> str | None:
    tests, passed, failed, errors, skipped = _expected_line(manifest)
    line = f"{tests} tests: {passed} passed, {failed} failed, {errors} errors, {skipped} skipped"
    written = Path(sample.stdout.splitlines()[0])
    text = written.read_text(encoding="utf-8")
    return None if line in text else f"{written.name} lacks {line!r}"


def _json_counts(path: Path) -> dict[str, int]:
    """The run's counts, read from the file's tail (counts follow the cases)."""
    with path.open("rb") as handle:
        handle.seek(max(0, path.stat().st_size - 4096))
        tail = handle.read().decode("utf-8", "replace")
    found = re.findall(r'"counts":\s*(\{[^}]*\})', tail)
    return dict(json.loads(found[-1])) if found else {}


def _check_json(name: str) -> Callable[[Sample, Path, dict[str, Any]], str | None]:
    def check(_sample: Sample, scratch: Path, manifest: dict[str, Any]) -> str | None:
        _, passed, failed, errors, skipped = _expected_line(manifest)
        counts = _json_counts(scratch / name)
        wrote = {"passed": passed, "failed": failed, "errors": errors, "skipped": skipped}
        got = {k: counts.get(k) for k in wrote}
        return None if got == wrote else f"{name} counts {got}, wrote {wrote}"

    return check


def contenders(with_junitparser: bool) -> list[Contender]:
    config = str(CONFIG)

    def render(*extra: str) -> Callable[[Path, Path], list[str]]:
        def command(report: Path, scratch: Path) -> list[str]:
            out = tempfile.mkdtemp(dir=scratch)  # a fresh directory: always NN = 01
            return reportgen_command(
                "render", str(report), "-c", config, "-o", out, "--no-step-summary", *extra
            )

        return command

    found = [
        Contender("floor", lambda r, _s: [sys.executable, "-c", FLOOR, str(r)], _check_tests),
        Contender(
            "junitparser", lambda r, _s: [sys.executable, "-c", JUNITPARSER, str(r)], _check_tests
        ),
        Contender("summary", lambda r, _s: reportgen_command("summary", str(r)), _check_summary),
        Contender("render", render(), _check_worklog),
        Contender("render --profile pr", render("--profile", "pr"), _check_worklog),
        Contender("render --html", render("--html"), _check_worklog),
        Contender(
            "summary --json",
            lambda r, s: reportgen_command("summary", str(r), "--json", str(s / "run.json")),
            _check_json("run.json"),
        ),
        Contender(
            "merge",
            lambda _r, s: reportgen_command(
                "merge", str(s / "shard.json"), "--json", str(s / "merged.json")
            ),
            _check_json("merged.json"),
        ),
    ]
    return [c for c in found if with_junitparser or c.name != "junitparser"]


# ---------------------------------------------------------------------------------------------
# The per-stage table, timed inside one process.


class StageClock:
    """CPU seconds per stage (steadier than wall time on a busy machine); `wrap` times every
    call of a function under a stage name."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        started = time.process_time()
        try:
            yield
        finally:
            self.seconds[name] = self.seconds.get(name, 0.0) + time.process_time() - started

    def wrap(self, module: Any, attribute: str, name: str) -> None:
        original = getattr(module, attribute)

        def timed(*args: Any, **kwargs: Any) -> Any:
            with self.stage(name):
                return original(*args, **kwargs)

        setattr(module, attribute, timed)


# Functions `reportgen.analyze.analyze` calls, by the stage they are counted in.
ANALYZE_PARTS = {
    "categorize": "analyze: categorize",
    "_rows": "analyze: category rows",
    "describe_failures": "analyze: failures",
    "match_known": "analyze: failures",
    "_notable": "analyze: failures",
    "_Removals": "analyze: criteria",
    "_view": "analyze: criteria",
    "evaluate": "analyze: criteria",
    "compute_health": "analyze: criteria",
    "group_failures": "analyze: groups",
    "prioritize": "analyze: groups",
    "execution_summary": "analyze: timing",
    "metric_results": "analyze: timing",
    "check_authenticity": "analyze: authenticity",
    "build_phases": "analyze: phases",
}


def measure_stages(report: Path, scratch: Path) -> dict[str, float]:
    """Seconds of each stage of `render` for one report, with the bench config."""
    clock = StageClock()
    started = time.process_time()
    with clock.stage("imports"):
        import reportgen.analyze as analyze_module
        from reportgen import cli, pipeline
        from reportgen.config import load_config
        from reportgen.deliver import numbered
        from reportgen.render import render_markdown
    if hasattr(cli, "collect_less"):  # as the console script does
        cli.collect_less()
    for attribute, name in ANALYZE_PARTS.items():
        if hasattr(analyze_module, attribute):
            clock.wrap(analyze_module, attribute, name)
    if hasattr(pipeline, "flaky_tests"):
        clock.wrap(pipeline, "flaky_tests", "analyze: flaky (history)")
    clock.wrap(pipeline, "render_markdown", "render")
    clock.wrap(numbered, "fill_claims", "write")
    with clock.stage("config"):
        config = load_config(CONFIG)
    with clock.stage("ingest"):
        if hasattr(pipeline, "fold_for"):  # as `render` reads: passes folded when they may be
            request = pipeline.RenderRequest(sources=[str(report)])
            fold = pipeline.fold_for(request, config)
            run = pipeline.read_run([str(report)], config, fold=fold)
        else:
            run = pipeline.read_run([str(report)], config)
    with clock.stage("analyze"):
        built = pipeline.build_report(run, config)
    options = pipeline.RenderOptions(step_summary=False)
    with clock.stage("deliver"):
        delivered = pipeline.deliver(run, built, options, out_dir=scratch)
    assert delivered.worklog.exists()
    del render_markdown
    seconds = dict(clock.seconds)
    parts = sum(v for k, v in seconds.items() if k.startswith("analyze: "))
    seconds["analyze: rest"] = max(0.0, seconds.pop("analyze") - parts)
    seconds["deliver: rest"] = max(
        0.0, seconds.pop("deliver") - seconds.get("render", 0) - seconds.get("write", 0)
    )
    seconds["total"] = time.process_time() - started
    return seconds


STAGE_ORDER = (
    "imports",
    "config",
    "ingest",
    "analyze: categorize",
    "analyze: category rows",
    "analyze: failures",
    "analyze: criteria",
    "analyze: groups",
    "analyze: timing",
    "analyze: authenticity",
    "analyze: phases",
    "analyze: flaky (history)",
    "analyze: rest",
    "render",
    "write",
    "deliver: rest",
    "total",
)


def stages_child(report: Path, repeat: int) -> dict[str, float]:
    """Median seconds per stage over `repeat` fresh processes."""
    runs: list[dict[str, float]] = []
    for _ in range(repeat):
        with tempfile.TemporaryDirectory() as scratch:
            command = [sys.executable, str(Path(__file__).resolve()), "--stages-of", str(report)]
            command += ["--tree", str(MEASURED[0])]
            sample = run_measured(command, Path(scratch))
            runs.append(json.loads(sample.stdout.strip().splitlines()[-1]))
    keys = [k for k in STAGE_ORDER if any(k in r for r in runs)]
    return {k: float(statistics.median(r.get(k, 0.0) for r in runs)) for k in keys}


# ---------------------------------------------------------------------------------------------
# The parent.


@dataclass
class Results:
    lines: list[str] = field(default_factory=list)
    single: dict[str, dict[str, Contender]] = field(default_factory=dict)
    stages: dict[str, dict[str, float]] = field(default_factory=dict)
    startup: dict[str, float] = field(default_factory=dict)
    wrong: list[str] = field(default_factory=list)

    def say(self, line: str = "") -> None:
        print(line, flush=True)
        self.lines.append(line)


def _ratio(top: float, bottom: float) -> str:
    return f"{top / bottom:.2f}x" if bottom > 0 else "n/a"


def bench_size(size: str, args: argparse.Namespace, results: Results) -> None:
    report, manifest = generate.ensure_dataset(size, args.data)
    mb = report.stat().st_size / 2**20
    results.say(f"## {size}: {report} ({mb:.0f} MB)\n")
    found = contenders(not args.skip_junitparser and size not in args.junitparser_skip)
    with tempfile.TemporaryDirectory(prefix="bench-render-") as name:
        scratch = Path(name)
        # merge reads a run written by summary --json; made once, outside the timings
        run_measured(
            reportgen_command("summary", str(report), "--json", str(scratch / "shard.json")),
            scratch,
        )
        for round_ in range(args.repeat):
            shift = round_ % len(found)
            for contender in found[shift:] + found[:shift]:
                sample = run_measured(contender.command(report, scratch), scratch)
                problem = contender.check(sample, scratch, manifest)
                if problem is not None:
                    results.wrong.append(f"{size} {contender.name}: {problem}")
                contender.samples.append(sample)
                for leftover in scratch.glob("tmp*"):
                    shutil.rmtree(leftover)
    by_name = {c.name: c for c in found}
    results.single[size] = by_name
    floor = by_name["floor"]
    results.say(
        "| contender | median s | min-max s | cpu s | peak RSS MB | time / floor | cpu / floor |"
    )
    results.say("|---|---:|---:|---:|---:|---:|---:|")
    for c in found:
        times = [s.seconds for s in c.samples]
        results.say(
            f"| {c.name} | {c.median('seconds'):.3f} | {min(times):.3f}-{max(times):.3f} | "
            f"{c.median('cpu'):.3f} | {c.peak():.0f} | "
            f"{_ratio(c.median('seconds'), floor.median('seconds'))} | "
            f"{_ratio(c.median('cpu'), floor.median('cpu'))} |"
        )
    wrong = [w for w in results.wrong if w.startswith(f"{size} ")]
    results.say(f"\n{size}: " + ("counts OK" if not wrong else "COUNTS WRONG: " + "; ".join(wrong)))
    results.say()


def bench_stages(sizes: list[str], args: argparse.Namespace, results: Results) -> None:
    for size in sizes:
        report, _ = generate.ensure_dataset(size, args.data)
        results.stages[size] = stages_child(report, args.repeat)
    results.say("## Stages of render (CPU seconds inside one process, median)\n")
    ratio_columns = list(itertools.pairwise(sizes))
    head = " | ".join(sizes + [f"{b}/{a}" for a, b in ratio_columns])
    results.say(f"| stage | {head} |")
    results.say("|---|" + "---:|" * (len(sizes) + len(ratio_columns)))
    keys = [k for k in STAGE_ORDER if any(k in s for s in results.stages.values())]
    for key in keys:
        cells = [f"{results.stages[s].get(key, 0.0):.3f}" for s in sizes]
        cells += [
            _ratio(results.stages[b].get(key, 0.0), results.stages[a].get(key, 0.0))
            for a, b in ratio_columns
        ]
        results.say(f"| {key} | " + " | ".join(cells) + " |")
    results.say()


def bench_startup(args: argparse.Namespace, results: Results) -> None:
    commands = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "reportgen --version": reportgen_command("--version"),
        "reportgen --help": reportgen_command("--help"),
    }
    samples: dict[str, list[Sample]] = {name: [] for name in commands}
    with tempfile.TemporaryDirectory() as scratch:
        for _ in range(args.startup_repeat):
            for name, command in commands.items():
                samples[name].append(run_measured(command, Path(scratch)))
    results.say(f"## Start-up ({args.startup_repeat} runs each, interleaved)\n")
    results.say("| command | median s | min s | cpu s | over bare interpreter s (wall, cpu) |")
    results.say("|---|---:|---:|---:|---:|")

    def median(name: str, key: str) -> float:
        return float(statistics.median(getattr(s, key) for s in samples[name]))

    for name in commands:
        wall, cpu = median(name, "seconds"), median(name, "cpu")
        over_wall = wall - median("python -c pass", "seconds")
        over_cpu = cpu - median("python -c pass", "cpu")
        # CPU: wall time also counts waiting for a busy machine's cores
        results.startup[name] = over_cpu
        fastest = min(s.seconds for s in samples[name])
        results.say(
            f"| {name} | {wall:.3f} | {fastest:.3f} | {cpu:.3f} | {over_wall:.3f}, {over_cpu:.3f} |"
        )
    results.say()


def _verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def print_targets(results: Results) -> None:
    say = results.say
    say("## Targets")
    for size, target in (("1m", TARGET_RENDER_1M), ("100k", TARGET_RENDER_100K)):
        got = results.single.get(size)
        if got is None:
            say(f"n/a  render of {size} within {target}x the floor: not measured")
            continue
        floor = got["floor"].median("seconds")
        render = got["render"].median("seconds")
        say(
            f"{_verdict(render <= target * floor)} {size}: render/floor time "
            f"{render / floor:.2f}x (target <= {target}x)"
        )
        for view in ("render --profile pr", "render --html"):
            extra = got[view].median("seconds") / render
            say(
                f"{_verdict(extra <= TARGET_VIEWS_EXTRA)} {size}: {view}/render "
                f"{extra:.2f}x (target <= {TARGET_VIEWS_EXTRA}x)"
            )
    one_m = results.single.get("1m")
    if one_m is None:
        say("n/a  peaks at 1M: not measured")
    else:
        peak = one_m["render"].peak()
        say(
            f"{_verdict(peak < TARGET_RENDER_PEAK_MB)} 1m: render peak {peak:.0f} MB "
            f"(target < {TARGET_RENDER_PEAK_MB:.0f} MB)"
        )
        for name in ("summary --json", "merge"):
            peak = one_m[name].peak()
            say(
                f"{_verdict(peak < TARGET_JSON_PEAK_MB)} 1m: {name} peak {peak:.0f} MB "
                f"(target < {TARGET_JSON_PEAK_MB:.0f} MB)"
            )
    for name in ("reportgen --version", "reportgen --help"):
        if name in results.startup:
            over = results.startup[name]
            say(
                f"{_verdict(over <= TARGET_STARTUP_S)} {name}: {over:.3f} CPU s over a bare "
                f"interpreter (target <= {TARGET_STARTUP_S} s)"
            )
    if "1m" in results.stages and "100k" in results.stages:
        big, small = results.stages["1m"], results.stages["100k"]
        worst = max(
            (k for k in big if k not in ("imports", "config", "total") and small.get(k, 0) > 0.01),
            key=lambda k: big[k] / small[k],
        )
        growth = big[worst] / small[worst]
        say(
            f"{_verdict(growth <= TARGET_STAGE_GROWTH)} stages: largest 1m/100k is {worst} "
            f"{growth:.1f}x (target <= {TARGET_STAGE_GROWTH:.0f}x; stages under 10 ms at 100k "
            "left out)"
        )
    say("counts OK" if not results.wrong else f"COUNTS WRONG in {len(results.wrong)} runs")


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10k,100k", help="comma-separated: 1k,10k,100k,1m")
    parser.add_argument("--repeat", type=int, default=3, help="runs per contender (median)")
    parser.add_argument("--startup-repeat", type=int, default=15, help="runs per start-up command")
    parser.add_argument("--data", type=Path, default=generate.DEFAULT_DATA_DIR)
    parser.add_argument("--skip-junitparser", action="store_true", help="leave out junitparser")
    parser.add_argument(
        "--junitparser-skip",
        default="",
        help="sizes to run without junitparser (e.g. 1m: about 2 GB and several seconds)",
    )
    parser.add_argument(
        "--tree",
        type=Path,
        default=TREE,
        help="the reportgen source tree to measure (default: this one)",
    )
    parser.add_argument("--stages-only", action="store_true", help="only the per-stage table")
    parser.add_argument("--stages-of", type=Path, help="internal: time the stages of one report")
    args = parser.parse_args(argv)
    args.junitparser_skip = set(filter(None, args.junitparser_skip.split(",")))
    return args


def main(argv: list[str]) -> None:
    args = parse_args(argv)
    MEASURED[0] = args.tree.resolve()
    if args.stages_of is not None:
        sys.path.insert(0, str(MEASURED[0]))
        print(json.dumps(measure_stages(args.stages_of, Path.cwd())))
        return
    sizes = args.sizes.split(",")
    results = Results()
    results.say(
        f"# bench_render {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, "
        f"repeat {args.repeat}, python {sys.version.split()[0]}, "
        f"load {os.getloadavg()[0]:.2f}, tree {MEASURED[0]}\n"
    )
    if not args.stages_only:
        bench_startup(args, results)
        for size in sizes:
            bench_size(size, args, results)
    bench_stages(sizes, args, results)
    print_targets(results)


if __name__ == "__main__":
    main(sys.argv[1:])
