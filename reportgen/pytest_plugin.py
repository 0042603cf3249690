"""The pytest plugin: `pytest --worklog[=DIR]` writes the worklog of the run that just ended.

Registered through the `pytest11` entry point, so installing reportgen installs it; it does
nothing unless `--worklog` is given, and until then imports nothing of reportgen's stages
(every pytest start-up of every project with reportgen installed pays for what this module
imports). It is a thin edge like the CLI: pytest's own junitxml plugin writes the report (the
user's `--junitxml` path, else `DIR/junit.xml`), and `reportgen.pipeline.render_worklog` reads
it, so the worklog is the one `reportgen render` makes of that file, reruns and all. pytest's
exit status is pytest's: problems are printed in the terminal summary, never turned into a
failing run (gate on the kept XML with `reportgen render --fail-on` for that).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from reportgen.pipeline import Done, RenderRequest

DEFAULT_DIR = "worklogs"
CONFIG_NAME = "worklog.toml"  # looked for in pytest's rootdir when --worklog-config is not given
XML_NAME = "junit.xml"  # pytest's report, kept in DIR when the user gave no --junitxml
PROFILES = ("worklog", "pr")
# Runs whose report tells all that ran; pytest's INTERRUPTED is one too when its own
# decision stopped the run (collection errors), not Ctrl-C or pytest.exit.
RENDERED_STATUSES = frozenset(
    {pytest.ExitCode.OK, pytest.ExitCode.TESTS_FAILED, pytest.ExitCode.NO_TESTS_COLLECTED}
)
INCOMPLETE = "the run was interrupted, and its report would read as a shorter run"
DEBUG_VARIABLE = "REPORTGEN_DEBUG"
CLI_OPTIONS = re.compile(r"(?<![\w-])--(allow-empty|archive|baseline|config|timings)(?![\w-])")


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("reportgen", "worklog (reportgen)")
    group.addoption(
        "--worklog",
        nargs="?",
        const=DEFAULT_DIR,
        default=None,
        metavar="DIR",
        help="Write the run's dated Markdown worklog into DIR when the run ends "
        f"(default: {DEFAULT_DIR}; give it as --worklog=DIR). Without --junitxml, "
        f"pytest's report is kept as DIR/{XML_NAME}.",
    )
    group.addoption(
        "--worklog-config",
        metavar="FILE",
        default=None,
        help=f"worklog.toml with categories, criteria, known issues (default: {CONFIG_NAME} "
        "in the rootdir when there is one, else reportgen's defaults).",
    )
    group.addoption(
        "--worklog-profile",
        choices=PROFILES,
        default="worklog",
        help="worklog (the full document) or pr (the compact PR summary).",
    )
    group.addoption(
        "--worklog-timings",
        action="append",
        default=[],
        metavar="FILE",
        help="Timing data (JSON or CSV) for the performance section; repeatable. "
        "Read when the run ends, so the tests may write it.",
    )
    group.addoption(
        "--worklog-archive",
        metavar="DIR",
        default=None,
        help="Archive directory: DIR/YYYY/MM/<slug>-<date>-NN.md + sidecar + index.",
    )
    group.addoption(
        "--worklog-baseline",
        metavar="auto|FILE",
        default=None,
        help="'auto' (the previous archived run; needs --worklog-archive) or a sidecar .json "
        "to diff against.",
    )
    group.addoption(
        "--worklog-allow-empty",
        action="store_true",
        default=False,
        help="Write (and archive) the worklog of a run that holds no test result.",
    )
    group.addoption(
        "--worklog-ascii",
        action="store_true",
        default=False,
        help="Plain-text status markers instead of emoji.",
    )
    group.addoption(
        "--worklog-html",
        action="store_true",
        default=False,
        help="Also write a standalone HTML file.",
    )


@dataclass
class Settings:
    """The plugin's options, checked, with paths as the user gave them (relative to the
    directory pytest was started in, as `reportgen render` takes them relative to its own)."""

    out: Path
    xml: str
    config: Path | None
    profile: str = "worklog"
    timings: list[str] = field(default_factory=list)
    archive: Path | None = None
    baseline: str | None = None
    allow_empty: bool = False
    ascii: bool = False
    html: bool = False

    def request(self) -> RenderRequest:
        """What `reportgen render XML --config ... --out DIR ...` asks the pipeline for."""
        from reportgen.pipeline import RenderOptions, RenderRequest

        return RenderRequest(
            sources=[self.xml],
            config=self.config,
            timings=self.timings,
            out=self.out,
            options=RenderOptions(ascii=self.ascii, profile=self.profile, html=self.html),
            archive=self.archive,
            baseline=self.baseline,
            allow_empty=self.allow_empty,
        )


def _looks_like_tests(value: str) -> bool:
    """`pytest --worklog tests/` takes `tests/` as the worklog's directory (an optional
    value): a test file, a node id or a directory of Python files is never meant as one."""
    path = Path(value)
    if value.endswith(".py") or "::" in value or path.is_file():
        return True
    return path.is_dir() and next(path.rglob("*.py"), None) is not None


def settings_from(config: pytest.Config) -> Settings:
    """The options, or a `pytest.UsageError` before any test runs."""
    option = config.option
    out: str = option.worklog
    if _looks_like_tests(out):
        raise pytest.UsageError(
            f"--worklog took {out!r} as its directory; write --worklog=DIR, or put --worklog "
            "after the test paths"
        )
    if not config.pluginmanager.has_plugin("junitxml"):
        raise pytest.UsageError("--worklog reads pytest's junitxml report; drop -p no:junitxml")
    chosen = option.worklog_config
    found = config.rootpath / CONFIG_NAME
    config_path = Path(chosen) if chosen else (found if found.is_file() else None)
    if config_path is not None:
        _check_config(config_path)
    baseline: str | None = option.worklog_baseline
    if baseline == "auto" and option.worklog_archive is None:
        raise pytest.UsageError("--worklog-baseline auto needs --worklog-archive DIR")
    if baseline not in (None, "auto") and not Path(baseline).is_file():
        raise pytest.UsageError(
            f"--worklog-baseline: no such file {baseline!r}; give a sidecar .json or 'auto'"
        )
    xml = option.xmlpath or str(Path(out) / XML_NAME)
    return Settings(
        out=Path(out),
        xml=os.path.expanduser(os.path.expandvars(xml)),  # as pytest's junitxml opens it
        config=config_path,
        profile=option.worklog_profile,
        timings=list(option.worklog_timings),
        archive=Path(option.worklog_archive) if option.worklog_archive else None,
        baseline=baseline,
        allow_empty=option.worklog_allow_empty,
        ascii=option.worklog_ascii,
        html=option.worklog_html,
    )


def _check_config(path: Path) -> None:
    """A config that cannot be used stops pytest before the run, not after it."""
    from reportgen.config import load_config
    from reportgen.errors import ReportgenError

    try:
        load_config(path)
    except ReportgenError as exc:
        raise pytest.UsageError(f"--worklog-config: {exc}") from exc


@pytest.hookimpl(tryfirst=True)  # before junitxml's, which reads the report path set here
def pytest_configure(config: pytest.Config) -> None:
    if config.option.worklog is None or hasattr(config, "workerinput"):
        return  # off unless asked; an xdist worker's results reach the controller's report
    settings = settings_from(config)
    if not config.option.xmlpath:
        config.option.xmlpath = settings.xml
    config.pluginmanager.register(WorklogWriter(settings), "reportgen-worklog")


class WorklogWriter:
    """Renders the worklog once pytest's report is written, and says what it wrote."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.interrupted = False
        self.rerun: set[str] = set()  # node ids with a failed attempt pytest-rerunfailures reran
        self.lines: list[tuple[str, str]] = []  # (kind, text); kind: "worklog" or a note

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if report.outcome == "rerun":  # type: ignore[comparison-overlap]  # rerunfailures' own
            self.rerun.add(report.nodeid)

    def pytest_keyboard_interrupt(self, excinfo: pytest.ExceptionInfo[BaseException]) -> None:
        # Collection errors stop pytest with Session.Interrupted and leave a full account in
        # the report; Ctrl-C or pytest.exit leave one that reads as a shorter run.
        self.interrupted = not isinstance(excinfo.value, pytest.Session.Interrupted)

    @pytest.hookimpl(trylast=True)  # after junitxml's sessionfinish, which writes the report
    def pytest_sessionfinish(self, session: pytest.Session, exitstatus: int) -> None:
        config = session.config
        if config.option.collectonly:
            self.lines.append(("skipped", "no worklog written: --collect-only runs no tests"))
            return
        if self.interrupted:
            self.lines.append(("skipped", f"no worklog written: {INCOMPLETE}"))
            return
        stopped = exitstatus == pytest.ExitCode.INTERRUPTED  # by collection errors
        if exitstatus not in RENDERED_STATUSES and not stopped:
            why = f"pytest stopped with exit status {int(exitstatus)} before its tests ended"
            self.lines.append(("skipped", f"no worklog written: {why}"))
            return
        self.lines = report_lines(self.settings)
        lost = reruns_missing(Path(self.settings.xml), self.rerun)
        if lost:
            self.lines.append(("problem", lost_reruns_warning(lost)))

    def pytest_terminal_summary(self, terminalreporter: pytest.TerminalReporter) -> None:
        from reportgen.text import printable

        for kind, text in self.lines:
            shown = printable(text)
            if kind == "worklog":
                terminalreporter.write_sep("-", f"reportgen worklog: {shown}")
            elif kind == "wrote":
                terminalreporter.write_line(f"reportgen: also wrote {shown}")
            else:
                terminalreporter.write_line(f"reportgen: {shown}", yellow=True)


