"""Inputs made on the spot: attacks, encodings, broken files, large files, odd layouts."""

from __future__ import annotations

import io
import resource
import sys
import tracemalloc
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from reportgen.ingest import FileResult, read_report
from reportgen.model import Counts, InputStatus, Outcome


def write(tmp_path: Path, text: str | bytes, name: str = "report.xml") -> str:
    path = tmp_path / name
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8")
    else:
        path.write_bytes(text)
    return str(path)


SIMPLE = """<?xml version="1.0" encoding="UTF-8"?>
<testsuites>
  <testsuite name="suite" tests="3" failures="1" skipped="1">
    <testcase classname="pkg.Test" name="passes" time="0.5"/>
    <testcase classname="pkg.Test" name="fails" time="0.25">
      <failure message="boom" type="E">trace</failure></testcase>
    <testcase classname="pkg.Test" name="skips" time="0"><skipped message="later"/></testcase>
  </testsuite>
</testsuites>
"""


def billion_laughs(levels: int = 9) -> str:
    entities = ['<!ENTITY lol0 "lol">']
    for level in range(1, levels + 1):
        refs = f"&lol{level - 1};" * 10
        entities.append(f'<!ENTITY lol{level} "{refs}">')
    body = "\n".join(entities)
    return (
        f'<?xml version="1.0"?>\n<!DOCTYPE testsuites [\n{body}\n]>\n'
        f'<testsuites name="&lol{levels};"><testsuite name="s">'
        f'<testcase classname="c" name="&lol{levels};"/></testsuite></testsuites>\n'
    )


def test_billion_laughs_is_refused_without_expanding(tmp_path: Path) -> None:
    path = write(tmp_path, billion_laughs())
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    try:
        result = read_report(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    grown_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    assert result.input.status is InputStatus.REJECTED
    assert result.input.problem is not None
    assert "declares entities" in result.input.problem.message
    assert peak < 2 * 1024 * 1024  # a billion "lol"s would be 3 GB
    assert grown_kb < 20 * 1024


def test_external_entity_to_a_local_file_is_not_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE")
    doc = (
        f'<?xml version="1.0"?>\n<!DOCTYPE testsuite [<!ENTITY xxe SYSTEM "file://{secret}">]>\n'
        '<testsuite name="s"><testcase classname="c" name="t"><failure message="&xxe;"/>'
        "</testcase></testsuite>\n"
    )
    result = read_report(write(tmp_path, doc))
    assert result.input.status is InputStatus.REJECTED
    assert "TOP-SECRET-VALUE" not in repr(result)


def test_a_dtd_without_entities_is_allowed(tmp_path: Path) -> None:
    doc = SIMPLE.replace("<testsuites>", '<!DOCTYPE testsuites SYSTEM "junit.dtd">\n<testsuites>')
    result = read_report(write(tmp_path, doc))
    assert result.input.counts == Counts(passed=1, failed=1, skipped=1)


ASTRAL = "prüft \U0001d518\U0001d52b\U0001d526"  # astral-plane letters


def test_utf16_with_bom_and_declaration(tmp_path: Path) -> None:
    doc = SIMPLE.replace("UTF-8", "UTF-16").replace("passes", ASTRAL)
    result = read_report(write(tmp_path, doc.encode("utf-16")))
    assert result.input.counts == Counts(passed=1, failed=1, skipped=1)
    assert result.cases[0].name == ASTRAL


def test_utf16_big_endian_xml_1_1(tmp_path: Path) -> None:
    doc = SIMPLE.replace("UTF-8", "UTF-16").replace('version="1.0"', 'version="1.1"')
    result = read_report(write(tmp_path, b"\xfe\xff" + doc.encode("utf-16-be")))
    assert result.input.counts == Counts(passed=1, failed=1, skipped=1)


def test_iso_8859_1_declared(tmp_path: Path) -> None:
    doc = SIMPLE.replace("UTF-8", "ISO-8859-1").replace("passes", "café")
    result = read_report(write(tmp_path, doc.encode("latin-1")))
    assert result.cases[0].name == "café"


def test_control_characters_are_replaced_with_a_notice(tmp_path: Path) -> None:
    doc = SIMPLE.replace("trace", "colour \x1b[31mred\x1b[0m and &#x1b; &#27; bell\x07")
    result = read_report(write(tmp_path, doc))
    assert result.input.status is InputStatus.OK
    assert result.input.counts == Counts(passed=1, failed=1, skipped=1)
    failed = next(c for c in result.cases if c.outcome is Outcome.FAILED)
    assert failed.detail is not None and failed.detail.problem is not None
    assert (
        failed.detail.problem.details
        == "colour \ufffd[31mred\ufffd[0m and \ufffd \ufffd bell\ufffd"
    )
    assert [n.message for n in result.notices] == [
        "5 control characters that XML does not allow were replaced"
    ]


def test_xml_1_1_with_control_character_references(tmp_path: Path) -> None:
    doc = SIMPLE.replace('version="1.0"', 'version="1.1"').replace("trace", "a&#x1;b")
    result = read_report(write(tmp_path, doc))
    assert result.input.status is InputStatus.OK
    assert result.input.counts.total == 3


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (b"", "empty file"),
        (b"   \n\t\n", "empty file"),
        (b"this is not xml at all\n", "not XML: the file starts with 'this is not xml at all'"),
        (b"\x1f\x8b\x08\x00binarystuff\x00\x00", "not XML: the file is binary"),
        (b"<?xml version='1.0'?>\n<!-- only a comment -->\n", "no root element"),
        (b"<results><case/></results>", "not JUnit XML: root <results>"),
        # a prefixed NUnit root is some other format (Allure 1 writes <ns2:test-suite>)
        (b"<ns2:test-suite xmlns:ns2='urn:a'/>", "not JUnit XML: root <test-suite> (NUnit XML)"),
    ],
)
def test_bad_inputs_are_rejected_with_a_reason(
    tmp_path: Path, content: bytes, fragment: str
) -> None:
    result = read_report(write(tmp_path, content))
    assert result.input.status is InputStatus.REJECTED
    problem = result.input.problem
    assert problem is not None and fragment in problem.message and problem.hint


