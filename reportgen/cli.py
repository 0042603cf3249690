"""The `reportgen` command: options in, stages called, exit status out. No logic of its own.

stdout carries results (a summary, written paths, JSON); stderr carries diagnostics.
Exit statuses are `reportgen.exitcodes.ExitCode`.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from reportgen import __version__
from reportgen.config import Config, load_config
from reportgen.errors import ReportgenError
from reportgen.exitcodes import ExitCode
from reportgen.gate import FailOn, parse_fail_on, report_reasons, run_reasons
from reportgen.model import Run, json_schema

app = typer.Typer(
    name="reportgen",
    help="Turn JUnit XML and timing data into dated Markdown worklogs.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


class Profile(StrEnum):
    WORKLOG = "worklog"
    PR = "pr"


Results = Annotated[
    list[str],
    typer.Argument(
        help="JUnit XML files, directories (recursively, *.xml), globs, or - for stdin.",
        show_default=False,
    ),
]
ConfigOption = Annotated[
    Path | None, typer.Option("--config", "-c", help="worklog.toml with categories, criteria, ...")
]
FailOnOption = Annotated[
    list[str],
    typer.Option(
        "--fail-on",
        help=f"Exit 1 when: {', '.join(FailOn)} (repeat or comma-separate).",
    ),
]


def _fail(message: str, code: ExitCode) -> NoReturn:
    typer.echo(f"reportgen: {message}", err=True)
    raise typer.Exit(int(code))


@contextmanager
def _user_errors() -> Iterator[None]:
    """Map reportgen's own errors to one line on stderr and a documented status."""
    # An error that reaches here stopped the command before it wrote anything: a rejected
    # report does not raise (it is counted and reported, exit 3), a bad timing or baseline
    # file, config or option does.
    try:
        yield
    except ReportgenError as exc:
        _fail(str(exc), ExitCode.USAGE)
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        _fail(f"{where}{exc.strerror or exc}", ExitCode.USAGE)


def _progress() -> Callable[[int, int], None] | None:
    """A progress line on an interactive terminal; nothing in CI or when piped."""
    if os.environ.get("CI") or not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> None:
        if total >= 20:
            end = "\n" if done == total else "\r"
            print(f"reading reports: {done}/{total}", end=end, file=sys.stderr, flush=True)

    return show


def _report_problems(run: Run) -> None:
    from reportgen.render.terminal import problems

    for line in problems(run):
        typer.echo(line, err=True)


def _archive_problems(archive: Path) -> None:
    """Sidecars the history could not read are left out of it: say which and why."""
    from reportgen.history.store import HistoryStore

    with HistoryStore.open(archive) as store:
        for problem in store.problems:
            typer.echo(f"warning: left out of the history: {problem}", err=True)


def _final_status(run: Run, reasons: list[str]) -> ExitCode:
    for reason in reasons:
        typer.echo(f"reportgen: failing: {reason}", err=True)
    if run.rejected or run.partial:
        return ExitCode.INPUTS_REJECTED
    return ExitCode.GATE_FAILED if reasons else ExitCode.OK


def _fail_on(values: list[str]) -> set[FailOn]:
    try:
        return parse_fail_on(values)
    except ValueError as exc:
        _fail(str(exc), ExitCode.USAGE)


def _config(path: Path | None) -> Config:
    with _user_errors():
        return load_config(path)


@app.command()
def summary(
    results: Results,
    json_path: Annotated[
        Path | None, typer.Option("--json", help="Also write the normalized run as JSON here.")
    ] = None,
    fail_on: FailOnOption = [],  # noqa: B006 - typer reads the default
) -> None:
    """Print totals, pass rate, time, per-file lines and the first failures."""
    from reportgen.pipeline import read_run
    from reportgen.render.terminal import summarize

    gates = _fail_on(fail_on)
    with _user_errors():
        run = read_run(results, Config(), keep_passing=json_path is not None, progress=_progress())
    typer.echo(summarize(run))
    _report_problems(run)
    if json_path is not None:
        from reportgen.deliver.files import write_atomically

        write_atomically(json_path, run.dump_json(indent=1))
        typer.echo(f"wrote {json_path}")
    raise typer.Exit(int(_final_status(run, run_reasons(run, gates))))


@app.command()
def schema() -> None:
    """Print the JSON Schema of the normalized run (what --json writes)."""
    typer.echo(json.dumps(json_schema(), indent=2))


