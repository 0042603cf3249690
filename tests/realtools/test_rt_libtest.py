"""cargo test's libtest JUnit (`--format junit`, an unstable option: enabled here with
RUSTC_BOOTSTRAP=1), read by reportgen, against libtest's own "test result:" line."""

from __future__ import annotations

import re
import shutil

import pytest

from reportgen.model import Counts, Outcome, Run

from ._more import save_more
from ._support import HERE, ToolRun, doc_lines, outcome_of, run

pytestmark = pytest.mark.realtool

RESULT = re.compile(
    r"^test result: \w+\. (\d+) passed; (\d+) failed; (\d+) ignored; (\d+) measured; "
    r"(\d+) filtered out",
    re.MULTILINE,
)
JUNIT = ["--", "-Z", "unstable-options", "--format", "junit"]


def libtest_summary(output: str) -> dict[str, int]:
    found = RESULT.search(output)
    assert found is not None, output
    keys = ("passed", "failed", "ignored", "measured", "filtered out")
    return dict(zip(keys, (int(g) for g in found.groups()), strict=True))


def expected_counts(summary: dict[str, int]) -> Counts:
    """libtest's numbers mapped to reportgen's.

    - libtest's JUnit writes no testcase for an #[ignore] test, while its suite's skipped=
      counts it: reportgen counts the skips declared beyond the listed ones as skipped tests
      (finer outcome "not listed"), with a notice, so the totals are libtest's.
    - A #[should_panic] test that panics as expected is a pass, in libtest and in the XML.
    """
    return Counts(passed=summary["passed"], failed=summary["failed"], skipped=summary["ignored"])


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> ToolRun:
    cargo = shutil.which("cargo")
    if cargo is None:
        pytest.skip("cargo is not installed")
    base = tmp_path_factory.mktemp("libtest")
    folder = base / "calc"
    shutil.copytree(HERE / "rust" / "calc", folder)
    env = {"CARGO_TARGET_DIR": str(base / "target"), "CARGO_TERM_COLOR": "never"}
    console = run([cargo, "test", "--offline", "-q"], cwd=folder, env=env)
    junit = run([cargo, "test", "--offline", "-q", *JUNIT], cwd=folder,
                env={**env, "RUSTC_BOOTSTRAP": "1"})  # fmt: skip
    xml = base / "libtest.xml"
    xml.write_text(junit.stdout, encoding="utf-8")
    output = console.stdout + console.stderr
    summary = libtest_summary(output)
    version = run([cargo, "--version"], cwd=folder).stdout.strip()
    rustc = run(["rustc", "--version"], cwd=folder).stdout.strip()
    result = ToolRun(
        tool="libtest",
        version=f"{version}, {rustc}",
        xml=xml,
        command=["RUSTC_BOOTSTRAP=1", "cargo", "test", "--offline", "-q", *JUNIT],
        output=output,
        tool_summary=summary,
        expected=expected_counts(summary),
        notes=doc_lines(expected_counts),
        expected_kinds={"not listed": summary["ignored"]},
    )
    save_more(result, xml.name)
    return result


def test_libtest_said_what_the_sample_was_written_for(generated: ToolRun) -> None:
    assert generated.tool_summary == {
        "passed": 3, "failed": 1, "ignored": 2, "measured": 0, "filtered out": 0,
    }  # fmt: skip
    assert "slow_one" not in generated.xml.read_text(encoding="utf-8")


def test_counts_match_libtest(generated: ToolRun, read_back: Run) -> None:
    assert read_back.counts == generated.expected
    assert read_back.kinds == generated.expected_kinds


@pytest.mark.parametrize(
    ("name", "outcome"),
    [("wrong_sum", Outcome.FAILED), ("panics", Outcome.PASSED), ("ünïcödé", Outcome.PASSED)],
)
def test_libtest_outcomes(read_back: Run, name: str, outcome: Outcome) -> None:
    assert outcome_of(read_back, name) is outcome
