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
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from reportgen import __version__
from reportgen.errors import ReportgenError
from reportgen.exitcodes import ExitCode

# Each command imports the stages it uses, so `--version` and `--help` load none of them.
if TYPE_CHECKING:
    from datetime import date

    from reportgen.deliver.annotations import Targets
    from reportgen.gate import FailOn
    from reportgen.pipeline import Done

app = typer.Typer(
    name="reportgen",
    help="Turn test reports and timing data into dated Markdown worklogs.",
    epilog=(
        "Reads JUnit XML (any dialect), TRX, NUnit 2 and 3, xUnit.net v2, CTRF JSON, "
        "go test -json, mocha/RSpec/Cucumber JSON and TAP. "
        "Run 'reportgen COMMAND --help' for a command's options and examples."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain help: formatting it with rich costs more than the command
    context_settings={"max_content_width": 100},
)
# typer before 0.17 escapes `[default: ...]` for rich even in plain help, printing `\[`.
if getattr(typer.core, "rich", None) is not None:
    typer.core.rich = None  # type: ignore[attr-defined,assignment,unused-ignore]


def _usage_name(argument: Any) -> str:
    name = str(argument.metavar or argument.name.upper())
    name += "..." if argument.nargs != 1 else ""
    return name if argument.required else f"[{name}]"


class _ManualCommand(typer.core.TyperCommand):
    """Help laid out the same on every supported typer: arguments named in words and
    described (typer's plain help leaves their text out, or adds Python types), options,
    then the examples."""

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        arguments = [p for p in self.get_params(ctx) if p.param_type_name == "argument"]
        return [self.options_metavar or "", *map(_usage_name, arguments)]

    def get_short_help_str(self, limit: int = 45) -> str:
        # the whole first line of the docstring, never cut to `...`
        return (self.short_help or self.help or "").strip().split("\n\n")[0].replace("\n", " ")

    def format_help(self, ctx: Any, formatter: Any) -> None:
        self.format_usage(ctx, formatter)
        self.format_help_text(ctx, formatter)
        params: list[Any] = self.get_params(ctx)
        arguments = [
            (_usage_name(p).strip("[]"), getattr(p, "help", None) or ARGUMENT_HELP.get(p.name, ""))
            for p in params
            if p.param_type_name == "argument"
        ]
        if arguments:
            with formatter.section("Arguments"):
                formatter.write_dl(arguments)
        options = [p.get_help_record(ctx) for p in params if p.param_type_name == "option"]
        with formatter.section("Options"):
            formatter.write_dl([record for record in options if record is not None])
        self.format_epilog(ctx, formatter)


class Profile(StrEnum):
    WORKLOG = "worklog"
    PR = "pr"


def _examples(*lines: str) -> str:
    """An `Examples:` epilog that click prints as written (`\\b` keeps it from rewrapping)."""
    return "\b\nExamples:\n" + "\n".join(f"  {line}" for line in lines)


def _at_least(low: int) -> Callable[[int], int]:
    """A bound checked by reportgen, so that help shows no `x>=N` range notation."""

    def check(value: int) -> int:
        if value < low:
            raise typer.BadParameter(f"must be at least {low}, got {value}")
        return value

    return check


# Each argument's help by parameter name, also for typer releases that drop it on newer click.
ARGUMENT_HELP: dict[str, str] = {}


def _argument(name: str, metavar: str, text: str) -> Any:
    ARGUMENT_HELP[name] = text
    return typer.Argument(metavar=metavar, help=text, show_default=False)


REPORTS_HELP = (
    "Test reports (JUnit XML, TRX, NUnit, xUnit.net, CTRF, go test -json, mocha, RSpec or "
    "Cucumber JSON, TAP); directories (searched "
    "recursively); quoted globs; - for standard input; or runs saved by 'summary --json'."
)
Results = Annotated[list[str], _argument("results", "REPORT", REPORTS_HELP)]
ConfigOption = Annotated[
    Path | None,
    typer.Option(
        "--config",
        "-c",
        metavar="FILE",
        help="Optional worklog.toml: title, categories, criteria, targets, known issues, notes. "
        "Without one, every test is in one category judged by its pass rate.",
    ),
]
CtrfOption = Annotated[
    Path | None,
    typer.Option(
        "--ctrf", metavar="FILE", help="Also write the run as a CTRF JSON report (ctrf.io)."
    ),
]
AnnotationsOption = Annotated[
    list[str],
    typer.Option(
        "--annotations",
        metavar="TARGET",
        help="Failures at their file and line: 'github' (workflow commands on stderr) or "
        "'gitlab=FILE' (a Code Quality report); repeat for both.",
        show_default=False,
    ),
]
RepoRootOption = Annotated[
    Path | None,
    typer.Option(
        "--repo-root",
        metavar="DIR",
        help="Root that annotation paths are relative to and CODEOWNERS is read from "
        "(default: git top-level, else cwd).",
    ),
]
PrefixStripOption = Annotated[
    list[str],
    typer.Option(
        "--path-prefix-strip",
        metavar="PREFIX",
        help="Remove PREFIX from the paths reports name (written in another checkout, e.g. "
        "/app); repeatable, the first that matches is removed.",
        show_default=False,
    ),
]
PrefixAddOption = Annotated[
    str | None,
    typer.Option(
        "--path-prefix-add",
        metavar="PREFIX",
        help="Put PREFIX before relative report paths (after stripping), e.g. services/api.",
    ),
]
# Written out so that --help imports no stage; tests/cli/test_unmatched.py checks it lists FailOn.
_FAIL_ON_VALUES = (
    "missed, near, blocked, failures, declared-failures, new-failures, no-tests, unmatched, "
    "no-passed, parse-errors, expired-quarantine, never"
)
FailOnOption = Annotated[
    list[str],
    typer.Option(
        "--fail-on",
        metavar="WHEN",
        help=f"Exit 1 when a condition holds; WHEN is one of: {_FAIL_ON_VALUES}. "
        "Repeat or comma-separate; README 'Exit status' says what each means.",
        show_default=False,
    ),
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


def _annotation_targets(
    values: list[str], strip: list[str] | None = None, add: str | None = None
) -> Targets:
    from dataclasses import replace

    from reportgen.deliver.annotations import parse_targets, path_rewrite

    with _user_errors():
        return replace(parse_targets(values), paths=path_rewrite(strip or [], add))


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


@app.command(
    cls=_ManualCommand,
    epilog=_examples(
        "reportgen summary build/test-results",
        "reportgen summary 'reports/**/*.xml' --fail-on failures,no-tests",
        "reportgen summary shard1/junit.xml --json shard1.json",
    ),
    no_args_is_help=True,
)
def summary(
    results: Results,
    json_path: Annotated[
        Path | None,
        typer.Option(
            "--json",
            metavar="FILE",
            help="Also write the normalized run as JSON (input to 'merge' and 'render').",
        ),
    ] = None,
    ctrf_path: CtrfOption = None,
    annotations: AnnotationsOption = [],  # noqa: B006
    repo_root: RepoRootOption = None,
    path_prefix_strip: PrefixStripOption = [],  # noqa: B006
    path_prefix_add: PrefixAddOption = None,
    fail_on: FailOnOption = [],  # noqa: B006 - typer reads the default
) -> None:
    """Print totals, pass rate, time, one line per file and the first failures.

    Needs no configuration: use it to check what a report holds before writing a config.
    """
    from reportgen.pipeline import summarize

    gates = _fail_on(fail_on)
    targets = _annotation_targets(annotations, path_prefix_strip, path_prefix_add)
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


@app.command(cls=_ManualCommand)
def schema() -> None:
    """Print the JSON Schema of the normalized run (what 'summary --json' writes)."""
    import json

    from reportgen.model import json_schema

    typer.echo(json.dumps(json_schema(), indent=2))


@app.command(
    cls=_ManualCommand,
    epilog=_examples(
        "reportgen render build/test-results --config worklog.toml",
        "reportgen render junit.xml -c worklog.toml -t timings.json --out worklogs --html",
        "reportgen render results/ -c worklog.toml --archive archive --baseline auto "
        "--fail-on new-failures",
        "reportgen render results/ -c worklog.toml --profile pr --out pr-comment",
        "reportgen render results/ -c worklog.toml --badge badge.svg --badge badge.json",
    ),
    no_args_is_help=True,
)
def render(
    results: Results,
    config: ConfigOption = None,
    timings: Annotated[
        list[Path],
        typer.Option(
            "--timings",
            "-t",
            metavar="FILE",
            help="Timing data (JSON or CSV) checked against the config's targets; repeatable.",
            show_default=False,
        ),
    ] = [],  # noqa: B006
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            metavar="DIR",
            help="Directory for the worklog, or for the PR summary with --profile pr "
            "[default: worklogs]. With --archive the worklog goes into the archive instead.",
            show_default=False,
        ),
    ] = None,
    profile: Annotated[
        Profile,
        typer.Option(
            metavar="worklog|pr",
            help="worklog (the full document) or pr (compact, for PR comments and CI summaries).",
        ),
    ] = Profile.WORKLOG,
    ascii_markers: Annotated[
        bool, typer.Option("--ascii", help="Plain-text status markers instead of emoji.")
    ] = False,
    html: Annotated[
        bool, typer.Option("--html", help="Also write a standalone HTML file.")
    ] = False,
    template_dir: Annotated[
        Path | None,
        typer.Option(
            metavar="DIR",
            help="Directory whose templates override the packaged ones, by file name.",
        ),
    ] = None,
    archive: Annotated[
        Path | None,
        typer.Option(
            metavar="DIR",
            help="Keep the worklog in an archive: DIR/YYYY/MM/SLUG-DATE-NN.md, a JSON sidecar "
            "and DIR/INDEX.md.",
        ),
    ] = None,
    baseline: Annotated[
        str | None,
        typer.Option(
            metavar="auto|FILE",
            help="Run to compare with: 'auto' (the archive's previous run) or a sidecar .json.",
        ),
    ] = None,
    allow_empty: Annotated[
        bool,
        typer.Option(
            "--allow-empty",
            help="Write (and archive) a worklog even when no test result was read.",
        ),
    ] = False,
    json_path: Annotated[
        Path | None,
        typer.Option("--json", metavar="FILE", help="Also write the analyzed report as JSON."),
    ] = None,
    pr_limit: Annotated[
        int,
        typer.Option(
            metavar="BYTES",
            help="Size limit of the pr profile in UTF-8 bytes, at least 2000 (GitHub: 65535).",
            callback=_at_least(2000),
        ),
    ] = 65_535,
    no_defang: Annotated[
        bool, typer.Option("--no-defang", help="Keep @mentions and #refs from test data live.")
    ] = False,
    no_step_summary: Annotated[
        bool,
        typer.Option("--no-step-summary", help="Do not append to $GITHUB_STEP_SUMMARY when set."),
    ] = False,
    ctrf_path: CtrfOption = None,
    badge: Annotated[
        list[Path],
        typer.Option(
            "--badge",
            metavar="FILE",
            help="Also write a status badge: SVG, or shields.io endpoint JSON for a .json "
            "FILE; repeatable.",
            show_default=False,
        ),
    ] = [],  # noqa: B006
    annotations: AnnotationsOption = [],  # noqa: B006
    repo_root: RepoRootOption = None,
    path_prefix_strip: PrefixStripOption = [],  # noqa: B006
    path_prefix_add: PrefixAddOption = None,
    by_owner: Annotated[
        bool,
        typer.Option(
            "--by-owner",
            help="Group the failure list and the PR profile by owner, from CODEOWNERS.",
        ),
    ] = False,
    fail_on: FailOnOption = [],  # noqa: B006
) -> None:
    """Write a dated worklog (or a PR summary) from test reports, timings and a config.

    The worklog is DIR/SLUG-YYYY-MM-DD-NN.md, numbered after the day's earlier ones. A run that
    read no test result writes nothing and exits 3, unless --allow-empty.
    """
    from reportgen.pipeline import RenderOptions, RenderRequest, render_worklog

    if out is not None and archive is not None and profile is Profile.WORKLOG:
        _fail(
            "--out and --archive both say where the worklog goes: with --archive it is kept in "
            "the archive; drop --out, or add --profile pr to write the PR summary there",
            ExitCode.USAGE,
        )
    request = RenderRequest(
        sources=results,
        config=config,
        timings=[str(t) for t in timings],
        out=out or Path("worklogs"),
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
        allow_empty=allow_empty,
        json_path=json_path,
        ctrf_path=ctrf_path,
        annotations=_annotation_targets(annotations, path_prefix_strip, path_prefix_add),
        repo_root=repo_root,
        fail_on=_fail_on(fail_on),
        progress=_progress(),
        badges=badge,
        by_owner=by_owner,
    )
    with _user_errors():
        done = render_worklog(request)
    _finish(done)


