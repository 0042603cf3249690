"""A status badge: a self-contained SVG, or shields.io endpoint JSON, from the analyzed report.

The SVG needs nothing from outside (no service, no web font: a generic font stack the viewer
has); its width is measured from Verdana's advance widths, as badge services do. The colour
follows the overall status, except that a run with failed or errored tests is never green.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from reportgen.percent import format_percent
from reportgen.render.environment import html_environment, render_template
from reportgen.report import Report, Status
from reportgen.text import printable

BADGE_TEMPLATE = "badge.svg.j2"
LABEL = "tests"

GREEN, YELLOW, ORANGE, RED, GREY = "#4c1", "#dfb317", "#fe7d37", "#e05d44", "#9f9f9f"
# shields.io's names for the same colours
_SHIELDS = {GREEN: "brightgreen", YELLOW: "yellow", ORANGE: "orange", RED: "red", GREY: "lightgrey"}
_COLOURS = {
    Status.EXCEEDED: GREEN,
    Status.ACHIEVED: GREEN,
    Status.NEAR: YELLOW,
    Status.MISSED: RED,
    Status.BLOCKED: RED,
    Status.NO_DATA: GREY,
}

# Verdana 11px advance widths (px) of the characters a badge usually holds; others count 7.5.
_WIDTHS = {
    **dict.fromkeys(" ", 3.9),
    **dict.fromkeys("0123456789", 7.0),
    **dict.fromkeys(".,:;", 4.0),
    **dict.fromkeys("%", 12.0),
    **dict.fromkeys("/", 4.9),
    **dict.fromkeys("-()", 4.6),
    **dict.fromkeys("·", 4.6),
    **dict.fromkeys("il", 3.1),
    **dict.fromkeys("fjrt", 4.3),
    **dict.fromkeys("abcdeghknopqsuvxyz", 6.7),
    **dict.fromkeys("mw", 9.8),
    **dict.fromkeys("ABCDEFGHIJKLMNOPQRSTUVWXYZ", 7.6),
}
_PADDING = 10  # px on each side of a text, together


@dataclass(frozen=True)
class Badge:
    label: str
    message: str
    colour: str  # hex, e.g. "#4c1"

    @property
    def shields_colour(self) -> str:
        return _SHIELDS.get(self.colour, self.colour.lstrip("#"))


def badge_for(report: Report, label: str = LABEL) -> Badge:
    """What the badge says: tests passed (and what did not), health, coloured by status."""
    counts = report.counts
    if counts.total == 0:
        return Badge(_clean(label), "no tests", GREY)
    parts = [f"{counts.succeeded} passed"]
    if counts.failed:
        parts.append(f"{counts.failed} failed")
    if counts.errors:
        parts.append(f"{counts.errors} errored")
    if counts.skipped:
        parts.append(f"{counts.skipped} skipped")
    message = ", ".join(parts)
    if report.health.value is not None:
        message += f" · health {format_percent(report.health.value)}"
    colour = _COLOURS[report.overall]
    if counts.unsuccessful and colour == GREEN:
        colour = YELLOW  # a failure is never shown as a pass
    return Badge(_clean(label), message, colour)


def _clean(text: str) -> str:
    # one short line: control characters are not allowed in XML 1.0 at all
    return " ".join(printable(text).replace("\ufffd", " ").split())[:60] or LABEL


def text_width(text: str) -> int:
    return round(sum(_WIDTHS.get(ch, 7.5) for ch in text))


def render_badge_svg(badge: Badge, *, template_dir: Path | None = None) -> str:
    """The badge as one SVG document; its texts are XML-escaped by the template's environment."""
    label_width = text_width(badge.label) + _PADDING
    message_width = text_width(badge.message) + _PADDING
    fields = {
        "label": badge.label,
        "message": badge.message,
        "colour": badge.colour,
        "label_width": label_width,
        "message_width": message_width,
        "width": label_width + message_width,
        "label_x": label_width / 2,
        "message_x": label_width + message_width / 2,
    }
    return render_template(html_environment(template_dir), BADGE_TEMPLATE, fields).rstrip() + "\n"


def render_badge_json(badge: Badge) -> str:
    """shields.io's endpoint schema: `https://img.shields.io/endpoint?url=<where it is served>`."""
    document = {
        "schemaVersion": 1,
        "label": badge.label,
        "message": badge.message,
        "color": badge.shields_colour,
    }
    return json.dumps(document, ensure_ascii=False) + "\n"


def render_badge(report: Report, path: Path, *, template_dir: Path | None = None) -> str:
    """The badge for `path`: endpoint JSON for a `.json` file, SVG for any other."""
    badge = badge_for(report)
    if path.suffix.lower() == ".json":
        return render_badge_json(badge)
    return render_badge_svg(badge, template_dir=template_dir)
