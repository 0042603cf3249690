"""The `reportgen` command: options in, one pipeline function per command, its results out.

stdout carries results (a summary, written paths, JSON); stderr carries diagnostics.
Exit statuses are `reportgen.exitcodes.ExitCode`.
"""

from __future__ import annotations

import gc
import os
import sys
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from reportgen import __version__
from reportgen.errors import ReportgenError
from reportgen.exitcodes import ExitCode

# Each command imports the stages it uses, so `--version` and `--help` load none of them.
if TYPE_CHECKING:
    from reportgen.deliver.annotations import Targets
    from reportgen.gate import FailOn
    from reportgen.pipeline import Done

app = typer.Typer(
    name="reportgen",
    help="Turn JUnit XML and timing data into dated Markdown worklogs.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain help: formatting it with rich costs more than the command
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
CtrfOption = Annotated[
    Path | None,
    typer.Option("--ctrf", help="Also write the run as a CTRF JSON report (ctrf.io) here."),
]
AnnotationsOption = Annotated[
    list[str],
    typer.Option(
        "--annotations",
        help="Failures at their file and line: 'github' (workflow commands on stderr) or "
        "'gitlab=PATH' (a Code Quality report); repeat for both.",
    ),
]
RepoRootOption = Annotated[
    Path | None,
    typer.Option(
        "--repo-root",
        help="Root that annotation paths are relative to (default: git top-level, else cwd).",
    ),
]
# Written out so that --help imports no stage; tests/cli/test_unmatched.py checks it lists FailOn.
_FAIL_ON_VALUES = "missed, near, blocked, failures, new-failures, no-tests, unmatched, never"
FailOnOption = Annotated[
    list[str],
    typer.Option("--fail-on", help=f"Exit 1 when: {_FAIL_ON_VALUES} (repeat or comma-separate)."),
]


def _echo(text: str, *, err: bool = False) -> None:
    # Everything printed may quote test data: names, messages, paths (see `printable`).
    from reportgen.text import printable

    typer.echo(printable(text), err=err)


def _fail(message: str, code: ExitCode) -> NoReturn:
    _echo(f"reportgen: {message}", err=True)
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


def _fail_on(values: list[str]) -> set[FailOn]:
    from reportgen.gate import parse_fail_on

    try:
        return parse_fail_on(values)
    except ValueError as exc:
        _fail(str(exc), ExitCode.USAGE)


def _annotation_targets(values: list[str]) -> Targets:
    from reportgen.deliver.annotations import parse_targets

    with _user_errors():
        return parse_targets(values)


def _finish(done: Done, wrote: str = "") -> NoReturn:
    """Print what the command did (results on stdout, diagnostics on stderr) and exit."""
    if done.text is not None:
        _echo(done.text)
    for line in done.problems:
        _echo(line, err=True)
    for warning in done.warnings:
        _echo(f"warning: {warning}", err=True)
    for path in done.written:
        _echo(f"{wrote}{path}")
    for command in done.commands:
        _echo(command, err=True)
    for note in done.verdict.notes:
        _echo(f"reportgen: {note}", err=True)
    for reason in done.verdict.reasons:
        _echo(f"reportgen: failing: {reason}", err=True)
    raise typer.Exit(int(done.verdict.status))


@app.command()
def summary(
    results: Results,
    json_path: Annotated[
        Path | None, typer.Option("--json", help="Also write the normalized run as JSON here.")
    ] = None,
    ctrf_path: CtrfOption = None,
    annotations: AnnotationsOption = [],  # noqa: B006
    repo_root: RepoRootOption = None,
    fail_on: FailOnOption = [],  # noqa: B006 - typer reads the default
) -> None:
    """Print totals, pass rate, time, per-file lines and the first failures."""
    from reportgen.pipeline import summarize

    gates, targets = _fail_on(fail_on), _annotation_targets(annotations)
    with _user_errors():
        done = summarize(
            results,
            json_path=json_path,
            ctrf_path=ctrf_path,
            annotations=targets,
            repo_root=repo_root,
            fail_on=gates,
            progress=_progress(),
        )
    _finish(done, wrote="wrote ")


@app.command()
def schema() -> None:
    """Print the JSON Schema of the normalized run (what --json writes)."""
    import json

    from reportgen.model import json_schema

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
    ctrf_path: CtrfOption = None,
    annotations: AnnotationsOption = [],  # noqa: B006
    repo_root: RepoRootOption = None,
    fail_on: FailOnOption = [],  # noqa: B006
) -> None:
    """Write a dated worklog (or PR summary) from JUnit XML, timings and a config."""
    from reportgen.pipeline import RenderOptions, RenderRequest, render_worklog

    request = RenderRequest(
        sources=results,
        config=config,
        timings=[str(t) for t in timings],
        out=out,
        options=RenderOptions(
            ascii=ascii_markers,
            template_dir=template_dir,
            profile=profile.value,
            html=html,
            pr_limit=pr_limit,
            defang=not no_defang,
            step_summary=not no_step_summary,
        ),
        archive=archive,
        baseline=baseline,
        json_path=json_path,
        ctrf_path=ctrf_path,
        annotations=_annotation_targets(annotations),
        repo_root=repo_root,
        fail_on=_fail_on(fail_on),
        progress=_progress(),
    )
    with _user_errors():
        done = render_worklog(request)
    _finish(done)