@app.command(
    cls=_ManualCommand,
    epilog=_examples(
        "reportgen init build/test-results",
        "reportgen init junit.xml --output ci/worklog.toml --force",
    ),
    no_args_is_help=True,
)
def init(
    results: Results,
    output: Annotated[
        Path,
        typer.Option("--output", "-o", metavar="FILE", help="Where to write the starter config."),
    ] = Path("worklog.toml"),
    force: Annotated[bool, typer.Option(help="Overwrite an existing file.")] = False,
) -> None:
    """Write a starter worklog.toml with categories proposed from the inputs.

    Categories follow the test tree (tests/unit, tests/integration, ...) where the reports
    show one, else one per report file. 'render' accepts the file unchanged; edit it to add
    criteria, targets and known issues.
    """
    from reportgen.pipeline import write_starter

    with _user_errors():
        done = write_starter(results, output, force=force, progress=_progress())
    _finish(done)


@app.command(
    cls=_ManualCommand,
    epilog=_examples("reportgen index archive", "reportgen index archive --html"),
)
def index(
    archive: Annotated[Path, _argument("archive", "DIR", "The archive directory.")],
    html: Annotated[bool, typer.Option("--html", help="Also write INDEX.html.")] = False,
) -> None:
    """Rewrite the archive's INDEX.md: the runs table and the trend chart."""
    from reportgen.pipeline import rebuild_index

    with _user_errors():
        done = rebuild_index(archive, html=html)
    _finish(done)


