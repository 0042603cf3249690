"""The wheel and sdist install under a name of their own (the PyPI name `reportgen` belongs to
another project), keep the `reportgen` import package and command, and pass `twine check`."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DISTRIBUTION = "reportgen-worklog"
FILE_PREFIX = DISTRIBUTION.replace("-", "_")


@pytest.fixture(scope="module")
def dists(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    for module in ("build", "twine"):
        if importlib.util.find_spec(module) is None:
            pytest.skip(f"{module} is not installed (pip install build twine)")
    out = tmp_path_factory.mktemp("dist")
    built = subprocess.run(
        [sys.executable, "-m", "build", "--outdir", str(out), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if built.returncode != 0:
        pytest.skip(f"no dists could be built here (the backend may be unreachable): "
                    f"{built.stderr.strip()[-300:]}")  # fmt: skip
    return sorted(out.iterdir())


def test_both_dists_carry_the_distribution_name(dists: list[Path]) -> None:
    names = [p.name for p in dists]
    assert any(n.startswith(f"{FILE_PREFIX}-") and n.endswith(".whl") for n in names), names
    assert any(n.startswith(f"{FILE_PREFIX}-") and n.endswith(".tar.gz") for n in names), names


def test_wheel_keeps_the_import_package_and_the_command(dists: list[Path]) -> None:
    (wheel,) = [p for p in dists if p.suffix == ".whl"]
    with zipfile.ZipFile(wheel) as archive:
        files = archive.namelist()
        (metadata,) = [n for n in files if n.endswith(".dist-info/METADATA")]
        (entry_points,) = [n for n in files if n.endswith(".dist-info/entry_points.txt")]
        headers = archive.read(metadata).decode()
        commands = archive.read(entry_points).decode()
    assert f"Name: {DISTRIBUTION}\n" in headers
    assert "reportgen/cli.py" in files and "reportgen/templates/badge.svg.j2" in files
    assert "reportgen = reportgen.cli:main" in commands


def test_sdist_holds_the_action_script(dists: list[Path]) -> None:
    (sdist,) = [p for p in dists if p.name.endswith(".tar.gz")]
    with tarfile.open(sdist) as archive:
        names = archive.getnames()
    assert any(n.endswith("reportgen/deliver/action.py") for n in names)


def test_twine_check_passes(dists: list[Path]) -> None:
    checked = subprocess.run(
        [sys.executable, "-m", "twine", "check", "--strict", *map(str, dists)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