def render(settings: Settings) -> Done:
    """The worklog of the report pytest wrote, as `reportgen render` makes it."""
    from reportgen.pipeline import render_worklog

    return render_worklog(settings.request())


def report_lines(settings: Settings) -> list[tuple[str, str]]:
    """Render, and what to print about it; never raises but for an interrupt."""
    from reportgen.errors import ReportgenError

    try:
        done = render(settings)
    except ReportgenError as exc:
        return [("problem", f"no worklog written: {in_plugin_terms(str(exc))}")]
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        return [("problem", f"no worklog written: {where}{exc.strerror or exc}")]
    except Exception as exc:  # a bug in reportgen must not turn into pytest's INTERNALERROR
        if os.environ.get(DEBUG_VARIABLE, "") not in ("", "0"):
            raise
        detail = " ".join(str(exc).split())
        what = f"{type(exc).__name__}: {detail}" if detail else type(exc).__name__
        hint = f"please report it; {DEBUG_VARIABLE}=1 shows the traceback"
        return [("problem", f"internal error, no worklog written: {what} ({hint})")]
    lines = [("worklog" if n == 0 else "wrote", str(path)) for n, path in enumerate(done.written)]
    lines += [("problem", problem) for problem in done.problems]
    lines += [("problem", f"warning: {warning}") for warning in done.warnings]
    lines += [("problem", in_plugin_terms(note)) for note in done.verdict.notes]
    return lines


