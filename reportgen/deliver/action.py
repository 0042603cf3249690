"""The CI step in one: render, append the job summary, post the sticky comment, then gate.

`python -m reportgen.deliver.action github` is what the repository's `action.yml` runs;
`python -m reportgen.deliver.action gitlab` is what `samples/ci/gitlab-reportgen.yml` runs.
Settings come from `INPUT_*` variables (the action's inputs), the host's own variables say
where the request is. The exit status is `reportgen render`'s, after the comment: a comment
that cannot be posted (a fork's read-only token, a host error) is said as a notice or a
warning and never changes it.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reportgen.deliver.ci import set_outputs
from reportgen.deliver.comment import (
    Action,
    ApiError,
    Forbidden,
    Posted,
    Thread,
    describe,
    upsert,
)
from reportgen.exitcodes import ExitCode
from reportgen.render import PR_MARKER
from reportgen.text import printable

REPORT_JSON = "report.json"
CODE_QUALITY = "gl-code-quality.json"  # in `out`, for GitLab's artifacts:reports:codequality
COMMENT_MODES = ("off", "always", "on-failure", "update-only")
COMMENT_LIMIT = 65_535  # GitHub's limit on a comment; GitLab's on a note is larger
FOOTER_ROOM = 600  # bytes kept free under the limit for the links below the summary
# what may appear in a link built from the host's variables (they are not test data, but a
# link must never carry Markdown or HTML)
_SAFE_URL = re.compile(r"^https?://[A-Za-z0-9.\-]+(?::\d+)?(?:/[A-Za-z0-9._~\-/]*)?$")
_SAFE_NAME = re.compile(r"^[A-Za-z0-9._\-]{1,200}$")


@dataclass
class Settings:
    """The step's inputs, as the action (or the GitLab template) passes them."""

    results: list[str]
    config: str = ""
    timings: list[str] = field(default_factory=list)
    profile: str = "pr"  # the comment's: pr (compact) or worklog (the full one, if it fits)
    archive: str = ""
    fail_on: str = ""
    comment: str = "always"
    out: str = "reportgen-out"
    html: bool = False
    badge: str = ""
    annotations: bool = True
    artifact: str = ""  # name of the artifact the worklog is uploaded as, said in the comment

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> Settings:
        def get(name: str, default: str = "") -> str:
            return env.get(f"INPUT_{name}", default).strip()

        comment = get("COMMENT", "always") or "always"
        if comment not in COMMENT_MODES:
            raise ValueError(f"comment: {comment!r} is not one of {', '.join(COMMENT_MODES)}")
        profile = get("PROFILE", "pr") or "pr"
        if profile not in ("pr", "worklog"):
            raise ValueError(f"profile: {profile!r} is not 'pr' or 'worklog'")
        return cls(
            results=_words(get("RESULTS")),
            config=get("CONFIG"),
            timings=_words(get("TIMINGS")),
            profile=profile,
            archive=get("ARCHIVE"),
            fail_on=get("FAIL_ON"),
            comment=comment,
            out=get("OUT", "reportgen-out") or "reportgen-out",
            html=_true(get("HTML")),
            badge=get("BADGE"),
            annotations=_true(get("ANNOTATIONS", "true")),
            artifact=get("ARTIFACT_NAME"),
        )


def _words(text: str) -> list[str]:
    """One path or glob per line; a line may hold several, quoted as in a shell."""
    return [word for line in text.splitlines() for word in shlex.split(line)]


def _true(text: str) -> bool:
    return text.lower() in ("true", "yes", "1", "on")


def render_command(settings: Settings, host: str, scratch: Path) -> list[str]:
    """The `reportgen render` call: the PR summary into `out`, the full worklog into the
    archive (a scratch one when none is kept), the analyzed report (whose `outputs` say what
    was written and counted) into `scratch`, annotations for the host, the gate."""
    if not settings.results:
        raise ValueError("results: give the test reports (files, directories or globs)")
    # absolute, so that the paths written (and the step outputs) hold from any directory
    archive = (
        str(Path(settings.archive).resolve()) if settings.archive else str(scratch / "archive")
    )
    out = str(Path(settings.out).resolve())
    command = [sys.executable, "-m", "reportgen", "render", *settings.results]
    if settings.config:
        command += ["--config", settings.config]
    for timing in settings.timings:
        command += ["--timings", timing]
    command += ["--profile", "pr", "--out", out, "--archive", archive]
    command += ["--baseline", "auto", "--pr-limit", str(COMMENT_LIMIT - FOOTER_ROOM)]
    command += ["--json", str(scratch / REPORT_JSON)]
    if settings.html:
        command.append("--html")
    if settings.badge:
        command += ["--badge", settings.badge]
    if settings.annotations:
        target = "github" if host == "github" else f"gitlab={out}/{CODE_QUALITY}"
        command += ["--annotations", target]
    if settings.fail_on:
        command += ["--fail-on", settings.fail_on]
    return command


