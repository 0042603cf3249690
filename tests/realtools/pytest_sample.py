"""Sample pytest projects (as source text) and how pytest's own numbers map to reportgen's.

The projects are written into a temporary folder at test time, so the main suite never
collects them. Their `conftest.py` records pytest's own per-test reports (its terminal
reporter's stats, the data behind its summary line) in `pytest-stats.json`.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

from reportgen.model import Counts, Outcome

from ._support import python_package_version, python_version, run, tally

RECORDER = """
import json

collected = []


def pytest_collection_finish(session):
    collected.extend(item.nodeid for item in session.items)


def pytest_terminal_summary(terminalreporter):
    stats = {
        key: [getattr(report, "nodeid", "") for report in reports]
        for key, reports in terminalreporter.stats.items()
        if key  # "" holds the passing setup/teardown reports
    }
    with open("pytest-stats.json", "w") as out:
        json.dump({"collected": collected, "stats": stats}, out, indent=1)
"""

SAMPLE = """
import logging
import sys

import pytest


@pytest.fixture
def broken():
    raise RuntimeError("setup boom")


@pytest.fixture
def bad_teardown():
    yield
    raise RuntimeError("teardown boom")


def test_pass():
    assert 1 + 2 == 3


def test_fail():
    assert 2 + 2 == 5


def test_setup_error(broken):
    pass


@pytest.mark.skip(reason="not on this platform")
def test_skip():
    pass


def test_skip_inside():
    pytest.skip("decided at run time")


@pytest.mark.xfail(reason="known bug")
def test_xfail():
    assert False


@pytest.mark.xfail(reason="known bug")
def test_xpass():
    pass


@pytest.mark.xfail(reason="known bug", strict=True)
def test_xpass_strict():
    pass


def test_fail_and_teardown_error(bad_teardown):
    assert False, "call fails"


def test_pass_and_teardown_error(bad_teardown):
    pass


@pytest.mark.parametrize("n", [1, 2, 3])
def test_param(n):
    assert n != 2


def test_output_then_fail():
    print("hello on stdout")
    print("hello on stderr", file=sys.stderr)
    logging.getLogger("sample").warning("hello in the log")
    assert False, "fails after printing"
"""

FLAKY_SAMPLE = """
import os
from pathlib import Path


def test_flaky():
    marker = Path(os.environ["REALTOOLS_MARKER"])
    if not marker.exists():
        marker.write_text("failed once")
        assert False, "first attempt fails"


def test_always_fails():
    assert False, "every attempt fails"


def test_pass():
    pass
"""

SUMMARY_LINE = re.compile(r"^=*\s*(\d+ \w+(?:, \d+ \w+)*) in [\d.]+s")


def write_project(folder: Path, sample: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
    (folder / "conftest.py").write_text(RECORDER, encoding="utf-8")
    (folder / "test_sample.py").write_text(sample, encoding="utf-8")
    return folder


def run_pytest(
    folder: Path, xml: Path, options: list[str], env: dict[str, str] | None = None
) -> str:
    command = [
        sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
        "-c", "pytest.ini", "--junitxml", str(xml), *options, "test_sample.py",
    ]  # fmt: skip
    done = run(command, cwd=folder, env=env)
    return done.stdout + done.stderr


def summary_line_counts(output: str) -> dict[str, int]:
    """pytest's closing line, e.g. '4 failed, 6 passed, 3 errors in 0.1s', as a dict."""
    for line in reversed(output.splitlines()):
        found = SUMMARY_LINE.match(line.strip())
        if found:
            pairs = (part.split(" ") for part in found.group(1).split(", "))
            return {word: int(number) for number, word in pairs}
    raise AssertionError(f"no pytest summary line in:\n{output}")


def load_stats(folder: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((folder / "pytest-stats.json").read_text(encoding="utf-8"))
    return data


def expected_outcomes(stats: dict[str, list[str]], collected: list[str]) -> dict[str, Outcome]:
    """One outcome per collected test, from pytest's own reports.

    pytest reports phases, not tests: a test whose call fails and whose teardown errors is
    both '1 failed' and '1 error'; one that passes and then errors in teardown is both
    '1 passed' and '1 error'. reportgen counts tests, so each collected test gets one outcome:
    - failed (in any phase but setup)             -> FAILED (a teardown error on top adds no test)
    - error (setup, or teardown after a pass)     -> ERROR
    - xpassed (non-strict; strict XPASS is failed) -> PASSED (pytest's JUnit XML has no marker)
    - skipped or xfailed                          -> SKIPPED (JUnit <skipped type="pytest.xfail">)
    - passed after one or more reruns             -> FLAKY
    - passed                                      -> PASSED
    """
    seen = {key: set(ids) for key, ids in stats.items()}
    outcomes: dict[str, Outcome] = {}
    for nodeid in collected:
        if nodeid in seen.get("failed", ()):
            outcomes[nodeid] = Outcome.FAILED
        elif nodeid in seen.get("error", ()):
            outcomes[nodeid] = Outcome.ERROR
        elif nodeid in seen.get("skipped", ()) or nodeid in seen.get("xfailed", ()):
            outcomes[nodeid] = Outcome.SKIPPED
        elif nodeid in seen.get("rerun", ()):
            outcomes[nodeid] = Outcome.FLAKY
        else:
            assert nodeid in seen.get("passed", ()) or nodeid in seen.get("xpassed", ()), nodeid
            outcomes[nodeid] = Outcome.PASSED
    return outcomes


def expected_counts(stats: dict[str, list[str]], collected: list[str]) -> Counts:
    return tally(list(expected_outcomes(stats, collected).values()))


def versions(*extra: str) -> str:
    parts = [f"pytest {python_package_version('pytest')}"]
    parts += [f"{name} {python_package_version(name)}" for name in extra]
    return ", ".join([*parts, f"Python {python_version()}"])
