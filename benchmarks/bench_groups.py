"""Many distinct failure groups: `render` must grow linearly with the number of groups.

Each size is one JUnit file in which every case fails with its own root cause (a message that
differs in a word, so no two cases share a signature), spread over the eight packages of
`bench-worklog.toml`, whose criteria are missed: every group is then weighed against every
failing criterion, the path that used to be quadratic.

Every contender is a fresh process measured from outside (user+system CPU of the child, as
`bench_render.py` does); contenders are interleaved and their order rotates every round, and
the median of `--repeat` rounds is reported. The baseline is `reportgen --version` in the same
run (interpreter start-up and imports): growth is judged on the CPU above it, per doubling of
the groups (`(cpu_b / cpu_a) ** (1 / log2(b / a))`, 2.0 for linear work on a doubled input).

    python benchmarks/bench_groups.py                          # 10k,20k,40k,100k; a few minutes
    python benchmarks/bench_groups.py --sizes 10k,20k --repeat 1
"""

from __future__ import annotations

import argparse
import itertools
import math
import statistics
import sys
import tempfile
from pathlib import Path

from bench_render import CONFIG, TREE, Sample, reportgen_command, run_measured

PACKAGES = ["orders", "billing", "inventory", "storage", "auth", "search", "scheduler", "export"]
TARGET_PER_DOUBLING = 2.0 * 1.5  # linear doubles the work; 1.5x on top of that is the limit
TARGET_100K_CPU_S = 30.0


def word(n: int) -> str:
    """A distinct lowercase word per number (digits are masked out of signatures)."""
    letters = ""
    n += 1
    while n:
        n, rest = divmod(n - 1, 26)
        letters = "abcdefghijklmnopqrstuvwxyz"[rest] + letters
    return letters


def write_groups(path: Path, groups: int) -> None:
    """`groups` failing cases, each its own failure group."""
    with path.open("w", encoding="utf-8") as out:
        out.write(f'<testsuites><testsuite name="s" tests="{groups}" failures="{groups}">\n')
        for n in range(groups):
            w = word(n)
            out.write(
                f'<testcase classname="com.acme.{PACKAGES[n % 8]}.T" name="test_{n}" '
                f'time="0.01"><failure message="ValueError: broken {w} near {w}"/></testcase>\n'
            )
        out.write("</testsuite></testsuites>\n")


def parse_size(text: str) -> int:
    text = text.strip().lower()
    scale = {"k": 1_000, "m": 1_000_000}.get(text[-1:], 1)
    return int(text.rstrip("km")) * scale


def check_worklog(sample: Sample, groups: int) -> str | None:
    written = Path(sample.stdout.splitlines()[0])
    text = written.read_text(encoding="utf-8")
    line = f"{groups} failures and errors fall into {groups} groups"
    return None if line in text else f"{written.name} lacks {line!r}"


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10k,20k,40k,100k")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--data", type=Path, default=Path("/tmp/reportgen-bench/groups"))
    args = parser.parse_args(argv)
    sizes = [parse_size(s) for s in args.sizes.split(",")]
    args.data.mkdir(parents=True, exist_ok=True)
    files = {}
    for size in sizes:
        files[size] = args.data / f"groups-{size}.xml"
        if not files[size].exists():
            write_groups(files[size], size)

    config = str(CONFIG)
    cpu: dict[str, list[float]] = {}
    wrong: list[str] = []
    with tempfile.TemporaryDirectory() as scratch:
        jobs: list[tuple[str, int | None, list[str]]] = [
            ("start-up", None, reportgen_command("--version"))
        ]
        for size in sizes:
            for profile in ("worklog", "pr"):
                out = tempfile.mkdtemp(dir=scratch)
                command = reportgen_command(
                    "render", str(files[size]), "-c", config, "-o", out, "--no-step-summary"
                )
                if profile == "pr":
                    command += ["--profile", "pr"]
                jobs.append((f"{profile} {size}", size, command))
        for round_ in range(args.repeat):
            shift = round_ % len(jobs)
            for name, size, command in itertools.chain(jobs[shift:], jobs[:shift]):
                sample = run_measured(command, TREE)
                cpu.setdefault(name, []).append(sample.cpu)
                if size is not None and name.startswith("worklog"):
                    problem = check_worklog(sample, size)
                    if problem:
                        wrong.append(f"{name}: {problem}")
                print(f"  {name}: {sample.cpu:.2f} s cpu", file=sys.stderr)

    median = {name: statistics.median(values) for name, values in cpu.items()}
    startup = median["start-up"]
    print(f"start-up (reportgen --version): {startup:.2f} s cpu")
    print()
    print("| profile | groups | cpu s | above start-up s | growth per doubling |")
    print("|---|---:|---:|---:|---:|")
    verdicts = []
    for profile in ("worklog", "pr"):
        previous: tuple[int, float] | None = None
        for size in sizes:
            total = median[f"{profile} {size}"]
            work = max(total - startup, 1e-3)
            growth = "-"
            if previous is not None:
                per = (work / previous[1]) ** (1 / math.log2(size / previous[0]))
                growth = f"{per:.2f}"
                verdicts.append(
                    (
                        f"{profile} {previous[0]}->{size}: {per:.2f}x per doubling "
                        f"(target <= {TARGET_PER_DOUBLING:.1f})",
                        per <= TARGET_PER_DOUBLING,
                    )
                )
            print(f"| {profile} | {size} | {total:.2f} | {work:.2f} | {growth} |")
            previous = (size, work)
        if 100_000 in sizes:
            total = median[f"{profile} 100000"]
            verdicts.append(
                (
                    f"{profile} 100000 groups: {total:.1f} s cpu "
                    f"(target < {TARGET_100K_CPU_S:.0f})",
                    total < TARGET_100K_CPU_S,
                )
            )
    print()
    for text, ok in verdicts:
        print(f"{'PASS' if ok else 'MISS'} {text}")
    print("counts OK" if not wrong else "COUNTS WRONG: " + "; ".join(wrong))


if __name__ == "__main__":
    main(sys.argv[1:])
