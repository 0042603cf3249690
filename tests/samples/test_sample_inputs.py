"""The samples' inputs hold exactly the counts their READMEs promise.

Each sample README has a `## Counts` section with two tables: one row per input file, and one
row per configured category. The counts here are taken from the XML with lxml, independently
of reportgen's own reader, so a wrong count in a sample (or in its README) fails before any
golden worklog is reviewed against it.
"""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from lxml import etree

from reportgen.config import Category, Config, load_config
from reportgen.model import Counts, Outcome, Run

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
SAMPLE_DIRS = sorted(p.parent for p in SAMPLES.glob("*/worklog.toml"))
COLUMNS = ("tests", "passed", "failed", "errors", "skipped", "flaky")


@dataclass(frozen=True)
class Case:
    input: str  # path as the render command names it: samples/<name>/results/<file>
    classname: str
    name: str
    file: str | None
    suite: str
    outcome: Outcome


def _outcome(testcase: etree._Element) -> Outcome:
    """Final outcome: the final result element wins; flaky elements alone mean passed on rerun."""
    tags = {child.tag for child in testcase if isinstance(child.tag, str)}
    if "failure" in tags:
        return Outcome.FAILED
    if "error" in tags:
        return Outcome.ERROR
    if "skipped" in tags:
        return Outcome.SKIPPED
    if tags & {"flakyFailure", "flakyError"}:
        return Outcome.FLAKY
    return Outcome.PASSED


def _fold_reruns(root: etree._Element, cases: list[Case]) -> list[Case]:
    """pytest writes each rerun as another <testcase> of the same test, the failed attempts with
    no result element (pytest-rerunfailures): one test, its last record's outcome, FLAKY when
    that passed after an earlier attempt. pytest's node ids are unique, so a repeat is a rerun."""
    if root.get("name") != "pytest tests":
        return cases
    kept: dict[tuple[str, str, str], Case] = {}
    for case in cases:
        key = (case.suite, case.classname, case.name)
        if key in kept and case.outcome is Outcome.PASSED:
            case = replace(case, outcome=Outcome.FLAKY)
        kept[key] = case
    return list(kept.values())


def _read_cases(sample: Path) -> dict[str, list[Case]]:
    by_file: dict[str, list[Case]] = {}
    for path in sorted((sample / "results").glob("*.xml")):
        root = etree.parse(str(path)).getroot()
        shown = f"samples/{sample.name}/results/{path.name}"
        cases = []
        for testcase in root.iter("testcase"):
            suite = testcase.getparent()
            cases.append(
                Case(
                    input=shown,
                    classname=testcase.get("classname", ""),
                    name=testcase.get("name", ""),
                    file=testcase.get("file"),
                    suite=suite.get("name", "") if suite is not None else "",
                    outcome=_outcome(testcase),
                )
            )
        by_file[path.name] = _fold_reruns(root, cases)
    return by_file


def _tally(cases: list[Case]) -> dict[str, int]:
    counts = Counts.of({o: sum(1 for c in cases if c.outcome is o) for o in Outcome})
    return {
        "tests": counts.total,
        "passed": counts.passed,
        "failed": counts.failed,
        "errors": counts.errors,
        "skipped": counts.skipped,
        "flaky": counts.flaky,
    }


def _readme_table(sample: Path, first_column: str) -> dict[str, dict[str, int]]:
    """Rows of the `## Counts` table whose header starts with `first_column`."""
    text = (sample / "README.md").read_text(encoding="utf-8")
    section = text.split("## Counts", 1)[1].split("\n## ", 1)[0]
    rows: dict[str, dict[str, int]] = {}
    in_table = False
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if not line.startswith("|"):
            in_table = False
        elif cells[0] == first_column:
            assert tuple(cells[1:]) == COLUMNS, f"{sample.name}: table columns {cells}"
            in_table = True
        elif in_table and not set(cells[0]) <= set("-: "):
            key = cells[0].strip("`*")
            rows[key] = dict(zip(COLUMNS, (int(c.strip("*")) for c in cells[1:]), strict=True))
    assert rows, f"{sample.name}: README has no '{first_column}' counts table"
    return rows


def _matches(category: Category, case: Case) -> bool:
    fields = {
        "input": case.input,
        "classname": case.classname,
        "name": case.name,
        "file": case.file,
        "suite": case.suite,
    }
    for rule in category.match:
        wanted = rule.model_dump(exclude_none=True)
        assert "property" not in wanted, "samples match on plain fields only"
        if all(
            fields[key] is not None and fnmatch.fnmatchcase(fields[key], glob)
            for key, glob in wanted.items()
        ):
            return True
    return False


def _categorize(config: Config, cases: list[Case]) -> dict[str, list[Case]]:
    grouped: dict[str, list[Case]] = {c.name: [] for c in config.categories}
    for case in cases:
        first = next((c for c in config.categories if _matches(c, case)), None)
        assert first is not None, f"no category matches {case.classname}::{case.name}"
        grouped[first.name].append(case)
    return grouped


@pytest.fixture(params=SAMPLE_DIRS, ids=[p.name for p in SAMPLE_DIRS])
def sample(request: pytest.FixtureRequest) -> Path:
    path: Path = request.param
    return path


