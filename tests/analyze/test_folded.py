"""A run read with its passes folded into groups (`Fold`) gives the same worklog as one read
with every case kept: the samples' goldens, and every corpus report under three configs."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from report_files import real_reports, report_id

from reportgen import pipeline
from reportgen.analyze import needs_single_passes
from reportgen.analyze.unmatched import MAX_EXAMPLES, Claims
from reportgen.config import Config, load_config
from reportgen.ingest import Fold, read_reports
from reportgen.ingest.shards import merge_runs
from reportgen.model import Outcome, Run
from reportgen.render import render_markdown, render_pr

ROOT = Path(__file__).resolve().parents[2]
# the outputs of the tools kept under generated/more/ (JUnit, TRX, xUnit.net) too
MORE = ROOT / "tests" / "realtools" / "generated" / "more"
REPORTS = real_reports() + sorted(p for p in MORE.glob("*") if p.suffix in (".xml", ".trx"))
SAMPLES = sorted(p.parent.name for p in (ROOT / "samples").glob("*/worklog.toml"))
NOW = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)


def _texts(run: Run, config: Config) -> tuple[str, str]:
    report = pipeline.build_report(run, config, now=NOW)
    return render_markdown(report), render_pr(report, limit=65_535)


def _by_classname(run: Run) -> Config:
    """Categories on classnames and files, as most configs write them, with a catch-all."""
    names = list(dict.fromkeys(c.classname for c in run.cases if c.classname))
    files = list(dict.fromkeys(c.file for c in run.cases if c.file))
    categories: list[dict[str, Any]] = []
    if names:
        categories.append({"name": "First class", "match": [{"classname": names[0]}]})
    if len(names) > 1:
        prefix = names[len(names) // 2][:3]
        categories.append({"name": "Some prefix", "match": [{"classname": prefix + "*"}]})
    if files:
        categories.append({"name": "A file", "match": [{"file": files[-1]}]})
    categories.append({"name": "The rest", "match": [{"classname": "*"}]})
    return Config.model_validate(
        {
            "categories": categories,
            "criteria": [{"name": "Overall", "scope": "overall", "target": ">90%"}],
            "slowest": 3,
        }
    )


def test_samples_folded_render_their_goldens(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # input paths appear in the worklog as given
    folded_any = False
    for sample in SAMPLES:
        config = load_config(f"samples/{sample}/worklog.toml")
        if needs_single_passes(config):
            continue
        timings = [str(p.relative_to(ROOT)) for p in (ROOT / "samples" / sample).glob("timings.*")]
        run = pipeline.read_run(
            [f"samples/{sample}/results"], config, sorted(timings), fold=Fold(config.slowest)
        )
        assert run.folded is not None, sample
        worklog, pr = _texts(run, config)
        expected = ROOT / "samples" / sample / "expected"
        assert worklog == (expected / "worklog.md").read_text(encoding="utf-8"), sample
        assert pr == (expected / "pr.md").read_text(encoding="utf-8"), sample
        folded_any = True
    # the small samples keep every pass as one of their slowest; the corpus test folds them
    assert folded_any, "no sample can be folded: this test would check nothing"


@pytest.mark.parametrize("path", REPORTS, ids=report_id)
def test_real_reports_folded_render_the_same(path: Path) -> None:
    kept = read_reports([str(path)], jobs=1)
    for config in (Config(), Config(slowest=1), _by_classname(kept)):
        folded = read_reports([str(path)], jobs=1, fold=Fold(config.slowest))
        assert folded.counts == kept.counts
        assert folded.inputs == kept.inputs
        groups = folded.folded or []
        assert len(folded.cases) + sum(g.passed + g.skipped for g in groups) == len(kept.cases)
        if config.slowest == 1 and kept.counts.passed >= 100 and kept.inputs[0].format == "junit":
            assert sum(g.passed + g.skipped for g in groups) > kept.counts.passed // 2
        report = pipeline.build_report(folded, config, now=NOW)
        if report.match_warnings:
            # the pipeline reads such a run again with every case kept (their examples name
            # tests); the warnings themselves are the same
            whole = pipeline.build_report(kept, config, now=NOW)
            assert [w.name for w in report.match_warnings] == [w.name for w in whole.match_warnings]
            continue
        assert _texts(folded, config) == _texts(kept, config), config


def _big_report(path: Path, passes: int) -> Path:
    lines = ['<testsuite name="big">']
    for i in range(passes):
        cls = f"pkg.mod{i % 7}"
        lines.append(f'<testcase classname="{cls}" name="t{i}" time="{(i * 37) % 101 / 1000}"/>')
        if i % 10 == 0:
            lines.append(
                f'<testcase classname="{cls}" name="out{i}" time="0.5"><system-out>x</system-out>'
                "</testcase>"
            )
        if i % 13 == 0:
            lines.append(
                f'<testcase classname="{cls}" name="skip{i}"><skipped message="m"/></testcase>'
            )
    lines.append('<testcase classname="pkg.mod0" name="bad" time="1"><failure>no</failure>')
    lines.append("</testcase></testsuite>")
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def test_folding_keeps_only_failures_and_possible_slowest(tmp_path: Path) -> None:
    report = _big_report(tmp_path / "big.xml", 5_000)
    kept = read_reports([str(report)], jobs=1)
    folded = read_reports([str(report)], jobs=1, fold=Fold(slowest=5))
    assert folded.counts == kept.counts
    assert not folded.cases_complete and folded.folded is not None
    passing = [c for c in folded.cases if c.outcome is Outcome.PASSED]
    # five first, then only a pass longer than the fifth longest so far
    assert 5 <= len(passing) <= 60
    assert [c.name for c in folded.cases if c.outcome is Outcome.FAILED] == ["bad"]
    assert {g.classname for g in folded.folded} == {f"pkg.mod{i}" for i in range(7)}
    assert sum(g.passed for g in folded.folded) + len(passing) == kept.counts.passed
    assert sum(g.skipped for g in folded.folded) == kept.counts.skipped > 0
    assert not [c for c in folded.cases if c.outcome is Outcome.SKIPPED]


def test_merging_keeps_groups_only_where_they_stand_for_every_test(tmp_path: Path) -> None:
    report = str(_big_report(tmp_path / "big.xml", 50))
    folded = read_reports([report], jobs=1, fold=Fold(slowest=2))
    complete = read_reports([report], jobs=1)
    lean = read_reports([report], jobs=1, keep_passing=False)
    merged = merge_runs([complete, folded])
    assert merged.folded is not None and not merged.cases_complete
    assert {g.input for g in merged.folded} == {1}  # the second shard's input, shifted
    assert (
        len(merged.cases) + sum(g.passed + g.skipped for g in merged.folded) == merged.counts.total
    )
    assert merge_runs([lean, folded]).folded is None  # the lean shard's passes are nowhere


@pytest.mark.parametrize(
    ("change", "folds"),
    [
        ({}, True),
        ({"archive": Path("archive")}, False),
        ({"baseline": "base.json"}, False),
        ({"json_path": Path("run.json")}, False),
        ({"ctrf_path": Path("ctrf.json")}, False),
        ({"sources": ["-"]}, False),
    ],
)
def test_render_folds_only_when_nothing_asked_for_needs_every_case(
    change: dict[str, Any], folds: bool
) -> None:
    request = pipeline.RenderRequest(sources=["r.xml"])
    for key, value in change.items():
        setattr(request, key, value)
    assert (pipeline.fold_for(request, Config()) is not None) is folds


@pytest.mark.parametrize(
    "settings",
    [
        {"categories": [{"name": "n", "match": [{"name": "test_*"}]}]},
        {"categories": [{"name": "p", "match": [{"property": "team=core"}]}]},
        {"categories": [{"name": "r", "match": [{"classname": "*"}], "real_services": True}]},
        {"worklog": {"real_services": True}},
        {"criteria": [{"name": "c", "scope": "overall", "target": ">1%", "tests": "a*"}]},
    ],
)
def test_configs_that_look_at_single_passes_are_not_folded(settings: dict[str, Any]) -> None:
    config = Config.model_validate(settings)
    assert needs_single_passes(config)
    assert pipeline.fold_for(pipeline.RenderRequest(sources=["r.xml"]), config) is None


def test_a_misfit_config_renders_what_a_whole_read_renders(tmp_path: Path) -> None:
    """Match warnings name single tests: the folded read is replaced by a whole one."""
    report = _big_report(tmp_path / "big.xml", 200)
    config = tmp_path / "worklog.toml"
    config.write_text(
        '[worklog]\ntitle = "T"\n[[categories]]\nname = "None"\nmatch = [{ classname = "x*" }]\n',
        encoding="utf-8",
    )
    texts = []
    for extra in ({}, {"json_path": tmp_path / "run.json"}):
        out = tmp_path / f"out{len(texts)}"
        request = pipeline.RenderRequest(sources=[str(report)], config=config, out=out)
        for key, value in extra.items():
            setattr(request, key, value)
        request.options.step_summary = False
        done = pipeline.render_worklog(request)
        assert done.warnings
        text = done.written[0].read_text(encoding="utf-8")
        texts.append("\n".join(line for line in text.splitlines() if "Generated" not in line))
    assert "e.g. 'pkg.mod0::t0'" in texts[0]
    assert texts[0] == texts[1]


def _misfit(run: Run) -> Config:
    """A config that draws every kind of match warning: a category that a first-matching one
    above it takes all of, one that matches nothing (on classnames and on files), tests no
    category claims, and a criterion on an empty category."""
    names = list(dict.fromkeys(c.classname for c in run.cases if c.classname))
    first = names[0] if names else "none"
    return Config.model_validate(
        {
            "categories": [
                {"name": "First", "match": [{"classname": first}]},
                {"name": "Shadowed", "match": [{"classname": first}, {"file": "*"}]},
                {"name": "Nothing", "match": [{"classname": "zz.nothing.*"}]},
                {"name": "No file", "match": [{"file": "nowhere/*.py"}]},
            ],
            "criteria": [{"name": "Empty", "scope": ["Nothing"], "target": ">90%"}],
            "slowest": 2,
        }
    )


@pytest.mark.parametrize("path", REPORTS, ids=report_id)
def test_match_warnings_of_a_folded_read_are_those_of_a_whole_one(path: Path) -> None:
    kept = read_reports([str(path)], jobs=1)
    config = _misfit(kept)
    folded = read_reports(
        [str(path)], jobs=1, fold=Fold(config.slowest, Claims(config), MAX_EXAMPLES)
    )
    report = pipeline.build_report(folded, config, now=NOW)
    whole = pipeline.build_report(kept, config, now=NOW)
    if kept.counts.total:
        assert report.match_warnings
    assert [w.message for w in report.match_warnings] == [w.message for w in whole.match_warnings]
    assert _texts(folded, config) == _texts(kept, config)


def test_a_misfit_config_is_rendered_from_one_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The warnings' examples come from the folded read itself: the reports are read once, and
    the worklog is the one a read keeping every case gives."""
    report = _big_report(tmp_path / "big.xml", 300)
    kept = read_reports([str(report)], jobs=1)
    config = tmp_path / "worklog.toml"
    config.write_text(
        '[worklog]\ntitle = "T"\n'
        '[[categories]]\nname = "Mod 1"\nmatch = [{ classname = "pkg.mod1" }]\n'
        '[[categories]]\nname = "Also 1"\nmatch = [{ classname = "pkg.mod1" }]\n'
        '[[categories]]\nname = "None"\nmatch = [{ classname = "x*" }]\n',
        encoding="utf-8",
    )
    reads: list[Fold | None] = []
    read_run = pipeline.read_run

    def counted(*args: Any, **kwargs: Any) -> Run:
        reads.append(kwargs.get("fold"))
        return read_run(*args, **kwargs)

    monkeypatch.setattr(pipeline, "read_run", counted)
    request = pipeline.RenderRequest(sources=[str(report)], config=config, out=tmp_path / "out")
    request.options.step_summary = False
    done = pipeline.render_worklog(request)
    assert len(reads) == 1 and reads[0] is not None
    assert len(done.warnings) == 3
    assert "joined 'Mod 1' first" in done.warnings[0]
    assert "e.g. 'pkg.mod0::t0', 'pkg.mod0::out0' and " in done.warnings[2]
    settings = load_config(config)
    whole = pipeline.build_report(kept, settings, now=NOW)
    assert done.warnings == [w.message for w in whole.match_warnings]
    text = done.written[0].read_text(encoding="utf-8")
    assert text.count("pkg.mod0::") == render_markdown(whole).count("pkg.mod0::")
