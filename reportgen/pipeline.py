"""The stages wired together: ingest -> analyze -> render -> deliver, one function per command.

Each command of the CLI parses its options and calls one function here (`summarize`,
`render_worklog`, `write_starter`, `rebuild_index`, `show_history`, `merge_shards`); it gets
back a `Done` to print and an exit status. The steps below them (`read_run`, `build_report`,
`deliver`, `annotate`) are public too, so that tests, benchmarks and CI scripts can drive
reportgen the same way. Delivery has two phases: reserve the run's number, render with it,
commit the files; nothing calls back into rendering.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from reportgen import __version__
from reportgen.analyze import analyze, needs_single_passes
from reportgen.analyze.diff import diff_runs
from reportgen.analyze.flaky import flaky_tests
from reportgen.analyze.timeline import find_timelines
from reportgen.analyze.triage import notices as triage_notices
from reportgen.analyze.triage import recent_history, triage_run
from reportgen.analyze.unmatched import MAX_EXAMPLES, Claims
from reportgen.archive.layout import previous_sidecar, sidecar_files
from reportgen.archive.sidecar import Sidecar, load_sidecar
from reportgen.archive.store import HistoryStore
from reportgen.config import Config, load_config
from reportgen.deliver.annotations import (
    Targets,
    github_commands,
    gitlab_report,
    locate,
    repository_root,
)
from reportgen.deliver.archive import WORKLOG, commit_run, reserve_run
from reportgen.deliver.ci import (
    STEP_SUMMARY_LIMIT,
    append_step_summary,
    report_json,
    set_outputs,
    step_outputs,
    step_summary_slot,
)
from reportgen.deliver.index import write_index
from reportgen.deliver.numbered import Reservation, reserved
from reportgen.errors import ReportgenError, UsageError
from reportgen.exitcodes import ExitCode
from reportgen.files import write_atomically
from reportgen.gate import FailOn, Verdict, judge
from reportgen.ingest import Fold
from reportgen.ingest.inputs import read_inputs
from reportgen.ingest.saved import open_saved_run
from reportgen.ingest.shards import merge_saved
from reportgen.model import InputStatus, Run
from reportgen.render import render_html, render_json, render_markdown, render_pr
from reportgen.render.badge import render_badge
from reportgen.render.ctrf import render_ctrf
from reportgen.render.junit import junit_document
from reportgen.render.run_json import run_json
from reportgen.render.terminal import problems
from reportgen.render.terminal import summarize as summary_text
from reportgen.render.timeline import format_timelines
from reportgen.report import Report
from reportgen.starter import starter_config
from reportgen.text import plural

Progress = Callable[[int, int], None]
GENERATED_BY = f"reportgen {__version__}"


@dataclass
class Done:
    """What a command did, for the CLI to print: results on stdout, diagnostics on stderr."""

    verdict: Verdict
    text: str | None = None  # the command's own output (a summary, a timeline)
    written: list[Path] = field(default_factory=list)  # every file written, in order
    problems: list[str] = field(default_factory=list)  # rejected inputs and notices
    warnings: list[str] = field(default_factory=list)
    commands: list[str] = field(default_factory=list)  # CI workflow commands (stderr)


def _ok() -> Verdict:
    return Verdict(ExitCode.OK)


def read_run(
    sources: Sequence[str],
    config: Config,
    timings: Sequence[str] = (),
    *,
    keep_passing: bool = True,
    progress: Progress | None = None,
    fold: Fold | None = None,
    pack: bool = False,
) -> Run:
    """Ingest reports, saved runs and timing files into one Run (times in the config's zone)."""
    zone = ZoneInfo(config.worklog.timezone)
    return read_inputs(
        sources,
        timings,
        assume_tz=zone,
        keep_passing=keep_passing,
        progress=progress,
        fold=fold,
        pack=pack,
    )


def resolve_baseline(
    baseline: str | None, archive: Path | None, slug: str, date: str
) -> Path | None:
    """`auto` is the latest archived run of this worklog on or before `date` (None if there is
    none yet); an archive directory, its latest such run; anything else is a run to read: a
    sidecar, a saved run, a CTRF or JUnit file, or a directory of reports."""
    if baseline is None:
        return None
    if baseline == "auto":
        if archive is None:
            raise UsageError("--baseline auto needs --archive DIR to find the previous run")
        # a run without tests, or a damaged sidecar, is never a baseline
        return (
            previous_sidecar(archive, slug, before=date, min_tests=1) if archive.is_dir() else None
        )
    path = Path(baseline)
    if path.is_dir() and sidecar_files(path):
        found = previous_sidecar(path, slug, before=date, min_tests=1)
        if found is None:
            raise UsageError(f"--baseline: archive {baseline!r} holds no run of {slug!r} yet")
        return found
    if not path.exists():
        raise UsageError(
            f"--baseline: no such file or directory {baseline!r}; give 'auto', an archive, "
            "a sidecar or saved run .json, a CTRF or JUnit file, or a directory of reports"
        )
    return path


def baseline_sidecar(path: Path, config: Config) -> Sidecar:
    """The baseline as a sidecar: one as it is, any other run read and analyzed with this
    config (its categories and known issues are then this config's)."""
    try:
        return load_sidecar(path)
    except ReportgenError:
        pass
    run = read_run([str(path)], config)
    if run.counts.total == 0 or run.rejected or run.partial:
        said = "; ".join(problems(run)) or "it holds no test result"
        raise UsageError(f"--baseline {path}: cannot be compared with: {said}")
    return Sidecar(run=run, report=analyze(run, config))


def build_report(
    run: Run,
    config: Config,
    *,
    baseline: str | None = None,
    archive: Path | None = None,
    now: datetime | None = None,
    repo_root: Path | None = None,
    by_owner: bool = False,
) -> Report:
    """Analyze the run, then add what history knows (diff against a baseline, flaky tests)
    and the triage of its failures (owners from CODEOWNERS under `repo_root`)."""
    report = analyze(run, config, now=now)
    updates: dict[str, object] = {}
    found = resolve_baseline(baseline, archive, report.meta.slug, report.meta.date)
    diff = None
    if found is not None:
        diff = updates["diff"] = diff_runs(run, report, baseline_sidecar(found, config), str(found))
    history = None
    if archive is not None and archive.is_dir():
        with HistoryStore.open(archive) as store:
            updates["flaky"] = flaky_tests(
                run, store, slug=report.meta.slug, current_date=report.meta.date
            )
            history = recent_history(store, report.meta.slug, config)
    else:
        updates["flaky"] = flaky_tests(run, None)
    triaged = triage_run(
        run,
        report.meta.date,
        config,
        diff=diff,
        history=history,
        root=repo_root,
        group_by_owner=by_owner,
    )
    if triaged is not None:
        updates["triage"] = triaged
        updates["notices"] = [*report.notices, *triage_notices(triaged, diff)]
    return report.model_copy(update=updates)


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
    full: Path | None = None  # the full worklog, when one was written (Markdown)


def _pr(report: Report, options: RenderOptions, limit: int, full: Path | None) -> str:
    return render_pr(
        report,
        limit=limit,
        ascii=options.ascii,
        full_worklog=str(full) if full is not None else None,
        defang=options.defang,
        template_dir=options.template_dir,
    )


@dataclass
class _Documents:
    """The texts of one numbered run, rendered before anything is written."""

    worklog: str | None = None
    html: str | None = None
    pr: str | None = None


def _documents(
    dated: Report, options: RenderOptions, *, archived: bool, full: Path | None
) -> _Documents:
    done = _Documents()
    if archived or options.profile != "pr" or options.html:
        done.worklog = render_markdown(
            dated, ascii=options.ascii, template_dir=options.template_dir
        )
    if options.html and done.worklog is not None:
        meta = dated.meta
        title = f"{meta.title} {meta.date}-{meta.sequence:02d}"
        done.html = render_html(done.worklog, title=title, template_dir=options.template_dir)
    if options.profile == "pr":
        done.pr = _pr(dated, options, options.pr_limit, full)
    return done


def _local_names(options: RenderOptions, slug: str, archived: bool) -> tuple[str, list[str]]:
    """What goes to `--out`: the PR summary (with the HTML worklog beside it when there is no
    archive), or the worklog itself when there is no archive; nothing else."""
    html = [".html"] if options.html and not archived else []
    if options.profile == "pr":
        return f"{slug}-pr", [".md", *html]
    return slug, [".md", *html] if not archived else []


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
    worklog and the PR summary, a view of it, is written to `out_dir`. Phase one reserves the
    run's names (its number is the archive's when there is one), phase two renders every text
    with that number, phase three commits them; a failure before the commit leaves nothing.
    """
    slug, date = report.meta.slug, report.meta.date
    local_slug, local_suffixes = _local_names(options, slug, archive is not None)
    index_notes: list[str] = []  # what the archive's history had to say (a rebuild, orphans)
    with ExitStack() as stack:
        kept: Reservation | None = None
        local: Reservation | None = None
        if archive is not None:
            kept = stack.enter_context(reserve_run(archive, slug, date, html=options.html))
        if local_suffixes:
            local = stack.enter_context(reserved(out_dir, local_slug, date, local_suffixes))
        number = kept.number if kept is not None else _number(local)
        dated = report.numbered(number)
        full = kept.paths[WORKLOG] if kept is not None else None
        texts = _documents(dated, options, archived=kept is not None, full=full)
        paths: list[Path] = []
        if kept is not None and archive is not None and texts.worklog is not None:
            stored = commit_run(kept, texts.worklog, Sidecar(run=run, report=dated), texts.html)
            index = write_index(archive, html=options.html, warnings=index_notes)
            paths = [*stored[:2], index, *stored[2:]]
        if local is not None:
            main = texts.pr if options.profile == "pr" else texts.worklog
            contents = {".md": main or ""}
            if ".html" in local.paths:  # the HTML worklog, when the archive does not keep it
                contents[".html"] = texts.html or ""
            paths = local.commit(contents) + paths
    delivered = Delivered(worklog=paths[0], sequence=number, extra=paths[1:], warnings=index_notes)
    # the summary points at the full worklog (not at a PR summary, itself a cut copy)
    full_worklog = full if full is not None or options.profile == "pr" else paths[0]
    delivered.full = full_worklog
    if options.step_summary:
        try:
            slot = step_summary_slot()
            if slot is not None:
                text = _pr(dated, options, min(slot.room, STEP_SUMMARY_LIMIT), full_worklog)
                delivered.extra.append(append_step_summary(slot, text))
        except OSError as error:
            delivered.warnings.append(f"could not append the job summary: {error}")
    return delivered


def _number(reservation: Reservation | None) -> int:
    if reservation is None:  # _local_names reserves locally whenever there is no archive
        raise AssertionError("a run is delivered into the archive or into --out")
    return reservation.number


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
    findings, unplaced = locate(run, repo_root or repository_root(), targets.paths)
    if targets.github:
        done.commands = github_commands(findings, unplaced)
    if targets.gitlab is not None:
        done.written.append(write_atomically(targets.gitlab, gitlab_report(findings)))
    return done


# One function per command.


def summarize(
    sources: Sequence[str],
    *,
    json_path: Path | None = None,
    ctrf_path: Path | None = None,
    annotations: Targets | None = None,
    repo_root: Path | None = None,
    fail_on: set[FailOn] | None = None,
    progress: Progress | None = None,
) -> Done:
    """`reportgen summary`: totals and first failures; optionally the run as JSON and CTRF."""
    every_test = json_path is not None or ctrf_path is not None
    # the JSON copy is written from packed passes; CTRF reads the cases as objects
    pack = json_path is not None and ctrf_path is None
    run = read_run(sources, Config(), keep_passing=every_test, progress=progress, pack=pack)
    done = Done(judge(run, fail_on or set()), text=summary_text(run), problems=problems(run))
    if json_path is not None:
        done.written.append(write_atomically(json_path, run_json(run)))
    if ctrf_path is not None:
        done.written.append(
            write_atomically(ctrf_path, render_ctrf(run, generated_by=GENERATED_BY))
        )
    _add_annotations(done, run, annotations, repo_root)
    return done


def _add_annotations(done: Done, run: Run, targets: Targets | None, repo_root: Path | None) -> None:
    # Workflow commands go to stderr: stdout carries the paths written, and the runner reads
    # commands from both.
    if targets is not None:
        annotated = annotate(run, targets, repo_root)
        done.commands += annotated.commands
        done.written += annotated.written


@dataclass
class RenderRequest:
    """Everything `reportgen render` was asked for."""

    sources: Sequence[str]
    config: Path | None = None
    timings: Sequence[str] = ()
    out: Path = Path("worklogs")
    options: RenderOptions = field(default_factory=RenderOptions)
    archive: Path | None = None
    baseline: str | None = None
    allow_empty: bool = False  # write (and archive) a run that holds no test result
    json_path: Path | None = None
    ctrf_path: Path | None = None
    annotations: Targets | None = None
    repo_root: Path | None = None
    fail_on: set[FailOn] = field(default_factory=set)
    progress: Progress | None = None
    by_owner: bool = False  # the failure list and the PR profile grouped by owner
    badges: Sequence[Path] = ()  # SVG, or shields.io endpoint JSON for a .json file


def fold_for(request: RenderRequest, settings: Config) -> Fold | None:
    """Passes are counted in groups, not kept, when nothing asked for needs them one by one:
    no archive or baseline (history keeps every test), no JSON or CTRF copy of the run, an
    analysis that counts rows by suite, classname and file. The tests no category claims are
    kept whole, for the warning that names them. Standard input is kept whole."""
    wanted = (request.archive, request.baseline, request.json_path, request.ctrf_path)
    if any(w is not None for w in wanted) or "-" in request.sources:
        return None
    if needs_single_passes(settings):
        return None
    if not settings.categories:
        return Fold(slowest=settings.slowest)
    return Fold(settings.slowest, claims=Claims(settings), examples=MAX_EXAMPLES)


def _report(run: Run, settings: Config, request: RenderRequest) -> Report:
    return build_report(
        run,
        settings,
        baseline=request.baseline,
        archive=request.archive,
        repo_root=request.repo_root or repository_root(),
        by_owner=request.by_owner,
    )


def render_worklog(request: RenderRequest) -> Done:
    """`reportgen render`: the dated worklog (or PR summary), archived when asked, gated."""
    settings = load_config(request.config)
    fold = fold_for(request, settings)
    run = read_run(request.sources, settings, request.timings, progress=request.progress, fold=fold)
    if run.counts.total == 0 and not request.allow_empty:
        return _nothing_to_render(run)
    report = _report(run, settings, request)
    delivered = deliver(run, report, request.options, out_dir=request.out, archive=request.archive)
    written = [delivered.worklog, *delivered.extra]
    dated = report.numbered(delivered.sequence)
    if request.json_path is not None:
        document = report_json(render_json(dated), dated, delivered.full)
        written.append(write_atomically(request.json_path, document))
    for badge in request.badges:
        svg = render_badge(dated, badge, template_dir=request.options.template_dir)
        written.append(write_atomically(badge, svg))
    if request.ctrf_path is not None:
        ctrf = render_ctrf(
            run,
            generated_by=GENERATED_BY,
            environment=ctrf_environment(report),
            triage=report.triage,
        )
        written.append(write_atomically(request.ctrf_path, ctrf))
    verdict = judge(run, request.fail_on, report, first_run_allowed=request.baseline == "auto")
    done = Done(verdict, written=written, problems=problems(run))
    done.warnings = [w.message for w in report.match_warnings] + delivered.warnings
    if report.triage is not None:
        done.warnings += triage_notices(report.triage, report.diff)
    _add_annotations(done, run, request.annotations, request.repo_root)
    try:
        set_outputs(step_outputs(dated, delivered.full or delivered.worklog))
    except OSError as error:
        done.warnings.append(f"could not write the step outputs: {error}")
    return done


def _nothing_to_render(run: Run) -> Done:
    """A run without a single test result is not a worklog: a mistyped path or a crashed
    test step would otherwise take the day's number and become the next run's baseline."""
    if run.inputs and all(i.status is InputStatus.REJECTED for i in run.inputs):
        why = f"every input was rejected ({plural(len(run.inputs), 'input')})"
    elif run.inputs:
        why = f"the inputs hold no test result ({plural(len(run.inputs), 'input')} read)"
    else:
        why = "no input was found"
    reason = f"nothing written: {why}; pass --allow-empty to write and archive an empty worklog"
    return Done(Verdict(ExitCode.INPUTS_REJECTED, notes=[reason]), problems=problems(run))


def write_starter(
    sources: Sequence[str], output: Path, *, force: bool = False, progress: Progress | None = None
) -> Done:
    """`reportgen init`: a starter worklog.toml with categories guessed from the inputs."""
    if output.exists() and not force:
        raise UsageError(f"{output} exists; pass --force to overwrite it")
    run = read_run(sources, Config(), progress=progress)
    written = write_atomically(output, starter_config(run))
    return Done(judge(run, set()), written=[written], problems=problems(run))


def _history_problems(archive: Path) -> list[str]:
    """Sidecars the history could not read are left out of it: say which and why."""
    with HistoryStore.open(archive) as store:
        return [f"left out of the history: {problem}" for problem in store.problems]


def rebuild_index(archive: Path, *, html: bool = False) -> Done:
    """`reportgen index`: rewrite the archive's INDEX.md (and INDEX.html)."""
    _archive_dir(archive)
    notes: list[str] = []
    written = write_index(archive, html=html, warnings=notes)
    return Done(_ok(), written=[written], warnings=notes + _history_problems(archive))