@app.command()
def render(
    results: Results,
    config: ConfigOption = None,
    timings: Annotated[
        list[Path], typer.Option("--timings", "-t", help="Timing data (JSON or CSV); repeatable.")
    ] = [],  # noqa: B006
    out: Annotated[Path, typer.Option("--out", "-o", help="Directory for the worklog.")] = Path(
        "worklogs"
    ),
    profile: Annotated[
        Profile, typer.Option(help="worklog (the full document) or pr (compact, for PR comments).")
    ] = Profile.WORKLOG,
    ascii_markers: Annotated[
        bool, typer.Option("--ascii", help="Plain-text status markers instead of emoji.")
    ] = False,
    html: Annotated[
        bool, typer.Option("--html", help="Also write a standalone HTML file.")
    ] = False,
    template_dir: Annotated[
        Path | None,
        typer.Option(help="Directory whose templates override the packaged ones, by file name."),
    ] = None,
    archive: Annotated[
        Path | None,
        typer.Option(help="Archive directory: DIR/YYYY/MM/<slug>-<date>-NN.md + sidecar + index."),
    ] = None,
    baseline: Annotated[
        str | None,
        typer.Option(help="'auto' (previous archived run) or a sidecar .json to diff against."),
    ] = None,
    json_path: Annotated[
        Path | None, typer.Option("--json", help="Also write the analyzed report as JSON here.")
    ] = None,
    pr_limit: Annotated[
        int,
        typer.Option(help="Size limit of the pr profile in UTF-8 bytes (GitHub: 65535).", min=2000),
    ] = 65_535,
    no_defang: Annotated[
        bool, typer.Option("--no-defang", help="Keep @mentions and #refs from test data live.")
    ] = False,
    no_step_summary: Annotated[
        bool,
        typer.Option("--no-step-summary", help="Do not append to $GITHUB_STEP_SUMMARY when set."),
    ] = False,
    fail_on: FailOnOption = [],  # noqa: B006
) -> None:
    """Write a dated worklog (or PR summary) from JUnit XML, timings and a config."""
    from reportgen import pipeline

    gates = _fail_on(fail_on)
    settings = _config(config)
    with _user_errors():
        run = pipeline.read_run(results, settings, [str(t) for t in timings], progress=_progress())
        report = pipeline.build_report(run, settings, baseline=baseline, archive=archive)
        options = pipeline.RenderOptions(
            ascii=ascii_markers,
            template_dir=template_dir,
            profile=profile.value,
            html=html,
            pr_limit=pr_limit,
            defang=not no_defang,
            step_summary=not no_step_summary,
        )
        delivered = pipeline.deliver(run, report, options, out_dir=out, archive=archive)
        if json_path is not None:
            from reportgen.deliver.files import write_atomically
            from reportgen.render import render_json

            dated = pipeline.with_sequence(report, delivered.sequence)
            delivered.extra.append(write_atomically(json_path, render_json(dated)))
    _report_problems(run)
    for warning in [*(w.message for w in report.match_warnings), *delivered.warnings]:
        typer.echo(f"warning: {warning}", err=True)
    typer.echo(str(delivered.worklog))
    for path in delivered.extra:
        typer.echo(str(path))
    if FailOn.NEW_FAILURES in gates and baseline == "auto" and report.diff is None:
        typer.echo("reportgen: no earlier run in the archive yet; nothing counts as new", err=True)
        gates.discard(FailOn.NEW_FAILURES)
    raise typer.Exit(int(_final_status(run, report_reasons(report, run, gates))))


@app.command()
def init(
    results: Results,
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Where to write the starter config.")
    ] = Path("worklog.toml"),
    force: Annotated[bool, typer.Option(help="Overwrite an existing file.")] = False,
) -> None:
    """Write a starter worklog.toml with categories guessed from the inputs."""
    from reportgen.deliver.files import write_atomically
    from reportgen.pipeline import read_run
    from reportgen.starter import starter_config

    if output.exists() and not force:
        _fail(f"{output} exists; pass --force to overwrite it", ExitCode.USAGE)
    with _user_errors():
        run = read_run(results, Config(), progress=_progress())
        write_atomically(output, starter_config(run))
    _report_problems(run)
    typer.echo(str(output))
    raise typer.Exit(int(_final_status(run, [])))


@app.command()
def index(
    archive: Annotated[Path, typer.Argument(help="The archive directory.")],
    html: Annotated[bool, typer.Option("--html", help="Also write INDEX.html.")] = False,
) -> None:
    """Rewrite the archive's INDEX.md (runs table and trend chart)."""
    from reportgen.deliver.index import write_index

    if not archive.is_dir():
        _fail(f"{archive}: no such archive directory", ExitCode.USAGE)
    with _user_errors():
        typer.echo(str(write_index(archive, html=html)))
        _archive_problems(archive)


@app.command()
def history(
    test: Annotated[str, typer.Argument(help="Test identity (classname::name) or a glob.")],
    archive: Annotated[Path, typer.Option(help="The archive directory.")] = Path("archive"),
    limit: Annotated[int, typer.Option(help="How many runs back.", min=1)] = 50,
) -> None:
    """Print one test's outcome timeline from the archive."""
    from reportgen.history.store import HistoryStore, format_timeline

    if not archive.is_dir():
        _fail(f"{archive}: no such archive directory", ExitCode.USAGE)
    with _user_errors(), HistoryStore.open(archive) as store:
        typer.echo(format_timeline(store, test, limit=limit).rstrip("\n"))
        for problem in store.problems:
            typer.echo(f"warning: left out of the history: {problem}", err=True)


@app.command()
def merge(
    summaries: Annotated[
        list[Path], typer.Argument(help="Per-shard JSON runs written by 'summary --json'.")
    ],
    json_path: Annotated[Path, typer.Option("--json", help="Where to write the merged run.")],
) -> None:
    """Combine per-shard runs into one, as if all the XML had been read at once."""
    from reportgen.deliver.files import write_atomically
    from reportgen.history.merge import merge_runs
    from reportgen.pipeline import load_run

    with _user_errors():
        merged = merge_runs([load_run(path) for path in summaries])
    write_atomically(json_path, merged.dump_json(indent=1))
    typer.echo(str(json_path))


def _version(value: bool) -> None:
    if value:
        typer.echo(f"reportgen {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
) -> None:
    """reportgen: JUnit XML and timing data in, dated Markdown worklogs out."""


def main() -> None:
    app()
