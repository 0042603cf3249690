"""A runner's environment for the CI scripts, and stand-in `gh`/`glab` CLIs (fake_host.py)
that answer like the hosts and record their calls."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from reportgen.render import PR_MARKER

SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "e2e-staging"
FAKE = Path(__file__).with_name("fake_host.py")
UNRELATED = 150  # more than one page of 100: the marked comment must be found on page two


class Host:
    """The stand-in's state, its call log, and the environment a runner would give."""

    def __init__(self, root: Path, *, read_only: bool = False, fork: bool = False) -> None:
        self.root = root
        self.bin = root / "bin"
        self.bin.mkdir()
        for cli in ("gh", "glab"):
            script = self.bin / cli
            script.write_text(f'#!/bin/sh\nexec "{sys.executable}" "{FAKE}" {cli} "$@"\n')
            script.chmod(0o755)
        self.state = root / "state.json"
        self.log = root / "calls.jsonl"
        comments = [
            {"id": i, "body": f"comment {i}", "html_url": f"https://host.example/c/{i}"}
            for i in range(1, UNRELATED + 1)
        ]
        comments[3]["body"] = f"> quoting it\n{PR_MARKER}"  # the marker, but not at the start
        self.state.write_text(
            json.dumps({"comments": comments, "next_id": 1000, "read_only": read_only})
        )
        head = "someone/shop" if fork else "acme/shop"
        event = {
            "pull_request": {
                "number": 7,
                "head": {"repo": {"full_name": head}},
                "base": {"repo": {"full_name": "acme/shop"}},
            }
        }
        (root / "event.json").write_text(json.dumps(event))

    def env(self, **inputs: str) -> dict[str, str]:
        runner = self.root / "runner"
        runner.mkdir(exist_ok=True)
        env = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "INPUT_"))}
        env.update(
            PATH=f"{self.bin}{os.pathsep}{env.get('PATH', '')}",
            FAKE_HOST_STATE=str(self.state),
            FAKE_HOST_LOG=str(self.log),
            GITHUB_EVENT_PATH=str(self.root / "event.json"),
            GITHUB_REPOSITORY="acme/shop",
            GITHUB_SERVER_URL="https://github.com",
            GITHUB_RUN_ID="4242",
            GITHUB_OUTPUT=str(self.root / "output"),
            GITHUB_STEP_SUMMARY=str(self.root / "summary.md"),
            RUNNER_TEMP=str(runner),
            INPUT_RESULTS=str(SAMPLE / "results"),
            INPUT_CONFIG=str(SAMPLE / "worklog.toml"),
            INPUT_FAIL_ON="failures",
            INPUT_OUT=str(self.root / "out"),
            INPUT_ARTIFACT_NAME="worklogs",
        )
        env.update({f"INPUT_{k.upper()}": v for k, v in inputs.items()})
        return env

    def run(self, platform: str = "github", **inputs: str) -> subprocess.CompletedProcess[str]:
        return self.run_with(self.env(**inputs), platform)

    def run_with(self, env: dict[str, str], platform: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "reportgen.deliver.action", platform],
            capture_output=True,
            text=True,
            env=env,
            cwd=self.root,
            timeout=300,
            check=False,
        )

    def calls(self) -> list[dict[str, Any]]:
        if not self.log.exists():
            return []
        return [json.loads(line) for line in self.log.read_text().splitlines()]

    def marked(self) -> list[dict[str, Any]]:
        comments = json.loads(self.state.read_text())["comments"]
        return [c for c in comments if c["body"].startswith(PR_MARKER)]
