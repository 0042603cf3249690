"""CODEOWNERS: GitHub and GitLab syntax, precedence, sections, and the path of a failure."""

from __future__ import annotations

from pathlib import Path

import pytest

from reportgen.analyze.owners import (
    find_codeowners,
    owners_of_case,
    parse_codeowners,
    repository_path,
)
from reportgen.model import CaseDetail, Outcome, Problem, TestCase

GITHUB = """\
# comment
*                   @org/everyone
*.js                @js-owner
/build/logs/        @doctocat
docs/*              docs@example.com
apps/               @octocat
/scripts/           @doctocat @octocat
**/logs             @logs
/apps/github
"""


def _owners(text: str, path: str) -> list[str] | None:
    found = parse_codeowners(text).owners_of(path)
    return None if found is None else found[0]


@pytest.mark.parametrize(
    ("path", "owners"),
    [
        ("README.md", ["@org/everyone"]),
        ("src/app.js", ["@js-owner"]),  # no slash: any depth; later than `*`, so it wins
        ("build/logs/x.txt", ["@logs"]),  # `**/logs` comes later and matches too
        ("build/logs/deep/x.txt", ["@logs"]),
        ("docs/getting-started.md", ["docs@example.com"]),
        ("docs/build-app/troubleshooting.md", ["@org/everyone"]),  # `docs/*`: not nested
        ("src/apps/x.py", ["@octocat"]),  # `apps/` matches at any depth
        ("apps/github/a.py", []),  # the last match names no owner: nobody owns it
        ("scripts/run.sh", ["@doctocat", "@octocat"]),
        ("other/scripts/run.sh", ["@org/everyone"]),  # `/scripts/` is anchored
    ],
)
def test_github_last_match_wins(path: str, owners: list[str]) -> None:
    assert _owners(GITHUB, path) == owners


GITLAB = """\
* @default
[Backend] @backend-team
/src/
/src/ui/ @ui-dev
^[Docs][2] @docs-team
*.md
[backend]
/src/db/ @dba
"""


def test_gitlab_sections_each_add_their_last_match() -> None:
    assert _owners(GITLAB, "src/api.py") == ["@default", "@backend-team"]
    assert _owners(GITLAB, "src/ui/App.md") == ["@default", "@ui-dev", "@docs-team"]
    # sections of one name in any case are one: its last matching entry wins
    assert _owners(GITLAB, "src/db/x.sql") == ["@default", "@dba"]
    assert _owners(GITLAB, "notes.txt") == ["@default"]
    sections = parse_codeowners(GITLAB).sections
    assert [(s.name, s.optional) for s in sections] == [
        ("", False),
        ("Backend", False),
        ("Docs", True),
    ]


def test_where_the_owners_come_from_names_file_line_and_section() -> None:
    found = parse_codeowners(GITLAB, ".gitlab/CODEOWNERS").owners_of("src/api.md")
    assert found is not None
    assert found[1] == (
        ".gitlab/CODEOWNERS:1 *; .gitlab/CODEOWNERS:3 [Backend] /src/; "
        ".gitlab/CODEOWNERS:6 [Docs] *.md"
    )


def test_unreadable_lines_are_reported_with_their_line_and_skipped() -> None:
    found = parse_codeowners(
        "* @all\n!/secret/ @x\n/src/[ab]/ @y\n/lib/ not-an-owner\n/ok/ @ok # inline\n",
        "CODEOWNERS",
    )
    assert found.problems == [
        "CODEOWNERS:2: negation ('!') is not supported in CODEOWNERS; line skipped",
        "CODEOWNERS:3: character classes ('[...]') are not supported in CODEOWNERS; line skipped",
        "CODEOWNERS:4: 'not-an-owner' is not an owner (@name, @org/team or an e-mail "
        "address); line skipped",
    ]
    assert found.owners_of("secret/a")[0] == ["@all"]  # type: ignore[index]
    assert found.owners_of("ok/a")[0] == ["@ok"]  # type: ignore[index]


