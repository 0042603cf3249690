"""`render --badge`: a self-contained SVG or shields.io endpoint JSON, coloured by status."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

from cli.test_exit_codes import SAMPLE, run_cli
from run_builders import report_of, run_of

from reportgen.exitcodes import ExitCode
from reportgen.model import Outcome
from reportgen.render.badge import (
    GREEN,
    GREY,
    RED,
    YELLOW,
    badge_for,
    render_badge_json,
    render_badge_svg,
)
from reportgen.report import Status

SVG = "{http://www.w3.org/2000/svg}"


def _texts(svg: str) -> list[str]:
    return [t.text or "" for t in ET.fromstring(svg).iter(f"{SVG}text")]


def test_command_writes_svg_and_endpoint_json(tmp_path: Path) -> None:
    svg, endpoint = tmp_path / "badge.svg", tmp_path / "badge.json"
    result = run_cli(
        "render", SAMPLE / "results", "--config", SAMPLE / "worklog.toml",
        "--out", tmp_path / "out", "--badge", svg, "--badge", endpoint,
    )  # fmt: skip
    assert result.returncode == ExitCode.OK, result.stderr
    assert str(svg) in result.stdout and str(endpoint) in result.stdout
    drawn = svg.read_text(encoding="utf-8")
    root = ET.fromstring(drawn)
    assert root.tag == f"{SVG}svg"
    # nothing fetched: no link, image, font or style from elsewhere
    assert "href" not in drawn and "@import" not in drawn and "url(http" not in drawn
    message = _texts(drawn)[-1]
    assert message.startswith("23 passed, 13 failed, 3 skipped · health ")
    shields = json.loads(endpoint.read_text(encoding="utf-8"))
    assert shields["schemaVersion"] == 1 and shields["label"] == "tests"
    assert shields["message"] == message and shields["color"] in {"red", "yellow"}


def test_colour_follows_status_but_a_failure_is_never_green() -> None:
    clean = report_of(run_of({"a": Outcome.PASSED}), health=100.0)
    assert badge_for(clean.model_copy(update={"overall": Status.ACHIEVED})).colour == GREEN
    assert badge_for(clean.model_copy(update={"overall": Status.MISSED})).colour == RED
    failing = report_of(run_of({"a": Outcome.PASSED, "b": Outcome.ERROR}))
    achieved = badge_for(failing.model_copy(update={"overall": Status.ACHIEVED}))
    assert achieved.colour == YELLOW and "1 errored" in achieved.message
    empty = badge_for(report_of(run_of({})))
    assert (empty.message, empty.colour) == ("no tests", GREY)


def test_texts_are_escaped_and_control_characters_dropped() -> None:
    report = report_of(run_of({"a": Outcome.PASSED}))
    badge = badge_for(report, label='<script>&"\x1b]0;x\x07')
    svg = render_badge_svg(badge)
    assert "<script>" not in svg and "\x1b" not in svg and "\x07" not in svg
    assert _texts(svg)[0] == '<script>&" ]0;x'
    assert json.loads(render_badge_json(badge))["label"] == '<script>&" ]0;x'


def test_the_badge_is_as_wide_as_its_texts() -> None:
    report = report_of(run_of({"a": Outcome.PASSED}))
    short = ET.fromstring(render_badge_svg(badge_for(report)))
    longer = report_of(run_of({f"t{i}": Outcome.PASSED for i in range(1000)}))
    wide = ET.fromstring(render_badge_svg(badge_for(longer)))
    assert int(wide.get("width") or 0) > int(short.get("width") or 0) > 60
