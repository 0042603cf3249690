"""Saved runs as inputs: `summary --json` output, merged shards, archive sidecars."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reportgen.archive.sidecar import Sidecar
from reportgen.config import Config
from reportgen.errors import InputError
from reportgen.ingest import read_reports
from reportgen.ingest.saved import load_run
from reportgen.pipeline import build_report, read_run

ROOT = Path(__file__).resolve().parents[1]
RESULTS = str(ROOT / "samples" / "java-gradle" / "results")


def test_saved_run_and_sidecar_load_as_the_same_run(tmp_path: Path) -> None:
    run = read_reports([RESULTS])
    saved = tmp_path / "run.json"
    saved.write_text(run.dump_json(), encoding="utf-8")
    sidecar = tmp_path / "sidecar.json"
    report = build_report(run, Config())
    sidecar.write_text(Sidecar(run=run, report=report).dump_json(), encoding="utf-8")
    assert load_run(saved) == run
    assert load_run(sidecar) == run


def test_saved_runs_merge_with_reports(tmp_path: Path) -> None:
    files = sorted(Path(RESULTS).glob("*.xml"))
    saved = tmp_path / "first.json"
    saved.write_text(read_reports([str(files[0])]).dump_json(), encoding="utf-8")
    mixed = read_run([str(saved), *map(str, files[1:])], Config())
    assert mixed.counts == read_reports([RESULTS]).counts


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ('{"a": 1}', "not a reportgen run", None),
        ('{"inputs": [], "counts": {"passed": "x"}}', "not a reportgen run: ", None),
        ('{"inputs":\n', "not JSON: ", 2),
    ],
)
def test_bad_saved_run_names_file_and_what_to_give(
    tmp_path: Path, text: str, message: str, line: int | None
) -> None:
    path = tmp_path / "bad.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_run(path)
    assert caught.value.file == str(path)
    assert caught.value.message.startswith(message)
    assert caught.value.line == line
    assert "reportgen summary --json" in caught.value.hint


def test_runs_and_sidecars_newer_than_this_reportgen_are_refused(tmp_path: Path) -> None:
    run = read_reports([RESULTS])
    saved = tmp_path / "run.json"
    saved.write_text(run.model_copy(update={"schema_version": 99}).dump_json(), "utf-8")
    sidecar = tmp_path / "sidecar.json"
    data = Sidecar(run=run, report=build_report(run, Config())).model_dump(mode="json")
    data["schema_version"] = 99
    sidecar.write_text(json.dumps(data), "utf-8")
    for path in (saved, sidecar):
        with pytest.raises(InputError, match="newer than this reportgen") as caught:
            load_run(path)
        assert caught.value.hint == "upgrade reportgen to read it"
