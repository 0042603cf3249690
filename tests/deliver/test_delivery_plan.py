"""Which files `deliver` writes where, for every mix of profile, archive and --html.

The archive keeps full worklogs (with their sidecar and, with --html, their page); `--out`
gets the PR summary with --profile pr, or the worklog when there is no archive. Every file
is filled, all of a run share its number, and nothing else is left in either directory.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from run_builders import F, P, report_of, run_of

from reportgen.pipeline import RenderOptions, deliver


def _files(directory: Path) -> list[str]:
    if not directory.exists():
        return []
    return sorted(str(p.relative_to(directory)) for p in directory.rglob("*") if p.is_file())


@pytest.mark.parametrize(
    ("profile", "archived", "html"),
    list(itertools.product(["worklog", "pr"], [False, True], [False, True])),
)
def test_every_mix_writes_its_files_and_nothing_else(
    tmp_path: Path, profile: str, archived: bool, html: bool
) -> None:
    run = run_of({"a": P, "b": F})
    report = report_of(run, slug="nightly", date="2025-01-02")
    out, archive = tmp_path / "out", tmp_path / "archive"
    options = RenderOptions(profile=profile, html=html, step_summary=False)
    done = deliver(run, report, options, out_dir=out, archive=archive if archived else None)

    stem = "nightly-2025-01-02-01"
    expected_out = []
    if profile == "pr":
        expected_out = ["nightly-pr-2025-01-02-01.md"]
        expected_out += ["nightly-pr-2025-01-02-01.html"] if html and not archived else []
    elif not archived:
        expected_out = [f"{stem}.md"] + ([f"{stem}.html"] if html else [])
    expected_archive: list[str] = []
    if archived:
        expected_archive = ["INDEX.md", f"2025/01/{stem}.json", f"2025/01/{stem}.md"]
        expected_archive += ["INDEX.html", f"2025/01/{stem}.html"] if html else []
    assert _files(out) == sorted(expected_out)
    assert [f for f in _files(archive) if not f.startswith((".lock", "history"))] == sorted(
        expected_archive
    )
    written = [done.worklog, *done.extra]
    # every file is reported but INDEX.html, which is derived like INDEX.md and not new
    reported = [str(p.relative_to(archive if archive in p.parents else out)) for p in written]
    assert sorted(reported) == sorted(
        f for f in expected_out + expected_archive if f != "INDEX.html"
    )
    assert all(path.stat().st_size > 0 for path in written)
    assert done.sequence == 1
    main_text = done.worklog.read_text(encoding="utf-8")
    if profile == "pr":
        assert main_text.startswith("<!-- reportgen:pr-summary -->")
    else:
        assert main_text.startswith("# ")
