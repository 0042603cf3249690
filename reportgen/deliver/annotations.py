"""Failures at their line in the code review: GitHub workflow commands, GitLab Code Quality.

A failed or errored test is annotated in the file the report names, at the line where its
traceback passes through that file (else at the report's `line`), or, when the report names no
file in the repository, at the first frame of its traceback inside the repository (not a
library, runtime or test-runner frame). Paths are made relative to the repository root; a test
with no such place is counted, not annotated. Paths a report wrote in another checkout (a
container's `/app/`, a monorepo package's root) are first rewritten by `PathRewrite`.

GitHub shows at most 10 error annotations per step and 50 per job (all steps together); more
are dropped without a word, so reportgen writes the first 10 and then one notice saying how
many were left out. GitLab's Code Quality report has no such cap: every finding is written.
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from reportgen.analyze.frames import is_library_frame, parse_frames
from reportgen.analyze.locations import definition_line
from reportgen.errors import UsageError
from reportgen.model import Outcome, Run, TestCase

GITHUB_ERRORS_PER_STEP = 10
GITHUB_ANNOTATIONS_PER_JOB = 50
MESSAGE_LIMIT = 2_000

# `where (file:line)`, `where (file:line:column)`, or a bare `file:line` (pytest's short form)
_FRAME = re.compile(r"^(?:.*? \()?(?P<file>[^()]+?):(?P<line>\d+)(?::\d+)?\)?$")


@dataclass(frozen=True)
class Finding:
    """One failed or errored test at a place in the repository."""

    path: str  # relative to the repository root, with forward slashes
    line: int
    identity: str
    outcome: Outcome
    message: str


@dataclass(frozen=True)
class PathRewrite:
    """`--path-prefix-strip` (the first prefix that matches is removed) then
    `--path-prefix-add`, applied to every path a report or traceback names."""

    strip: tuple[str, ...] = ()
    add: str = ""

    def __call__(self, path: str) -> str:
        text = path.removeprefix("file://").replace("\\", "/")
        for prefix in self.strip:
            # whole path components only: `/app` strips `/app/x`, not `/application/x`
            base = prefix.rstrip("/")
            if text == base or text.startswith(base + "/"):
                text = text[len(base) :].lstrip("/")
                break
        if self.add and not Path(text).is_absolute():
            text = f"{self.add.rstrip('/')}/{text}"
        return text


def path_rewrite(strip: Sequence[str] = (), add: str | None = None) -> PathRewrite:
    """The rewrite for the options as given: prefixes are compared with forward slashes."""
    prefixes = tuple(p.replace("\\", "/") for p in strip if p)
    return PathRewrite(prefixes, (add or "").replace("\\", "/"))


@dataclass(frozen=True)
class Targets:
    """What `--annotations` asked for: GitHub commands, a GitLab report file, or both."""

    github: bool = False
    gitlab: Path | None = None
    paths: PathRewrite = PathRewrite()


def parse_targets(values: Sequence[str]) -> Targets:
    """`github`, `gitlab=PATH`, repeated or comma-separated."""
    github, gitlab = False, None
    for value in (v.strip() for item in values for v in item.split(",")):
        if value == "github":
            github = True
        elif value.startswith("gitlab="):
            if not value[len("gitlab=") :]:
                raise UsageError("--annotations gitlab=PATH needs the report's path")
            gitlab = Path(value[len("gitlab=") :])
        elif value:
            raise UsageError(
                f"--annotations: {value!r} is not a target; give 'github' or 'gitlab=PATH'"
            )
    return Targets(github=github, gitlab=gitlab)


def repository_root(start: Path | None = None) -> Path:
    """The git top-level of `start` (default: the working directory), or `start` itself."""
    here = (start or Path.cwd()).resolve()
    try:
        found = subprocess.run(
            ["git", "rev-parse", "--show-toplevel"],
            cwd=here,
            capture_output=True,
            text=True,
            check=False,
            timeout=10,
        )
    except (OSError, subprocess.SubprocessError):
        return here
    top = found.stdout.strip()
    return Path(top).resolve() if found.returncode == 0 and top else here


def _inside(root: Path, file: str, must_exist: bool) -> str | None:
    """`file` relative to `root` with forward slashes, or None when it lies outside."""
    text = file.removeprefix("file://").replace("\\", "/")
    candidate = Path(text)
    if candidate.is_absolute():
        try:
            relative = candidate.resolve().relative_to(root)
        except (ValueError, OSError):
            return None
    else:
        relative = Path(PurePosixPath(text))
        if must_exist and not (root / relative).is_file():
            return None
    parts = [p for p in PurePosixPath(relative.as_posix()).parts if p not in (".", "")]
    if not parts or ".." in parts:
        return None
    return "/".join(parts)


def _frames(root: Path, details: str | None, rewrite: PathRewrite) -> list[tuple[str, int, bool]]:
    """Traceback frames outside libraries as (path in the repository, line, file exists)."""
    found = []
    for frame in parse_frames(details or ""):
        match = _FRAME.match(frame)
        if match is None or is_library_frame(frame):
            continue
        path = _inside(root, rewrite(match["file"]), must_exist=False)
        if path is not None:
            found.append((path, int(match["line"]), (root / path).is_file()))
    return found


def _place(
    case: TestCase, root: Path, producer: str | None, rewrite: PathRewrite
) -> tuple[str, int] | None:
    """The report's file, at the traceback's first line in it (where the test failed) or
    else at the report's line (where the test is defined); without a usable file in the
    report, the traceback's first frame whose file is in the repository (a bare Java file
    name is not)."""
    problem = case.detail.problem if case.detail else None
    frames = _frames(root, problem.details if problem else None, rewrite)
    reported = _inside(root, rewrite(case.file), must_exist=False) if case.file else None
    if reported is not None:
        # a report may name the file relative to its package (jest-junit): a frame's
        # repository path that ends with it is the same file, named from the root
        in_reported = [
            (path, line)
            for path, line, _ in frames
            if path == reported or path.endswith("/" + reported)
        ]
        if in_reported:
            return in_reported[0]
        line = definition_line(case, producer)
        if line is not None:
            return reported, line
    return next(((path, line) for path, line, exists in frames if exists), None)


def _message(case: TestCase) -> str:
    problem = case.detail.problem if case.detail else None
    if problem is None:
        return case.outcome.value
    text = problem.message or next(iter((problem.details or "").strip().splitlines()), "")
    if problem.type and problem.type not in text:
        text = f"{problem.type}: {text}" if text else problem.type
    return text[:MESSAGE_LIMIT] or case.outcome.value


def locate(run: Run, root: Path, rewrite: PathRewrite = PathRewrite()) -> tuple[list[Finding], int]:
    """The findings in run order, and how many failures and errors had no place to go."""
    root = root.resolve()
    producers = [source.producer for source in run.inputs]
    found: list[Finding] = []
    unplaced = 0
    for case in run.failures():
        producer = producers[case.input] if case.input < len(producers) else None
        place = _place(case, root, producer, rewrite)
        if place is None:
            unplaced += 1
            continue
        found.append(Finding(place[0], place[1], case.identity, case.outcome, _message(case)))
    return found, unplaced


def escape_data(text: str) -> str:
    """A workflow command's message: `%`, CR and LF must be encoded to stay one command."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A workflow command's property value: also `:` and `,`, which end a value."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _title(finding: Finding) -> str:
    verb = "errored" if finding.outcome is Outcome.ERROR else "failed"
    return f"{finding.identity} {verb}"


