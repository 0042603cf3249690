"""The CI examples in the README are the files in samples/ci, and they work as a real pull
request exercises them: the action's step and the GitLab template's script run against
stand-in `gh`/`glab`, the test step keeps pytest's crashes, the archive is kept between runs."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from reportgen.exitcodes import ExitCode

from .test_exit_codes import ROOT, SAMPLE

sys.path.insert(0, str(ROOT / "tests" / "ci"))
from ci_outputs import read_outputs
from hosts import Host

CI = ROOT / "samples" / "ci"
EXAMPLES = sorted(CI.glob("*.yml"))
ACTION = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
GITHUB = yaml.safe_load((CI / "github-actions.yml").read_text(encoding="utf-8"))
FORK = yaml.safe_load((CI / "github-fork-comment.yml").read_text(encoding="utf-8"))
GITLAB = yaml.safe_load((CI / "gitlab-ci.yml").read_text(encoding="utf-8"))
TEMPLATE = yaml.safe_load((CI / "gitlab-reportgen.yml").read_text(encoding="utf-8"))


def _scripts(node: object) -> list[str]:
    """Every shell script in a workflow: `run:` values (GitHub) and script items (GitLab)."""
    found: list[str] = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "run" and isinstance(value, str):
                found.append(value)
            elif key in ("script", "before_script") and isinstance(value, list):
                found.extend(v for v in value if isinstance(v, str))
            else:
                found.extend(_scripts(value))
    elif isinstance(node, list):
        for item in node:
            found.extend(_scripts(item))
    return found


def _steps(workflow: dict[str, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job["steps"]]


def _action_step(workflow: dict[str, Any]) -> dict[str, Any]:
    (step,) = [s for s in _steps(workflow) if str(s.get("uses", "")).endswith("/reportgen@v1")]
    return step


def test_there_are_examples_for_github_and_gitlab() -> None:
    assert [p.name for p in EXAMPLES] == [
        "github-actions.yml",
        "github-fork-comment.yml",
        "gitlab-ci.yml",
        "gitlab-reportgen.yml",
    ]


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_readme_shows_the_example_verbatim(example: Path) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert example.read_text(encoding="utf-8") in readme


@pytest.mark.parametrize("workflow", [GITHUB, FORK], ids=["tests", "fork-comment"])
def test_github_samples_use_the_action_with_inputs_it_has(workflow: dict[str, Any]) -> None:
    step = _action_step(workflow)
    given = set(step["with"])
    assert given <= set(ACTION["inputs"]), given - set(ACTION["inputs"])
    assert "results" in given
    # one run per pull request at a time: two pushes never race to two comments
    assert "${{ github" in workflow["concurrency"]["group"]
    assert workflow["permissions"]["pull-requests"] == "write"


def _expand(text: str, values: dict[str, str]) -> str:
    return values.get(text, text)


def test_the_sample_workflows_step_renders_comments_and_gates(tmp_path: Path) -> None:
    step = _action_step(GITHUB)
    archive = tmp_path / "archive"
    substitutes = {
        "reports/": str(SAMPLE / "results"),
        "worklog.toml": str(SAMPLE / "worklog.toml"),
        "worklog-archive": str(archive),
    }
    inputs = {name: _expand(str(value), substitutes) for name, value in step["with"].items()}
    host = Host(tmp_path)
    for _ in range(2):
        result = host.run(**{name.replace("-", "_"): value for name, value in inputs.items()})
        # the sample fails tests on purpose: the gate trips (1) after the comment is posted
        assert result.returncode == ExitCode.GATE_FAILED, result.stderr
        assert "::error file=tests/e2e/staging/" in result.stderr
    assert len(host.marked()) == 1
    (comment,) = host.marked()
    assert "actions/runs/4242" in comment["body"] and "`worklog` artifact" in comment["body"]
    # the second run is compared with the first, kept in the archive
    assert f"**Compared with:** `{archive}/" in comment["body"]
    outputs = read_outputs(tmp_path / "output")
    assert outputs["comment"] == "updated" and Path(outputs["worklog"]).is_relative_to(archive)


def test_the_archive_is_restored_and_saved_where_the_action_keeps_it() -> None:
    steps = _steps(GITHUB)
    archive = _action_step(GITHUB)["with"]["archive"]
    uses = {str(s.get("uses", "")).split("@")[0]: s for s in steps}
    restore, save = uses["actions/cache/restore"], uses["actions/cache/save"]
    assert restore["with"]["path"] == save["with"]["path"] == archive
    assert restore["with"]["restore-keys"] and save["with"]["key"] == restore["with"]["key"]
    assert steps.index(restore) < steps.index(_action_step(GITHUB)) < steps.index(save)
    # the steps after the tests run even when a test step failed (a crash), unless cancelled
    for step in (restore, _action_step(GITHUB), save):
        assert "!cancelled()" in step["if"]


def _run_with_python_exiting(script: str, status: int, tmp_path: Path) -> int:
    """Run a test step's script with a `python` that exits `status` (as pytest would)."""
    bin_dir = tmp_path / f"bin{status}"
    bin_dir.mkdir(exist_ok=True)
    (bin_dir / "python").write_text(f"#!/bin/sh\nexit {status}\n")
    (bin_dir / "python").chmod(0o755)
    env = {"PATH": f"{bin_dir}:/usr/bin:/bin", "GITHUB_OUTPUT": str(tmp_path / "o")}
    shell = ["bash", "-e", "-c", script]  # GitHub runs `bash -e`; GitLab stops on an error
    return subprocess.run(shell, env=env, capture_output=True, check=False).returncode


