"""Shared plumbing for the real-tool tests: locating tools, running them, keeping their output.

Each test module runs its tool once (module-scoped fixture) in a temporary folder, then
compares what reportgen reads from the JUnit XML with what the tool itself reported.
With REALTOOLS_SAVE=1 in the environment, every module also stores its XML and the tool's
own numbers under `generated/`, so `test_rt_saved.py` can check them without the tools.
"""

from __future__ import annotations

import inspect
import json
import os
import shutil
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import pytest

from reportgen.model import Counts, Outcome, Run, TestCase

HERE = Path(__file__).resolve().parent
JS_DIR = HERE / "js"
NODE_MODULES = JS_DIR / "node_modules"
GENERATED = HERE / "generated"
SAVE_ENV = "REALTOOLS_SAVE"
TOOL_TIMEOUT = 120.0


@dataclass
class ToolRun:
    """One run of a real tool: its XML, its own numbers, and what reportgen should count."""

    tool: str
    version: str
    xml: Path
    command: list[str]
    output: str
    tool_summary: dict[str, Any]
    expected: Counts
    notes: list[str] = field(default_factory=list)
    # the tool's finer outcomes reportgen must find beside the totals (Run.kinds)
    expected_kinds: dict[str, int] = field(default_factory=dict)


def run(
    command: list[str], cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run a tool to completion; its exit status is the tool's verdict, not ours to check."""
    merged = {**os.environ, **(env or {})}
    # A developer's or CI's own pytest/node settings must not leak into the sample runs.
    for name in ("PYTEST_ADDOPTS", "PYTEST_PLUGINS", "NODE_OPTIONS", "FORCE_COLOR"):
        merged.pop(name, None)
    merged["NO_COLOR"] = "1"
    return subprocess.run(
        command,
        cwd=cwd,
        env=merged,
        capture_output=True,
        text=True,
        timeout=TOOL_TIMEOUT,
        check=False,
    )


def require_node() -> str:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    return node


def require_node_package(package: str, modules: Path = NODE_MODULES) -> Path:
    """The installed package folder; skip when `setup.sh` has not installed the JS tools."""
    require_node()
    folder = modules / package
    if not (folder / "package.json").is_file():
        pytest.skip(f"{package} is not installed: run tests/realtools/setup.sh")
    return folder


def package_version(package: str, modules: Path = NODE_MODULES) -> str:
    meta = json.loads((modules / package / "package.json").read_text(encoding="utf-8"))
    return str(meta["version"])


def node_version() -> str:
    return run([require_node(), "--version"], cwd=HERE).stdout.strip().lstrip("v")


def copy_js_project(name: str, dest: Path) -> Path:
    """Copy `js/projects/<name>` to `dest` and link the installed tools beside it."""
    shutil.copytree(JS_DIR / "projects" / name, dest)
    (dest / "node_modules").symlink_to(NODE_MODULES, target_is_directory=True)
    return dest


def python_package_version(distribution: str) -> str:
    from importlib.metadata import version

    return version(distribution)


def python_version() -> str:
    return ".".join(str(part) for part in sys.version_info[:3])


def read(path: Path) -> Run:
    from reportgen.ingest import read_reports

    return read_reports([str(path)])


def outcome_of(run_: Run, name: str) -> Outcome:
    """The outcome of the one case whose name is `name` (fails if absent or ambiguous)."""
    found = cases_named(run_, name)
    assert len(found) == 1, f"{len(found)} cases named {name!r}: {[c.identity for c in found]}"
    return found[0].outcome


def cases_named(run_: Run, name: str) -> list[TestCase]:
    # Some reporters pad names with spaces; whether reportgen trims them is not at stake here.
    return [case for case in run_.cases if case.name.strip() == name.strip()]


class Documented(Protocol):
    __doc__: str | None


def doc_lines(thing: Documented) -> list[str]:
    """A mapping function's docstring as lines, to keep beside the saved output."""
    return inspect.cleandoc(thing.__doc__ or "").splitlines()


def tally(outcomes: list[Outcome]) -> Counts:
    return Counts.of(dict(Counter(outcomes)))


def counts_dict(counts: Counts) -> dict[str, int]:
    return counts.model_dump()


def save_generated(result: ToolRun) -> None:
    """Keep the XML and the tool's numbers as fixtures, only when asked (REALTOOLS_SAVE=1)."""
    if os.environ.get(SAVE_ENV) != "1":
        return
    GENERATED.mkdir(exist_ok=True)
    shutil.copyfile(result.xml, GENERATED / f"{result.tool}.xml")
    record = {
        "tool": result.tool,
        "version": result.version,
        "command": " ".join(result.command),
        "tool_summary": result.tool_summary,
        "expected": counts_dict(result.expected),
        "expected_kinds": result.expected_kinds,
        "notes": result.notes,
    }
    text = json.dumps(record, indent=2, ensure_ascii=False) + "\n"
    (GENERATED / f"{result.tool}.json").write_text(text, encoding="utf-8")


def save_run(result: ToolRun, folder: Path, report_name: str) -> None:
    """Keep a tool's report, its console output and the record of the run in `folder`, only
    when asked (REALTOOLS_SAVE=1): the saved-output tests read them without the tool."""
    if os.environ.get(SAVE_ENV) != "1":
        return
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(result.xml, folder / report_name)
    (folder / f"{result.tool}.console.txt").write_text(result.output, encoding="utf-8")
    record: dict[str, Any] = {
        "tool": result.tool,
        "report": report_name,
        "version": result.version,
        "command": " ".join(result.command),
        "tool_summary": result.tool_summary,
        "expected": counts_dict(result.expected),
        "expected_kinds": result.expected_kinds,
        "notes": result.notes,
    }
    text = json.dumps(record, indent=2, ensure_ascii=False) + "\n"
    (folder / f"{result.tool}.record.json").write_text(text, encoding="utf-8")
