"""Every text field that reaches a template stays text, in the worklog, the PR profile and HTML.

Two ways in. First, every string anywhere in a full Report (every field of every model the
templates are given, found by walking the models, so a field added later is covered without
a change here) is replaced with hostile text. Second, the whole command runs on input files
whose every string is hostile: test cases, suites, properties, the configuration and timing
files in JSON and CSV. Each hostile rendering is compared with the same rendering of harmless
text: the block structure (headings, tables and their rows, lists, fences) must be the same,
with no raw HTML, no link or image that reportgen did not make, and the same HTML tags.
"""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from collections import Counter
from enum import Enum
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from reportgen.render import render_html, render_markdown, render_pr
from reportgen.report import Report

from .fixtures import full_report
from .mdcheck import flatten, parse

HOSTILE = (
    'x | y </td><img src=x onerror="alert(1)"> <script>alert(1)</script>\n'
    "# Injected heading\n| a | b |\n|---|---|\n[live](https://evil.example/) "
    "![image](https://evil.example/i.png) <https://evil.example/auto> @octocat #77 "
    "`tick` *em* _u_ ~~s~~ &amp; \x1b[31mred\x1b[0m \u202eevil\r\n> quote\n- item\n1. one\n"
    "```\nfenced\n```\n---\n<!--"
)
HARMLESS = "plain words"
# Strings the templates never show as text: they name a zone or are dates reportgen wrote,
# and are checked where they are read.
NOT_TEXT = frozenset({"timezone", "date", "slug"})
# Notes are Markdown the team writes: kept as Markdown (so their structure is theirs), with raw
# HTML and unclosed fences neutralized. They get the same text in both renderings.
NOTE = "A note with <img src=x> and <b>tags</b>\n\n```\nunclosed"
# The PR profile's own raw HTML: its marker comment and the collapsed sections.
PR_OWN_HTML = ("<!-- reportgen:pr-summary -->", "<details>", "</details>", "<summary>")


def _poison(value: Any, text: str, name: str = "") -> Any:
    """`value` with every string inside replaced by `text` (dict keys included)."""
    if name in NOT_TEXT or isinstance(value, Enum):
        return value
    if name == "notes" and isinstance(value, dict):
        return {key: NOTE for key in value}
    if isinstance(value, str):
        return text
    if isinstance(value, BaseModel):
        update = {
            field: _poison(getattr(value, field), text, field) for field in type(value).model_fields
        }
        return value.model_copy(update=update)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {
            f.name: _poison(getattr(value, f.name), text, f.name)
            for f in dataclasses.fields(value)
            if f.init
        }
        return dataclasses.replace(value, **changes)
    if isinstance(value, list):
        return [_poison(item, text, name) for item in value]
    if isinstance(value, tuple):
        return tuple(_poison(item, text, name) for item in value)
    if isinstance(value, dict):
        return {
            f"{_poison(key, text)}{n}": _poison(item, text, name)
            for n, (key, item) in enumerate(value.items())
        }
    return value


def _blocks(markdown: str) -> list[str]:
    """The block structure: every block token with its tag, and the fences' info strings."""
    return [f"{t.type}:{t.tag}:{t.info}" for t in parse(markdown) if t.type != "inline"]


def _check_inline(markdown: str, own_html: tuple[str, ...] = ()) -> None:
    tokens = flatten(parse(markdown))
    raw = [t.content for t in tokens if t.type in ("html_block", "html_inline")]
    leftover = [block for block in raw if not any(block.strip().startswith(o) for o in own_html)]
    assert leftover == [], leftover
    assert [t for t in tokens if t.type == "image"] == []
    hrefs = [str(t.attrs.get("href")) for t in tokens if t.type == "link_open"]
    assert not [h for h in hrefs if "evil" in h], hrefs
    assert "\x1b" not in markdown and "\u202e" not in markdown


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: Counter[str] = Counter()
        self.sources: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags[tag] += 1
        self.sources += [v or "" for k, v in attrs if k in ("src", "href")]


def _tags(page: str) -> _Tags:
    parser = _Tags()
    parser.feed(page)
    return parser


def _same_structure(plain: str, hostile: str, own_html: tuple[str, ...] = ()) -> None:
    _check_inline(hostile, own_html)
    assert _blocks(hostile) == _blocks(plain)


@pytest.mark.parametrize("ascii", [False, True], ids=["emoji", "ascii"])
def test_every_report_field_stays_text_in_the_worklog_and_its_html(ascii: bool) -> None:
    base = full_report()
    plain = render_markdown(_poison(base, HARMLESS), ascii=ascii)
    hostile = render_markdown(_poison(base, HOSTILE), ascii=ascii)
    _same_structure(plain, hostile)
    plain_page, hostile_page = (_tags(render_html(t, title=HOSTILE)) for t in (plain, hostile))
    assert hostile_page.tags == plain_page.tags
    assert not [s for s in hostile_page.sources if "evil" in s]


@pytest.mark.parametrize("defang", [True, False], ids=["defanged", "live mentions"])
def test_every_report_field_stays_text_in_the_pr_profile(defang: bool) -> None:
    base = full_report()
    # a limit no rendering reaches, so that both are cut alike (not at all)
    plain = render_pr(_poison(base, HARMLESS), defang=defang, limit=10_000_000)
    hostile = render_pr(_poison(base, HOSTILE), defang=defang, limit=10_000_000)
    _same_structure(plain, hostile, PR_OWN_HTML)


