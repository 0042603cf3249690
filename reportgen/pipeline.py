"""The stages wired together: ingest -> analyze -> render -> deliver.

The CLI calls these; each function does one step and returns plain results, so that
other front ends (tests, CI scripts) can drive reportgen the same way.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from reportgen.analyze import analyze
from reportgen.config import Config
from reportgen.deliver.annotations import (
    Targets,
    github_commands,
    gitlab_report,
    locate,
    repository_root,
)
from reportgen.deliver.archive import archive_worklog, load_sidecar, previous_sidecar
from reportgen.deliver.ci import STEP_SUMMARY_LIMIT, append_step_summary
from reportgen.deliver.files import write_atomically
from reportgen.deliver.sidecar import parse_sidecar
from reportgen.deliver.worklog import write_numbered
from reportgen.errors import InputError, UsageError
from reportgen.history.diff import diff_runs
from reportgen.history.flaky import flaky_tests
from reportgen.history.merge import merge_runs
from reportgen.history.store import HistoryStore
from reportgen.ingest import read_reports
from reportgen.ingest.saved import check_saved_run, validation_problem
from reportgen.ingest.sources import is_saved_run
from reportgen.ingest.timings import read_timings
from reportgen.model import SCHEMA_VERSION, InputFile, InputProblem, InputStatus, Run
from reportgen.render import render_html, render_markdown, render_pr
from reportgen.report import Report

Progress = Callable[[int, int], None]


def read_run(
    sources: Sequence[str],
    config: Config,
    timings: Sequence[str] = (),
    *,
    keep_passing: bool = True,
    progress: Progress | None = None,
) -> Run:
    """Ingest the reports and timing files into one Run.

    Sources ending in `.json` are runs written earlier (`summary --json`, `merge`): they are
    merged in as they are, so shards can travel as small summaries. CTRF `.json` are reports.
    """
    zone = ZoneInfo(config.worklog.timezone)
    reports = [s for s in sources if not is_saved_run(s)]
    run = read_reports(reports, keep_passing=keep_passing, assume_tz=zone, progress=progress)
    saved, unreadable = [], []
    for source in (s for s in sources if is_saved_run(s)):
        try:
            saved.append(load_run(Path(source)))
        except InputError as error:  # rejected like a bad report; the others still count
            unreadable.append(_rejected(error))
    if saved:
        run = merge_runs([run, *saved] if reports else saved)
    run.inputs.extend(unreadable)
    for path in timings:
        run.timings.extend(read_timings(path))
    return run


def _rejected(error: InputError) -> InputFile:
    problem = InputProblem(message=error.message, line=error.line, hint=error.hint)
    return InputFile(path=error.file, status=InputStatus.REJECTED, problem=problem)


def load_run(path: Path) -> Run:
    """A run saved as JSON by `summary --json` or `merge`, or the run inside an archive sidecar."""
    hint = "give a file written by 'reportgen summary --json', 'reportgen merge' or an archive"
    try:
        raw = path.read_bytes()
        data = json.loads(raw)
    except OSError as exc:
        raise InputError(str(path), f"cannot read: {exc.strerror}", "check the path") from exc
    except ValueError as exc:
        raise InputError(str(path), f"not JSON: {exc}", hint, getattr(exc, "lineno", None)) from exc
    if isinstance(data, dict) and "run" in data and "report" in data:
        sidecar = parse_sidecar(raw, str(path))  # checks and upgrades its version
        return check_saved_run(sidecar.run, str(path))
    if not isinstance(data, dict) or not {"inputs", "counts"} <= data.keys():
        raise InputError(str(path), "not a reportgen run", hint)
    version = data.get("schema_version", SCHEMA_VERSION)
    if not isinstance(version, int) or version > SCHEMA_VERSION:
        raise InputError(
            str(path),
            f"run schema version {version!r} is newer than this reportgen reads "
            f"(up to {SCHEMA_VERSION})",
            "upgrade reportgen to read it",
        )
    try:
        run = Run.model_validate(data)
    except ValueError as exc:
        raise InputError(
            str(path), f"not a reportgen run: {validation_problem(exc)}", hint
        ) from exc
    return check_saved_run(run, str(path))


def resolve_baseline(
    baseline: str | None, archive: Path | None, slug: str, date: str
) -> Path | None:
    """`auto` is the latest archived run of this worklog on or before `date` (None if there is
    none yet); anything else is a sidecar path."""
    if baseline is None:
        return None
    if baseline == "auto":
        if archive is None:
            raise UsageError("--baseline auto needs --archive DIR to find the previous run")
        return previous_sidecar(archive, slug, before=date) if archive.is_dir() else None
    path = Path(baseline)
    if not path.is_file():
        raise UsageError(f"--baseline: no such file {baseline!r}; give a sidecar .json or 'auto'")
    return path


def build_report(
    run: Run,
    config: Config,
    *,
    baseline: str | None = None,
    archive: Path | None = None,
    now: datetime | None = None,
) -> Report:
    """Analyze the run, then add what history knows (diff against a baseline, flaky tests)."""
    report = analyze(run, config, now=now)
    updates: dict[str, object] = {}
    found = resolve_baseline(baseline, archive, report.meta.slug, report.meta.date)
    if found is not None:
        updates["diff"] = diff_runs(run, report, load_sidecar(found), str(found))
    if archive is not None and archive.is_dir():
        with HistoryStore.open(archive) as store:
            updates["flaky"] = flaky_tests(
                run, store, slug=report.meta.slug, current_date=report.meta.date
            )
    else:
        updates["flaky"] = flaky_tests(run, None)
    return report.model_copy(update=updates)


def with_sequence(report: Report, sequence: int) -> Report:
    return report.model_copy(update={"meta": report.meta.model_copy(update={"sequence": sequence})})


@dataclass
class RenderOptions:
    ascii: bool = False
    template_dir: Path | None = None
    profile: str = "worklog"  # worklog | pr
    html: bool = False
    pr_limit: int = 65_535
    defang: bool = True
    step_summary: bool = True


@dataclass
class Delivered:
    worklog: Path  # the main file: the worklog, or the PR summary with --profile pr
    sequence: int  # its NN
    extra: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _html(report: Report, markdown: str, options: RenderOptions) -> str:
    meta = report.meta
    title = f"{meta.title} {meta.date}-{meta.sequence:02d}"
    return render_html(markdown, title=title, template_dir=options.template_dir)


def _pr(report: Report, options: RenderOptions, limit: int, full: Path | None) -> str:
    return render_pr(
        report,
        limit=limit,
        ascii=options.ascii,
        full_worklog=str(full) if full is not None else None,
        defang=options.defang,
        template_dir=options.template_dir,
    )


def deliver(
    run: Run,
    report: Report,
    options: RenderOptions,
    *,
    out_dir: Path,
    archive: Path | None = None,
) -> Delivered:
    """Write the dated worklog (into the archive when given); returns every path written.

    The archive holds full worklogs only: with `--profile pr` the run is archived as a
    worklog and the PR summary, a view of it, is written to `out_dir`.
    """
    slug, date = report.meta.slug, report.meta.date

    last: dict[int, str] = {}  # the worklog of the latest number, which the HTML converts

    def worklog_for(sequence: int) -> str:
        if sequence not in last:
            dated = with_sequence(report, sequence)
            text = render_markdown(dated, ascii=options.ascii, template_dir=options.template_dir)
            last.clear()
            last[sequence] = text
        return last[sequence]

    def html_for(sequence: int) -> str:
        return _html(with_sequence(report, sequence), worklog_for(sequence), options)

    paths: list[Path] = []
    full: Path | None = None
    if archive is not None:
        archived = archive_worklog(
            archive,
            slug,
            date,
            worklog_for,
            run,
            lambda sequence: with_sequence(report, sequence),
            html=html_for if options.html else None,
        )
        sequence, full = archived.sequence, archived.worklog
        paths = [archived.worklog, archived.sidecar, archived.index]
        paths += [archived.html] if archived.html is not None else []
    if options.profile == "pr":

        def pr_for(number: int) -> str:
            return _pr(with_sequence(report, number), options, options.pr_limit, full)

        renders: dict[str, Callable[[int], str]] = {".md": pr_for}
        if archive is None and options.html:
            renders[".html"] = html_for
        number, written = write_numbered(out_dir, f"{slug}-pr", date, renders)
        if archive is None:
            sequence = number
        paths = written + paths
    elif archive is None:
        renders = {".md": worklog_for}
        if options.html:
            renders[".html"] = html_for
        sequence, paths = write_numbered(out_dir, slug, date, renders)
    delivered = Delivered(worklog=paths[0], sequence=sequence, extra=paths[1:])
    if options.step_summary:
        dated = with_sequence(report, sequence)
        # the summary points at the full worklog (not at a PR summary, itself a cut copy)
        full_worklog = full if full is not None or options.profile == "pr" else paths[0]
        try:
            written_to = append_step_summary(
                lambda room: _pr(dated, options, min(room, STEP_SUMMARY_LIMIT), full_worklog)
            )
        except OSError as error:
            delivered.warnings.append(f"could not append the job summary: {error}")
        else:
            if written_to is not None:
                delivered.extra.append(written_to)
    return delivered


def ctrf_environment(report: Report) -> dict[str, str]:
    """What the config says about the run, in CTRF's `environment` terms."""
    meta = report.meta
    found = {"reportName": meta.title, "testEnvironment": meta.environment}
    return {key: value for key, value in found.items() if value}


@dataclass
class AnnotationOutput:
    """What `--annotations` produced: workflow commands to print, files written."""

    commands: list[str] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)


def annotate(run: Run, targets: Targets, repo_root: Path | None = None) -> AnnotationOutput:
    """Failures and errors at their file and line, for GitHub (commands) and GitLab (a file)."""
    done = AnnotationOutput()
    if not targets.github and targets.gitlab is None:
        return done
    findings, unplaced = locate(run, repo_root or repository_root())
    if targets.github:
        done.commands = github_commands(findings, unplaced)
    if targets.gitlab is not None:
        done.written.append(write_atomically(targets.gitlab, gitlab_report(findings)))
    return done
