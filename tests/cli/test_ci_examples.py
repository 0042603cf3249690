"""The CI examples in the README are the files in samples/ci, and their commands work."""

from __future__ import annotations

import json
import shlex
from pathlib import Path

import pytest
import yaml

from reportgen.exitcodes import ExitCode
from reportgen.render import PR_MARKER

from .test_exit_codes import ROOT, SAMPLE, run_cli

EXAMPLES = sorted((ROOT / "samples" / "ci").glob("*.yml"))


def _scripts(node: object) -> list[str]:
    """Every shell script in a workflow: `run:` values (GitHub) and `script:` items (GitLab)."""
    found: list[str] = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "run" and isinstance(value, str):
                found.append(value)
            elif key == "script" and isinstance(value, list):
                found.extend(v for v in value if isinstance(v, str))
            else:
                found.extend(_scripts(value))
    elif isinstance(node, list):
        for item in node:
            found.extend(_scripts(item))
    return found


def _reportgen_commands(script: str) -> list[list[str]]:
    joined = script.replace("\\\n", " ")
    commands = []
    for line in joined.splitlines():
        words = shlex.split(line.strip())
        if words[:1] == ["reportgen"]:
            if ">" in words:
                words = words[: words.index(">")]
            commands.append(words[1:])
    return commands


def test_there_are_examples_for_github_and_gitlab() -> None:
    assert [p.name for p in EXAMPLES] == ["github-actions.yml", "gitlab-ci.yml"]


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_readme_shows_the_example_verbatim(example: Path) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert example.read_text(encoding="utf-8") in readme


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_example_commands_run_on_a_sample(example: Path, tmp_path: Path) -> None:
    workflow = yaml.safe_load(example.read_text(encoding="utf-8"))
    commands = [c for s in _scripts(workflow) for c in _reportgen_commands(s)]
    assert commands, "the example runs no reportgen command"
    substitutes = {
        "reports/": str(SAMPLE / "results"),
        "worklog.toml": str(SAMPLE / "worklog.toml"),
        "worklogs": str(tmp_path / "worklogs"),
        "gitlab=gl-code-quality-report.json": f"gitlab={tmp_path / 'quality.json'}",
    }
    for words in commands:
        args = [substitutes.get(w, w) for w in words]
        result = run_cli(*args, GITHUB_STEP_SUMMARY=str(tmp_path / "summary.md"))
        # The sample fails tests on purpose, so a gate on failures trips (1), never anything else.
        expected = ExitCode.GATE_FAILED if "failures" in " ".join(words) else ExitCode.OK
        assert result.returncode == expected, result.stderr
        written = Path(result.stdout.splitlines()[0])
        assert written.is_file() and written.parent == tmp_path / "worklogs"
        if "github" in words:
            assert "::error file=tests/e2e/staging/" in result.stderr
        if "gitlab=gl-code-quality-report.json" in words:
            findings = json.loads((tmp_path / "quality.json").read_text(encoding="utf-8"))
            assert findings and all(f["location"]["lines"]["begin"] >= 1 for f in findings)


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_examples_show_annotations(example: Path) -> None:
    text = example.read_text(encoding="utf-8")
    target = "github" if example.name.startswith("github") else "gitlab="
    assert f"--annotations {target}" in text
    if target == "gitlab=":
        workflow = yaml.safe_load(text)
        report = workflow["test"]["artifacts"]["reports"]["codequality"]
        assert f"--annotations gitlab={report}" in text


def test_github_comment_script_looks_for_reportgens_marker() -> None:
    text = (ROOT / "samples" / "ci" / "github-actions.yml").read_text(encoding="utf-8")
    assert f"const marker = '{PR_MARKER}';" in text


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_examples_install_reportgen_from_its_repository(example: Path) -> None:
    """The PyPI name `reportgen` belongs to another project: never install it by name."""
    workflow = yaml.safe_load(example.read_text(encoding="utf-8"))
    installs = [
        words
        for script in _scripts(workflow)
        for line in script.replace("\\\n", " ").splitlines()
        if (words := shlex.split(line.strip()))[:2] == ["pip", "install"]
    ]
    assert installs
    assert all("reportgen" not in words for words in installs)
    assert any("./.reportgen" in words for words in installs)