def test_the_poisoning_reaches_the_fields_it_must() -> None:
    """The walk above replaces the fields this test once missed (timing units)."""
    poisoned = _poison(full_report(), HOSTILE)
    assert isinstance(poisoned, Report)
    assert poisoned.metrics and all(m.unit == HOSTILE for m in poisoned.metrics)
    assert all(g.first.test == HOSTILE for g in poisoned.groups)
    assert poisoned.meta.timezone == full_report().meta.timezone


# ---------------------------------------------------------------------------------------------
# The whole command, from input files.


def _xml(text: str) -> str:
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace('"', "&quot;")
        .replace("\n", "&#10;")
        .replace("\r", "&#13;")
        .replace("\x1b", "")
    )


def _toml(text: str) -> str:
    return json.dumps(text)  # a JSON string is a TOML basic string


def _inputs(tmp_path: Path, text: str) -> list[str]:
    """A JUnit file, timings in JSON and CSV and a configuration, every string `text`."""
    x, t = _xml(text), _toml(text)
    cases = "".join(
        f'<testcase classname="pkg.{n}.{x}" name="{x} {n}" file="{x}" line="3" time="0.{n}">'
        f'<properties><property name="{x}" value="{x}"/></properties>'
        + (
            f'<failure type="{x}Error" message="{"abc"[n % 3]} {x}">{x}\n  at {x}:{n}</failure>'
            if n % 2
            else ""
        )
        + f"<system-out>{x}</system-out></testcase>"
        for n in range(6)
    )
    (tmp_path / "junit.xml").write_text(
        f'<testsuites name="{x}"><testsuite name="{x}" hostname="{x}" tests="6" failures="3">'
        f'<properties><property name="{x}" value="{x}"/></properties>{cases}'
        f"<system-out>{x}</system-out></testsuite></testsuites>",
        encoding="utf-8",
    )
    metrics = [
        {"name": text, "unit": text, "samples": [80, 90, 95], "target": 100},
        {"name": text + " 2", "unit": text, "value": 5, "target": 1, "better": "higher"},
    ]
    (tmp_path / "timings.json").write_text(json.dumps({"metrics": metrics}), encoding="utf-8")
    csv_text = text.replace('"', '""')
    (tmp_path / "timings.csv").write_text(
        f'name,value,unit,target\n"{csv_text} csv",12,"{csv_text}",10\n', encoding="utf-8"
    )
    (tmp_path / "worklog.toml").write_text(
        f"""
[worklog]
title = {t}
focus = {t}
session = {t}
environment = {t}
objective = {t}
framework = {t}
mission = {t}
real_services = true
timezone = "UTC"

[notes]
context = {_toml(NOTE)}

[[categories]]
name = {t}
real_services = true
match = [{{ classname = "pkg.*" }}]

[[criteria]]
name = {t}
scope = "overall"
target = ">=90%"

[[known_issues]]
id = {t}
title = {t}
action = {t}
url = {t}
match = {{ message = "a" }}

[[targets]]
metric = {t}
target = 100
unit = {t}
""",
        encoding="utf-8",
    )
    return [
        str(tmp_path / "junit.xml"),
        "-c",
        str(tmp_path / "worklog.toml"),
        "-t",
        str(tmp_path / "timings.json"),
        "-t",
        str(tmp_path / "timings.csv"),
    ]


def _render(tmp_path: Path, text: str, *extra: str) -> list[Path]:
    tmp_path.mkdir()
    out = tmp_path / "out"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "reportgen",
            "render",
            *_inputs(tmp_path, text),
            "-o",
            str(out),
            "--no-step-summary",
            *extra,
        ],
        capture_output=True,
        text=True,
        check=False,
        env={"PATH": "/usr/bin:/bin", "CI": "1"},
    )
    assert done.returncode in (0, 1), done.stderr
    return sorted(out.iterdir())


def test_hostile_input_files_stay_text_in_the_worklog_and_its_html(tmp_path: Path) -> None:
    plain = _render(tmp_path / "plain", "plain words", "--html")
    hostile = _render(tmp_path / "hostile", HOSTILE, "--html")
    assert [p.suffix for p in hostile] == [".html", ".md"]
    plain_md, hostile_md = (p[1].read_text(encoding="utf-8") for p in (plain, hostile))
    _same_structure(plain_md, hostile_md)
    assert "Injected heading" in hostile_md  # the text is there, as text
    plain_page, hostile_page = (_tags(p[0].read_text(encoding="utf-8")) for p in (plain, hostile))
    assert hostile_page.tags == plain_page.tags
    assert not [s for s in hostile_page.sources if "evil" in s]


def test_hostile_input_files_stay_text_in_the_pr_profile(tmp_path: Path) -> None:
    (plain,) = _render(tmp_path / "plain", "plain words", "--profile", "pr")
    (hostile,) = _render(tmp_path / "hostile", HOSTILE, "--profile", "pr")
    _same_structure(
        plain.read_text(encoding="utf-8"), hostile.read_text(encoding="utf-8"), PR_OWN_HTML
    )
