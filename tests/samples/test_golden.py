"""Each sample renders to its reviewed worklog and PR profile (`samples/<name>/expected/`).

A golden file changes only by review: when the output differs, the actual text is saved
beside the golden as `*.actual.md` (git-ignored) so a reviewer can diff the two, and the test
fails. To accept a reviewed change, copy the actual file over the golden one.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from reportgen import pipeline
from reportgen.config import load_config
from reportgen.ingest import read_reports
from reportgen.ingest.shards import merge_runs
from reportgen.render import render_markdown, render_pr
from reportgen.render.view import Icons, Marks

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = sorted(p.parent.name for p in (ROOT / "samples").glob("*/worklog.toml"))
GENERATED = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)
PR_LIMIT = 65_535


@pytest.fixture(autouse=True)
def _from_the_repository_root(monkeypatch: pytest.MonkeyPatch) -> None:
    # input paths appear in the worklog as given on the command line: relative to the root
    monkeypatch.chdir(ROOT)


def _timings(sample: str) -> list[str]:
    return [str(p.relative_to(ROOT)) for p in sorted((ROOT / "samples" / sample).glob("timings.*"))]


def _report(sample: str, sources: list[str] | None = None):  # type: ignore[no-untyped-def]
    config = load_config(f"samples/{sample}/worklog.toml")
    run = pipeline.read_run(sources or [f"samples/{sample}/results"], config, _timings(sample))
    return run, pipeline.build_report(run, config, now=GENERATED)


def _compare(actual: str, golden: Path) -> None:
    expected = golden.read_text(encoding="utf-8") if golden.exists() else None
    if actual != expected:
        golden.with_suffix(".actual.md").write_text(actual, encoding="utf-8")
        pytest.fail(
            f"{golden.relative_to(ROOT)} differs from the rendered output; review "
            f"`diff {golden} {golden.with_suffix('.actual.md')}`"
        )


def test_every_sample_has_reviewed_output() -> None:
    assert SAMPLES == ["e2e-staging", "java-gradle", "js-monorepo", "outage", "pytest-project"]
    for sample in SAMPLES:
        assert (ROOT / "samples" / sample / "expected" / "worklog.md").is_file()


@pytest.mark.parametrize("sample", SAMPLES)
def test_worklog_matches_golden(sample: str) -> None:
    _, report = _report(sample)
    _compare(render_markdown(report), ROOT / "samples" / sample / "expected" / "worklog.md")


@pytest.mark.parametrize("sample", SAMPLES)
def test_pr_profile_matches_golden_and_fits(sample: str) -> None:
    _, report = _report(sample)
    text = render_pr(report, limit=PR_LIMIT)
    assert len(text.encode("utf-8")) <= PR_LIMIT
    _compare(text, ROOT / "samples" / sample / "expected" / "pr.md")


@pytest.mark.parametrize("sample", SAMPLES)
def test_ascii_worklog_has_no_markers_or_icons(sample: str) -> None:
    _, report = _report(sample)
    emoji = {
        *Marks.make(ascii=False).model_dump().values(),
        *Icons.make(ascii=False).model_dump().values(),
    }
    text = render_markdown(report, ascii=True)
    assert [e for e in emoji if e.strip() and e.strip() in text] == []
    assert "[PASS]" in text and "[FAIL]" in text
    # what is not ASCII comes from the test results themselves
    own = text.replace(report.meta.title, "")
    strange = {ch for ch in own if ord(ch) > 127}
    from_tests = "".join(c.name + c.classname for c in _report(sample)[0].cases)
    assert strange <= set(from_tests) | set("".join(str(g) for g in report.groups))


@pytest.mark.parametrize("sample", SAMPLES)
def test_shards_merge_into_the_same_worklog(sample: str) -> None:
    """One shard per report file, merged, renders exactly what all the XML at once renders."""
    files = sorted(
        str(p.relative_to(ROOT)) for p in (ROOT / "samples" / sample / "results").rglob("*.xml")
    )
    config = load_config(f"samples/{sample}/worklog.toml")
    shards = [read_reports([f]) for f in files]
    merged = merge_runs(shards)
    for path in _timings(sample):
        merged.timings.extend(pipeline.read_run([], config, [path]).timings)
    whole = pipeline.read_run(files, config, _timings(sample))
    assert merged.counts == whole.counts
    assert len(merged.cases) == len(whole.cases)
    at_once = render_markdown(pipeline.build_report(whole, config, now=GENERATED))
    from_shards = render_markdown(pipeline.build_report(merged, config, now=GENERATED))
    assert from_shards == at_once


def test_shard_summaries_through_the_cli(tmp_path: Path) -> None:
    """`summary --json` per shard, `merge`, then `render` of the merged run."""
    from tests.cli.test_exit_codes import run_cli

    files = sorted((ROOT / "samples" / "e2e-staging" / "results").glob("*.xml"))
    shards = []
    for n, chunk in enumerate((files[:3], files[3:])):
        out = tmp_path / f"shard-{n}.json"
        assert run_cli("summary", *chunk, "--json", out).returncode == 0
        shards.append(out)
    merged = tmp_path / "all.json"
    assert run_cli("merge", *shards, "--json", merged).returncode == 0
    config = ROOT / "samples" / "e2e-staging" / "worklog.toml"
    rendered = []
    for n, source in enumerate(([merged], files)):
        result = run_cli(
            "render",
            *source,
            "--config",
            config,
            "--out",
            tmp_path / f"out-{n}",
            "--no-step-summary",
            cwd=ROOT,
        )
        assert result.returncode == 0, result.stderr
        text = Path(result.stdout.splitlines()[0]).read_text(encoding="utf-8")
        rendered.append(text.rsplit("*Generated by reportgen", 1)[0])
    assert rendered[0] == rendered[1]
