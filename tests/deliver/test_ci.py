from pathlib import Path

import pytest

from reportgen.deliver.ci import SummarySlot, append_step_summary, set_outputs, step_summary_slot


def test_nothing_happens_without_the_variable(tmp_path: Path) -> None:
    assert step_summary_slot(env={}) is None
    assert step_summary_slot(env={"GITHUB_STEP_SUMMARY": ""}) is None


def test_summaries_are_appended(tmp_path: Path) -> None:
    target = tmp_path / "summary.md"
    env = {"GITHUB_STEP_SUMMARY": str(target)}
    for text in ("# one", "# two\n"):
        slot = step_summary_slot(env=env)
        assert slot is not None and append_step_summary(slot, text) == target
    assert target.read_text() == "# one\n# two\n"


def test_the_room_left_is_what_the_file_can_still_take(tmp_path: Path) -> None:
    target = tmp_path / "summary.md"
    target.write_text("x" * 100 + "\n")
    slot = step_summary_slot(env={"GITHUB_STEP_SUMMARY": str(target)}, limit=5000)
    assert slot == SummarySlot(target, 5000 - 101 - 1)
    append_step_summary(slot, "y" * slot.room)
    assert target.stat().st_size == 5000


def test_text_over_the_room_is_refused_not_cut(tmp_path: Path) -> None:
    target = tmp_path / "summary.md"
    slot = step_summary_slot(env={"GITHUB_STEP_SUMMARY": str(target)}, limit=4000)
    assert slot is not None
    with pytest.raises(ValueError, match="needs 3999 bytes at most"):
        append_step_summary(slot, "z" * 5000)
    assert not target.exists()


def test_full_summary_takes_nothing_more(tmp_path: Path) -> None:
    target = tmp_path / "summary.md"
    target.write_text("x" * 990)
    assert step_summary_slot(env={"GITHUB_STEP_SUMMARY": str(target)}, limit=1500) is None
    assert target.stat().st_size == 990


def test_outputs_survive_several_lines(tmp_path: Path) -> None:
    target = tmp_path / "output"
    env = {"GITHUB_OUTPUT": str(target)}
    assert set_outputs({"status": "MISSED", "notes": "a\nb=c"}, env=env) == target
    lines = target.read_text().splitlines()
    assert lines[0].startswith("status<<ghadelimiter_") and lines[1:3] == ["MISSED", lines[0][8:]]
    assert lines[3].startswith("notes<<") and lines[4:6] == ["a", "b=c"]
    assert lines[6] == lines[3][len("notes<<") :]
    assert set_outputs({"x": "y"}, env={}) is None