@app.command(
    cls=_ManualCommand,
    epilog=_examples(
        "reportgen history 'tests.test_db::test_connect' --archive archive",
        "reportgen history '*test_connect*' --archive archive --limit 10",
    ),
)
def history(
    test: Annotated[
        str, _argument("test", "TEST", "A test's identity (classname::name), or a quoted glob.")
    ],
    archive: Annotated[Path, typer.Option(metavar="DIR", help="The archive directory.")] = Path(
        "archive"
    ),
    limit: Annotated[
        int, typer.Option(metavar="N", help="How many runs back.", callback=_at_least(1))
    ] = 50,
) -> None:
    """Print one test's outcome timeline from the archive (exit 1 if no test matches)."""
    from reportgen.pipeline import show_history

    with _user_errors():
        done = show_history(test, archive, limit)
    _finish(done)


@app.command(
    cls=_ManualCommand,
    epilog=_examples(
        "reportgen merge shard-*.json --json merged.json",
        "reportgen merge shard1.json shard2.json --junit merged.xml",
    ),
    no_args_is_help=True,
)
def merge(
    summaries: Annotated[
        list[Path],
        _argument("summaries", "SHARD.json", "Per-shard runs written by 'summary --json'."),
    ],
    json_path: Annotated[
        Path | None,
        typer.Option("--json", metavar="FILE", help="Where to write the merged run."),
    ] = None,
    junit_path: Annotated[
        Path | None,
        typer.Option(
            "--junit", metavar="FILE", help="Where to write the merged run as one JUnit XML file."
        ),
    ] = None,
) -> None:
    """Combine per-shard runs into one, as if all the reports had been read at once."""
    from reportgen.pipeline import merge_shards

    with _user_errors():
        done = merge_shards(summaries, json_path=json_path, junit_path=junit_path)
    _finish(done)