@pytest.mark.parametrize("status", [0, 1, 2, 3, 4, 5])
def test_test_steps_keep_pytests_crashes(status: int, tmp_path: Path) -> None:
    (github,) = [s["run"] for s in _steps(GITHUB) if "pytest" in s.get("run", "")]
    (gitlab,) = [line for line in GITLAB["test"]["script"] if "pytest" in line]
    expected = 0 if status <= 1 else status  # failures are reportgen's to judge
    assert _run_with_python_exiting(github, status, tmp_path) == expected
    assert (_run_with_python_exiting(gitlab, status, tmp_path) == 0) is (status <= 1)


def test_no_sample_hides_a_command_s_exit_status() -> None:
    for example in EXAMPLES:
        text = example.read_text(encoding="utf-8")
        assert "|| true" not in text and "set +e" not in text, example.name


def test_gitlab_includes_the_template_and_extends_it() -> None:
    assert GITLAB["include"][0]["local"].endswith("gitlab-reportgen.yml")
    job = GITLAB["worklog"]
    assert job["extends"] == ".reportgen" and job["needs"][0]["job"] == "test"
    assert job["resource_group"]  # one pipeline of a branch updates its note at a time
    assert "reports/" in GITLAB["test"]["artifacts"]["paths"]


def test_the_gitlab_templates_script_posts_a_note_and_writes_code_quality(
    tmp_path: Path,
) -> None:
    template = TEMPLATE[".reportgen"]
    (script,) = template["script"]
    words = script.split()
    assert words[1:] == ["-m", "reportgen.deliver.action", "gitlab"]
    host = Host(tmp_path)
    env = {k: v for k, v in host.env().items() if not k.startswith(("GITHUB_", "INPUT_"))}
    substitutes = {
        "reports/": str(SAMPLE / "results"),
        "worklog.toml": str(SAMPLE / "worklog.toml"),
    }
    env.update(
        {k: _expand(str(v), substitutes) for k, v in template["variables"].items()},
        CI_PROJECT_ID="5",
        CI_MERGE_REQUEST_IID="12",
        CI_SERVER_URL="https://gitlab.example.com",
        CI_JOB_URL="https://gitlab.example.com/g/p/-/jobs/9",
        GITLAB_TOKEN="not-a-real-token",
    )
    command = [sys.executable, *words[1:]]
    for _ in range(2):
        done = subprocess.run(command, env=env, cwd=tmp_path, capture_output=True, text=True)
        assert done.returncode == ExitCode.GATE_FAILED, done.stderr
    assert [c["method"] for c in host.calls() if c["method"] != "GET"] == ["POST", "PUT"]
    assert len(host.marked()) == 1
    quality = tmp_path / template["artifacts"]["reports"]["codequality"]
    findings = json.loads(quality.read_text(encoding="utf-8"))
    assert findings and all(f["location"]["lines"]["begin"] >= 1 for f in findings)
    kept = template["cache"]["paths"][0].rstrip("/")
    assert kept == template["variables"]["INPUT_ARCHIVE"] and (tmp_path / kept).is_dir()
    assert f"{template['variables']['INPUT_OUT']}/" in template["artifacts"]["paths"]


_BRANCHES = {"main", "master", "HEAD", "latest", ""}


def test_reportgen_is_pinned_and_never_installed_by_its_taken_name() -> None:
    """The PyPI name `reportgen` belongs to another project; a moving branch is not a pin."""
    for step in (_action_step(GITHUB), _action_step(FORK)):
        assert step["uses"].rsplit("@", 1)[1] not in _BRANCHES
    assert TEMPLATE[".reportgen"]["variables"]["REPORTGEN_REF"] not in _BRANCHES
    for example in EXAMPLES:
        for line in _scripts(yaml.safe_load(example.read_text(encoding="utf-8"))):
            assert not re.search(r"pip install (-\S+ )*['\"]?reportgen\b", line), line
