"""Hostile shapes of well-formed XML: attribute floods and nesting beyond the parser's limit.
Each is refused with our own message naming the file and line; the other inputs still count."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from reportgen.ingest import read_reports
from reportgen.ingest.prolog import MAX_ATTRIBUTES
from reportgen.model import Counts, InputStatus

GOOD = '<testsuite name="good"><testcase classname="c" name="ok"/></testsuite>'


def _flood(count: int) -> str:
    return " ".join(f'a{i}="v"' for i in range(count))


def _read_beside_a_good_file(tmp_path: Path, text: str) -> tuple[Path, Counts, str, int | None]:
    bad, good = tmp_path / "bad.xml", tmp_path / "good.xml"
    bad.write_text(text, encoding="utf-8")
    good.write_text(GOOD, encoding="utf-8")
    run = read_reports([str(bad), str(good)], jobs=1)
    by_path = {item.path: item for item in run.inputs}
    assert by_path[str(good)].status is InputStatus.OK
    refused = by_path[str(bad)]
    assert refused.status is InputStatus.REJECTED
    assert refused.problem is not None
    return bad, run.counts, refused.problem.message, refused.problem.line


@pytest.mark.parametrize(
    ("text", "tag", "line"),
    [
        (f'<testsuites>\n<testsuite name="s">\n<testcase classname="c" name="t" {_flood(100_000)}/>'
         "\n</testsuite>\n</testsuites>", "testcase", 3),
        (f'<testsuites>\n<testsuite name="s">\n<testcase classname="c" name="t"/>\n'
         f'<testcase classname="c" name="u" {_flood(5_000)}><failure/></testcase>'
         "\n</testsuite>\n</testsuites>", "testcase", 4),
        (f'<testsuites>\n<testsuite name="s" {_flood(5_000)}>\n<testcase classname="c" name="t"/>'
         "\n</testsuite>\n</testsuites>", "testsuite", 2),
        (f'<testsuites {_flood(5_000)}>\n<testsuite name="s">\n<testcase classname="c" name="t"/>'
         "\n</testsuite>\n</testsuites>", "testsuites", 1),
    ],
    ids=["first-case", "later-case", "suite", "root"],
)  # fmt: skip
def test_an_attribute_flood_is_refused(tmp_path: Path, text: str, tag: str, line: int) -> None:
    _, counts, message, at = _read_beside_a_good_file(tmp_path, text)
    assert message.startswith(f"refused: <{tag}> at line {line} carries ")
    assert f"(at most {MAX_ATTRIBUTES:,} are read)" in message
    assert at == line
    assert counts == Counts(passed=1)  # the good file's test; nothing of the refused one


def test_a_case_with_as_many_attributes_as_allowed_is_read(tmp_path: Path) -> None:
    extra = _flood(MAX_ATTRIBUTES - 2)  # plus classname and name
    path = tmp_path / "wide.xml"
    path.write_text(f'<testsuite name="s"><testcase classname="c" name="t" {extra}/></testsuite>')
    run = read_reports([str(path)], jobs=1)
    assert run.counts == Counts(passed=1)


def test_nesting_deeper_than_the_parser_allows_is_refused_in_our_words(tmp_path: Path) -> None:
    depth = 3000
    text = (
        '<testsuites>\n<testsuite name="first"><testcase classname="c" name="read"/></testsuite>\n'
        + '<testsuite name="s">\n' * depth
        + '<testcase classname="c" name="t"/>\n'
        + "</testsuite>\n" * depth
        + "</testsuites>\n"
    )
    _, counts, message, line = _read_beside_a_good_file(tmp_path, text)
    assert "XML_PARSE_HUGE" not in message
    # libxml2's limit (2,048 levels with huge trees allowed) is named, in our words
    assert re.match(r"refused: elements nested more than [\d,]+ levels deep at line \d+", message)
    assert line is not None and line > 2000
    assert counts == Counts(passed=1)  # the test before the limit is not kept either