def show_history(test: str, archive: Path, limit: int) -> Done:
    """`reportgen history`: one test's (or a glob's) outcome timeline from the archive."""
    _archive_dir(archive)
    with HistoryStore.open(archive) as store:
        answer = find_timelines(store, test, limit=limit)
        warnings = [
            *store.warnings,
            *(f"left out of the history: {problem}" for problem in store.problems),
        ]
    # like grep: a query that finds nothing is a failure a script can test for
    verdict = _ok() if answer.timelines else Verdict(ExitCode.GATE_FAILED)
    return Done(verdict, text=format_timelines(answer).rstrip("\n"), warnings=warnings)


def merge_shards(
    summaries: Sequence[Path], *, json_path: Path | None = None, junit_path: Path | None = None
) -> Done:
    """`reportgen merge`: per-shard runs -> one run as JSON and/or one JUnit XML file."""
    if json_path is None and junit_path is None:
        raise UsageError("give --json OUT.json, --junit OUT.xml, or both")
    merged, cases = merge_saved([open_saved_run(path) for path in summaries])
    if junit_path is None:  # JSON alone is written while the shards are read
        assert json_path is not None
        return Done(_ok(), written=[write_atomically(json_path, run_json(merged, cases=cases))])
    merged.cases = list(cases)
    outputs: list[tuple[Path, bytes | Iterable[bytes]]] = [(junit_path, junit_document(merged))]
    if json_path is not None:
        outputs.insert(0, (json_path, run_json(merged)))
    return Done(_ok(), written=[write_atomically(path, content) for path, content in outputs])


