"""The plain-text summary of `reportgen summary`."""

from __future__ import annotations

from pathlib import Path

from reportgen.ingest import read_reports
from reportgen.model import InputStatus
from reportgen.render.terminal import problems, summarize


def _report(tmp_path: Path, body: str, name: str = "r.xml") -> str:
    path = tmp_path / name
    path.write_text(f'<testsuites><testsuite name="s">{body}</testsuite></testsuites>', "utf-8")
    return str(path)


def test_totals_rate_and_per_file_lines(tmp_path: Path) -> None:
    first = _report(
        tmp_path,
        '<testcase classname="c" name="a" time="1.5"/>'
        '<testcase classname="c" name="b" time="0.5"><skipped/></testcase>'
        '<testcase classname="c" name="d" time="1"><error message="boom" type="IOError"/>'
        "</testcase>",
        "one.xml",
    )
    second = _report(tmp_path, '<testcase classname="c" name="e" time="2"/>', "two.xml")
    lines = summarize(read_reports([first, second])).splitlines()
    assert lines[0] == "4 tests, 2 passed, 0 failed, 1 error, 1 skipped"
    assert lines[1].startswith("pass rate 66.7% (passed+flaky / (total-skipped)), test time 5.00s")
    assert f"{first}: 3 tests, 1 passed, 0 failed, 1 error, 1 skipped; 50.0%; 3.00s" in lines
    assert lines[-2] == f"  ERROR   c::d  ({first}:1)"
    assert lines[-1].strip() == "IOError: boom"


def test_type_is_not_repeated_when_the_message_starts_with_it(tmp_path: Path) -> None:
    path = _report(
        tmp_path,
        '<testcase classname="c" name="a"><failure type="org.x.AssertionFailedError" '
        'message="org.x.AssertionFailedError: expected: 1"/></testcase>',
    )
    assert summarize(read_reports([path])).splitlines()[-1].strip() == (
        "org.x.AssertionFailedError: expected: 1"
    )


def test_at_most_ten_failures_are_listed(tmp_path: Path) -> None:
    body = "".join(
        f'<testcase classname="c" name="t{i}"><failure message="m{i}"/></testcase>'
        for i in range(12)
    )
    text = summarize(read_reports([_report(tmp_path, body)]))
    assert "First failures (10 of 12):" in text
    assert "c::t9" in text and "c::t10" not in text


def test_problems_name_file_line_and_what_to_do(tmp_path: Path) -> None:
    cut = tmp_path / "cut.xml"
    cut.write_text('<testsuite name="s">\n<testcase name="a"/>\n<testcase name="b">', "utf-8")
    run = read_reports([str(cut), str(tmp_path / "missing.xml")])
    assert [i.status for i in run.inputs] == [InputStatus.PARTIAL, InputStatus.REJECTED]
    lines = problems(run)
    assert lines[0].startswith(f"partial: {cut}:3: ")
    assert lines[1].startswith(f"rejected: {tmp_path / 'missing.xml'}: no such file")
    assert all("(" in line and line.endswith(")") for line in lines[:2])
    assert "[partial]" in summarize(run)


def test_a_file_with_several_top_suites_lists_each(tmp_path: Path) -> None:
    path = tmp_path / "multi.xml"
    path.write_text(
        '<testsuites><testsuite name="api"><testcase name="a"/>'
        '<testsuite name="nested"><testcase name="b"><failure/></testcase></testsuite>'
        '</testsuite><testsuite name="db"><testcase name="c"/></testsuite></testsuites>',
        "utf-8",
    )
    lines = summarize(read_reports([str(path)])).splitlines()
    assert "  api: 2 tests, 1 passed, 1 failed, 0 errors, 0 skipped" in lines
    assert "  db: 1 test, 1 passed, 0 failed, 0 errors, 0 skipped" in lines
