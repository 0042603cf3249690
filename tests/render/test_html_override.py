"""`--template-dir` overrides the HTML shell like any other template."""

from __future__ import annotations

from pathlib import Path

import pytest

from reportgen.errors import UsageError
from reportgen.render import render_html


def test_user_html_shell_wins(tmp_path: Path) -> None:
    (tmp_path / "worklog.html.j2").write_text("<main data-mine>{{ body }}</main>", "utf-8")
    page = render_html("# Hi <b>", title="t", template_dir=tmp_path)
    assert page.startswith("<main data-mine><h1>Hi &lt;b&gt;</h1>")


def test_packaged_shell_without_override() -> None:
    page = render_html("# Hi", title="t")
    assert "Content-Security-Policy" in page and "<style>" in page and "data-mine" not in page


def test_undefined_name_in_user_shell_names_the_file(tmp_path: Path) -> None:
    (tmp_path / "worklog.html.j2").write_text("{{ body }}\n{{ nope }}", "utf-8")
    with pytest.raises(UsageError, match=r"worklog\.html\.j2:2: 'nope' is undefined"):
        render_html("x", title="t", template_dir=tmp_path)
