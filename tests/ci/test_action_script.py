"""The GitHub Action's (and the GitLab template's) script end to end, against stand-in `gh`
and `glab` CLIs that answer like the hosts: render, job summary, outputs, one sticky comment."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from ci_outputs import read_outputs
from hosts import Host

from reportgen.exitcodes import ExitCode
from reportgen.render import PR_MARKER


def _writes(calls: list[dict[str, Any]]) -> list[str]:
    return [c["method"] for c in calls if c["method"] != "GET"]


def test_render_summary_outputs_and_one_comment_updated_in_place(tmp_path: Path) -> None:
    host = Host(tmp_path)
    first = host.run()
    # the sample fails tests on purpose: the gate's 1 is the step's result, after the comment
    assert first.returncode == ExitCode.GATE_FAILED, first.stderr
    calls = host.calls()
    assert [c["path"] for c in calls[:2]] == [
        "repos/acme/shop/issues/7/comments?per_page=100&page=1",
        "repos/acme/shop/issues/7/comments?per_page=100&page=2",
    ]
    assert _writes(calls) == ["POST"] and calls[-1]["path"] == "repos/acme/shop/issues/7/comments"
    (comment,) = host.marked()
    assert "[workflow run](https://github.com/acme/shop/actions/runs/4242)" in comment["body"]
    assert "`worklogs` artifact" in comment["body"]
    assert len(comment["body"].encode()) <= 65_535
    summary = (tmp_path / "summary.md").read_text(encoding="utf-8")
    assert summary.startswith(PR_MARKER)
    outputs = read_outputs(tmp_path / "output")
    assert (outputs["tests"], outputs["failed"], outputs["comment"]) == ("39", "13", "created")
    assert outputs["exit_code"] == "1" and outputs["comment_id"] == str(comment["id"])
    assert Path(outputs["worklog"]).is_file() and Path(outputs["pr_summary"]).is_file()
    assert "::error file=" in first.stderr  # annotations at the failing lines

    host.log.unlink()
    second = host.run()
    assert second.returncode == ExitCode.GATE_FAILED, second.stderr
    assert _writes(host.calls()) == ["PATCH"]
    assert host.calls()[-1]["path"] == f"repos/acme/shop/issues/comments/{comment['id']}"
    (updated,) = host.marked()
    assert updated["id"] == comment["id"] and updated["body"] != comment["body"]
    assert read_outputs(tmp_path / "output")["comment"] == "updated"


def test_a_later_copy_left_by_a_race_is_removed(tmp_path: Path) -> None:
    host = Host(tmp_path)
    state = json.loads(host.state.read_text())
    state["comments"] += [
        {"id": 2001, "body": f"{PR_MARKER}\nold", "html_url": "u1"},
        {"id": 2002, "body": f"{PR_MARKER}\nolder race", "html_url": "u2"},
    ]
    host.state.write_text(json.dumps(state))
    assert host.run().returncode == ExitCode.GATE_FAILED
    assert _writes(host.calls()) == ["DELETE", "PATCH"]
    assert [c["id"] for c in host.marked()] == [2001]


def test_a_fork_is_skipped_with_a_notice_and_the_gate_still_decides(tmp_path: Path) -> None:
    host = Host(tmp_path, read_only=True, fork=True)
    result = host.run()
    assert result.returncode == ExitCode.GATE_FAILED, result.stderr
    assert "::notice title=reportgen comment::comment skipped on acme/shop#7" in result.stderr
    assert "from a fork gets a read-only token" in result.stderr and "workflow_run" in result.stderr
    assert _writes(host.calls()) == ["POST"] and host.marked() == []
    assert read_outputs(tmp_path / "output")["comment"] == "forbidden"
    # and a passing run on a fork passes
    passing = _passing_report(tmp_path)
    assert host.run(results=str(passing)).returncode == ExitCode.OK


def _passing_report(root: Path) -> Path:
    report = root / "passing.xml"
    report.write_text(
        '<testsuite name="s" tests="1"><testcase classname="c" name="ok"/></testsuite>'
    )
    return report


def test_on_failure_and_update_only_never_create_for_a_passing_run(tmp_path: Path) -> None:
    host = Host(tmp_path)
    passing = _passing_report(tmp_path)
    for mode in ("on-failure", "update-only"):
        result = host.run(results=str(passing), config="", comment=mode)
        assert result.returncode == ExitCode.OK, result.stderr
        assert _writes(host.calls()) == [] and host.marked() == []
    # a failing run creates it on-failure; a later passing run updates it (never left red)
    assert host.run(comment="on-failure").returncode == ExitCode.GATE_FAILED
    assert len(host.marked()) == 1
    assert host.run(results=str(passing), config="", comment="update-only").returncode == 0
    (comment,) = host.marked()
    assert "1 passed" in comment["body"] or "1 test" in comment["body"]
    host.log.unlink()
    assert host.run(comment="off").returncode == ExitCode.GATE_FAILED
    assert host.calls() == []


def test_a_missing_config_fails_the_step_and_posts_nothing(tmp_path: Path) -> None:
    host = Host(tmp_path)
    result = host.run(config=str(tmp_path / "missing.toml"))
    assert result.returncode == ExitCode.USAGE
    assert "missing.toml" in result.stderr and host.calls() == []
    assert read_outputs(tmp_path / "output")["exit_code"] == "2"


def test_not_a_pull_request_renders_and_gates_without_a_comment(tmp_path: Path) -> None:
    host = Host(tmp_path)
    env = host.env()
    env.pop("GITHUB_EVENT_PATH")
    result = host.run_with(env, "github")
    assert result.returncode == ExitCode.GATE_FAILED
    assert "no comment: not a pull request" in result.stderr and host.calls() == []


@pytest.mark.parametrize("bad", [{"comment": "sometimes"}, {"results": ""}])
def test_bad_inputs_are_usage_errors(tmp_path: Path, bad: dict[str, str]) -> None:
    result = Host(tmp_path).run(**bad)
    assert result.returncode == ExitCode.USAGE and "reportgen:" in result.stderr


def test_gitlab_note_created_then_updated_and_code_quality_written(tmp_path: Path) -> None:
    host = Host(tmp_path)
    env = host.env()
    env.update(
        CI_PROJECT_ID="99",
        CI_MERGE_REQUEST_IID="3",
        CI_SERVER_URL="https://gitlab.example.com",
        CI_JOB_URL="https://gitlab.example.com/acme/shop/-/jobs/77",
        GITLAB_TOKEN="not-a-real-token",
    )
    for key in [k for k in env if k.startswith("GITHUB_")]:
        env.pop(key)
    first = host.run_with(env, "gitlab")
    assert first.returncode == ExitCode.GATE_FAILED, first.stderr
    calls = host.calls()
    assert {c["cli"] for c in calls} == {"glab"}
    assert calls[0]["path"] == (
        "projects/99/merge_requests/3/notes?per_page=100&page=1&sort=asc&order_by=created_at"
    )
    assert _writes(calls) == ["POST"]
    (note,) = host.marked()
    assert "[pipeline job](https://gitlab.example.com/acme/shop/-/jobs/77)" in note["body"]
    quality = json.loads((tmp_path / "out" / "gl-code-quality.json").read_text())
    assert quality and all(f["check_name"].startswith("test-") for f in quality)
    host.log.unlink()
    assert host.run_with(env, "gitlab").returncode == ExitCode.GATE_FAILED
    assert _writes(host.calls()) == ["PUT"]
    assert host.calls()[-1]["path"] == f"projects/99/merge_requests/3/notes/{note['id']}"
    assert len(host.marked()) == 1
    # without a token the note is skipped, saying how to enable it
    env.pop("GITLAB_TOKEN")
    host.log.unlink()
    result = host.run_with(env, "gitlab")
    assert result.returncode == ExitCode.GATE_FAILED and host.calls() == []
    assert "set GITLAB_TOKEN" in result.stderr
