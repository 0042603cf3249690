"""The repository's `action.yml`: a composite action whose steps run, with its inputs given as
variables (never pasted into the shell), the script the other tests check end to end."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml
from ci_outputs import read_outputs
from hosts import Host

from reportgen.exitcodes import ExitCode

ROOT = Path(__file__).resolve().parents[2]
ACTION = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
_EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


def _step(step_id: str) -> dict[str, Any]:
    (found,) = [s for s in ACTION["runs"]["steps"] if s.get("id") == step_id]
    return found


def test_composite_with_the_inputs_the_issue_names() -> None:
    assert ACTION["runs"]["using"] == "composite"
    assert ACTION["inputs"]["results"]["required"] is True
    for name in ("config", "timings", "profile", "archive", "fail-on", "comment"):
        assert name in ACTION["inputs"]
    assert "off, always, on-failure" in ACTION["inputs"]["comment"]["description"]
    assert "update-only" in ACTION["inputs"]["comment"]["description"]


def test_every_input_reaches_the_script_and_no_run_script_pastes_an_expression() -> None:
    used = {
        match
        for step in ACTION["runs"]["steps"]
        for value in [*(step.get("env") or {}).values(), step.get("working-directory", "")]
        for match in _EXPRESSION.findall(str(value))
    }
    assert {f"inputs.{name}" for name in ACTION["inputs"]} <= used
    # the script reads INPUT_<NAME>, as a JavaScript action's inputs are named
    (script,) = [s for s in ACTION["runs"]["steps"] if s.get("id") == "reportgen"]
    for variable, value in script["env"].items():
        if variable.startswith("INPUT_"):
            name = value.removeprefix("${{ inputs.").removesuffix(" }}")
            assert variable == "INPUT_" + name.upper().replace("-", "_")
    for step in ACTION["runs"]["steps"]:
        assert "${{" not in step.get("run", ""), step["name"]


def test_installs_from_the_actions_own_checkout() -> None:
    install = ACTION["runs"]["steps"][0]["run"]
    assert '"${REPORTGEN_VERSION:-$GITHUB_ACTION_PATH}"' in install
    assert "pip install reportgen" not in install  # that name on PyPI is another project


def test_outputs_are_the_steps_outputs() -> None:
    for name, output in ACTION["outputs"].items():
        assert output["value"] == f"${{{{ steps.reportgen.outputs.{name} }}}}"
    names = set(ACTION["outputs"])
    assert {"tests", "passed", "failed", "errors", "skipped", "flaky", "health"} <= names
    assert {"status", "new_failures", "worklog", "summary_json", "exit_code"} <= names


def _expand(value: str, inputs: dict[str, str]) -> str:
    def one(match: re.Match[str]) -> str:
        name = match[1]
        if name.startswith("inputs."):
            key = name.removeprefix("inputs.")
            default = _expand(str(ACTION["inputs"][key].get("default", "")), inputs)
            return inputs.get(key, default)
        assert name == "github.token", name
        return "a-token"

    return _EXPRESSION.sub(one, value)


def test_the_run_step_as_the_runner_runs_it(tmp_path: Path) -> None:
    host = Host(tmp_path)
    venv = tmp_path / "runner" / "reportgen-venv" / "bin"
    venv.mkdir(parents=True)
    (venv / "python").write_text(f'#!/bin/sh\nexec "{sys.executable}" "$@"\n')
    (venv / "python").chmod(0o755)
    env = {k: v for k, v in host.env().items() if not k.startswith("INPUT_")}
    step = _step("reportgen")
    inputs = {
        "results": str(ROOT / "samples" / "e2e-staging" / "results"),
        "config": str(ROOT / "samples" / "e2e-staging" / "worklog.toml"),
        "fail-on": "missed,failures",
    }
    env.update({k: _expand(str(v), inputs) for k, v in step["env"].items()})
    assert env["GH_TOKEN"] == "a-token" and env["INPUT_COMMENT"] == "always"
    work = tmp_path / _expand(step["working-directory"], inputs)
    done = subprocess.run(
        ["bash", "-e", "-c", step["run"]], env=env, cwd=work, capture_output=True, text=True
    )
    assert done.returncode == ExitCode.GATE_FAILED, done.stderr
    outputs = read_outputs(tmp_path / "output")
    assert outputs["comment"] == "created" and outputs["tests"] == "39"
    assert Path(outputs["worklog"]).is_absolute() and Path(outputs["worklog"]).is_file()
    assert (tmp_path / "reportgen-out").is_dir()  # the default out, in the working directory
    assert len(host.marked()) == 1