def test_escaped_spaces_and_hashes() -> None:
    text = "/my\\ docs/ @a\n/\\#tags/ @b\n"
    assert _owners(text, "my docs/x.md") == ["@a"]
    assert _owners(text, "#tags/x") == ["@b"]


def test_github_search_order(tmp_path: Path) -> None:
    assert find_codeowners(tmp_path) is None
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "CODEOWNERS").write_text("* @docs\n")
    (tmp_path / "CODEOWNERS").write_text("* @root\n")
    assert find_codeowners(tmp_path).source == "CODEOWNERS"  # type: ignore[union-attr]
    (tmp_path / ".github").mkdir()
    (tmp_path / ".github" / "CODEOWNERS").write_text("* @gh\n")
    found = find_codeowners(tmp_path)
    assert found is not None and found.source == ".github/CODEOWNERS"
    assert found.owners_of("x")[0] == ["@gh"]  # type: ignore[index]


def _case(classname: str = "", file: str | None = None, details: str | None = None) -> TestCase:
    detail = CaseDetail(problem=Problem("failure", details=details)) if details else None
    return TestCase(
        name="test_x",
        classname=classname,
        suite=(),
        outcome=Outcome.FAILED,
        duration=0.0,
        input=0,
        source_line=1,
        file=file,
        detail=detail,
    )


OWNERS = parse_codeowners("/tests/unit/ @unit\n/src/pay/ @pay\n/tests/unit/test_b.py @b\n")


def test_a_failure_is_owned_by_its_file(tmp_path: Path) -> None:
    found = owners_of_case(_case(file="./tests/unit/test_b.py"), OWNERS, tmp_path)
    assert found == ("tests/unit/test_b.py", ["@b"], "CODEOWNERS:3 /tests/unit/test_b.py")
    absolute = str(tmp_path / "tests" / "unit" / "test_a.py")
    assert owners_of_case(_case(file=absolute), OWNERS, tmp_path)[1] == ["@unit"]


def test_a_failure_without_a_file_is_owned_by_its_classname_path(tmp_path: Path) -> None:
    (tmp_path / "tests" / "unit").mkdir(parents=True)
    (tmp_path / "tests" / "unit" / "test_b.py").write_text("")
    # pytest's classname: the existing module is chosen among the paths it can name
    found = owners_of_case(_case("tests.unit.test_b.TestB"), OWNERS, tmp_path)
    assert found[:2] == ("tests/unit/test_b.py", ["@b"])


def test_else_by_the_innermost_project_frame(tmp_path: Path) -> None:
    (tmp_path / "src" / "pay").mkdir(parents=True)
    (tmp_path / "src" / "pay" / "card.py").write_text("")
    (tmp_path / "src" / "main.py").write_text("")
    python = (
        "Traceback (most recent call last):\n"
        '  File "src/main.py", line 3, in run\n'
        f'  File "{tmp_path}/src/pay/card.py", line 9, in charge\n'
        '  File "/usr/lib/python3.11/json/__init__.py", line 1, in loads\n'
        "ValueError: no\n"
    )
    found = owners_of_case(_case("ci", details=python), OWNERS, tmp_path)
    assert found[:2] == ("src/pay/card.py", ["@pay"])
    (tmp_path / "src" / "pay" / "Card.java").write_text("")
    (tmp_path / "src" / "Main.java").write_text("")
    java = (  # Java lists the innermost frame first
        "java.lang.IllegalStateException: no\n"
        "\tat pay.Card.charge(src/pay/Card.java:9)\n"
        "\tat app.Main.run(src/Main.java:3)\n"
    )
    assert owners_of_case(_case("ci", details=java), OWNERS, tmp_path)[1] == ["@pay"]


def test_no_entry_matching_is_no_owner(tmp_path: Path) -> None:
    assert owners_of_case(_case(file="lib/x.py"), OWNERS, tmp_path) == ("lib/x.py", [], None)


def test_paths_outside_the_repository_are_not_looked_up(tmp_path: Path) -> None:
    assert repository_path("/elsewhere/x.py", tmp_path) is None
    assert repository_path("../x.py", tmp_path) is None
    assert repository_path("a\\b.py", tmp_path) == "a/b.py"