def _command_group(name: str, summary: str) -> typer.Typer:
    """The commands under `reportgen NAME`, their help plain and as wide as the top level's."""
    group = typer.Typer(
        name=name,
        help=summary,
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
        rich_markup_mode=None,
        context_settings={"max_content_width": 100},
    )
    app.add_typer(group)
    return group


archive_app = _command_group("archive", "Look after an archive written by 'render --archive'.")
quarantine_app = _command_group(
    "quarantine", "Edit the quarantine file: tests whose failures fail no gate until their expiry."
)
QuarantineFileOption = Annotated[
    Path,
    typer.Option(
        "--quarantine",
        "-q",
        metavar="FILE",
        help='The quarantine file (worklog.toml names it with quarantine = "FILE").',
    ),
]
OnDateOption = Annotated[
    str | None,
    typer.Option(
        "--date",
        metavar="YYYY-MM-DD",
        help="Judge expiry on this date [default: today].",
        show_default=False,
    ),
]


def _on_date(value: str | None) -> date:
    import datetime

    if value is None:
        return datetime.date.today()
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        _fail(f"--date: {value!r} is not a date; write it like 2026-03-31", ExitCode.USAGE)


@quarantine_app.command(
    "add",
    cls=_ManualCommand,
    epilog=_examples(
        "reportgen quarantine add 'tests.test_api::test_upload*' --ticket '#812' "
        "--expires 2027-01-31",
        "reportgen quarantine add --file 'tests/e2e/*' --ticket JIRA-12 --expires 2027-03-01 "
        "--reason 'staging down'",
    ),
    no_args_is_help=True,
)
def quarantine_add(
    test: Annotated[
        str | None,
        _argument("test", "TEST", "Glob on classname::name, or on the name alone."),
    ] = None,
    file: Annotated[
        str | None,
        typer.Option("--file", metavar="GLOB", help="Glob on the test's file."),
    ] = None,
    ticket: Annotated[
        str, typer.Option(metavar="TICKET", help="The ticket tracking the fix (required).")
    ] = "",
    expires: Annotated[
        str,
        typer.Option(metavar="YYYY-MM-DD", help="Last day the entry protects (required)."),
    ] = "",
    reason: Annotated[
        str | None, typer.Option(metavar="TEXT", help="Why the tests are quarantined.")
    ] = None,
    quarantine: QuarantineFileOption = Path("quarantine.toml"),
) -> None:
    """Add an entry to the quarantine file (created if missing), keeping its comments."""
    from reportgen.pipeline import quarantine_add as add

    with _user_errors():
        done = add(quarantine, test=test, file=file, ticket=ticket, expires=expires, reason=reason)
    _finish(done)