@app.command()
def init(
    results: Results,
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Where to write the starter config.")
    ] = Path("worklog.toml"),
    force: Annotated[bool, typer.Option(help="Overwrite an existing file.")] = False,
) -> None:
    """Write a starter worklog.toml with categories guessed from the inputs."""
    from reportgen.pipeline import write_starter

    with _user_errors():
        done = write_starter(results, output, force=force, progress=_progress())
    _finish(done)


@app.command()
def index(
    archive: Annotated[Path, typer.Argument(help="The archive directory.")],
    html: Annotated[bool, typer.Option("--html", help="Also write INDEX.html.")] = False,
) -> None:
    """Rewrite the archive's INDEX.md (runs table and trend chart)."""
    from reportgen.pipeline import rebuild_index

    with _user_errors():
        done = rebuild_index(archive, html=html)
    _finish(done)


@app.command()
def history(
    test: Annotated[str, typer.Argument(help="Test identity (classname::name) or a glob.")],
    archive: Annotated[Path, typer.Option(help="The archive directory.")] = Path("archive"),
    limit: Annotated[int, typer.Option(help="How many runs back.", min=1)] = 50,
) -> None:
    """Print one test's outcome timeline from the archive."""
    from reportgen.pipeline import show_history

    with _user_errors():
        done = show_history(test, archive, limit)
    _finish(done)


@app.command()
def merge(
    summaries: Annotated[
        list[Path], typer.Argument(help="Per-shard JSON runs written by 'summary --json'.")
    ],
    json_path: Annotated[
        Path | None, typer.Option("--json", help="Where to write the merged run.")
    ] = None,
    junit_path: Annotated[
        Path | None,
        typer.Option("--junit", help="Where to write the merged run as one JUnit XML file."),
    ] = None,
) -> None:
    """Combine per-shard runs into one, as if all the XML had been read at once."""
    from reportgen.pipeline import merge_shards

    with _user_errors():
        done = merge_shards(summaries, json_path=json_path, junit_path=junit_path)
    _finish(done)


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


DEBUG_VARIABLE = "REPORTGEN_DEBUG"


def _debugging() -> bool:
    return os.environ.get(DEBUG_VARIABLE, "") not in ("", "0")


def _internal_error(exc: Exception) -> str:
    """One line naming the error, never a traceback: the user needs what and what next."""
    detail = " ".join(str(exc).split())
    what = f"{type(exc).__name__}: {detail}" if detail else type(exc).__name__
    hint = (
        "please report it with the traceback above"
        if _debugging()
        else f"please report it; {DEBUG_VARIABLE}=1 shows the traceback"
    )
    return f"reportgen: internal error: {what} ({hint})"


# A big run keeps a million test cases alive until it is rendered; at Python's default
# thresholds the collector walks them over and over (a quarter of a 1M-case render's time).
# Young cycles are still collected, every 100,000 allocations instead of every 700.
COLLECTOR_THRESHOLDS = (100_000, 50, 1_000)


def collect_less() -> None:
    """Set the process's garbage collector for long-lived data (the console script does)."""
    gc.set_threshold(*COLLECTOR_THRESHOLDS)


def main() -> None:
    """The console script. Errors reportgen expects are mapped by each command; anything
    else is a bug, reported here once for every command."""
    collect_less()
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(int(ExitCode.INTERRUPTED))
    except Exception as exc:
        if _debugging():
            traceback.print_exception(exc, file=sys.stderr)
        print(_internal_error(exc), file=sys.stderr)
        sys.exit(int(ExitCode.INTERNAL_ERROR))
