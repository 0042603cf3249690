from pathlib import Path

from reportgen.deliver.ci import append_step_summary, set_outputs


def test_nothing_happens_without_the_variable(tmp_path: Path) -> None:
    assert append_step_summary("hello", env={}) is None
    assert append_step_summary("hello", env={"GITHUB_STEP_SUMMARY": ""}) is None


def test_summaries_are_appended(tmp_path: Path) -> None:
    target = tmp_path / "summary.md"
    env = {"GITHUB_STEP_SUMMARY": str(target)}
    assert append_step_summary("# one", env=env) == target
    append_step_summary("# two\n", env=env)
    assert target.read_text() == "# one\n# two\n"


def test_long_text_is_cut_at_a_line_within_the_limit(tmp_path: Path) -> None:
    target = tmp_path / "summary.md"
    target.write_text("x" * 100 + "\n")
    lines = ["```text"] + [f"line {i} ✅" for i in range(200)] + ["```"]
    append_step_summary("\n".join(lines), env={"GITHUB_STEP_SUMMARY": str(target)}, limit=1000)
    data = target.read_bytes()
    assert len(data) <= 1000
    written = data.decode("utf-8").splitlines()
    body = written[1:written.index("```", 2)]
    assert body == lines[: len(body)] and len(body) > 10
    assert written[-1].startswith("> Summary cut at ")
    # 8 (fence) + 10*11 + 90*12 + 100*13 (lines; ✅ is 3 bytes) + 4 (closing fence) = 2502
    assert " of 2,502 bytes" in written[-1]


def test_full_summary_takes_nothing_more(tmp_path: Path) -> None:
    target = tmp_path / "summary.md"
    target.write_text("x" * 990)
    assert append_step_summary("a\nb\n" * 50, env={"GITHUB_STEP_SUMMARY": str(target)},
                               limit=1000) is None
    assert target.stat().st_size == 990


def test_outputs_survive_several_lines(tmp_path: Path) -> None:
    target = tmp_path / "output"
    env = {"GITHUB_OUTPUT": str(target)}
    assert set_outputs({"status": "MISSED", "notes": "a\nb=c"}, env=env) == target
    lines = target.read_text().splitlines()
    assert lines[0].startswith("status<<ghadelimiter_") and lines[1:3] == ["MISSED",
                                                                       lines[0][8:]]
    assert lines[3].startswith("notes<<") and lines[4:6] == ["a", "b=c"]
    assert lines[6] == lines[3][len("notes<<"):]
    assert set_outputs({"x": "y"}, env={}) is None