@quarantine_app.command(
    "list",
    cls=_ManualCommand,
    epilog=_examples(
        "reportgen quarantine list", "reportgen quarantine list -q ci/quarantine.toml"
    ),
)
def quarantine_list(
    quarantine: QuarantineFileOption = Path("quarantine.toml"), on: OnDateOption = None
) -> None:
    """List the entries with their line, globs, ticket, expiry and whether they still protect."""
    from reportgen.pipeline import quarantine_list as listing

    with _user_errors():
        done = listing(quarantine, _on_date(on))
    _finish(done)


@quarantine_app.command(
    "prune",
    cls=_ManualCommand,
    epilog=_examples(
        "reportgen quarantine prune --dry-run",
        "reportgen quarantine prune --archive archive -c worklog.toml",
    ),
)
def quarantine_prune(
    quarantine: QuarantineFileOption = Path("quarantine.toml"),
    on: OnDateOption = None,
    archive: Annotated[
        Path | None,
        typer.Option(
            metavar="DIR",
            help="Also remove stale entries: those that matched no failure in the archive's "
            "newest runs (stale_after, default 10).",
        ),
    ] = None,
    config: ConfigOption = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Say what would be removed; change nothing.")
    ] = False,
) -> None:
    """Remove expired entries (and, with --archive, stale ones), keeping the comments."""
    from reportgen.pipeline import quarantine_prune as prune

    with _user_errors():
        done = prune(quarantine, _on_date(on), archive=archive, config=config, dry_run=dry_run)
    _finish(done)


@archive_app.command(
    "check",
    cls=_ManualCommand,
    epilog=_examples("reportgen archive check archive", "reportgen archive check archive --repair"),
    no_args_is_help=True,
)
def archive_check(
    archive: Annotated[Path, _argument("archive", "DIR", "The archive directory.")],
    repair: Annotated[
        bool,
        typer.Option(
            "--repair",
            help="Remove the orphan claims, rebuild history.sqlite and rewrite the index.",
        ),
    ] = False,
) -> None:
    """List what in an archive is damaged or left over, and repair what is safe to.

    Lists orphan claims (empty files left by a reportgen killed between numbering a run and
    writing it), sidecars that cannot be read, temporary files of interrupted writes, and a
    history database or INDEX.md behind the sidecars. --repair removes orphan claims only
    (empty files no running reportgen holds; never a file with content) and rebuilds the
    database and the index from the sidecars. Exit 0 when nothing is left to repair, 1 when
    something is (a damaged sidecar is for a person to fix or remove), 2 when DIR cannot be
    read or holds a history.sqlite that is a link or another program's database.
    """
    from reportgen.pipeline import check_archive

    with _user_errors():
        done = check_archive(archive, repair=repair)
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