def github_commands(findings: Sequence[Finding], unplaced: int = 0) -> list[str]:
    """`::error` commands for the first findings GitHub shows, then a notice for the rest."""
    lines = []
    for finding in findings[:GITHUB_ERRORS_PER_STEP]:
        properties = ",".join(
            (
                f"file={escape_property(finding.path)}",
                f"line={finding.line}",
                f"title={escape_property(_title(finding))}",
            )
        )
        lines.append(f"::error {properties}::{escape_data(finding.message)}")
    left_out = max(len(findings) - GITHUB_ERRORS_PER_STEP, 0)
    said = []
    if left_out:
        said.append(
            f"{left_out} of {len(findings)} failures and errors are not annotated: "
            f"GitHub shows {GITHUB_ERRORS_PER_STEP} error annotations per step"
        )
    if unplaced:
        more = "more " if lines else ""
        said.append(f"{unplaced} {more}failures and errors have no file and line in the repository")
    if said:
        message = "; ".join(said)
        lines.append(f"::notice title=reportgen annotations::{escape_data(message)}")
    return lines


def _fingerprint(finding: Finding, check: str, occurrence: int) -> str:
    key = "\0".join((check, finding.identity, finding.path, str(occurrence)))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def gitlab_report(findings: Sequence[Finding]) -> str:
    """A GitLab Code Quality report (JSON array) with one issue per finding.

    The fingerprint is stable across runs while the test keeps its name and file (not its
    line, which moves with edits); repeats of one identity are numbered to stay unique.
    """
    seen: dict[tuple[str, str, str], int] = {}
    issues = []
    for finding in findings:
        check = "test-error" if finding.outcome is Outcome.ERROR else "test-failure"
        key = (check, finding.identity, finding.path)
        seen[key] = seen.get(key, 0) + 1
        issues.append(
            {
                "description": f"{_title(finding)}: {finding.message}",
                "check_name": check,
                "fingerprint": _fingerprint(finding, check, seen[key]),
                "severity": "critical" if finding.outcome is Outcome.ERROR else "major",
                "location": {"path": finding.path, "lines": {"begin": finding.line}},
            }
        )
    return json.dumps(issues, ensure_ascii=False, indent=1) + "\n"