@dataclass
class Rendered:
    status: int
    summary: Path | None = None  # the PR summary, when one was written
    worklog: Path | None = None  # the full worklog
    figures: dict[str, Any] = field(default_factory=dict)  # `outputs` of the analyzed report


def run_render(command: Sequence[str], env: Mapping[str, str], out: Path) -> Rendered:
    """Run `reportgen render`, passing its output through to the log. The PR summary is the
    first file written (into `out`); the rest is read from the analyzed report."""
    done = subprocess.run(list(command), capture_output=True, text=True, env=dict(env))
    sys.stdout.write(done.stdout)
    sys.stderr.write(done.stderr)
    rendered = Rendered(done.returncode)
    first = next((Path(line) for line in done.stdout.splitlines() if line.strip()), None)
    if first is not None and first.suffix == ".md" and first.parent.resolve() == out.resolve():
        rendered.summary = first
    report = Path(command[command.index("--json") + 1])
    if rendered.summary is not None and report.is_file():
        figures = json.loads(report.read_text(encoding="utf-8")).get("outputs")
        rendered.figures = figures if isinstance(figures, dict) else {}
        worklog = rendered.figures.get("worklog")
        rendered.worklog = Path(worklog) if isinstance(worklog, str) else None
    return rendered


def wants_comment(mode: str, status: int, failing: bool) -> tuple[bool, bool]:
    """(post at all, create when there is none yet). `on-failure` creates only for a failing
    run but still updates an earlier comment, so that a fixed PR never keeps a red one."""
    if mode == "off":
        return False, False
    if mode == "update-only":
        return True, False
    if mode == "on-failure":
        return True, failing or status != ExitCode.OK
    return True, True


def _failing(rendered: Rendered) -> bool:
    """A run with failed or errored tests, or one whose figures are unknown."""
    figures = rendered.figures
    failed, errors = figures.get("failed"), figures.get("errors")
    if not isinstance(failed, int) or not isinstance(errors, int):
        return True
    return failed + errors > 0 or rendered.status != ExitCode.OK


def comment_body(settings: Settings, rendered: Rendered, footer: str) -> str | None:
    """The PR summary (or the full worklog when asked and it fits), with the links below."""
    if rendered.summary is None or not rendered.summary.is_file():
        return None
    body = rendered.summary.read_text(encoding="utf-8")
    if settings.profile == "worklog" and rendered.worklog is not None:
        full = f"{PR_MARKER}\n{rendered.worklog.read_text(encoding='utf-8')}"
        if len((full + footer).encode("utf-8")) <= COMMENT_LIMIT:
            body = full
    return body.rstrip("\n") + "\n" + footer