def _archive_dir(archive: Path) -> None:
    if not archive.is_dir():
        raise UsageError(f"{archive}: no such archive directory")


def check_archive(archive: Path, *, repair: bool = False) -> Done:
    """`reportgen archive check`: orphan claims, damaged sidecars, a history database or index
    behind the sidecars; with `repair`, orphans removed (empty, unheld files only), the
    database rebuilt and the index rewritten. Exit 1 while something is still wrong."""
    from reportgen.archive.check import inspect_archive
    from reportgen.deliver.index import stale_indexes
    from reportgen.text import plural

    _archive_dir(archive)
    found = inspect_archive(archive, repair=repair)
    stale = stale_indexes(archive, found.runs)
    written: list[Path] = []
    if repair and found.database_fixable and (stale or found.rebuilt):
        written.append(write_index(archive))
        stale = stale_indexes(archive, found.runs)
    lines = found.findings()
    lines += [f"index behind the sidecars: {path.relative_to(archive)}" for path in stale]
    reasons = found.remaining()
    if stale:
        reasons.append(f"{', '.join(p.name for p in stale)} behind the sidecars (--repair)")
    state = "nothing to repair" if not lines else "repaired" if not reasons else "needs care"
    lines.append(f"{archive}: {plural(len(found.runs), 'run')}; {state}")
    verdict = Verdict(ExitCode.GATE_FAILED, reasons=reasons) if reasons else _ok()
    return Done(verdict, text="\n".join(lines), written=written)


