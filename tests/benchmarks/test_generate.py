"""The benchmark generator must keep writing valid JUnit with exactly what was asked for."""

from __future__ import annotations

import importlib.util
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType

import pytest
from lxml import etree

GENERATE = Path(__file__).resolve().parents[2] / "benchmarks" / "generate.py"


def _load_generator() -> ModuleType:
    # benchmarks/ is not a package; load the script by path under a name no test uses.
    spec = importlib.util.spec_from_file_location("reportgen_bench_generate", GENERATE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


generate = _load_generator()


def _outcomes(root: etree._Element) -> Counter[str]:
    tally: Counter[str] = Counter()
    for case in root.iter("testcase"):
        results = [child.tag for child in case if child.tag in ("failure", "error", "skipped")]
        assert len(results) <= 1, etree.tostring(case)[:200]
        tally[results[0] if results else "passed"] += 1
    return tally


@pytest.mark.parametrize("root_tag", ["testsuites", "testsuite"])
def test_writes_the_requested_cases_failures_and_skips(tmp_path: Path, root_tag: str) -> None:
    path = tmp_path / "report.xml"
    counts = generate.write_report(path, 2_000, seed=7, failing=123, skipped=45, root=root_tag)

    root = etree.parse(str(path)).getroot()
    assert root.tag == root_tag
    tally = _outcomes(root)
    assert sum(tally.values()) == counts.tests == 2_000
    assert tally["failure"] + tally["error"] == 123
    assert (tally["failure"], tally["error"]) == (counts.failures, counts.errors)
    assert tally["skipped"] == counts.skipped == 45
    assert tally["passed"] == counts.passed == 2_000 - 123 - 45


def test_suites_declare_the_counts_of_their_cases(tmp_path: Path) -> None:
    path = tmp_path / "report.xml"
    generate.write_report(path, 3_000, seed=3)
    suites = etree.parse(str(path)).getroot().findall("testsuite")
    assert len(suites) > 5
    for suite in suites:
        tally = _outcomes(suite)
        declared = {k: int(suite.get(k)) for k in ("tests", "failures", "errors", "skipped")}
        assert declared == {
            "tests": sum(tally.values()),
            "failures": tally["failure"],
            "errors": tally["error"],
            "skipped": tally["skipped"],
        }


def test_failures_carry_realistic_tracebacks_and_messages(tmp_path: Path) -> None:
    path = tmp_path / "report.xml"
    generate.write_report(path, 500, seed=5, failing=60, skipped=0)
    problems = etree.parse(str(path)).getroot().xpath("//failure | //error")
    assert len(problems) == 60
    for problem in problems:
        assert 20 <= len(problem.text.splitlines()) <= 40
        assert problem.get("message") or problem.get("type")
    messages = {p.get("message") for p in problems}
    assert len(messages) > 30  # volatile ids and numbers make most messages unique


def test_identities_are_unique_so_no_case_looks_like_a_rerun(tmp_path: Path) -> None:
    path = tmp_path / "report.xml"
    generate.write_report(path, 5_000, seed=9)
    identities = Counter(
        (case.get("classname"), case.get("name"))
        for case in etree.parse(str(path)).getroot().iter("testcase")
    )
    assert identities.most_common(1)[0][1] == 1


def test_same_seed_same_bytes(tmp_path: Path) -> None:
    first, second, other = (tmp_path / n for n in ("a.xml", "b.xml", "c.xml"))
    generate.write_report(first, 300, seed=1)
    generate.write_report(second, 300, seed=1)
    generate.write_report(other, 300, seed=2)
    assert first.read_bytes() == second.read_bytes() != other.read_bytes()


def test_all_failing_file_uses_every_root_cause(tmp_path: Path) -> None:
    path = tmp_path / "failures.xml"
    counts = generate.write_report(path, 5_000, seed=4, failing=5_000, skipped=0)
    assert counts.failures + counts.errors == 5_000
    assert len(counts.causes) == 50
    assert sum(counts.causes.values()) == 5_000


def test_dataset_is_cached_with_its_manifest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    small = generate.Dataset("tiny", 200, files=4, seed=3)
    monkeypatch.setitem(generate.DATASETS, "tiny", small)
    path, manifest = generate.ensure_dataset("tiny", tmp_path)
    files = sorted(path.glob("*.xml"))
    assert len(files) == 4
    assert sum(len(etree.parse(str(f)).getroot().xpath("//testcase")) for f in files) == 200
    assert manifest["tests"] == 200
    stamp = files[0].stat().st_mtime_ns
    assert generate.ensure_dataset("tiny", tmp_path) == (path, manifest)
    assert files[0].stat().st_mtime_ns == stamp  # reused, not rewritten
