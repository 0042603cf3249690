from __future__ import annotations

from typing import Any

from analyze_builders import case, cat, config, fail, make_run

from reportgen.analyze import analyze
from reportgen.model import Run


def _run() -> Run:
    return make_run(
        [
            fail("t1", classname="ws.T", message="NegotiationError: no subprotocols 1"),
            fail("t2", classname="ws.T", message="NegotiationError: no subprotocols 2"),
            fail("t3", classname="db.T", message="boom", details="Caused by: RootCause here"),
            case("t4", "error", classname="db.T", type="OSError", message="disk full"),
            fail("t5", classname="api.T", message="assert 1 == 2"),
            case("ok", classname="api.T"),
        ]
    )


def _issue(id: str, match: dict[str, str], **extra: Any) -> dict[str, Any]:
    return {"id": id, "title": f"title {id}", "match": match, **extra}


def test_matching_by_signature_message_and_test() -> None:
    cfg = config(
        categories=[cat("WS", {"classname": "ws.*"}), cat("DB", {"classname": "db.*"})],
        known_issues=[
            _issue("#1", {"signature": "NegotiationError: *"}, blocks=True),
            _issue("#2", {"message": "RootCause"}),  # found in the details
            _issue("#3", {"message": "^OSError: disk"}),  # type and message are searched
            _issue("#4", {"test": "api.T::t5"}),
            _issue("#5", {"message": "never appears"}),
        ],
    )
    report = analyze(_run(), cfg)
    assert [(k.id, k.matched) for k in report.known_issues] == [
        ("#1", 2),
        ("#2", 1),
        ("#3", 1),
        ("#4", 1),
        ("#5", 0),
    ]
    assert report.known_issues_not_seen == ["#5"]
    by_signature = {g.signature: g for g in report.groups}
    ws = by_signature["NegotiationError: no subprotocols <n>"]
    assert (ws.known_issue, ws.known_issue_title, ws.blocking) == ("#1", "title #1", True)
    assert by_signature["boom"].known_issue == "#2"
    assert by_signature["OSError: disk full"].blocking is False
    notable = {c.name: c.notable for c in report.categories}
    assert notable["WS"] == ["#1 title #1"]
    assert notable["DB"] == ["#2 title #2", "#3 title #3"]
    assert notable["Unmatched"] == ["#4 title #4"]


def test_every_field_of_an_issue_must_match() -> None:
    cfg = config(known_issues=[_issue("#1", {"signature": "NegotiationError*", "test": "*::t2"})])
    report = analyze(_run(), cfg)
    assert report.known_issues[0].matched == 1


def test_first_configured_issue_wins() -> None:
    cfg = config(
        known_issues=[
            _issue("#first", {"message": "subprotocols"}),
            _issue("#second", {"signature": "NegotiationError*"}),
        ]
    )
    report = analyze(_run(), cfg)
    assert [(k.id, k.matched) for k in report.known_issues] == [("#first", 2), ("#second", 0)]
    assert report.known_issues_not_seen == ["#second"]


def test_unexplained_failures_are_notable_by_signature() -> None:
    report = analyze(_run(), config())
    (row,) = report.categories
    assert row.notable == [  # most failures first, then by text
        "NegotiationError: no subprotocols <n>",
        "OSError: disk full",
        "assert <n> == <n>",
    ]


def test_a_signature_splits_into_one_group_per_known_issue() -> None:
    run = make_run(
        [
            fail("test_button_variant", message="expected 1"),
            fail("test_avatar", message="expected 2"),
            fail("test_button_size", message="expected 3"),
        ]
    )
    cfg = config(known_issues=[_issue("#7", {"test": "*button*"})])
    report = analyze(run, cfg)
    assert [(g.signature, g.count, g.known_issue) for g in report.groups] == [
        ("expected <n>", 2, "#7"),
        ("expected <n>", 1, None),
    ]
    assert report.known_issues[0].matched == 2
    assert [(p.known_issue, p.impact.split(" (")[0]) for p in report.priorities] == [
        ("#7", "2 failures"),
        (None, "1 failure"),
    ]


def test_message_regex_sees_the_type_and_message_as_written() -> None:
    run = make_run(
        [
            fail("a", message="websockets.exceptions.NegotiationError: no subprotocols"),
            case("b", "error", type="java.lang.IllegalStateException", message="closed"),
        ]
    )
    cfg = config(
        known_issues=[
            _issue("#1", {"message": "^websockets\\.exceptions\\.NegotiationError"}),
            _issue("#2", {"message": "^java\\.lang\\.IllegalStateException: closed$"}),
        ]
    )
    assert [k.matched for k in analyze(run, cfg).known_issues] == [1, 1]
