"""Sources, ordering, parallel reading and the assembled Run."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from reportgen.ingest import FileResult, expand_sources, parallel, read_report, read_reports
from reportgen.model import Counts, InputStatus, Outcome


def suite(name: str, failing: int = 0, passing: int = 2) -> str:
    cases = [f'<testcase classname="{name}" name="ok{i}" time="0.5"/>' for i in range(passing)]
    cases += [
        f'<testcase classname="{name}" name="bad{i}" time="0.25">'
        f'<failure message="m{i}"/></testcase>'
        for i in range(failing)
    ]
    return (
        f'<testsuite name="{name}" timestamp="2024-05-01T10:00:00" time="1">'
        + "".join(cases)
        + "</testsuite>"
    )


def make_tree(root: Path, count: int) -> list[Path]:
    paths = []
    for i in range(count):
        folder = root / f"part{i % 3}"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"TEST-{i:03d}.xml"
        path.write_text(suite(f"s{i:03d}", failing=i % 2))
        paths.append(path)
    return sorted(paths)


def test_expand_sources(tmp_path: Path) -> None:
    files = make_tree(tmp_path / "reports", 4)
    (tmp_path / "empty").mkdir()
    (tmp_path / "reports" / "notes.txt").write_text("not a report")
    paths, rejected = expand_sources(
        [
            str(tmp_path / "reports"),
            str(files[0]),  # named again: read once
            str(tmp_path / "reports" / "part1" / "*.xml"),
            "-",
            str(tmp_path / "missing.xml"),
            str(tmp_path / "empty"),
            str(tmp_path / "nothing-*.xml"),
        ]
    )
    assert paths == [str(p) for p in files] + ["-"]
    assert [(r.path, r.problem.message if r.problem else None) for r in rejected] == [
        (str(tmp_path / "missing.xml"), "no such file or directory"),
        (str(tmp_path / "empty"), "directory holds no test report (*.xml, *.trx, CTRF *.json)"),
        (str(tmp_path / "nothing-*.xml"), "no file matches this pattern"),
    ]
    assert all(r.status is InputStatus.REJECTED and r.problem and r.problem.hint for r in rejected)


def test_read_reports_is_deterministic_whatever_the_parallelism(tmp_path: Path) -> None:
    make_tree(tmp_path, 12)
    (tmp_path / "part0" / "broken.xml").write_text("<testsuite><testcase name='x'")
    seen: list[tuple[int, int]] = []
    serial = read_reports([str(tmp_path), str(tmp_path / "gone.xml")], jobs=1)
    parallel = read_reports(
        [str(tmp_path), str(tmp_path / "gone.xml")],
        jobs=2,
        progress=lambda d, t: seen.append((d, t)),
    )
    assert parallel.model_dump() == serial.model_dump()
    assert [i.path for i in serial.inputs][-1] == str(tmp_path / "gone.xml")
    assert serial.counts == Counts(passed=24, failed=6)
    # gone.xml is rejected; broken.xml, a JUnit root cut mid-write, is partial with 0 tests
    statuses = [i.status for i in serial.inputs]
    assert (statuses.count(InputStatus.REJECTED), statuses.count(InputStatus.PARTIAL)) == (1, 1)
    # Case input indexes point at their file in Run.inputs.
    for case in serial.cases:
        assert serial.inputs[case.input].path.endswith(f"TEST-{case.classname[1:]}.xml")
    assert seen[-1] == (13, 13) and [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_totals_only_run(tmp_path: Path) -> None:
    make_tree(tmp_path, 4)
    run = read_reports([str(tmp_path)], keep_passing=False)
    assert run.cases_complete is False
    assert run.counts == Counts(passed=8, failed=2)
    assert {c.outcome for c in run.cases} == {Outcome.FAILED}
    assert run.started is not None and run.started.tzinfo is not None
    assert run.finished is not None and (run.finished - run.started).total_seconds() == 1.0


def test_run_round_trips_through_json(tmp_path: Path) -> None:
    make_tree(tmp_path, 2)
    run = read_reports([str(tmp_path)])
    assert type(run).load_json(run.dump_json()).model_dump() == run.model_dump()


def _reader_naming_its_process(path: str, index: int, **options: object) -> FileResult:
    result = read_report(path, index, **options)  # type: ignore[arg-type]
    result.input.producer = str(os.getpid())
    return result


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="needs two cores")
def test_worker_processes_are_used_for_many_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_tree(tmp_path, 8)
    # Workers are forked, so they read with the patched function and report their pid.
    monkeypatch.setattr(parallel, "read_report", _reader_naming_its_process)
    run = read_reports([str(tmp_path)], jobs=2)
    assert run.counts.total == 20
    pids = {i.producer for i in run.inputs}
    assert pids and str(os.getpid()) not in pids
