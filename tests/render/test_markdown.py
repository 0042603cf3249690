"""The worklog: sections, numbers and markers, checked against hand-built reports."""

from __future__ import annotations

from pathlib import Path

import pytest

from reportgen.errors import UsageError
from reportgen.render import render_json, render_markdown
from reportgen.render.environment import packaged_templates
from reportgen.report import Report

from .fixtures import empty_report, full_report, realistic_report
from .mdcheck import fences, html_tokens, parse, tables

# The section headings of a full worklog, in the reference worklog's order.
FULL_ORDER = [
    "Mission Status",
    "Executive Summary",
    "Test Execution Results",
    "Execution Summary",
    "Test Results Matrix",
    "Key Findings & Validation",
    "CRITICAL ISSUES - Top Failure Groups",
    "Test Execution Authenticity Validation",
    "Performance & Reliability Assessment",
    "Remediation Priorities",
    "Success Criteria Assessment",
    "Strategic Recommendations",
    "Changes Since the Previous Run",
    "Flaky Tests",
    "Detailed Test Execution Log",
    "Notices",
    "Outcome",
]


def _headings(text: str) -> list[str]:
    tokens = parse(text)
    return [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]


def _position(headings: list[str], name: str) -> int:
    return next(i for i, h in enumerate(headings) if name in h)


def test_full_worklog_has_every_section_in_the_reference_order() -> None:
    headings = _headings(render_markdown(full_report()))
    positions = [_position(headings, name) for name in FULL_ORDER]
    assert positions == sorted(positions)


def test_title_and_time_range_follow_the_reference_format() -> None:
    text = render_markdown(realistic_report())
    assert text.startswith(
        "# E2E Ultimate Test Deploy Loop Worklog - All Tests Focus - 2025-09-13-03\n"
    )
    # 10:46-10:49 UTC is 03:46-03:49 in Los Angeles on that (daylight saving) day.
    assert "**Date:** 2025-09-13 03:46-03:49 PDT" in text


def test_results_matrix_counts_add_up() -> None:
    rows = next(
        t for t in tables(render_markdown(realistic_report())) if t[0][0] == "Test Category"
    )
    assert rows[0][:5] == ["Test Category", "Tests Run", "Passed", "Failed", "Pass Rate"]
    by_name = {row[0]: row[1:] for row in rows[1:]}
    # Message Flow: 2 passed, 2 failed, 1 error -> 5 run, failed column 3; no criterion
    # judges it alone, so its rate is left unmarked
    assert by_name["Message Flow"][:4] == ["5", "2", "3", "40.0%"]
    assert "1 error" in by_name["Message Flow"][4]
    # Critical Path: 5 passed + 1 flaky, 1 skipped -> 6 run, 6 passed.
    assert by_name["Critical Path"][:4] == ["6", "6", "0", "✅ 100.0%"]
    assert "1 skipped" in by_name["Critical Path"][4]
    assert "1 flaky" in by_name["Critical Path"][4]
    # Total: 23 tests, 1 skipped -> 22 run; 11 succeeded; 10 failed + 1 error.
    assert by_name["Total"][:4] == ["22", "11", "11", "50.0%"]
    # marked as their criteria judged them: P1 Critical ACHIEVED, WebSocket/Agent BLOCKED
    assert by_name["WebSocket E2E"][3].startswith("🚫 ")


def test_computed_numbers_say_how_they_were_computed() -> None:
    text = render_markdown(realistic_report())
    assert "- **Failed:** failures and errors together" in text
    assert "- **Pass rate:** (passed + flaky) / (tests - skipped) = 11 / 22" in text
    assert (
        "**Overall System Health:** **50.0%** "
        "(87.3% excluding KI-1 WebSocket subprotocol negotiation)"
    ) in text
    assert "*Health formula:* mean of category pass rates" in text
    assert "**Scope:** 90.9% of failures (10 of 11)" in text


def test_failure_group_details_are_fenced() -> None:
    found = fences(render_markdown(realistic_report()))
    assert [f.info for f in found] == ["", "", "bash"]
    assert "NegotiationError: no subprotocols supported" in found[0].content


def test_known_issues_are_listed_with_their_links() -> None:
    text = render_markdown(full_report())
    assert (
        "- **P0** [KI-1](https://issues.test/KI-1) WebSocket subprotocol negotiation - "
        "failures matched in this run: 10 (blocking)"
    ) in text
    assert "- Not seen in this run: KI-7" in text


def test_failure_groups_are_titled_by_known_issue_or_root_cause() -> None:
    text = render_markdown(realistic_report())
    assert "##### 🚫 Group 1: WebSocket subprotocol negotiation\n" in text
    assert "##### ❌ Group 2: TimeoutError: timed out after 30s\n" in text


def test_remediation_lists_p0_before_p1() -> None:
    text = render_markdown(realistic_report())
    assert text.index("#### P0 - CRITICAL") < text.index("#### P1 - HIGH")


def test_empty_report_leaves_out_sections_without_data() -> None:
    text = render_markdown(empty_report())
    headings = _headings(text)
    assert headings[0] == "Empty Run - 2025-01-02-01"
    for absent in FULL_ORDER[1:]:
        always = ("Executive Summary", "Test Execution Results", "Execution Summary", "Outcome")
        if absent in always:
            continue
        assert not any(absent in h for h in headings), absent
    assert "NO DATA" in text
    assert not tables(text)