def test_unreadable_path_is_rejected(tmp_path: Path) -> None:
    result = read_report(str(tmp_path))  # a directory cannot be read as a file
    assert result.input.status is InputStatus.REJECTED
    assert result.input.problem is not None
    assert result.input.problem.message.startswith("cannot read the file")


def test_truncated_large_file_names_the_line(tmp_path: Path) -> None:
    lines = ['<?xml version="1.0"?>', "<testsuites>", '<testsuite name="big">']
    lines += [f'<testcase classname="c" name="t{i}" time="0.1"/>' for i in range(3000)]
    text = "\n".join(lines) + '\n<testcase classname="c" name="cut" time="0.1"><failure mess'
    result = read_report(write(tmp_path, text), keep_passing=False)
    assert result.input.status is InputStatus.PARTIAL
    assert result.input.counts == Counts(passed=3000)
    assert result.input.problem is not None and result.input.problem.line == 3004


def test_pytest_teardown_error_joins_the_failed_test() -> None:
    """pytest collected one test; its second record only carries the teardown error."""
    doc = """<testsuites><testsuite name="pytest" tests="1" failures="1" errors="1">
<testcase classname="t.test_x" name="test_a" time="0.1">
  <failure message="assert 0">x</failure></testcase>
<testcase classname="t.test_x" name="test_a" time="0.1">
  <error message="failed on teardown with &quot;oops&quot;">y</error></testcase>
</testsuite></testsuites>"""
    result = _read_text(doc)
    assert result.input.counts == Counts(failed=1)
    (case,) = result.cases
    assert case.attempts == 1 and case.duration == pytest.approx(0.2)
    assert case.detail is not None and case.detail.problem is not None
    assert case.detail.problem.details == 'x\n\n[teardown error] failed on teardown with "oops"\ny'
    assert result.notices == []  # tests=1, failures=1; errors=1 counts the teardown record


def test_rerun_that_fails_at_setup_is_an_attempt() -> None:
    doc = """<testsuite name="pytest">
<testcase classname="t" name="a"><failure message="first"/></testcase>
<testcase classname="t" name="a"><error message="failed on setup with &quot;db&quot;"/></testcase>
</testsuite>"""
    result = _read_text(doc)
    assert result.input.counts == Counts(errors=1)
    assert result.cases[0].attempts == 2


def test_cases_directly_under_testsuites_and_empty_suites() -> None:
    doc = """<testsuites tests="3">
<testcase classname="loose" name="one"/>
<testsuite name="empty" tests="0"/>
<testsuite name="declares" tests="4"></testsuite>
<testcase classname="loose" name="two"><error message="x"/></testcase>
</testsuites>"""
    result = _read_text(doc)
    assert result.input.counts == Counts(passed=1, errors=1)
    paths = {s.path: s.counts.total for s in result.suites}
    assert paths == {(): 2, ("empty",): 0, ("declares",): 0}
    messages = [n.message for n in result.notices]
    assert "suite 'declares' declares tests=4 but its testcases give tests=0" in messages
    assert "<testsuites> declares tests=3 but its testcases give tests=2" in messages