def test_every_sample_is_complete(sample: Path) -> None:
    assert (sample / "README.md").is_file()
    assert list((sample / "results").glob("*.xml"))
    assert list(sample.glob("timings.*")), "the render command passes --timings"


def test_config_loads(sample: Path) -> None:
    config = load_config(sample / "worklog.toml")
    assert config.categories
    assert config.criteria


def test_file_counts_match_readme(sample: Path) -> None:
    expected = _readme_table(sample, "file")
    by_file = _read_cases(sample)
    total = expected.pop("total")
    assert {name: _tally(cases) for name, cases in by_file.items()} == expected
    assert _tally([c for cases in by_file.values() for c in cases]) == total


def test_category_counts_match_readme(sample: Path) -> None:
    expected = _readme_table(sample, "category")
    config = load_config(sample / "worklog.toml")
    cases = [c for cases in _read_cases(sample).values() for c in cases]
    grouped = _categorize(config, cases)
    assert {name: _tally(members) for name, members in grouped.items()} == expected


def test_declared_counts_agree_with_cases(sample: Path) -> None:
    """Each suite's own tests/failures/errors/skipped attributes say what its cases say."""
    for path in sorted((sample / "results").glob("*.xml")):
        root = etree.parse(str(path)).getroot()
        for suite in root.iter("testsuite"):
            cases = [
                Case("", t.get("classname", ""), t.get("name", ""), None, "", _outcome(t))
                for t in suite.iterchildren("testcase")
            ]
            cases = _fold_reruns(root, cases)
            tally = _tally(cases)
            declared = {
                "tests": tally["tests"],
                "failures": tally["failed"],
                "errors": tally["errors"],
                "skipped": tally["skipped"],
            }
            for attribute, value in declared.items():
                if suite.get(attribute) is not None:
                    assert int(suite.get(attribute, "")) == value, f"{path.name}: {attribute}"


def test_reportgen_reads_the_same_counts(sample: Path) -> None:
    expected = _readme_table(sample, "file")
    total = expected.pop("total")
    run = _read_run(sample)
    assert not run.rejected
    by_name = {Path(i.path).name: i.counts for i in run.inputs}
    for name, row in expected.items():
        counts = by_name[name]
        assert (counts.total, counts.passed, counts.failed) == (
            row["tests"],
            row["passed"],
            row["failed"],
        ), name
        assert (counts.errors, counts.skipped, counts.flaky) == (
            row["errors"],
            row["skipped"],
            row["flaky"],
        ), name
    assert run.counts.total == total["tests"]
    assert run.counts.get(Outcome.FLAKY) == total["flaky"]


def _read_run(sample: Path) -> Run:
    ingest = pytest.importorskip("reportgen.ingest")
    read_reports = getattr(ingest, "read_reports", None)
    if read_reports is None:
        pytest.skip("reportgen.ingest.read_reports is not written yet")
    # As the render command names them: the sample's results directory.
    run: Run = read_reports([str(sample / "results")], jobs=1)
    return run


def test_analyzed_categories_match_readme(sample: Path) -> None:
    """What the worklog's matrix will show: the README's category rows, nothing unmatched."""
    from reportgen.analyze import analyze
    from reportgen.ingest.timings import read_timings

    run = _read_run(sample)
    run.timings = read_timings(next(sample.glob("timings.*")))
    report = analyze(run, load_config(sample / "worklog.toml"))
    rows = {
        row.name: {
            "tests": row.counts.total,
            "passed": row.counts.passed,
            "failed": row.counts.failed,
            "errors": row.counts.errors,
            "skipped": row.counts.skipped,
            "flaky": row.counts.flaky,
        }
        for row in report.categories
    }
    assert rows == _readme_table(sample, "category")
    assert {m.name for m in report.metrics} == {t.name for t in run.timings}


def _failure_messages(sample: str, needle: str) -> list[tuple[str | None, str | None]]:
    found = []
    for path in sorted((SAMPLES / sample / "results").glob("*.xml")):
        for failure in etree.parse(str(path)).getroot().iter("failure"):
            if needle in (failure.get("message") or ""):
                found.append((failure.get("type"), failure.get("message")))
    return found


@pytest.mark.parametrize(
    ("sample", "needle", "count"),
    [
        ("e2e-staging", "no subprotocols supported", 11),
        ("java-gradle", "refused. Check that the hostname", 3),
    ],
)
def test_shared_root_cause_has_one_signature(sample: str, needle: str, count: int) -> None:
    """Failures that differ only in ids, ports, addresses and times group together."""
    signatures = pytest.importorskip("reportgen.analyze.signatures")
    messages = _failure_messages(sample, needle)
    assert len(messages) == count
    assert len(set(messages)) == count, "the texts really differ"
    assert len({signatures.signature(t, m) for t, m in messages}) == 1


_VERSION = re.compile(r"\d+\.\d+")


def test_js_sample_records_its_tools() -> None:
    readme = SAMPLES / "js-monorepo" / "README.md"
    text = readme.read_text(encoding="utf-8")
    for tool in ("jest", "jest-junit", "vitest", "node"):
        line = next((ln for ln in text.splitlines() if f"| {tool} |" in ln), "")
        assert _VERSION.search(line), f"README names no {tool} version"
