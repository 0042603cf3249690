"""run_json writes, in pieces, exactly the text Run.dump_json would."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from reportgen.config import Config
from reportgen.files import write_atomically
from reportgen.model import Run
from reportgen.pipeline import read_run
from reportgen.render import run_json as module
from reportgen.render.run_json import run_json

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = sorted(str(p) for p in (ROOT / "samples").rglob("results/**/*.xml"))


@pytest.mark.parametrize("indent", [1, 2])
def test_the_same_bytes_as_one_dump(indent: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(module, "BATCH", 7)  # many batches, and a short last one
    run = read_run(SAMPLES, Config())
    assert len(run.cases) > 20
    assert b"".join(run_json(run, indent)) == run.dump_json(indent=indent).encode()


def test_an_empty_run() -> None:
    assert b"".join(run_json(Run())) == Run().dump_json(indent=1).encode()


def test_pieces_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(module, "BATCH", 3)
    run = read_run(SAMPLES, Config())
    pieces = list(run_json(run))
    assert max(len(p) for p in pieces) < len(b"".join(pieces)) // 4


def test_a_failing_piece_leaves_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "run.json"
    target.write_text("old")

    def broken() -> Iterator[bytes]:
        yield b"{"
        raise RuntimeError("broken")

    with pytest.raises(RuntimeError):
        write_atomically(target, broken())
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["run.json"]