def github_footer(env: Mapping[str, str], artifact: str) -> str:
    """A link to the workflow run (its page lists the artifacts), and where the worklog is."""
    server, repository, run = (
        env.get(k, "") for k in ("GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "GITHUB_RUN_ID")
    )
    url = f"{server}/{repository}/actions/runs/{run}"
    attempt = env.get("GITHUB_RUN_ATTEMPT", "")
    if attempt.isdigit() and attempt != "1":
        url += f"/attempts/{attempt}"
    return _footer(url if run.isdigit() else "", "workflow run", artifact)


def gitlab_footer(env: Mapping[str, str], artifact: str) -> str:
    url = env.get("CI_JOB_URL", "")
    return _footer(url, "pipeline job", artifact)


def _footer(url: str, what: str, artifact: str) -> str:
    parts = []
    if _SAFE_URL.match(url):
        parts.append(f"[{what}]({url})")
    if artifact and _SAFE_NAME.match(artifact):
        parts.append(f"full worklog: the `{artifact}` artifact of the {what}")
    return f"\n---\n<sub>{' · '.join(parts)}</sub>\n" if parts else ""


def github_thread(env: Mapping[str, str]) -> tuple[Thread | None, str]:
    """The pull request to comment on, or None and why not."""
    repository = env.get("GITHUB_REPOSITORY", "")
    number = env.get("INPUT_PR_NUMBER", "").strip()
    event: dict[str, Any] = {}
    if env.get("GITHUB_EVENT_PATH"):
        try:
            loaded = json.loads(Path(env["GITHUB_EVENT_PATH"]).read_text(encoding="utf-8"))
            event = loaded if isinstance(loaded, dict) else {}
        except (OSError, ValueError):
            event = {}
    pull = event.get("pull_request")
    if not number and isinstance(pull, dict):
        number = str(pull.get("number", ""))
    if not number.isdigit():
        return None, "not a pull request (no pull_request event and no pr-number input)"
    if not re.fullmatch(r"[A-Za-z0-9._\-]+/[A-Za-z0-9._\-]+", repository):
        return None, "GITHUB_REPOSITORY is not set"
    return Thread.github(repository, int(number)), f"{repository}#{number}"


def _is_fork(env: Mapping[str, str]) -> bool:
    try:
        event = json.loads(Path(env.get("GITHUB_EVENT_PATH", "")).read_text(encoding="utf-8"))
        head = event["pull_request"]["head"]["repo"]["full_name"]
        base = event["pull_request"]["base"]["repo"]["full_name"]
    except (OSError, ValueError, KeyError, TypeError):
        return False
    return bool(head != base)


def gitlab_thread(env: Mapping[str, str]) -> tuple[Thread | None, str]:
    project, iid = env.get("CI_PROJECT_ID", ""), env.get("CI_MERGE_REQUEST_IID", "")
    if not iid.isdigit() or not project.isdigit():
        return None, "not a merge request pipeline (CI_MERGE_REQUEST_IID is not set)"
    if not (env.get("GITLAB_TOKEN") or env.get("REPORTGEN_GITLAB_TOKEN")):
        return None, "no token: set GITLAB_TOKEN (api scope) to post the merge request note"
    host = re.sub(r"^https?://", "", env.get("CI_SERVER_URL", "")).rstrip("/") or None
    return Thread.gitlab(project, int(iid), host), f"!{iid}"


def notice(host: str, text: str, *, warning: bool = False) -> None:
    """Said in the log, and on GitHub as an annotation on the run."""
    line = printable(" ".join(text.split()))
    if host == "github":
        level = "warning" if warning else "notice"
        escaped = line.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        print(f"::{level} title=reportgen comment::{escaped}", file=sys.stderr)
    else:
        print(f"reportgen: {line}", file=sys.stderr)


def post(
    host: str, settings: Settings, rendered: Rendered, env: Mapping[str, str], failing: bool
) -> tuple[str, Posted | None]:
    """Post or update the sticky comment when the mode and the request allow it."""
    wanted, create = wants_comment(settings.comment, rendered.status, failing)
    if not wanted:
        return "off", None
    thread, where = github_thread(env) if host == "github" else gitlab_thread(env)
    if thread is None:
        notice(host, f"no comment: {where}")
        return "skipped", None
    footer = (
        github_footer(env, settings.artifact)
        if host == "github"
        else gitlab_footer(env, settings.artifact)
    )
    body = comment_body(settings, rendered, footer)
    if body is None:
        notice(host, f"no comment on {where}: render wrote no summary (exit {rendered.status})")
        return "skipped", None
    try:
        posted = upsert(thread, body, PR_MARKER, create=create)
    except Forbidden as error:
        why = (
            "a pull request from a fork gets a read-only token"
            if host == "github" and _is_fork(env)
            else "the token may not write comments here"
        )
        notice(
            host,
            f"comment skipped on {where}: {why} ({error}). The job summary has the results; "
            "to comment on fork pull requests, post from a workflow_run workflow.",
        )
        return "forbidden", None
    except ApiError as error:
        notice(host, f"comment not posted on {where}: {error}", warning=True)
        return "failed", None
    if posted.action is Action.SKIPPED:
        notice(host, f"no comment on {where} yet, and comment is {settings.comment}")
    else:
        print(f"reportgen: {describe(posted, [where])}", file=sys.stderr)
    return posted.action.value, posted


def main(argv: Sequence[str] | None = None, env: Mapping[str, str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    environ = dict(os.environ if env is None else env)
    host = args[0] if args else ""
    if host not in ("github", "gitlab"):
        print("usage: python -m reportgen.deliver.action github|gitlab", file=sys.stderr)
        return int(ExitCode.USAGE)
    try:
        settings = Settings.from_env(environ)
        # a scratch archive of its own: never another job's run as the baseline
        scratch = Path(environ.get("RUNNER_TEMP") or tempfile.mkdtemp(prefix="reportgen-"))
        command = render_command(settings, host, scratch / "reportgen")
    except ValueError as error:
        print(f"reportgen: {error}", file=sys.stderr)
        return int(ExitCode.USAGE)
    (scratch / "reportgen").mkdir(parents=True, exist_ok=True)
    rendered = run_render(command, environ, Path(settings.out))
    state, posted = post(host, settings, rendered, environ, _failing(rendered))
    if host == "github":
        set_outputs(
            {
                "comment": state,
                "comment_id": str(posted.id) if posted and posted.id else "",
                "comment_url": (posted.url or "") if posted else "",
                "pr_summary": str(rendered.summary or ""),
                "exit_code": str(rendered.status),
            },
            env=environ,
        )
    if rendered.status != ExitCode.OK:
        print(f"reportgen: the gate's exit status is {rendered.status}", file=sys.stderr)
    return rendered.status


if __name__ == "__main__":
    sys.exit(main())