def test_default_namespace_on_the_root() -> None:
    doc = """<testsuites xmlns="urn:example:junit"><testsuite name="s">
<testcase classname="c" name="a" time="1"/>
<testcase classname="c" name="b"><failure message="m"/></testcase>
</testsuite></testsuites>"""
    result = _read_text(doc)
    assert result.input.counts == Counts(passed=1, failed=1)
    assert result.cases[1].detail is not None and result.cases[1].detail.problem is not None


def test_suite_properties_and_output_survive_sweeps(tmp_path: Path) -> None:
    cases = "\n".join(f'<testcase classname="c" name="t{i}" time="0.001"/>' for i in range(1500))
    doc = (
        '<testsuites><testsuite name="s"><properties><property name="go.version" value="go1"/>'
        f"</properties>\n{cases}\n<system-out>tail output</system-out>\n"
        '<error message="teardown of the suite failed"/></testsuite></testsuites>'
    )
    for keep in (True, False):
        result = read_report(write(tmp_path, doc), keep_passing=keep)
        suite = result.suites[0]
        assert suite.properties == {"go.version": "go1"}
        assert suite.system_out == "tail output"
        assert suite.counts == Counts(passed=1500, errors=1)
        assert suite.duration == pytest.approx(1.5)
        assert result.input.producer == "gotestsum"


def test_keep_passing_false_keeps_only_what_did_not_pass(tmp_path: Path) -> None:
    result = read_report(write(tmp_path, SIMPLE), keep_passing=False)
    assert result.input.counts == Counts(passed=1, failed=1, skipped=1)
    assert [c.name for c in result.cases] == ["fails"]


def test_passing_cases_keep_properties_but_not_output(tmp_path: Path) -> None:
    doc = """<testsuite name="s"><testcase classname="c" name="a" time="0.1">
<properties><property name="owner" value="team-a"/></properties><system-out>noise</system-out>
</testcase></testsuite>"""
    (case,) = read_report(write(tmp_path, doc)).cases
    assert case.detail is not None
    assert case.detail.properties == {"owner": "team-a"}
    assert case.detail.system_out is None


def test_long_texts_are_bounded(tmp_path: Path) -> None:
    doc = (
        f'<testsuite name="s"><testcase classname="c" name="a"><failure message="{"m" * 5000}">'
        f"{'d' * 20000}</failure></testcase></testsuite>"
    )
    (case,) = read_report(write(tmp_path, doc)).cases
    assert case.detail is not None and case.detail.problem is not None
    problem = case.detail.problem
    assert problem.truncated
    assert problem.message is not None and problem.message.startswith("m" * 2000 + "\n[...")
    assert problem.details is not None and len(problem.details) < 8100


def test_timestamps_give_start_and_end(tmp_path: Path) -> None:
    doc = """<testsuites>
<testsuite name="a" timestamp="2024-05-01T10:00:00" time="30">
  <testcase classname="c" name="x"/></testsuite>
<testsuite name="b" timestamp="2024-05-01T10:00:10Z" time="60">
  <testcase classname="c" name="y"/></testsuite>
</testsuites>"""
    record = read_report(write(tmp_path, doc)).input
    assert record.started == datetime(2024, 5, 1, 10, 0, 0, tzinfo=UTC)
    assert record.finished == datetime(2024, 5, 1, 10, 1, 10, tzinfo=UTC)
    assert record.duration == 90.0


def test_standard_input(monkeypatch: pytest.MonkeyPatch) -> None:
    result = _read_text(SIMPLE)
    assert result.input.path == "<stdin>"
    assert result.input.counts == Counts(passed=1, failed=1, skipped=1)
    assert result.input.size == len(SIMPLE.encode())


def test_large_file_streams_in_little_memory(tmp_path: Path) -> None:
    path = tmp_path / "large.xml"
    with path.open("w") as out:
        out.write("<testsuites>\n")
        for suite in range(20):
            out.write(f'<testsuite name="s{suite}">\n')
            for i in range(2500):
                out.write(f'<testcase classname="pkg.C{suite}" name="test_{i}" time="0.01"/>\n')
            out.write("</testsuite>\n")
        out.write("</testsuites>\n")
    tracemalloc.start()
    try:
        result = read_report(str(path), keep_passing=False)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert result.input.counts == Counts(passed=50_000)
    assert peak < 3 * 1024 * 1024


def _read_text(text: str) -> FileResult:
    """Read `text` as standard input."""

    class Stdin:
        buffer = io.BytesIO(text.encode())

    saved = sys.stdin
    sys.stdin = Stdin()
    try:
        return read_report("-")
    finally:
        sys.stdin = saved