def quarantine_add(
    path: Path, *, test: str | None, file: str | None, ticket: str, expires: str, reason: str | None
) -> Done:
    """`reportgen quarantine add`: one more entry in the quarantine file, comments kept."""
    from reportgen.deliver.quarantine import add_entry

    if test is None and file is None:
        raise UsageError("name the tests: a TEST glob (classname::name or name), --file, or both")
    edited = add_entry(path, test=test, file=file, ticket=ticket, expires=expires, reason=reason)
    return Done(_ok(), text="\n".join(edited.lines), warnings=edited.warnings)


def quarantine_list(path: Path, on: date) -> Done:
    """`reportgen quarantine list`: each entry with its line, globs, expiry and state on `on`."""
    from reportgen.deliver.quarantine import list_entries

    return Done(_ok(), text="\n".join(list_entries(path, on).lines))


def quarantine_prune(
    path: Path, on: date, *, archive: Path | None, config: Path | None, dry_run: bool
) -> Done:
    """`reportgen quarantine prune`: remove expired entries, and with an archive the stale ones
    (that matched no failure in its newest `stale_after` runs of the config's series)."""
    from reportgen.analyze.quarantine import judge_quarantine
    from reportgen.analyze.triage import History
    from reportgen.config import load_quarantine
    from reportgen.deliver.quarantine import prune_entries
    from reportgen.report import QuarantineState

    stale: list[int] = []
    if archive is not None:
        _archive_dir(archive)
        entries = load_quarantine(path)
        slug = load_config(config).worklog.slug_or_default() if config is not None else None
        with HistoryStore.open(archive) as store:
            runs, per_test = store.recent(entries.stale_after, slug)
        history = History.from_recent(len(runs), per_test).runs
        judged = judge_quarantine(entries, [], on.isoformat(), history)
        stale = [i for i, r in enumerate(judged.results) if r.state is QuarantineState.STALE]
    edited = prune_entries(path, on, stale=stale, dry_run=dry_run)
    return Done(_ok(), text="\n".join(edited.lines))
