"""The real reports the equivalence tests read: the shared corpus (when it is beside the
repository) and the outputs of real tools saved under `tests/realtools/generated/`."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
GENERATED = ROOT / "tests" / "realtools" / "generated"
SUFFIXES = (".xml", ".trx", ".golden")
# the corpus is shared/ beside the checkout, not part of it: tests reading it skip without it
needs_corpus = pytest.mark.skipif(
    not CORPUS.is_dir(), reason=f"the shared corpus is not beside the checkout ({CORPUS})"
)


def real_reports() -> list[Path]:
    corpus = sorted(p for p in CORPUS.rglob("*") if p.is_file() and p.suffix in SUFFIXES)
    return corpus + sorted(GENERATED.glob("*.xml"))


def report_id(path: Path) -> str:
    if path.is_relative_to(CORPUS):
        return str(path.relative_to(CORPUS))
    return f"generated/{path.name}"