@pytest.mark.parametrize("report", [empty_report(), realistic_report(), full_report()])
def test_every_output_parses_and_has_no_raw_html(report: Report) -> None:
    for ascii_mode in (False, True):
        text = render_markdown(report, ascii=ascii_mode)
        tables(text)  # asserts consistent cells per row
        assert not html_tokens(text)
        assert parse(text)[-2].content.startswith("*Generated by reportgen")  # nothing swallowed


def test_ascii_mode_has_no_marker_or_emoji() -> None:
    text = render_markdown(full_report(), ascii=True)
    assert text.isascii()
    assert "[PASS]" in text and "[FAIL]" in text and "[WARN]" in text
    assert "[FAIL] **BLOCKED**" in text
    for status in ("BLOCKED", "NO DATA", "PASS", "FAIL", "WARN"):
        assert f"[{status}] **{status}" not in text and f"[{status}] {status}" not in text


def test_emoji_mode_writes_real_utf8_markers() -> None:
    data = render_markdown(full_report()).encode("utf-8")
    assert "✅".encode() in data  # b"\xe2\x9c\x85"
    assert b"\xe2\x9c\x85" in data
    mojibake = "✅".encode().decode("mac_roman")  # what the reference once held instead
    assert mojibake.encode() not in data


def test_json_round_trips() -> None:
    report = full_report()
    assert Report.model_validate_json(render_json(report)) == report


def test_templates_are_found_in_the_source_tree() -> None:
    assert (packaged_templates() / "worklog.md.j2").is_file()
    assert (packaged_templates() / "sections" / "results_matrix.md.j2").is_file()


def test_user_partial_overrides_the_packaged_one(tmp_path: Path) -> None:
    (tmp_path / "sections").mkdir()
    (tmp_path / "sections" / "footer.md.j2").write_text("Made for {{ title|text }}\n")
    text = render_markdown(realistic_report(), template_dir=tmp_path)
    assert text.endswith(
        "Made for E2E Ultimate Test Deploy Loop Worklog - All Tests Focus - 2025-09-13-03\n"
    )
    assert "Generated by reportgen" not in text


def test_user_partial_with_an_undefined_name_fails_clearly(tmp_path: Path) -> None:
    (tmp_path / "sections").mkdir()
    (tmp_path / "sections" / "notices.md.j2").write_text("{{ no_such_field }}\n")
    with pytest.raises(UsageError, match=r"notices\.md\.j2:1: 'no_such_field' is undefined"):
        render_markdown(full_report(), template_dir=tmp_path)


def test_user_template_with_a_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "sections").mkdir()
    (tmp_path / "sections" / "footer.md.j2").write_text("ok\n{% if %}\n")
    with pytest.raises(UsageError, match=r"footer\.md\.j2:2: "):
        render_markdown(full_report(), template_dir=tmp_path)


def test_missing_template_directory_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="does not exist"):
        render_markdown(full_report(), template_dir=tmp_path / "nope")


def test_real_services_line_counts_its_categories_in_words() -> None:
    base = realistic_report()
    assert base.authenticity is not None
    for checked, words in ((["API"], "1 category"), (["API", "DB"], "2 categories")):
        authenticity = base.authenticity.model_copy(update={"checked": checked})
        text = render_markdown(base.model_copy(update={"authenticity": authenticity}))
        assert f"Yes ({words} marked as using real services)" in text


@pytest.mark.parametrize(
    ("source", "error"),
    [
        ("line one\n{{ 1 / 0 }}\n", "ZeroDivisionError: division by zero"),
        ("\n\n{{ title.index('no such text') }}\n", "ValueError: substring not found"),
        ("{{ title + 1 }}\n", "TypeError"),
        ("{% macro m() %}{{ m() }}{% endmacro %}\n{{ m() }}\n", "RecursionError"),
    ],
    ids=["division", "value", "type", "recursion"],
)
def test_a_user_template_that_raises_is_a_usage_error_naming_file_and_line(
    tmp_path: Path, source: str, error: str
) -> None:
    (tmp_path / "sections").mkdir()
    (tmp_path / "sections" / "notices.md.j2").write_text(source)
    with pytest.raises(UsageError, match=r"sections/notices\.md\.j2:\d+: " + error) as caught:
        render_markdown(full_report(), template_dir=tmp_path)
    line = source.count("\n", 0, source.index("{{"))
    if error != "RecursionError":
        assert f"notices.md.j2:{line + 1}:" in str(caught.value)


def test_an_exception_in_a_packaged_template_stays_an_internal_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from reportgen.render import escape

    def broken(self: object, value: object, limit: int = 0) -> str:
        raise ZeroDivisionError("a bug of reportgen's own")

    monkeypatch.setattr(escape.Escaper, "text", broken)
    from reportgen.render import environment

    environment._markdown_environment.cache_clear()
    try:
        with pytest.raises(ZeroDivisionError):
            render_markdown(full_report())
    finally:
        environment._markdown_environment.cache_clear()
