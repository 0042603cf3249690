import json
from pathlib import Path
from typing import Any

import pytest
from run_builders import F, P, archive_run, report_of, run_of

from reportgen.archive import sidecar as sidecar_module
from reportgen.archive.sidecar import Sidecar, load_sidecar, parse_sidecar
from reportgen.errors import InputError

# A version-1 sidecar written out by hand (not through the models), as an old archive holds it.
VERSION_1 = {
    "schema_version": 1,
    "run": {
        "schema_version": 1,
        "inputs": [{"path": "a.xml", "counts": {"passed": 1, "failed": 1}}],
        "cases": [
            {
                "name": "ok",
                "classname": "m",
                "suite": ["s"],
                "outcome": "passed",
                "duration": 0.5,
                "input": 0,
                "source_line": 3,
            },
            {
                "name": "bad",
                "classname": "m",
                "suite": ["s"],
                "outcome": "failed",
                "duration": 1.5,
                "input": 0,
                "source_line": 4,
                "detail": {"problem": {"kind": "failure", "message": "boom"}},
            },
        ],
        "counts": {"passed": 1, "failed": 1},
    },
    "report": {
        "meta": {
            "title": "T",
            "slug": "t",
            "date": "2024-12-31",
            "sequence": 2,
            "generated": "2024-12-31T10:00:00Z",
        },
        "counts": {"passed": 1, "failed": 1},
        "pass_rate": 50.0,
        "pass_rate_formula": "passed / run",
        "categories": [],
        "health": {"value": 50.0, "formula": "mean"},
        "timing": {"total_time": 2.0},
        "overall": "MISSED",
        "headline": "MISSED",
    },
}


def test_version_1_written_by_hand_loads(tmp_path: Path) -> None:
    path = tmp_path / "t-2024-12-31-02.json"
    path.write_text(json.dumps(VERSION_1))
    loaded = load_sidecar(path)
    assert [c.identity for c in loaded.run.failures()] == ["m::bad"]
    assert loaded.run.cases[1].detail is not None
    assert loaded.run.cases[1].detail.problem is not None
    assert loaded.run.cases[1].detail.problem.message == "boom"
    assert loaded.report.meta.sequence == 2


def test_round_trip_keeps_run_and_report() -> None:
    run = run_of({"a": P, "b": F})
    sidecar = Sidecar(run=run, report=report_of(run))
    assert parse_sidecar(sidecar.dump_json()) == sidecar


def test_older_version_goes_through_the_migrations(monkeypatch: pytest.MonkeyPatch) -> None:
    def to_2(data: dict[str, Any]) -> dict[str, Any]:
        data["report"]["headline"] = data["report"]["headline"] + " (migrated)"
        return data

    monkeypatch.setattr(sidecar_module, "SIDECAR_VERSION", 2)
    monkeypatch.setattr(sidecar_module, "MIGRATIONS", {1: to_2})
    loaded = parse_sidecar(json.dumps(VERSION_1))
    assert loaded.schema_version == 2
    assert loaded.report.headline == "MISSED (migrated)"


def test_newer_version_is_refused_with_a_reason() -> None:
    newer = {**VERSION_1, "schema_version": 99}
    with pytest.raises(InputError, match="newer than this reportgen"):
        parse_sidecar(json.dumps(newer), "x.json")


@pytest.mark.parametrize("text", ["", "[1]", '{"schema_version": 1, "run": {}}'])
def test_damaged_sidecar_is_an_input_error(text: str) -> None:
    with pytest.raises(InputError):
        parse_sidecar(text, "x.json")


def test_real_ingested_and_analyzed_run_survives_the_archive(tmp_path: Path) -> None:
    from reportgen.analyze import analyze
    from reportgen.config import Config
    from reportgen.ingest import read_reports

    corpus = Path(__file__).resolve().parents[3] / "shared" / "corpus"
    names = [
        "jenkinsci__junit-plugin/junit-report-1463.xml",
        "jenkinsci__junit-plugin/gh-237/TEST-io.olamy.FlakyTest.xml",
        "EnricoMi__publish-unit-test-result-action/xml/non-xml.xml",
        "EnricoMi__publish-unit-test-result-action/junit-xml/pytest/corrupt-xml.xml",
    ]
    run = read_reports([str(corpus / name) for name in names], jobs=1)
    report = analyze(run, Config())
    done = archive_run(tmp_path, run, slug="corpus", date=report.meta.date, report=report)
    loaded = load_sidecar(done.sidecar)
    assert loaded.run == run
    assert loaded.report.counts == report.counts and loaded.report.groups == report.groups