def in_plugin_terms(message: str) -> str:
    """The pipeline's messages name the CLI's options; printed here, they name the plugin's."""
    return CLI_OPTIONS.sub(r"--worklog-\1", message)


def reruns_missing(xml: Path, rerun: set[str]) -> list[str]:
    """The reran tests of which pytest's report keeps a single record, so that the worklog
    (as `reportgen render`'s) reads them as plain passes: pytest-rerunfailures before 16.6.1
    writes no record of a failed attempt. Matched by test name, the last part of a node id."""
    if not rerun or not xml.is_file():
        return []
    from xml.etree.ElementTree import iterparse

    wanted = {nodeid.rpartition("::")[2]: nodeid for nodeid in rerun}
    records = dict.fromkeys(wanted, 0)
    try:
        for _, element in iterparse(xml):
            if element.tag == "testcase" and element.get("name") in records:
                records[element.get("name", "")] += 1
            element.clear()
    except (OSError, SyntaxError):  # the render has said what is wrong with the report
        return []
    return sorted(wanted[name] for name, count in records.items() if count < 2)


def lost_reruns_warning(lost: list[str]) -> str:
    shown = ", ".join(lost[:5]) + (f" and {len(lost) - 5} more" if len(lost) > 5 else "")
    return (
        f"warning: pytest's report has no record of the failed attempts of {shown}: the "
        "worklog counts them as passed, not flaky (pytest-rerunfailures 16.6.1 and later "
        "write one)"
    )