PYTEST_RERUNFAILURES = """<testsuites name="pytest tests"><testsuite name="pytest" tests="3">
<testcase classname="test_sample" name="test_flaky" time="0.001" />
<testcase classname="test_sample" name="test_flaky" time="0.000" />
<testcase classname="test_sample" name="test_always_fails" time="0.000" />
<testcase classname="test_sample" name="test_always_fails" time="0.000" />
<testcase classname="test_sample" name="test_always_fails" time="0.000">
  <failure message="assert False">boom</failure></testcase>
<testcase classname="test_sample" name="test_pass" time="0.000" />
</testsuite></testsuites>"""


@pytest.mark.parametrize("keep_passing", [True, False])
def test_pytest_rerunfailures_writes_failed_attempts_without_result(
    tmp_path: Path, keep_passing: bool
) -> None:
    # The layout pytest-rerunfailures 16 really writes: failed attempts as empty testcases.
    result = read_report(write(tmp_path, PYTEST_RERUNFAILURES), keep_passing=keep_passing)
    assert result.input.counts == Counts(passed=1, failed=1, flaky=1)
    attempts = {c.name: (c.outcome, c.attempts) for c in result.cases}
    assert attempts["test_flaky"] == (Outcome.FLAKY, 2)
    assert attempts["test_always_fails"] == (Outcome.FAILED, 3)


def test_outside_pytest_a_repeated_pass_is_another_test(tmp_path: Path) -> None:
    doc = PYTEST_RERUNFAILURES.replace('name="pytest"', 'name="Mocha Tests"')
    doc = doc.replace('name="pytest tests"', 'name="Mocha Tests"')  # pytest's root says pytest too
    result = read_report(write(tmp_path, doc))
    assert result.input.counts == Counts(passed=5, failed=1)  # every record is its own test


def test_node_todo_that_fails_is_skipped(tmp_path: Path) -> None:
    doc = """<testsuites><testsuite name="t">
<testcase name="todo that fails" classname="test" failure="unfinished">
  <skipped type="todo" message="not finished"/>
  <failure type="testCodeFailure" message="unfinished">trace</failure></testcase>
</testsuite></testsuites>"""
    (case,) = read_report(write(tmp_path, doc)).cases
    assert case.outcome is Outcome.SKIPPED
    assert case.detail is not None and case.detail.skip_message == "not finished"


def test_failure_texts_beyond_the_budget_are_cut(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reportgen.ingest import state

    monkeypatch.setattr(state, "TEXT_BUDGET", 2_500)
    cases = "".join(
        f'<testcase classname="c" name="t{i}"><failure message="m">{"x" * 1000}</failure>'
        "</testcase>"
        for i in range(5)
    )
    result = read_report(write(tmp_path, f'<testsuite name="s">{cases}</testsuite>'))
    lengths = [
        len(c.detail.problem.details or "") for c in result.cases if c.detail and c.detail.problem
    ]
    # The first three fill the budget at full length; the last two are cut.
    assert lengths[:3] == [1000, 1000, 1000]
    assert all(n < 400 for n in lengths[3:]) and len(lengths) == 5
    assert any(
        n.message.startswith("2 failure texts cut to 300 characters") for n in result.notices
    )


@pytest.mark.parametrize("mode", ["kept", "totals", "folded", "packed"])
def test_passing_output_spends_none_of_the_failure_text_budget(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, mode: str
) -> None:
    """A pass's output is never kept, so however a report is read, a failure after a lot of
    it keeps its text in full."""
    from reportgen.ingest import Fold, state

    monkeypatch.setattr(state, "TEXT_BUDGET", 2_500)
    passes = "".join(
        f'<testcase classname="c" name="p{i}" time="1"><system-out>{"o" * 1000}</system-out>'
        "</testcase>"
        for i in range(5)
    )
    failure = f'<testcase classname="c" name="f"><failure message="m">{"x" * 1000}</failure>'
    path = write(tmp_path, f'<testsuite name="s">{passes}{failure}</testcase></testsuite>')
    options: dict[str, Any] = {
        "kept": {},
        "totals": {"keep_passing": False},
        "folded": {"fold": Fold(slowest=1)},
        "packed": {"pack": True},
    }[mode]
    result = read_report(path, **options)
    [failed] = [c for c in result.cases if c.name == "f"]
    assert failed.detail is not None and failed.detail.problem is not None
    assert len(failed.detail.problem.details or "") == 1000
    assert not any("cut to" in n.message for n in result.notices)
